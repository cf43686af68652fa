import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import {
  EmulatedAzure,
  SEED,
  seedDemoEstate,
  startEmulatorServer,
  type EmulatorOptions,
  type RunningEmulator,
} from '../../src/emulator/index.js';
import { makeTestCertificate } from './certs.js';
import { installAzStandin } from './az-standin.js';
import { assertLoopbackUrl } from './loopback-guard.js';
import { nodeOnlyBinDir, transcript } from './server-process.js';
import { recordEmulator } from './leak-record.js';
import { plantSecret } from './planted-secrets.js';

export type CredentialSetup = 'service-principal' | 'azure-cli' | 'managed-identity' | 'none';

export interface AzureFixture {
  azure: EmulatedAzure;
  emulator: RunningEmulator;
  az: ReturnType<typeof installAzStandin>;
  /** Environment for a server process that authenticates the given way against this emulator. */
  env(setup: CredentialSetup, extra?: Record<string, string>): Record<string, string>;
  /** Fails when any tool result or stderr line so far holds the client secret or an issued token. */
  assertNoLeaks(): void;
  close(): Promise<void>;
}

/** The emulated Azure over HTTPS on loopback, with a stand-in `az`, for end-to-end tests. */
export async function startAzureFixture(options: EmulatorOptions & { demo?: boolean } = {}): Promise<AzureFixture> {
  const { demo, ...emulatorOptions } = options;
  const azure = new EmulatedAzure(emulatorOptions);
  // The sandbox's demo estate: resource groups, VMs, storage, RBAC, … (names in src/emulator/demo/names.ts).
  if (demo) seedDemoEstate(azure);
  recordEmulator(azure);
  const cert = makeTestCertificate();
  // A line from the middle of the emulator's TLS private key: no server may ever print it.
  plantSecret("the emulator's TLS private key", cert.key.split('\n').filter((line) => !line.startsWith('-----'))[1] ?? cert.key);
  const emulator = await startEmulatorServer(azure, cert);
  assertLoopbackUrl(emulator.httpsUrl, 'emulator');
  assertLoopbackUrl(emulator.httpUrl, 'emulator (managed identity)');
  const az = installAzStandin();
  const nodeBin = nodeOnlyBinDir();

  return {
    azure,
    emulator,
    az,
    env(setup, extra = {}) {
      const env: Record<string, string> = {
        NODE_EXTRA_CA_CERTS: cert.certPath,
        AZURE_AUTHORITY_HOST: emulator.httpsUrl,
        AZURE_RESOURCE_MANAGER_ENDPOINT: emulator.httpsUrl,
        AZURE_GRAPH_ENDPOINT: emulator.httpsUrl,
        AZ_STANDIN_EMULATOR_URL: emulator.httpsUrl,
        AZ_STANDIN_LOG: az.logPath,
        LOG_LEVEL: 'DEBUG',
        API_RETRY_DELAY: '0.05',
        // Tests make many calls in a row; the rate-limit tests turn it back on.
        RATE_LIMIT_ENABLED: 'false',
        PATH: nodeBin,
      };
      if (setup === 'service-principal') {
        Object.assign(env, {
          AZURE_TENANT_ID: SEED.tenantId,
          AZURE_CLIENT_ID: SEED.servicePrincipal.clientId,
          AZURE_CLIENT_SECRET: SEED.servicePrincipal.clientSecret,
          // az is present and signed in, so a silent fallback would be visible.
          PATH: `${az.binDir}:${nodeBin}`,
        });
      } else if (setup === 'azure-cli') {
        env.PATH = `${az.binDir}:${nodeBin}`;
      } else if (setup === 'managed-identity') {
        env.IDENTITY_ENDPOINT = `${emulator.httpUrl}/msi/token`;
        env.IDENTITY_HEADER = SEED.managedIdentity.identityHeader;
      }
      return { ...env, ...extra };
    },
    assertNoLeaks() {
      const everything = transcript.join('\n');
      assert.ok(!everything.includes(SEED.servicePrincipal.clientSecret), 'the client secret appeared in a tool result or log line');
      for (const token of azure.issuedTokens) {
        assert.ok(!everything.includes(token), 'a full access token appeared in a tool result or log line');
      }
    },
    close: () => emulator.close(),
  };
}

/**
 * One fixture for a whole test file: started before its tests, leak-checked and closed after them. `env` is a
 * service-principal server environment in the first seeded subscription.
 */
export function fixtureForFile(options: EmulatorOptions & { demo?: boolean } = {}): {
  readonly azure: EmulatedAzure;
  env(extra?: Record<string, string>): Record<string, string>;
} {
  let fixture: AzureFixture | undefined;
  before(async () => {
    fixture = await startAzureFixture(options);
  });
  after(async () => {
    fixture!.assertNoLeaks();
    await fixture!.close();
  });
  return {
    get azure() {
      return fixture!.azure;
    },
    env: (extra = {}) => fixture!.env('service-principal', { AZURE_SUBSCRIPTION_ID: SEED.subscriptions[0]!.id, ...extra }),
  };
}
