// The suite-wide leak scan must be able to fail: a planted secret in a record is reported by its label and where it
// appeared, never by its value; one shown on request (reveal=true) is not a leak. The recorder writes what a test
// process saw when it exits, into the directory scripts/run-tests.mjs names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leakReport, scanLeakRecords } from '../helpers/leak-scan.js';
import type { LeakRecordFile } from '../helpers/leak-record.js';
import { tempDir } from '../helpers/temp.js';

const KEY = 'TGVha2VkU3RvcmFnZUtleTEyMzQ1Njc4OTBhYmNkZWZnaGlqa2xtbm9wcXI=';
const REVEALED = 'cmV2ZWFsZWRPblJlcXVlc3QxMjM0NTY3ODkw';

test('a planted secret in a record is found and named by label and place; the report never prints it', () => {
  const dir = tempDir('leak-scan');
  const file: LeakRecordFile = {
    source: 'dist/test/e2e/storage.test.js',
    secrets: [
      { label: 'storage account key key1', value: KEY },
      { label: 'a key shown on request', value: REVEALED },
      { label: 'too short to scan', value: 'abc' },
    ],
    records: [
      { where: 'tool text of list_storage_accounts from an in-process server', text: 'Storage accounts (1): azopsdemodata' },
      { where: 'structuredContent of get_storage_account from an in-process server', text: `{"keys":[{"value":"${KEY}"}],"abc":1}` },
      { where: 'tool text of storage_account_keys from an in-process server', text: `key1=${REVEALED}`, revealed: true },
    ],
  };
  writeFileSync(join(dir, '1234.json'), JSON.stringify(file));
  writeFileSync(
    join(dir, '5678.json'),
    JSON.stringify({ source: 'clean.test.js', secrets: file.secrets, records: [{ where: 'x', text: 'nothing' }] }),
  );
  const scan = scanLeakRecords(dir);
  assert.equal(scan.files, 2);
  assert.equal(scan.records, 4);
  assert.deepEqual(scan.findings, [
    {
      label: 'storage account key key1',
      where: 'structuredContent of get_storage_account from an in-process server',
      source: 'dist/test/e2e/storage.test.js',
    },
  ]);
  const report = leakReport(scan);
  assert.match(report, /storage account key key1 appeared in the structuredContent of get_storage_account/);
  assert.ok(!report.includes(KEY), 'the report printed the secret');
  assert.equal(leakReport(scanLeakRecords(tempDir('leak-scan-empty'))), '', 'no records, no findings');
});

test('the recorder writes what a test process saw, with its planted secrets, when the process exits', () => {
  const dir = tempDir('leak-record');
  const helpers = new URL('../helpers/', import.meta.url).href;
  const script = `
    const { recordOutput } = await import('${helpers}leak-record.js');
    const { plantSecret } = await import('${helpers}planted-secrets.js');
    plantSecret('a certificate password', 'cert-password-0123456789');
    recordOutput('log (stderr) of a server over stdio', 'INFO loaded certificate with password cert-password-0123456789');
  `;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, AZOPS_LEAK_RECORD_DIR: dir } });
  assert.equal(readdirSync(dir).length, 1);
  const scan = scanLeakRecords(dir);
  assert.deepEqual(
    scan.findings.map((f) => `${f.label} @ ${f.where}`),
    ['a certificate password @ log (stderr) of a server over stdio'],
  );
  assert.ok(scan.secrets >= 5, 'the fixed secrets are part of every record file');
});
