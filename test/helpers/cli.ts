// Runs the built command line like a person would, for the command-line tests.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { LOOPBACK_GUARD, nodeOnlyBinDir, SERVER_ENTRY } from './server-process.js';
import { tempDir } from './temp.js';
import { recordAuditLog, recordOutput } from './leak-record.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI like a person would, with no Azure configuration at all (plus `env`, in `cwd`). */
export async function cliIn(options: { env?: Record<string, string>; cwd?: string }, ...args: string[]): Promise<CliRun> {
  const run = await runCli(options, args);
  const command = `azops-mcp ${args.slice(0, 3).join(' ')}`;
  const revealed = args.some((arg) => /^reveal=true$|^--reveal$/.test(arg));
  recordOutput(`stdout of the command line (${command})`, run.stdout, { revealed });
  recordOutput(`stderr of the command line (${command})`, run.stderr);
  recordAuditLog(options.env?.AZOPS_AUDIT_LOG);
  return run;
}

async function runCli(options: { env?: Record<string, string>; cwd?: string }, args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SERVER_ENTRY, ...args], {
      env: { PATH: nodeOnlyBinDir(), NODE_OPTIONS: `--import ${LOOPBACK_GUARD}`, ...options.env },
      cwd: options.cwd ?? tempDir('cli-cwd'),
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

export const cli = (...args: string[]): Promise<CliRun> => cliIn({}, ...args);

/** `call ... --output json`, parsed; fails the test with the CLI's stderr when the call failed. */
export async function callJson(
  options: { env?: Record<string, string>; cwd?: string },
  ...args: string[]
): Promise<Record<string, unknown>> {
  const run = await cliIn(options, ...args, '--output', 'json');
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}
