import { z } from 'zod';
import type { StorageAccount } from '@azure/arm-storage';
import { defineTool } from '../define.js';
import { storageClient } from '../../azure/clients.js';
import { boundedFirst, firstRows, limitInput, listOutput, listText, provisioningNote } from '../list.js';
import { nameInput, optionalResourceGroupInput, parseArmId, resourceGroupInput } from '../arm-common.js';
import { NAME_RULES } from '../../azure/arm-names.js';

const accountRow = z.object({
  name: z.string(),
  resourceGroup: z.string(),
  kind: z.string().nullable(),
  sku: z.string().nullable(),
  location: z.string(),
  state: z.string().nullable().describe('Provisioning state.'),
  primaryStatus: z.string().nullable().describe('available or unavailable.'),
});

function toRow(a: StorageAccount) {
  return {
    name: a.name ?? '',
    resourceGroup: parseArmId(a.id).resourceGroup,
    kind: a.kind ?? null,
    sku: a.sku?.name ?? null,
    location: a.location,
    state: a.provisioningState ?? null,
    primaryStatus: a.statusOfPrimary ?? null,
  };
}

export const listStorageAccounts = defineTool({
  name: 'list_storage_accounts',
  title: 'List storage accounts',
  description:
    'Lists storage accounts in a resource group, or in the whole subscription when resource_group is omitted: name, kind, SKU, location and state.',
  access: 'read',
  example: {},
  inputSchema: z.object({ resource_group: optionalResourceGroupInput, limit: limitInput() }),
  outputSchema: listOutput(accountRow),
  async handler({ resource_group, limit }, { session, signal }) {
    const { client, subscriptionId } = await storageClient(session);
    const accounts = resource_group
      ? client.storageAccounts.listByResourceGroup(resource_group, { abortSignal: signal })
      : client.storageAccounts.list({ abortSignal: signal });
    const data = boundedFirst(await firstRows(accounts, limit, toRow), resource_group ? undefined : 'narrow with resource_group');
    const where = resource_group ? `resource group ${resource_group}` : `subscription ${subscriptionId}`;
    const line = (a: z.infer<typeof accountRow>) =>
      `${a.name} (resource group ${a.resourceGroup}): ${a.kind ?? '?'}, ${a.sku ?? '?'}, ${a.location}${provisioningNote(a.state)}${a.primaryStatus === 'unavailable' ? ', primary unavailable' : ''}`;
    return { data, text: listText('storage accounts', `in ${where}`, data, line) };
  },
});

export const getStorageStatus = defineTool({
  name: 'get_storage_status',
  title: 'Storage account status',
  description:
    'Shows one storage account: kind, SKU, access tier, provisioning state, primary endpoints, and its security posture (HTTPS only, minimum TLS, public network access, blob public access, shared-key access).',
  access: 'read',
  example: { resource_group: 'rg-shared', account_name: 'azopsdemodata' },
  inputSchema: z.object({
    resource_group: resourceGroupInput,
    account_name: nameInput(NAME_RULES.storageAccount).describe('Storage account name.'),
  }),
  outputSchema: accountRow.extend({
    accessTier: z.string().nullable(),
    endpoints: z.record(z.string(), z.string()).describe('Primary endpoints by service (blob, file, queue, table, dfs, web).'),
    security: z.object({
      httpsOnly: z.boolean().nullable(),
      minimumTlsVersion: z.string().nullable(),
      publicNetworkAccess: z.string().nullable(),
      firewallDefaultAction: z
        .string()
        .nullable()
        .describe('Allow: every public network; Deny: only the networks and IP ranges the firewall allows.'),
      allowBlobPublicAccess: z.boolean().nullable(),
      allowSharedKeyAccess: z.boolean().nullable(),
    }),
    findings: z.array(z.string()).describe('Security settings a reviewer would flag.'),
  }),
  async handler({ resource_group, account_name }, { session, signal }) {
    const { client } = await storageClient(session);
    const a = await client.storageAccounts.getProperties(resource_group, account_name, { abortSignal: signal });
    const endpoints = Object.fromEntries(Object.entries(a.primaryEndpoints ?? {}).filter(([, v]) => typeof v === 'string')) as Record<
      string,
      string
    >;
    const security = {
      httpsOnly: a.enableHttpsTrafficOnly ?? null,
      minimumTlsVersion: a.minimumTlsVersion ?? null,
      publicNetworkAccess: a.publicNetworkAccess ?? null,
      firewallDefaultAction: a.networkRuleSet?.defaultAction ?? null,
      allowBlobPublicAccess: a.allowBlobPublicAccess ?? null,
      // Azure treats an unset allowSharedKeyAccess as allowed.
      allowSharedKeyAccess: a.allowSharedKeyAccess ?? null,
    };
    const findings: string[] = [];
    if (security.httpsOnly === false) findings.push('HTTP (not only HTTPS) traffic is allowed');
    if (security.minimumTlsVersion && security.minimumTlsVersion !== 'TLS1_2' && security.minimumTlsVersion !== 'TLS1_3')
      findings.push(`minimum TLS version is ${security.minimumTlsVersion}`);
    if (security.allowBlobPublicAccess === true) findings.push('anonymous blob public access is allowed');
    if (security.allowSharedKeyAccess !== false) findings.push('shared-key (account key) access is allowed');
    // Public access with a firewall that denies by default is "selected networks only", not the internet at large.
    const selectedNetworksOnly = security.firewallDefaultAction === 'Deny';
    if (security.publicNetworkAccess !== 'Disabled' && !selectedNetworksOnly)
      findings.push('reachable from all public networks (no firewall)');
    const data = { ...toRow(a), accessTier: a.accessTier ?? null, endpoints, security, findings };
    const text = [
      `${data.name} in ${resource_group}: ${data.kind ?? '?'}, ${data.sku ?? '?'}, tier ${data.accessTier ?? '-'}, ${data.state ?? '?'}, ${data.location}.`,
      `Endpoints: ${
        Object.entries(endpoints)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || 'none'
      }.`,
      `Security: HTTPS only ${security.httpsOnly ?? '?'}, min TLS ${security.minimumTlsVersion ?? '?'}, public network ${security.publicNetworkAccess ?? 'Enabled (default)'}${security.publicNetworkAccess !== 'Disabled' && selectedNetworksOnly ? ' (selected networks only)' : ''}, blob public access ${security.allowBlobPublicAccess ?? '?'}, shared key ${security.allowSharedKeyAccess ?? 'allowed (default)'}.`,
      findings.length ? `Review: ${findings.join('; ')}.` : 'No security findings.',
    ].join('\n');
    return { data, text };
  },
});
