// The scanning half of the suite-wide leak scan (issue 12): reads what leak-record.ts wrote for every test process and
// reports each planted secret found in a record, by its label and where it appeared, never by its value.
// scripts/run-tests.mjs runs it after the tests and fails the run on any finding.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LeakRecordFile } from './leak-record.js';
import type { PlantedSecret } from './planted-secrets.js';

export interface LeakFinding {
  label: string;
  where: string;
  source: string;
}

export interface LeakScan {
  files: number;
  records: number;
  bytes: number;
  secrets: number;
  findings: LeakFinding[];
}

/** Secrets shorter than this are too likely to occur by chance to be scanned for (every planted one is longer). */
const MIN_SECRET_LENGTH = 10;

/**
 * Each test process's records against the secrets planted in that process (a token one process's emulator issued
 * cannot reach another process's servers), with the string search V8 does best: one secret at a time.
 */
export function scanLeakRecords(dir: string): LeakScan {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as LeakRecordFile);
  const findings: LeakFinding[] = [];
  const seen = new Set<string>();
  const allSecrets = new Set<string>();
  let records = 0;
  let bytes = 0;
  for (const file of files) {
    const secrets = new Map<string, PlantedSecret>();
    for (const secret of file.secrets)
      if (secret.value.length >= MIN_SECRET_LENGTH && !secrets.has(secret.value)) secrets.set(secret.value, secret);
    for (const value of secrets.keys()) allSecrets.add(value);
    for (const record of file.records) {
      records++;
      bytes += record.text.length;
      if (record.revealed) continue;
      for (const secret of secrets.values()) {
        if (!record.text.includes(secret.value)) continue;
        const key = `${secret.label}\u0000${record.where}\u0000${file.source}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push({ label: secret.label, where: record.where, source: file.source });
      }
    }
  }
  return { files: files.length, records, bytes, secrets: allSecrets.size, findings };
}

/** The report: labels and places only, never a secret's value. */
export function leakReport(scan: LeakScan): string {
  if (!scan.findings.length) return '';
  const lines = scan.findings.map((f) => `- ${f.label} appeared in the ${f.where} (${f.source})`);
  return `Leak scan: ${scan.findings.length} planted secret${scan.findings.length === 1 ? '' : 's'} appeared in what a server said:\n${lines.join('\n')}`;
}
