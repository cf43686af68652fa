// Every secret the tests plant, in one place, for the leak scan over the whole suite (issue 12): the scan fails when
// one of these appears in anything a server said (tool text, structuredContent, stderr, an audit log, the command
// line's output). Adding a test that plants a secret? Add it here (FIXED_SECRETS), or call plantSecret() with it;
// secrets the emulator hands out (tokens, keys, passwords) are found in its state by emulatorSecrets().
import type { EmulatedAzure } from '../../src/emulator/index.js';
import { SEED } from '../../src/emulator/index.js';

export interface PlantedSecret {
  /** What it is, for the report: the value itself is never printed. */
  label: string;
  value: string;
}

/** Secrets written into the tests by hand. */
export const FIXED_SECRETS: readonly PlantedSecret[] = [
  { label: 'the seeded service principal client secret', value: SEED.servicePrincipal.clientSecret },
  { label: 'the managed identity header (IDENTITY_HEADER)', value: SEED.managedIdentity.identityHeader },
  { label: 'the wrong client secret of the credential tests', value: 'definitely-the-wrong-secret' },
  { label: 'a secret pasted into AZURE_CLIENT_ID (input tests)', value: 'Xq8Q~notAnApplicationId.butASecret_0123456789' },
  { label: 'a secret-looking configuration value (config tests)', value: 'Xq8Q~looks.like.a.client.secret' },
  { label: 'the password given to the audited test tool', value: 'hunter2-very-secret' },
];

const planted: PlantedSecret[] = [];

/** A secret made at run time (a certificate's private key, say), for the leak scan of this test process. */
export function plantSecret(label: string, value: string): void {
  planted.push({ label, value });
}

export function plantedAtRunTime(): readonly PlantedSecret[] {
  return planted;
}

/**
 * What an emulator handed out that must never be shown unasked: access tokens it issued, service principals'
 * secrets, storage account keys, App Configuration access keys, container registry passwords and tokens.
 */
export function emulatorSecrets(azure: EmulatedAzure): PlantedSecret[] {
  const secrets: PlantedSecret[] = [];
  for (const token of azure.issuedTokens) secrets.push({ label: 'an access token the emulator issued', value: token });
  for (const principal of azure.state.principals.values())
    if (principal.type === 'ServicePrincipal')
      secrets.push({ label: `the client secret of ${principal.displayName}`, value: principal.clientSecret });
  secrets.push({ label: 'the App Service identity header', value: azure.state.appServiceIdentityHeader });
  for (const resource of azure.state.resources.allResources())
    for (const key of resource.runtime.keys ?? []) secrets.push({ label: `storage account key ${key.keyName}`, value: key.value });
  for (const store of azure.state.appConfig.stores.values())
    for (const key of store.keys) secrets.push({ label: `App Configuration access key (${key.name})`, value: key.value });
  for (const registry of azure.state.registries.registries.values())
    for (const password of registry.passwords) secrets.push({ label: `container registry ${password.name}`, value: password.value });
  for (const token of azure.state.registries.tokens.keys()) secrets.push({ label: 'a container registry token', value: token });
  return secrets;
}
