// Process memory from /proc (Linux): VmHWM is the peak resident set size of a process so far.
import { existsSync, readFileSync, readdirSync } from 'node:fs';

/** A field of /proc/<pid>/status in kB, or undefined when the process is gone. */
function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Peak RSS of one process, in MB (1 MB = 1024 kB). */
export function peakRssMb(pid: number): number | undefined {
  const kb = statusKb(pid, 'VmHWM');
  return kb === undefined ? undefined : kb / 1024;
}

export function rssMb(pid: number): number | undefined {
  const kb = statusKb(pid, 'VmRSS');
  return kb === undefined ? undefined : kb / 1024;
}

/** Direct children of a process (every thread's children file, else a scan of /proc/<n>/stat). */
export function childPids(pid: number): number[] {
  const found = new Set<number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const path = `/proc/${pid}/task/${tid}/children`;
      if (!existsSync(path)) continue;
      for (const word of readFileSync(path, 'utf8').trim().split(/\s+/)) if (word) found.add(Number(word));
    }
    if (found.size) return [...found];
  } catch {
    return [];
  }
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.add(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return [...found];
}

/** A process and all its descendants. */
export function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...childPids(all[i]!));
  return all;
}

export function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

export function isAlive(pid: number): boolean {
  return existsSync(`/proc/${pid}`);
}

/** Still running: alive and not a zombie (a process that has exited but whose parent has not collected it yet). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Resolves once none of `pids` runs any more, or after `timeoutMs`. */
export async function untilExited(pids: readonly number[], timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isRunning) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}
