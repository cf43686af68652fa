import { z } from 'zod';
import { defineTool } from '../define.js';
import { monitorClient } from '../../azure/clients.js';
import { bounded, limitInput, listOutput, listText } from '../list.js';
import { optionalResourceGroupInput, parseArmId } from '../arm-common.js';

const eventRow = z.object({
  time: z.string(),
  operation: z.string(),
  status: z.string().nullable(),
  caller: z.string().nullable(),
  resourceGroup: z.string().nullable(),
  resource: z.string().nullable().describe('Resource id the event is about.'),
  level: z.string().nullable(),
});

const DAY_MS = 24 * 60 * 60 * 1000;

export const getActivityLog = defineTool({
  name: 'get_activity_log',
  title: 'Activity log',
  description:
    'Lists recent control-plane events (who changed what, and whether it succeeded) in the subscription or one resource group, newest first.',
  access: 'read',
  example: { days: 7 },
  inputSchema: z.object({
    resource_group: optionalResourceGroupInput,
    days: z.number().int().min(1).max(90).default(1).describe('How many days back to look (1-90, default 1; Azure keeps 90 days).'),
    limit: limitInput(),
  }),
  outputSchema: listOutput(eventRow),
  async handler({ resource_group, days, limit }, { session, signal }) {
    const { client, subscriptionId } = await monitorClient(session);
    const end = new Date();
    const start = new Date(end.getTime() - days * DAY_MS);
    let filter = `eventTimestamp ge '${start.toISOString()}' and eventTimestamp le '${end.toISOString()}'`;
    if (resource_group) filter += ` and resourceGroupName eq '${resource_group.replace(/'/g, "''")}'`;
    const rows: z.infer<typeof eventRow>[] = [];
    for await (const e of client.activityLogs.list(filter, { abortSignal: signal })) {
      rows.push({
        time: e.eventTimestamp ? new Date(e.eventTimestamp).toISOString() : '',
        operation: e.operationName?.localizedValue ?? e.operationName?.value ?? '',
        status: e.status?.localizedValue ?? e.status?.value ?? null,
        caller: e.caller ?? null,
        resourceGroup: e.resourceGroupName ?? null,
        resource: e.resourceId ?? null,
        level: e.level ?? null,
      });
    }
    // Azure returns events newest first already; sort anyway so paging order never matters.
    rows.sort((a, b) => b.time.localeCompare(a.time));
    const data = bounded(rows, limit, resource_group ? 'narrow with fewer days' : 'narrow with resource_group or fewer days');
    const where = resource_group ? `resource group ${resource_group}` : `subscription ${subscriptionId}`;
    const line = (e: z.infer<typeof eventRow>) =>
      `${e.time} ${e.operation} ${e.status ?? ''} by ${e.caller ?? 'unknown'}${e.resource ? ` on ${parseArmId(e.resource).name}` : ''}`;
    return { data, text: listText('events', `in ${where} in the last ${days} day${days > 1 ? 's' : ''}`, data, line) };
  },
});
