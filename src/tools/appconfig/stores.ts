import { z } from 'zod';
import type { ConfigurationStore } from '@azure/arm-appconfiguration';
import { defineTool } from '../define.js';
import { appConfigManagementClient } from '../../azure/clients-appconfig.js';
import { boundedFirst, firstRows, limitInput, listOutput, listText, provisioningNote } from '../list.js';
import { optionalResourceGroupInput, parseArmId, resourceGroupInput, tagsText } from '../arm-common.js';
import { storeNameInput } from './inputs.js';

// The stores, through ARM: what they are and how they can be reached. Access keys are never read here.

const storeRow = z.object({
  name: z.string(),
  resourceGroup: z.string(),
  location: z.string(),
  endpoint: z.string().nullable(),
  sku: z.string().nullable(),
  provisioningState: z.string().nullable(),
  localAuthEnabled: z.boolean().describe('False when the store disables access keys (Entra ID only).'),
  publicNetworkAccess: z
    .string()
    .nullable()
    .describe('Enabled, Disabled, or null (not set: enabled unless the store has a private endpoint).'),
});
type StoreRow = z.infer<typeof storeRow>;

function toRow(store: ConfigurationStore): StoreRow {
  return {
    name: store.name ?? '',
    resourceGroup: parseArmId(store.id).resourceGroup,
    location: store.location,
    endpoint: store.endpoint ?? null,
    sku: store.sku?.name ?? null,
    provisioningState: store.provisioningState ?? null,
    localAuthEnabled: store.disableLocalAuth !== true,
    publicNetworkAccess: store.publicNetworkAccess ?? null,
  };
}

const accessText = (row: StoreRow): string =>
  `${row.localAuthEnabled ? 'access keys allowed' : 'Entra ID only (access keys disabled)'}, public network ${row.publicNetworkAccess ?? 'not set'}`;

export const listStores = defineTool({
  name: 'appconfig_list',
  title: 'List App Configuration stores',
  description:
    'Lists App Configuration stores in a resource group, or in the whole subscription when resource_group is omitted: endpoint, SKU, state, whether access keys are allowed and public network access.',
  access: 'read',
  example: {},
  inputSchema: z.object({ resource_group: optionalResourceGroupInput, limit: limitInput() }),
  outputSchema: listOutput(storeRow),
  async handler({ resource_group, limit }, { session, signal }) {
    const { client, subscriptionId } = await appConfigManagementClient(session);
    const stores = resource_group
      ? client.configurationStores.listByResourceGroup(resource_group, { abortSignal: signal })
      : client.configurationStores.list({ abortSignal: signal });
    const data = boundedFirst(await firstRows(stores, limit, toRow), resource_group ? undefined : 'narrow with resource_group');
    const where = resource_group ? `resource group ${resource_group}` : `subscription ${subscriptionId}`;
    const line = (s: StoreRow) =>
      `${s.name} (resource group ${s.resourceGroup}): ${s.sku ?? '?'}, ${s.location}, ${s.endpoint ?? 'no endpoint yet'}, ${accessText(s)}${provisioningNote(s.provisioningState)}`;
    return { data, text: listText('App Configuration stores', `in ${where}`, data, line) };
  },
});

export const showStore = defineTool({
  name: 'appconfig_show',
  title: 'App Configuration store details',
  description:
    'Shows one App Configuration store: endpoint, SKU, state, creation date, whether access keys (local auth) are allowed, public network access, soft-delete retention, purge protection, private endpoints, customer-managed key and identity. Never shows an access key.',
  access: 'read',
  example: { store_name: 'azops-demo-config', resource_group: 'rg-shared' },
  inputSchema: z.object({ store_name: storeNameInput, resource_group: resourceGroupInput }),
  outputSchema: storeRow.extend({
    id: z.string(),
    creationDate: z.string().nullable().describe('ISO 8601.'),
    softDeleteRetentionInDays: z.number().nullable().describe('Days a deleted store can be recovered; null when Azure did not say.'),
    purgeProtection: z.boolean().nullable().describe('True when a soft-deleted store cannot be purged before its retention ends.'),
    privateEndpoints: z.number().describe('Private endpoint connections.'),
    customerManagedKey: z.string().nullable().describe('The Key Vault key that encrypts the data, when one is set.'),
    identity: z.string().nullable().describe('Managed identity type (SystemAssigned, UserAssigned, ...).'),
    tags: z.record(z.string(), z.string()),
  }),
  async handler({ store_name, resource_group }, { session, signal }) {
    const { client } = await appConfigManagementClient(session);
    const store = await client.configurationStores.get(resource_group, store_name, { abortSignal: signal });
    const row = toRow(store);
    const data = {
      ...row,
      id: store.id ?? '',
      creationDate: store.creationDate ? store.creationDate.toISOString() : null,
      softDeleteRetentionInDays: store.softDeleteRetentionInDays ?? null,
      purgeProtection: store.enablePurgeProtection ?? null,
      privateEndpoints: store.privateEndpointConnections?.length ?? 0,
      customerManagedKey: store.encryption?.keyVaultProperties?.keyIdentifier ?? null,
      identity: store.identity?.type ?? null,
      tags: store.tags ?? {},
    };
    const softDelete =
      data.softDeleteRetentionInDays === null
        ? 'soft delete not reported'
        : data.softDeleteRetentionInDays > 0
          ? `soft delete ${data.softDeleteRetentionInDays} days`
          : 'no soft delete';
    const text = [
      `${data.name} in ${data.resourceGroup}: ${data.sku ?? '?'}, ${data.location}, ${data.provisioningState ?? '?'}${data.creationDate ? `, created ${data.creationDate}` : ''}.`,
      `Endpoint: ${data.endpoint ?? 'none yet'}.`,
      `Access: ${accessText(row)}, ${data.privateEndpoints} private endpoint${data.privateEndpoints === 1 ? '' : 's'}.`,
      `Protection: ${softDelete}, purge protection ${data.purgeProtection === null ? 'not reported' : data.purgeProtection ? 'on' : 'off'}, ${data.customerManagedKey ? `customer-managed key ${data.customerManagedKey}` : 'Microsoft-managed keys'}.`,
      `Identity: ${data.identity ?? 'none'}.${tagsText(data.tags)}`,
      `Id: ${data.id}`,
    ].join('\n');
    return { data, text };
  },
});
