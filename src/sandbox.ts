import type { HttpClient } from '@azure/core-rest-pipeline';
import type { Config } from './config.js';

export interface Sandbox {
  httpClient: HttpClient;
  config: Config;
}

/**
 * The in-process emulated Azure behind --sandbox: the real Azure SDK and credential classes run unchanged,
 * and every request they make is answered in this process by the emulator through the SDK's `httpClient`
 * option, so nothing reaches the network. Loaded only when asked for, to keep normal start-up lean.
 */
export async function startSandbox(base: Config): Promise<Sandbox> {
  const { EmulatedAzure, SEED, createEmulatorHttpClient, seedDemoEstate, DEMO } = await import('./emulator/index.js');
  // Operations take about a second, like a quick one in Azure; Retry-After makes the SDK poll at that pace.
  const azure = new EmulatedAzure({ lroDurationMs: 1000, lroRetryAfterSeconds: 1 });
  seedDemoEstate(azure);
  const config: Config = {
    ...base,
    sandbox: true,
    subscriptionId: DEMO.devSubscriptionId,
    subscriptionSource: 'sandbox default',
    tenantId: SEED.tenantId,
    clientId: SEED.servicePrincipal.clientId,
    clientSecret: SEED.servicePrincipal.clientSecret,
    servicePrincipal: 'complete',
    cloud: {
      name: 'Sandbox (emulated AzureCloud)',
      authorityHost: 'https://login.microsoftonline.com',
      resourceManager: 'https://management.azure.com',
      resourceManagerScope: 'https://management.azure.com/.default',
      microsoftGraph: 'https://graph.microsoft.com',
      keyVaultResource: 'https://vault.azure.net',
      storageResource: 'https://storage.azure.com',
      disableInstanceDiscovery: true,
    },
    // The real environment's Azure settings do not apply to the sandbox.
    findings: [],
  };
  return { httpClient: createEmulatorHttpClient(azure), config };
}
