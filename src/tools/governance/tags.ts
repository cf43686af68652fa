import { z } from 'zod';
import { defineTool } from '../define.js';
import { resourcesClient } from '../../azure/clients.js';
import { bounded, limitInput, listOutput, listText } from '../list.js';
import { optionalResourceGroupInput } from '../arm-common.js';

const tagRow = z.object({
  name: z.string(),
  values: z.array(z.object({ value: z.string(), count: z.number().nullable() })),
  count: z.number().nullable().describe('How many resources and groups carry the tag (subscription view).'),
});

export const listTags = defineTool({
  name: 'list_tags',
  title: 'List tags',
  description:
    'For a resource group: its tags. For the whole subscription (no resource_group): every tag name with its values and how many resources carry it.',
  access: 'read',
  example: {},
  inputSchema: z.object({ resource_group: optionalResourceGroupInput, limit: limitInput() }),
  outputSchema: listOutput(tagRow).extend({ scope: z.string() }),
  async handler({ resource_group, limit }, { session, signal }) {
    const { client, subscriptionId } = await resourcesClient(session);
    const rows: z.infer<typeof tagRow>[] = [];
    if (resource_group) {
      const group = await client.resourceGroups.get(resource_group, { abortSignal: signal });
      for (const [name, value] of Object.entries(group.tags ?? {})) rows.push({ name, values: [{ value, count: null }], count: null });
    } else {
      for await (const tag of client.tagsOperations.list({ abortSignal: signal })) {
        rows.push({
          name: tag.tagName ?? '',
          values: (tag.values ?? []).map((v) => ({ value: v.tagValue ?? '', count: v.count?.value ?? null })),
          count: tag.count?.value ?? null,
        });
      }
    }
    const scope = resource_group ? `resource group ${resource_group}` : `subscription ${subscriptionId}`;
    const data = { scope, ...bounded(rows, limit, resource_group ? undefined : 'narrow with resource_group') };
    const text = listText('tags', `on ${scope}`, data, (t) =>
      resource_group
        ? `${t.name}=${t.values[0]?.value}`
        : `${t.name} (${t.count ?? '?'} uses): ${t.values.map((v) => `${v.value} (${v.count ?? '?'})`).join(', ')}`,
    );
    return { data, text };
  },
});
