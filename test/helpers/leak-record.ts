// The recording half of the suite-wide leak scan (issue 12). When AZOPS_LEAK_RECORD_DIR is set (scripts/run-tests.mjs
// sets it), everything a server says to a test through the helpers (tool text and structuredContent, stderr, logs,
// audit files, the command line's output, raw stdio answers) is kept, labelled with where it came from, and written
// with the secrets this process planted into that directory when the process exits; leak-scan.ts reads it after
// the run. Nothing is written without the variable, so a test run by hand is not slowed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { EmulatedAzure } from '../../src/emulator/index.js';
import { emulatorSecrets, FIXED_SECRETS, plantedAtRunTime, type PlantedSecret } from './planted-secrets.js';

export const LEAK_RECORD_DIR_VARIABLE = 'AZOPS_LEAK_RECORD_DIR';

export interface LeakRecord {
  /** What said it: "tool text of list_vms", "stderr of a server over stdio", "audit log". */
  where: string;
  text: string;
  /** Shown because the test asked for it (reveal=true with consent): not a leak. */
  revealed?: boolean;
}

/** One test process's file in the record directory. */
export interface LeakRecordFile {
  /** The test file, relative to the working directory. */
  source: string;
  records: LeakRecord[];
  secrets: PlantedSecret[];
}

const dir = process.env[LEAK_RECORD_DIR_VARIABLE];
const records: LeakRecord[] = [];
const emulators = new Set<EmulatedAzure>();

/** Keeps what a server said, for the scan after the run. Does nothing unless the run records. */
export function recordOutput(where: string, text: string, options: { revealed?: boolean } = {}): void {
  if (!dir || !text) return;
  records.push({ where, text, ...(options.revealed ? { revealed: true } : {}) });
}

/** Reads an audit log a server wrote (before the test's temporary directories go). */
export function recordAuditLog(path: string | undefined): void {
  if (!dir || !path || !existsSync(path)) return;
  try {
    recordOutput(`audit log ${path}`, readFileSync(path, 'utf8'));
  } catch {
    // Unreadable on purpose (the fail-closed audit tests): nothing was written there.
  }
}

/** The emulator's tokens, keys and passwords join the planted secrets, as they are at the end of the process. */
export function recordEmulator(azure: EmulatedAzure): void {
  if (dir) emulators.add(azure);
}

if (dir) {
  process.on('exit', () => {
    if (!records.length) return;
    const secrets = [...FIXED_SECRETS, ...plantedAtRunTime(), ...[...emulators].flatMap(emulatorSecrets)];
    const source = relative(process.cwd(), process.argv[1] ?? 'unknown');
    const file: LeakRecordFile = { source, records, secrets };
    writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(file));
  });
}
