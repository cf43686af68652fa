import { execFile } from 'node:child_process';
import { readFile, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalConfig } from '../config-local.js';

// Where the host tools read the machine: /proc files, statfs, and systemctl. The real machine by default; the
// sandbox and the tests give a fixed host profile instead, so every figure is known.

export interface StatFs {
  /** Block size in bytes. */
  bsize: number;
  blocks: number;
  /** Free blocks, including those reserved for root. */
  bfree: number;
  /** Free blocks an unprivileged user may use. */
  bavail: number;
}

export interface CommandResult {
  /** The exit code; null when the program was ended by a signal. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export interface HostProbe {
  /** process.platform of the machine described. */
  readonly platform: string;
  /** Time between the two CPU readings of get_system_metrics. */
  readonly cpuSampleMs: number;
  /** A file of /proc by its name there ('stat', 'meminfo'); rejects (code ENOENT) where there is no /proc. */
  readProc(name: string): Promise<string>;
  statfs(path: string): Promise<StatFs>;
  /**
   * Runs systemctl with these arguments, no shell; resolves with the exit code and output whatever the code,
   * rejects with code ENOENT when there is no systemctl, and with killed=true when it outlives timeoutMs.
   */
  systemctl(args: readonly string[], options: { timeoutMs: number; signal?: AbortSignal }): Promise<CommandResult>;
}

/** The probe a tool call uses: the one given to the server (sandbox, tests), else the real machine. */
export function hostProbe(ctx: { host?: HostProbe; config: { local: LocalConfig } }): HostProbe {
  return ctx.host ?? systemHost(ctx.config.local);
}

/** systemctl's own output is all that is read: no pager, no colours, messages in English. */
const SYSTEMCTL_ENV = { SYSTEMD_PAGER: '', SYSTEMD_COLORS: '0', LC_ALL: 'C' };

/** The machine this process runs on, reading /proc under `procRoot` and running the `systemctl` configured. */
export function systemHost(local: Pick<LocalConfig, 'procRoot' | 'systemctl'>): HostProbe {
  return {
    platform: process.platform,
    cpuSampleMs: 250,
    readProc: (name) => readFile(join(local.procRoot, name), 'utf8'),
    statfs: async (path) => {
      const s = await statfs(path);
      return { bsize: s.bsize, blocks: s.blocks, bfree: s.bfree, bavail: s.bavail };
    },
    systemctl: (args, { timeoutMs, signal }) =>
      new Promise((resolve, reject) => {
        execFile(
          local.systemctl,
          [...args],
          { timeout: timeoutMs, signal, maxBuffer: 64 * 1024, windowsHide: true, env: { ...process.env, ...SYSTEMCTL_ENV } },
          (error, stdout, stderr) => {
            // A non-zero exit is an answer (its code is a number); anything else (ENOENT, timeout, abort) is a failure.
            const code: unknown = error?.code;
            if (error && (typeof code !== 'number' || error.killed)) reject(error);
            else resolve({ exitCode: typeof code === 'number' ? code : 0, stdout, stderr });
          },
        );
      }),
  };
}
