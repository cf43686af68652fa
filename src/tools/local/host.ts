import { z } from 'zod';
import { defineTool } from '../define.js';
import { hostProbe } from '../../local/host.js';
import { systemMetrics } from '../../local/metrics.js';
import { unitName } from '../../local/names.js';
import { duration, unitHealth } from '../../local/systemd.js';
import { bytesText } from './common.js';

const loadSchema = z
  .object({ one: z.number(), five: z.number(), fifteen: z.number() })
  .nullable()
  .describe('Load average over 1, 5 and 15 minutes (null where the system has none, e.g. Windows).');
const usageSchema = {
  totalBytes: z.number(),
  usedBytes: z.number(),
  usedPercent: z.number().describe('Percent used, one decimal.'),
};

export const loadText = (load: { one: number; five: number; fifteen: number } | null) =>
  load ? `load ${load.one.toFixed(2)} ${load.five.toFixed(2)} ${load.fifteen.toFixed(2)} (1, 5, 15 min)` : 'no load average';

export const getSystemMetrics = defineTool({
  name: 'get_system_metrics',
  title: 'Host metrics',
  description:
    'CPU use (measured over a short sample), load average, memory and swap, disk use per mounted filesystem and uptime of the machine the server runs on, as numbers. Read from /proc and the filesystems themselves, no shell commands.',
  access: 'read',
  openWorld: false,
  example: {},
  inputSchema: z.object({}),
  outputSchema: z.object({
    source: z.enum(['proc', 'os']).describe('proc: read from /proc (Linux); os: from the Node.js runtime (other systems).'),
    platform: z.string(),
    uptimeSeconds: z.number(),
    cpu: z.object({
      cores: z.number(),
      usagePercent: z.number().nullable().describe('CPU busy over the sample, all cores together, percent.'),
      sampleMs: z.number().describe('Length of the sample in milliseconds.'),
      loadAverage: loadSchema,
    }),
    memory: z.object({ ...usageSchema, availableBytes: z.number().describe('Memory available to new programs without swapping.') }),
    swap: z
      .object({ ...usageSchema, freeBytes: z.number() })
      .nullable()
      .describe('Swap space (totalBytes 0 when there is none); null when the system does not say.'),
    disks: z.array(
      z.object({
        mount: z.string(),
        device: z.string(),
        type: z.string().describe('Filesystem type.'),
        ...usageSchema,
        availableBytes: z.number().describe('Space an ordinary user can still write.'),
      }),
    ),
    notes: z.array(z.string()).describe('What could not be measured, and why.'),
  }),
  async handler(_input, ctx) {
    const data = await systemMetrics(hostProbe(ctx), ctx.signal);
    const { cpu, memory, swap } = data;
    const lines = [
      `Host metrics (${data.platform}, up ${duration(data.uptimeSeconds)}):`,
      `CPU: ${cpu.usagePercent === null ? 'use unknown' : `${cpu.usagePercent}% used over ${cpu.sampleMs} ms`}, ${cpu.cores} cores; ${loadText(cpu.loadAverage)}`,
      `Memory: ${bytesText(memory.usedBytes)} of ${bytesText(memory.totalBytes)} used (${memory.usedPercent}%), ${bytesText(memory.availableBytes)} available`,
      swap
        ? swap.totalBytes
          ? `Swap: ${bytesText(swap.usedBytes)} of ${bytesText(swap.totalBytes)} used (${swap.usedPercent}%)`
          : 'Swap: none'
        : 'Swap: not reported',
      data.disks.length ? 'Disks:' : 'Disks: none could be read',
      ...data.disks.map(
        (d) =>
          `- ${d.mount}: ${bytesText(d.usedBytes)} of ${bytesText(d.totalBytes)} used (${d.usedPercent}%), ${bytesText(d.availableBytes)} free (${d.type}${d.device ? `, ${d.device}` : ''})`,
      ),
      ...data.notes.map((n) => `Note: ${n}`),
    ];
    return { data, text: lines.join('\n') };
  },
});

export const checkServiceHealth = defineTool({
  name: 'check_service_health',
  title: 'systemd service state',
  description:
    'The state of a systemd unit on this machine (ActiveState, SubState, since when), through systemctl show with only those properties: no journal lines. A name without a type is a service (nginx → nginx.service). Says so plainly where the machine has no systemd (most containers, macOS, Windows).',
  access: 'read',
  openWorld: false,
  example: { service_name: 'nginx' },
  inputSchema: z.object({
    service_name: z
      .string()
      .trim()
      .transform((value, ctx) => {
        const name = unitName(value);
        if ('unit' in name) return name.unit;
        ctx.addIssue({ code: 'custom', message: name.problem });
        return z.NEVER;
      })
      .describe('systemd unit name, e.g. nginx, docker.service or getty@tty1.service.'),
  }),
  outputSchema: z.object({
    unit: z.string().describe('The full unit name checked.'),
    serviceManager: z.enum(['systemd', 'none']).describe('none: this machine has no running systemd.'),
    found: z.boolean().nullable().describe('Whether systemd knows the unit (null without systemd).'),
    loadState: z.string().nullable(),
    activeState: z.string().nullable().describe('active, reloading, inactive, failed, activating or deactivating.'),
    subState: z.string().nullable().describe('e.g. running, exited, dead, failed.'),
    since: z.string().nullable().describe('When the unit last became active, as systemd writes it.'),
    activeForSeconds: z.number().nullable(),
    healthy: z.boolean().nullable().describe('True when active (or reloading); null when it cannot be told.'),
    message: z.string(),
  }),
  async handler({ service_name }, ctx) {
    const data = await unitHealth(hostProbe(ctx), service_name, ctx.signal);
    return { data, text: data.message };
  },
});
