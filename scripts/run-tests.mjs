// Runs the compiled tests with node's test runner: `node scripts/run-tests.mjs [e2e|unit] [file filter]`.
import { readdirSync, statSync } from 'node:fs';
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
const result = spawnSync(process.execPath, ['--import', loopbackGuard, '--test', '--test-concurrency=4', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
