import { z } from 'zod';
import type { RegistryUsage } from '@azure/arm-containerregistry';
import { defineTool } from '../define.js';
import { acrClient } from '../../azure/clients-acr.js';
import { resourceGroupInput } from '../arm-common.js';
import { registryNameInput } from './common.js';

const GIB = 1024 ** 3;

/** The service tiers' documented limits (learn.microsoft.com, "Azure Container Registry service tiers"). */
const SKU_LIMITS: Record<string, { includedStorageGiB: number; webhooks: number; geoReplication: boolean }> = {
  Basic: { includedStorageGiB: 10, webhooks: 2, geoReplication: false },
  Standard: { includedStorageGiB: 100, webhooks: 10, geoReplication: false },
  Premium: { includedStorageGiB: 500, webhooks: 500, geoReplication: true },
};

const usageRow = z.object({
  name: z.string().describe('Size, Webhooks, ScopeMaps, Tokens, …'),
  currentValue: z.number().nullable(),
  limit: z.number().nullable(),
  unit: z.string().nullable().describe('Bytes or Count.'),
  percent: z.number().nullable().describe('currentValue as a share of limit.'),
});

function toUsageRow(usage: RegistryUsage): z.infer<typeof usageRow> {
  const current = usage.currentValue ?? null;
  const limit = usage.limit ?? null;
  return {
    name: usage.name ?? '',
    currentValue: current,
    limit,
    unit: usage.unit ?? null,
    percent: current !== null && limit ? Math.round((current / limit) * 1000) / 10 : null,
  };
}

function amount(value: number | null, unit: string | null): string {
  if (value === null) return '?';
  return unit === 'Bytes' ? `${(value / GIB).toFixed(2)} GiB` : String(value);
}

export const showUsage = defineTool({
  name: 'acr_show_usage',
  title: 'Container registry usage',
  description:
    "Shows a registry's usage as Azure reports it (listUsages): storage used, webhooks, scope maps and tokens, each against its limit.",
  access: 'read',
  example: { resource_group: 'rg-shared', registry_name: 'azopsdemoacr' },
  inputSchema: z.object({ resource_group: resourceGroupInput, registry_name: registryNameInput }),
  outputSchema: z.object({ registry: z.string(), usages: z.array(usageRow) }),
  async handler({ resource_group, registry_name }, { session, signal }) {
    const { client } = await acrClient(session);
    const result = await client.registries.listUsages(resource_group, registry_name, { abortSignal: signal });
    const usages = (result.value ?? []).map(toUsageRow);
    const data = { registry: registry_name, usages };
    const text = usages.length
      ? [
          `Usage of ${registry_name}:`,
          ...usages.map(
            (u) =>
              `- ${u.name}: ${amount(u.currentValue, u.unit)} of ${amount(u.limit, u.unit)}${u.percent !== null ? ` (${u.percent}%)` : ''}`,
          ),
        ].join('\n')
      : `Azure reports no usage figures for ${registry_name}.`;
    return { data, text };
  },
});

const quota = z.object({
  used: z.number().nullable(),
  limit: z.number().nullable(),
  note: z.string(),
});

export const showQuotas = defineTool({
  name: 'acr_show_quotas',
  title: 'Container registry quotas',
  description:
    "Compares a registry's storage, webhooks and geo-replications with its SKU's limits (Basic, Standard, Premium), says what is over or near them, and what the next tier offers.",
  access: 'read',
  example: { resource_group: 'rg-shared', registry_name: 'azopsdemoacr' },
  inputSchema: z.object({ resource_group: resourceGroupInput, registry_name: registryNameInput }),
  outputSchema: z.object({
    registry: z.string(),
    sku: z.string(),
    storageGiB: quota.describe('Storage used against the storage included in the SKU (more is billed, not refused).'),
    webhooks: quota,
    geoReplications: quota.describe('Replicas in other regions (Premium only).'),
  }),
  async handler({ resource_group, registry_name }, { session, signal }) {
    const { client } = await acrClient(session);
    const registry = await client.registries.get(resource_group, registry_name, { abortSignal: signal });
    const sku = registry.sku?.name ?? 'Standard';
    const limits = SKU_LIMITS[sku] ?? SKU_LIMITS['Standard']!;
    const usages = ((await client.registries.listUsages(resource_group, registry_name, { abortSignal: signal })).value ?? []).map(
      toUsageRow,
    );
    const usage = (name: string) => usages.find((u) => u.name.toLowerCase() === name.toLowerCase());
    let replicas = 0;
    if (limits.geoReplication)
      for await (const replica of client.replications.list(resource_group, registry_name, { abortSignal: signal }))
        if (replica.location?.toLowerCase() !== registry.location.toLowerCase()) replicas++;
    const size = usage('Size')?.currentValue ?? null;
    const storageUsed = size === null ? null : Math.round((size / GIB) * 100) / 100;
    const hooks = usage('Webhooks')?.currentValue ?? null;
    const next = sku === 'Basic' ? 'Standard' : sku === 'Standard' ? 'Premium' : undefined;
    const nextLimits = next ? SKU_LIMITS[next] : undefined;
    const share = (used: number | null, limit: number) => (used === null ? 'unknown' : `${Math.round((used / limit) * 100)}%`);
    const storageNote =
      storageUsed !== null && storageUsed > limits.includedStorageGiB
        ? `over the ${limits.includedStorageGiB} GiB included in ${sku}: the rest is billed per GiB${nextLimits ? ` (${next} includes ${nextLimits.includedStorageGiB} GiB)` : ''}`
        : `${share(storageUsed, limits.includedStorageGiB)} of the ${limits.includedStorageGiB} GiB included in ${sku}`;
    const hooksNote =
      hooks !== null && hooks >= limits.webhooks
        ? `at the ${sku} limit of ${limits.webhooks}${nextLimits ? `; ${next} allows ${nextLimits.webhooks}` : ''}`
        : `${share(hooks, limits.webhooks)} of the ${sku} limit of ${limits.webhooks}`;
    const replicationNote = limits.geoReplication
      ? `${replicas} replica(s) in other regions`
      : `geo-replication needs Premium; ${sku} has none`;
    const data = {
      registry: registry_name,
      sku,
      storageGiB: { used: storageUsed, limit: limits.includedStorageGiB, note: storageNote },
      webhooks: { used: hooks, limit: limits.webhooks, note: hooksNote },
      geoReplications: { used: limits.geoReplication ? replicas : 0, limit: null, note: replicationNote },
    };
    const text = [
      `Quotas of ${registry_name} (${sku}):`,
      `- Storage: ${storageUsed ?? '?'} GiB, ${storageNote}.`,
      `- Webhooks: ${hooks ?? '?'}, ${hooksNote}.`,
      `- Geo-replications: ${replicationNote}.`,
    ].join('\n');
    return { data, text };
  },
});
