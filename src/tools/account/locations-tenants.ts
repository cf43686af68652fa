import { z } from 'zod';
import { defineTool } from '../define.js';
import { requireSubscription, subscriptionClient } from '../../azure/clients.js';
import { bounded, limitInput, listOutput, listText } from '../list.js';

const locationRow = z.object({
  name: z.string().describe('Programmatic name, as tools take it (eastus).'),
  displayName: z.string(),
  regionType: z.string().nullable().describe('Physical or Logical.'),
  geographyGroup: z.string().nullable(),
  pairedRegions: z.array(z.string()),
});

export const listLocations = defineTool({
  name: 'list_locations',
  title: 'List locations',
  description: 'Lists the Azure regions available to the active subscription, with their geography and paired regions.',
  access: 'read',
  example: { limit: 5 },
  inputSchema: z.object({ limit: limitInput(100) }),
  outputSchema: listOutput(locationRow),
  async handler({ limit }, { session, signal }) {
    const id = await requireSubscription(session);
    const client = await subscriptionClient(session);
    const rows: z.infer<typeof locationRow>[] = [];
    for await (const l of client.subscriptions.listLocations(id, { abortSignal: signal })) {
      rows.push({
        name: l.name ?? '',
        displayName: l.displayName ?? '',
        regionType: l.metadata?.regionType ?? null,
        geographyGroup: l.metadata?.geographyGroup ?? null,
        pairedRegions: (l.metadata?.pairedRegion ?? []).map((p) => p.name ?? '').filter(Boolean),
      });
    }
    const data = bounded(rows, limit, undefined);
    return {
      data,
      text: listText(
        'locations',
        `of subscription ${id}`,
        data,
        (l) => `${l.name} (${l.displayName})${l.geographyGroup ? `, ${l.geographyGroup}` : ''}`,
      ),
    };
  },
});

const tenantRow = z.object({
  tenantId: z.string(),
  displayName: z.string().nullable(),
  defaultDomain: z.string().nullable(),
  category: z.string().nullable().describe('Home, ProjectedBy or ManagedBy.'),
  countryCode: z.string().nullable(),
});

export const listTenants = defineTool({
  name: 'list_tenants',
  title: 'List tenants',
  description: 'Lists the Microsoft Entra tenants the signed-in identity can see.',
  access: 'read',
  example: {},
  inputSchema: z.object({ limit: limitInput() }),
  outputSchema: listOutput(tenantRow),
  async handler({ limit }, { session, signal }) {
    const client = await subscriptionClient(session);
    const rows: z.infer<typeof tenantRow>[] = [];
    for await (const t of client.tenants.list({ abortSignal: signal })) {
      rows.push({
        tenantId: t.tenantId ?? '',
        displayName: t.displayName ?? null,
        defaultDomain: t.defaultDomain ?? null,
        category: t.tenantCategory ?? null,
        countryCode: t.countryCode ?? null,
      });
    }
    const data = bounded(rows, limit, undefined);
    return {
      data,
      text: listText(
        'tenants',
        'visible to the signed-in identity',
        data,
        (t) =>
          `${t.displayName ?? '(no name)'}: ${t.tenantId}${t.defaultDomain ? `, ${t.defaultDomain}` : ''}${t.category ? `, ${t.category}` : ''}`,
      ),
    };
  },
});
