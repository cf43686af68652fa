import { z } from 'zod';
import { defineTool } from '../define.js';
import { bounded, limitInput, listOutput, listText } from '../list.js';
import { containerIdInput, containerName, containerOf, containerSchema, dockerEngine, portText, shortId } from './common.js';
import { MAX_LOG_LINES, readContainerLogs } from '../../local/docker-logs.js';

export const listContainers = defineTool({
  name: 'list_containers',
  title: 'List Docker containers',
  description:
    'Lists the containers of the Docker engine on this machine (DOCKER_HOST, or the default socket): short id, name, image, state, status and published ports. Running ones only unless all=true.',
  access: 'read',
  openWorld: false,
  example: {},
  inputSchema: z.object({
    all: z.boolean().default(false).describe('Also list stopped, exited and created containers (like docker ps -a).'),
    limit: limitInput(),
  }),
  outputSchema: listOutput(
    z.object({
      id: z.string().describe('Short container id (12 characters); get_container_logs and restart_container take it.'),
      name: z.string(),
      image: z.string(),
      state: z.string().describe('running, restarting, exited, paused, created or dead.'),
      status: z.string().describe('What docker ps shows, e.g. "Up 2 hours" or "Exited (1) 3 minutes ago".'),
      ports: z.array(z.string()).describe('Published ports, e.g. 0.0.0.0:8080->80/tcp.'),
    }),
  ),
  async handler({ all, limit }, ctx) {
    const containers = await dockerEngine(ctx).listContainers(all);
    const rows = containers.map((c) => ({
      id: shortId(c.Id),
      name: containerName(c.Names),
      image: c.Image ?? '',
      state: c.State ?? '',
      status: c.Status ?? '',
      ports: portText(c.Ports),
    }));
    const data = bounded(rows, limit, undefined);
    const where = all ? 'on the Docker engine' : 'running on the Docker engine';
    const text =
      data.total === 0
        ? `No containers ${where}${all ? '' : ' (all=true lists stopped ones too)'}.`
        : listText(
            'containers',
            where,
            data,
            (r) => `${r.name} (${r.id}): ${r.image}, ${r.state}, ${r.status}${r.ports.length ? `, ports ${r.ports.join(', ')}` : ''}`,
          );
    return { data, text };
  },
});

const streamLabel = { stdout: 'stdout', stderr: 'stderr', tty: 'tty' } as const;

export const getContainerLogs = defineTool({
  name: 'get_container_logs',
  title: 'Docker container logs',
  description: `The last lines a container wrote, stdout and stderr both, each line marked with its stream (one "tty" stream for containers with a terminal). At most ${MAX_LOG_LINES} lines; very long lines and very large logs are cut, the most recent lines kept.`,
  access: 'read',
  openWorld: false,
  example: { container_id: 'web-frontend', lines: 20 },
  inputSchema: z.object({
    container_id: containerIdInput,
    lines: z
      .number()
      .int()
      .min(1)
      .max(MAX_LOG_LINES)
      .default(50)
      .describe(`How many of the most recent lines to return (1-${MAX_LOG_LINES}, default 50).`),
  }),
  outputSchema: z.object({
    container: containerSchema,
    requested: z.number().describe('Lines asked for.'),
    shown: z.number().describe('Lines returned.'),
    stdoutLines: z.number(),
    stderrLines: z.number(),
    lines: z.array(
      z.object({
        stream: z.enum(['stdout', 'stderr', 'tty']).describe('Which stream wrote the line; tty for a container with a terminal.'),
        text: z.string(),
      }),
    ),
    cut: z.string().nullable().describe('What was left out to keep the answer small, if anything.'),
  }),
  async handler({ container_id, lines }, ctx) {
    const engine = dockerEngine(ctx);
    const details = await engine.inspect(container_id);
    const container = containerOf(details);
    const logs = await readContainerLogs(engine, details, lines);
    const count = (stream: string) => logs.lines.filter((l) => l.stream === stream).length;
    const data = {
      container,
      requested: lines,
      shown: logs.lines.length,
      stdoutLines: count('stdout'),
      stderrLines: count('stderr'),
      lines: logs.lines,
      cut: logs.cut,
    };
    const name = `${container.name} (${container.id})`;
    const streams = details.Config?.Tty ? 'one tty stream' : `${data.stdoutLines} stdout, ${data.stderrLines} stderr`;
    const heading =
      data.shown === 0
        ? `No log lines from ${name}.`
        : `Last ${data.shown} log lines of ${name}: ${streams}, oldest first, each line marked with its stream:`;
    const body = logs.lines.map((l) => `${streamLabel[l.stream]}: ${l.text}`);
    return { data, text: [heading, ...body, ...(logs.cut ? [`Cut: ${logs.cut}`] : [])].join('\n') };
  },
});

export const restartContainer = defineTool({
  name: 'restart_container',
  title: 'Restart a Docker container',
  description:
    'Restarts a container on this machine: the engine stops it (its stop grace period, SIGKILL after) and starts it again; what the container was doing is interrupted. Reports the state afterwards.',
  access: 'destructive',
  openWorld: false,
  example: { container_id: 'web-frontend' },
  inputSchema: z.object({ container_id: containerIdInput }),
  outputSchema: z.object({
    container: containerSchema,
    stateBefore: z.string(),
    state: z.string().describe('State after the restart: running when it came back up.'),
    startedAt: z.string().nullable().describe('When the container last started, ISO 8601.'),
    restartCount: z.number().nullable().describe('Restarts the engine made under its restart policy (not counting this one).'),
    running: z.boolean(),
    message: z.string(),
  }),
  async handler({ container_id }, ctx) {
    const engine = dockerEngine(ctx);
    const before = await engine.inspect(container_id);
    const container = containerOf(before);
    await ctx.progress(`Restarting container ${container.name} (${container.id})`);
    await engine.restart(before.Id);
    const after = await engine.inspect(before.Id);
    const state = after.State?.Status ?? 'unknown';
    const running = state === 'running';
    const name = `${container.name} (${container.id})`;
    const message = running
      ? `Container ${name} restarted: it is running again (started ${after.State?.StartedAt ?? 'just now'}).`
      : `Container ${name} was restarted but is now ${state}${after.State?.ExitCode ? ` (exit code ${after.State.ExitCode})` : ''}: get_container_logs container_id=${container.id} shows why.`;
    const data = {
      container,
      stateBefore: before.State?.Status ?? 'unknown',
      state,
      startedAt: after.State?.StartedAt ?? null,
      restartCount: typeof after.RestartCount === 'number' ? after.RestartCount : null,
      running,
      message,
    };
    return { data, text: message };
  },
});
