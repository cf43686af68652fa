// The baseline for the per-call overhead: the same Azure SDK call list_resource_groups makes
// (ResourceManagementClient.resourceGroups.list, every page) in a plain script, with the same credential type,
// against the same emulator. Run as a child process by bench/run.js; it reads one number per stdin line
// (how many sequential calls to make) and answers one JSON line with each call's milliseconds.
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { ClientSecretCredential } from '@azure/identity';
import { ResourceManagementClient } from '@azure/arm-resources';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`direct-sdk: ${name} is not set`);
  return value;
};

const endpoint = env('AZURE_RESOURCE_MANAGER_ENDPOINT');
const credential = new ClientSecretCredential(env('AZURE_TENANT_ID'), env('AZURE_CLIENT_ID'), env('AZURE_CLIENT_SECRET'), {
  authorityHost: env('AZURE_AUTHORITY_HOST'),
  disableInstanceDiscovery: true,
});
const client = new ResourceManagementClient(credential, env('AZURE_SUBSCRIPTION_ID'), {
  endpoint,
  credentials: { scopes: [`${endpoint}/.default`] },
});

async function listGroups(): Promise<number> {
  let count = 0;
  for await (const group of client.resourceGroups.list()) if (group.name) count++;
  return count;
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const calls = Number(line.trim());
  if (!Number.isInteger(calls) || calls < 1) break;
  const ms: number[] = [];
  let groups = 0;
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    groups = await listGroups();
    ms.push(performance.now() - t0);
  }
  process.stdout.write(`${JSON.stringify({ ms, groups })}\n`);
}
