import os from 'node:os';
import { parse as parsePath } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HostProbe } from './host.js';

// The host's figures from /proc and statfs (Node's os module where there is no /proc): no shell, no top, no df.

export interface LoadAverage {
  one: number;
  five: number;
  fifteen: number;
}

export interface MemoryFigures {
  totalBytes: number;
  availableBytes: number;
  usedBytes: number;
  usedPercent: number;
}

export interface SwapFigures {
  totalBytes: number;
  freeBytes: number;
  usedBytes: number;
  usedPercent: number;
}

export interface DiskFigures {
  mount: string;
  device: string;
  type: string;
  totalBytes: number;
  usedBytes: number;
  availableBytes: number;
  usedPercent: number;
}

export interface SystemMetrics {
  source: 'proc' | 'os';
  platform: string;
  uptimeSeconds: number;
  cpu: { cores: number; usagePercent: number | null; sampleMs: number; loadAverage: LoadAverage | null };
  memory: MemoryFigures;
  swap: SwapFigures | null;
  disks: DiskFigures[];
  notes: string[];
}

/** What get_infrastructure_status shows of the host: the quick figures, no CPU sample and no disks. */
export interface LoadSummary {
  platform: string;
  uptimeSeconds: number;
  cores: number;
  loadAverage: LoadAverage | null;
  memoryUsedPercent: number;
}

/** Filesystems with no disk behind them, and image mounts that are always full: not disk use anyone asks about. */
const PSEUDO_FILESYSTEMS = new Set(
  (
    'proc sysfs devtmpfs devpts tmpfs ramfs cgroup cgroup2 securityfs pstore bpf debugfs tracefs configfs fusectl ' +
    'mqueue hugetlbfs autofs binfmt_misc rpc_pipefs nsfs efivarfs selinuxfs squashfs fuse.lxcfs fuse.gvfsd-fuse fuse.portal'
  ).split(' '),
);
/** Mounts the container runtimes make for each container: the host's own disks are elsewhere. */
const RUNTIME_MOUNTS = /^\/(var\/lib\/(docker|containerd|containers)|run\/(docker|containerd|netns))\//;
const MAX_DISKS = 30;
const STATFS_TIMEOUT_MS = 2000;

const round1 = (n: number) => Math.round(n * 10) / 10;
const percent = (part: number, whole: number) => (whole > 0 ? round1((part / whole) * 100) : 0);

/** Busy and total jiffies of the first line of /proc/stat. */
export function cpuTimes(stat: string): { busy: number; total: number } | undefined {
  const fields = /^cpu\s+(.*)$/m.exec(stat)?.[1]?.trim().split(/\s+/).map(Number);
  if (!fields || fields.length < 4 || fields.some((n) => !Number.isFinite(n))) return undefined;
  // user nice system idle iowait irq softirq steal; guest time is already counted in user and nice.
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = fields[3]! + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** /proc/meminfo as bytes by name. */
export function meminfo(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const match of text.matchAll(/^(\w+(?:\(\w+\))?):\s+(\d+)(?:\s+kB)?$/gm)) {
    values.set(match[1]!, Number(match[2]) * (match[0].endsWith('kB') ? 1024 : 1));
  }
  return values;
}

/** /proc/mounts entries, with the kernel's octal escapes (\040 for a space) decoded. */
export function mounts(text: string): { device: string; mount: string; type: string }[] {
  const decode = (s: string) => s.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
  return text
    .split('\n')
    .map((line) => line.split(' '))
    .filter((f) => f.length >= 3)
    .map(([device, mount, type]) => ({ device: decode(device!), mount: decode(mount!), type: type! }));
}

function loadAverage(text: string): LoadAverage | null {
  const [one, five, fifteen] = text.trim().split(/\s+/).map(Number);
  if (![one, five, fifteen].every((n) => Number.isFinite(n))) return null;
  return { one: one!, five: five!, fifteen: fifteen! };
}

/** Reads a /proc file; undefined when there is no /proc (another system), any other failure is thrown. */
async function maybeProc(probe: HostProbe, name: string): Promise<string | undefined> {
  try {
    return await probe.readProc(name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function memoryFrom(info: Map<string, number>): MemoryFigures {
  const total = info.get('MemTotal') ?? 0;
  // MemAvailable exists since Linux 3.14; before it, free plus reclaimable caches is the usual estimate.
  const available = info.get('MemAvailable') ?? (info.get('MemFree') ?? 0) + (info.get('Buffers') ?? 0) + (info.get('Cached') ?? 0);
  return { totalBytes: total, availableBytes: available, usedBytes: total - available, usedPercent: percent(total - available, total) };
}

function osMemory(): MemoryFigures {
  const total = os.totalmem();
  const free = os.freemem();
  return { totalBytes: total, availableBytes: free, usedBytes: total - free, usedPercent: percent(total - free, total) };
}

const osLoad = (platform: string): LoadAverage | null => {
  if (platform === 'win32') return null;
  const [one, five, fifteen] = os.loadavg();
  return { one: one!, five: five!, fifteen: fifteen! };
};

function osCpuTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

/** The quick figures: load, cores, memory, uptime. */
export async function loadSummary(probe: HostProbe): Promise<LoadSummary> {
  const [stat, load, memory, uptime] = await Promise.all(['stat', 'loadavg', 'meminfo', 'uptime'].map((name) => maybeProc(probe, name)));
  return {
    platform: probe.platform,
    uptimeSeconds: uptime ? Math.round(Number(uptime.split(/\s+/)[0])) : Math.round(os.uptime()),
    cores: stat ? stat.match(/^cpu\d+\s/gm)?.length || os.availableParallelism() : os.availableParallelism(),
    loadAverage: load ? loadAverage(load) : osLoad(probe.platform),
    memoryUsedPercent: (memory ? memoryFrom(meminfo(memory)) : osMemory()).usedPercent,
  };
}

/** Everything get_system_metrics reports; takes cpuSampleMs for the CPU reading. */
export async function systemMetrics(probe: HostProbe, signal?: AbortSignal): Promise<SystemMetrics> {
  const notes: string[] = [];
  const firstStat = await maybeProc(probe, 'stat');
  const fromProc = firstStat !== undefined;
  const before = fromProc ? cpuTimes(firstStat) : osCpuTimes();
  await sleep(probe.cpuSampleMs, undefined, { signal });
  const after = fromProc ? cpuTimes((await maybeProc(probe, 'stat')) ?? '') : osCpuTimes();
  const elapsed = before && after ? after.total - before.total : 0;
  const usagePercent = before && after && elapsed > 0 ? percent(after.busy - before.busy, elapsed) : null;
  if (usagePercent === null) notes.push('CPU use could not be measured: no CPU time passed between the two readings.');

  const summary = await loadSummary(probe);
  let memory: MemoryFigures;
  let swap: SwapFigures | null = null;
  const memoryText = await maybeProc(probe, 'meminfo');
  if (memoryText) {
    const info = meminfo(memoryText);
    memory = memoryFrom(info);
    const total = info.get('SwapTotal') ?? 0;
    const free = info.get('SwapFree') ?? 0;
    swap = { totalBytes: total, freeBytes: free, usedBytes: total - free, usedPercent: percent(total - free, total) };
  } else {
    memory = osMemory();
    notes.push('Swap is not reported on this system (no /proc/meminfo).');
  }

  const mountText = await maybeProc(probe, 'mounts');
  const candidates = mountText
    ? mounts(mountText).filter((m) => !PSEUDO_FILESYSTEMS.has(m.type) && !RUNTIME_MOUNTS.test(m.mount))
    : [{ device: '', mount: parsePath(process.cwd()).root, type: '' }];
  const disks = await diskFigures(probe, candidates, notes);
  return {
    source: fromProc ? 'proc' : 'os',
    platform: probe.platform,
    uptimeSeconds: summary.uptimeSeconds,
    cpu: { cores: summary.cores, usagePercent, sampleMs: probe.cpuSampleMs, loadAverage: summary.loadAverage },
    memory,
    swap,
    disks,
    notes,
  };
}

/** One row per filesystem (bind mounts of the same device shown once, by the shortest path), at most MAX_DISKS. */
async function diskFigures(probe: HostProbe, candidates: { device: string; mount: string; type: string }[], notes: string[]) {
  const byFilesystem = new Map<string, { device: string; mount: string; type: string }>();
  for (const m of candidates) {
    const key = m.device.startsWith('/') ? `${m.device}|${m.type}` : `mount|${m.mount}`;
    const seen = byFilesystem.get(key);
    if (!seen || m.mount.length < seen.mount.length) byFilesystem.set(key, m);
  }
  const chosen = [...byFilesystem.values()].sort((a, b) => a.mount.localeCompare(b.mount));
  if (chosen.length > MAX_DISKS) notes.push(`${chosen.length} filesystems are mounted; the first ${MAX_DISKS} by path are shown.`);
  const disks: DiskFigures[] = [];
  for (const m of chosen.slice(0, MAX_DISKS)) {
    let timer: NodeJS.Timeout | undefined;
    try {
      const s = await Promise.race([
        probe.statfs(m.mount),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer within 2 s')), STATFS_TIMEOUT_MS))),
      ]);
      const total = s.blocks * s.bsize;
      if (total === 0) continue;
      const used = (s.blocks - s.bfree) * s.bsize;
      const available = s.bavail * s.bsize;
      disks.push({ ...m, totalBytes: total, usedBytes: used, availableBytes: available, usedPercent: percent(used, used + available) });
    } catch (error) {
      notes.push(`${m.mount} could not be read: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
  return disks;
}
