import { z } from 'zod';
import { defineTool } from '../define.js';
import { graphClient } from '../../azure/graph.js';
import { entraList, entraListOutput, entraListText, filterInput, NEEDS, planFilter, topInput } from './common.js';

interface GraphGroup {
  id: string;
  displayName?: string | null;
  description?: string | null;
  mail?: string | null;
  groupTypes?: string[] | null;
  securityEnabled?: boolean | null;
  mailEnabled?: boolean | null;
}

const groupRow = z.object({
  id: z.string().describe('Object id.'),
  displayName: z.string(),
  description: z.string().nullable(),
  mail: z.string().nullable(),
  groupTypes: z.array(z.string()).describe('["Unified"] for Microsoft 365 groups, ["DynamicMembership"] for dynamic ones.'),
  kind: z.enum(['Microsoft 365', 'Security', 'Mail-enabled security', 'Distribution']),
});

function kind(g: GraphGroup): z.infer<typeof groupRow>['kind'] {
  if (g.groupTypes?.includes('Unified')) return 'Microsoft 365';
  if (g.securityEnabled) return g.mailEnabled ? 'Mail-enabled security' : 'Security';
  return 'Distribution';
}

export const listGroups = defineTool({
  name: 'aad_list_groups',
  title: 'List Entra ID groups',
  description:
    'Lists groups in the Entra ID tenant through Microsoft Graph: display name, object id, kind (Microsoft 365, security, distribution), mail and description. filter is an OData $filter, or plain text for a display-name prefix search.',
  access: 'read',
  example: {},
  inputSchema: z.object({ filter: filterInput('groups'), top: topInput() }),
  outputSchema: entraListOutput(groupRow),
  async handler({ filter, top }, { session, signal }) {
    const graph = await graphClient(session);
    const plan = planFilter(filter);
    const request = {
      path: '/groups',
      query: { $filter: plan.$filter, $select: 'id,displayName,description,mail,groupTypes,securityEnabled,mailEnabled' },
      eventual: plan.eventual,
      need: NEEDS.listGroups,
      signal,
    };
    const list = await graph.list<GraphGroup>(request, top);
    const count = list.count ?? (list.more ? await graph.count(request) : undefined);
    const items = list.items.map((g) => ({
      id: g.id,
      displayName: g.displayName ?? '',
      description: g.description ?? null,
      mail: g.mail ?? null,
      groupTypes: g.groupTypes ?? [],
      kind: kind(g),
    }));
    const data = entraList(list, items, count, 'e.g. "groupTypes/any(t:t eq \'Unified\')" or a name');
    const text = entraListText('groups', plan, data, (g) => {
      const extra = [g.mail, g.description].filter(Boolean).join(', ');
      return `${g.displayName}: id ${g.id}, ${g.kind}${extra ? `, ${extra}` : ''}`;
    });
    return { data, text };
  },
});
