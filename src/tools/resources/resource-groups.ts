import { z } from 'zod';
import { defineTool } from '../define.js';
import { resourcesClient } from '../../azure/clients.js';
import { bounded, boundedFirst, firstRows, limitInput, listOutput, listText, provisioningNote } from '../list.js';
import { resourceGroupInput, tagsText } from '../arm-common.js';

const groupRow = z.object({
  name: z.string(),
  location: z.string(),
  provisioningState: z.string().nullable(),
  tags: z.record(z.string(), z.string()),
  managedBy: z.string().nullable().describe('The resource that manages this group, if any.'),
});

export const listResourceGroups = defineTool({
  name: 'list_resource_groups',
  title: 'List resource groups',
  description: 'Lists the resource groups of the active subscription with location, provisioning state and tags.',
  access: 'read',
  example: {},
  inputSchema: z.object({ limit: limitInput() }),
  outputSchema: listOutput(groupRow),
  async handler({ limit }, { session, signal }) {
    const { client, subscriptionId } = await resourcesClient(session);
    const rows: z.infer<typeof groupRow>[] = [];
    for await (const g of client.resourceGroups.list({ abortSignal: signal })) {
      rows.push({
        name: g.name ?? '',
        location: g.location,
        provisioningState: g.properties?.provisioningState ?? null,
        tags: g.tags ?? {},
        managedBy: g.managedBy ?? null,
      });
    }
    rows.sort((a, b) => a.name.localeCompare(b.name));
    // No input narrows this list, so the hint offers only a higher limit.
    const data = bounded(rows, limit, undefined);
    return {
      data,
      text: listText(
        'resource groups',
        `in subscription ${subscriptionId}`,
        data,
        (g) => `${g.name} (${g.location}${provisioningNote(g.provisioningState)})${tagsText(g.tags)}`,
      ),
    };
  },
});

/** The original server's short type names, mapped to ARM resource types. */
export const RESOURCE_TYPE_FILTERS = {
  all: undefined,
  vm: 'Microsoft.Compute/virtualMachines',
  storage: 'Microsoft.Storage/storageAccounts',
  webapp: 'Microsoft.Web/sites',
  sql: 'Microsoft.Sql/servers',
} as const;

const resourceRow = z.object({
  name: z.string(),
  type: z.string(),
  location: z.string().nullable(),
  kind: z.string().nullable(),
  sku: z.string().nullable(),
  capacity: z.number().nullable().describe('Instance count, for types that scale (VM scale sets, App Service plans).'),
  provisioningState: z.string().nullable(),
  tags: z.record(z.string(), z.string()),
  id: z.string().describe('Full resource id.'),
});

export const listResources = defineTool({
  name: 'list_resources',
  title: 'List resources in a resource group',
  description: 'Lists the resources in a resource group, optionally only one kind (vm, storage, webapp, sql).',
  access: 'read',
  example: { resource_group: 'rg-compute' },
  inputSchema: z.object({
    resource_group: resourceGroupInput,
    resource_type: z
      .enum(Object.keys(RESOURCE_TYPE_FILTERS) as [keyof typeof RESOURCE_TYPE_FILTERS, ...(keyof typeof RESOURCE_TYPE_FILTERS)[]])
      .default('all')
      .describe('Only resources of this kind (default all).'),
    limit: limitInput(),
  }),
  outputSchema: listOutput(resourceRow),
  async handler({ resource_group, resource_type, limit }, { session, signal }) {
    const { client } = await resourcesClient(session);
    const type = RESOURCE_TYPE_FILTERS[resource_type];
    const filter = type ? `resourceType eq '${type}'` : undefined;
    // Read only what will be shown: a group may hold thousands of resources.
    // Azure returns provisioningState in this list only when $expand asks for it.
    const resources = client.resources.listByResourceGroup(resource_group, { filter, expand: 'provisioningState', abortSignal: signal });
    const first = await firstRows(resources, limit, (r): z.infer<typeof resourceRow> => ({
      name: r.name ?? '',
      type: r.type ?? '',
      location: r.location ?? null,
      kind: r.kind ?? null,
      sku: r.sku?.name ?? null,
      capacity: r.sku?.capacity ?? null,
      provisioningState: r.provisioningState ?? null,
      tags: r.tags ?? {},
      id: r.id ?? '',
    }));
    const data = boundedFirst(first, 'filter with resource_type');
    const line = (r: z.infer<typeof resourceRow>) =>
      `${r.id}${r.location ? ` (${r.location})` : ''}${r.capacity === null ? '' : `, capacity ${r.capacity}`}${provisioningNote(r.provisioningState)}`;
    return { data, text: listText(type ? `resources of type ${type}` : 'resources', `in ${resource_group}`, data, line) };
  },
});
