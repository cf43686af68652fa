// Runs the compiled tests with node's test runner: `node scripts/run-tests.mjs [e2e|unit] [file filter]`.
// Then the leak scan: what every server said to the tests (recorded by test/helpers/leak-record.ts into a directory
// named by AZOPS_LEAK_RECORD_DIR) is searched for every secret the tests planted; a finding fails the run.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = 'dist/test';
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.test.js') ? [path] : [];
  });
const [scope, filter] = process.argv.slice(2);
let files = walk(root).sort();
if (scope === 'e2e') files = files.filter((f) => f.includes('/e2e/'));
else if (scope === 'unit') files = files.filter((f) => !f.includes('/e2e/'));
if (filter) files = files.filter((f) => f.includes(filter));
if (!files.length) {
  console.error('no test files found');
  process.exit(1);
}
const loopbackGuard = new URL('../dist/test/helpers/loopback-guard.js', import.meta.url).href;
const recordDir = mkdtempSync(join(tmpdir(), 'azops-leak-record-'));
let status;
try {
  // Six test files at a time, even on 2 cores: many spend most of their time waiting on purpose (deadlines, long-running
  // operations, rate limits). Measured on 2 cores: six took about 7 s less than four (of about 75), eight was slower.
  const result = spawnSync(process.execPath, ['--import', loopbackGuard, '--test', '--test-concurrency=6', ...files], {
    stdio: 'inherit',
    env: { ...process.env, AZOPS_LEAK_RECORD_DIR: recordDir },
  });
  status = result.status ?? 1;
  const { scanLeakRecords, leakReport } = await import('../dist/test/helpers/leak-scan.js');
  const started = performance.now();
  const scan = scanLeakRecords(recordDir);
  const took = Math.round(performance.now() - started);
  const size = `${scan.records} records (${(scan.bytes / 1e6).toFixed(1)} MB) from ${scan.files} test files, ${scan.secrets} planted secrets, ${took} ms`;
  if (scan.findings.length) {
    console.error(`\n${leakReport(scan)}\n(${size})`);
    status = 1;
  } else console.log(`\nLeak scan: no planted secret in what the servers said (${size}).`);
} finally {
  rmSync(recordDir, { recursive: true, force: true });
}
process.exit(status);
