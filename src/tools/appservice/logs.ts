import { z } from 'zod';
import { defineTool } from '../define.js';
import { appServiceClient } from '../../azure/clients-appservice.js';
import { monitorClient } from '../../azure/clients.js';
import { describeError } from '../../azure/errors.js';
import { bounded, limitInput } from '../list.js';
import { resourceGroupInput } from '../arm-common.js';
import { webAppNameInput } from './common.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The most of the docker log read into memory; the last `lines` lines of it are shown. */
const MAX_LOG_BYTES = 2 * 1024 * 1024;

const eventRow = z.object({
  time: z.string(),
  operation: z.string(),
  status: z.string().nullable(),
  caller: z.string().nullable(),
});

/** Reads at most MAX_LOG_BYTES of a stream, keeping the end (the newest lines). */
async function readTail(stream: NodeJS.ReadableStream): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(buffer);
    size += buffer.length;
    while (size > MAX_LOG_BYTES && chunks.length > 1) {
      size -= chunks.shift()!.length;
      truncated = true;
    }
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated };
}

export const viewWebAppLogs = defineTool({
  name: 'webapp_view_logs',
  title: "A web app's container log and activity",
  description:
    "Shows a web app's recent container log lines (the last lines of its docker log: image pulls, container starts and the app's own output) and its control-plane events from the Activity Log for the last `days` days (who started, stopped, changed or deployed it).",
  access: 'read',
  example: { webapp_name: 'azops-web-frontend', resource_group: 'rg-web', days: 1 },
  inputSchema: z.object({
    webapp_name: webAppNameInput,
    resource_group: resourceGroupInput,
    days: z.number().int().min(1).max(7).default(1).describe('How many days of Activity Log events (1-7, default 1).'),
    lines: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(100)
      .describe('How many of the newest container log lines to show (1-1000, default 100).'),
    limit: limitInput(50).describe('Most Activity Log events to show (1-1000, default 50).'),
  }),
  outputSchema: z.object({
    webApp: z.string(),
    containerLog: z.object({
      lines: z.array(z.string()).describe('Newest last.'),
      shown: z.number(),
      available: z.number().describe('Lines in the part of the log that was read.'),
      note: z.string().nullable().describe('Why there are no lines, or that the log was cut.'),
    }),
    events: z.object({
      total: z.number(),
      shown: z.number(),
      items: z.array(eventRow).describe('Newest first.'),
      hint: z.string().optional(),
      note: z.string().nullable().describe('Why events could not be read, when they could not.'),
    }),
  }),
  async handler({ webapp_name, resource_group, days, lines, limit }, { session, signal }) {
    const { client } = await appServiceClient(session);
    const site = await client.webApps.get(resource_group, webapp_name, { abortSignal: signal });

    let logLines: string[] = [];
    let logNote: string | null = null;
    try {
      const response = await client.webApps.getWebSiteContainerLogs(resource_group, webapp_name, { abortSignal: signal });
      if (response.readableStreamBody) {
        const { text, truncated } = await readTail(response.readableStreamBody);
        logLines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
        if (truncated) logLines = logLines.slice(1); // the first line may be cut in half
        if (truncated) logNote = `Only the last ${MAX_LOG_BYTES / 1024 / 1024} MB of the log were read.`;
      }
      if (!logLines.length) logNote = 'The container log is empty (the app has no container running, or it has not written anything yet).';
    } catch (error) {
      if (signal.aborted) throw error;
      logNote = `The container log could not be read: ${describeError(error)}`;
    }
    const shownLines = logLines.slice(-lines);

    const end = new Date();
    const start = new Date(end.getTime() - days * DAY_MS);
    const rows: z.infer<typeof eventRow>[] = [];
    let eventNote: string | null = null;
    try {
      const { client: monitor } = await monitorClient(session);
      const filter = `eventTimestamp ge '${start.toISOString()}' and eventTimestamp le '${end.toISOString()}' and resourceUri eq '${(site.id ?? '').replace(/'/g, "''")}'`;
      for await (const e of monitor.activityLogs.list(filter, { abortSignal: signal })) {
        rows.push({
          time: e.eventTimestamp ? new Date(e.eventTimestamp).toISOString() : '',
          operation: e.operationName?.localizedValue ?? e.operationName?.value ?? '',
          status: e.status?.localizedValue ?? e.status?.value ?? null,
          caller: e.caller ?? null,
        });
        if (rows.length >= 1000) break;
      }
    } catch (error) {
      if (signal.aborted) throw error;
      eventNote = `The Activity Log could not be read: ${describeError(error)}`;
    }
    rows.sort((a, b) => b.time.localeCompare(a.time));
    const events = { ...bounded(rows, limit, 'narrow with fewer days'), note: eventNote };

    const period = `the last ${days} day${days > 1 ? 's' : ''}`;
    const text = [
      `Container log of ${webapp_name} (${site.state ?? 'state unknown'}), last ${shownLines.length} line(s)${logLines.length > shownLines.length ? ` of ${logLines.length}` : ''}:`,
      ...(shownLines.length ? shownLines.map((line) => `  ${line}`) : []),
      ...(logNote ? [logNote] : []),
      eventNote ??
        (rows.length ? `Activity Log events in ${period} (${rows.length}):` : `No Activity Log events for ${webapp_name} in ${period}.`),
      ...events.items.map((e) => `- ${e.time} ${e.operation} ${e.status ?? ''} by ${e.caller ?? 'unknown'}`),
      ...(events.hint ? [events.hint] : []),
    ].join('\n');
    return {
      data: {
        webApp: webapp_name,
        containerLog: { lines: shownLines, shown: shownLines.length, available: logLines.length, note: logNote },
        events,
      },
      text,
    };
  },
});
