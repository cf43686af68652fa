import { z } from 'zod';
import { defineTool } from '../define.js';
import { locksClient } from '../../azure/clients.js';
import { boundedFirst, firstRows, limitInput, listOutput, listText } from '../list.js';
import { optionalResourceGroupInput, scopeOf } from '../arm-common.js';

const lockRow = z.object({
  name: z.string(),
  level: z.string().describe('CanNotDelete or ReadOnly.'),
  notes: z.string().nullable(),
  scope: z.string().describe('Where the lock is set: subscription, resource group or resource id.'),
  id: z.string(),
});

export const listResourceLocks = defineTool({
  name: 'list_resource_locks',
  title: 'List resource locks',
  description:
    'Lists management locks (CanNotDelete, ReadOnly) that apply to a resource group, including those inherited from the subscription and those on its resources; or, with no resource_group, every lock in the subscription.',
  access: 'read',
  example: { resource_group: 'rg-network' },
  inputSchema: z.object({ resource_group: optionalResourceGroupInput, limit: limitInput() }),
  outputSchema: listOutput(lockRow),
  async handler({ resource_group, limit }, { session, signal }) {
    const { client, subscriptionId } = await locksClient(session);
    const locks = resource_group
      ? client.managementLocks.listAtResourceGroupLevel(resource_group, { abortSignal: signal })
      : client.managementLocks.listAtSubscriptionLevel({ abortSignal: signal });
    const first = await firstRows(locks, limit, (lock): z.infer<typeof lockRow> => ({
      name: lock.name ?? '',
      level: lock.level,
      notes: lock.notes ?? null,
      scope: scopeOf(lock.id ?? '', 'Microsoft.Authorization/locks'),
      id: lock.id ?? '',
    }));
    const data = boundedFirst(first, resource_group ? undefined : 'narrow with resource_group');
    const where = resource_group ? `resource group ${resource_group}` : `subscription ${subscriptionId}`;
    return {
      data,
      text: listText('locks', `on ${where}`, data, (l) => `${l.name}: ${l.level} at ${l.scope}${l.notes ? ` (${l.notes})` : ''}`),
    };
  },
});
