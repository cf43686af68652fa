import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runToolFuzz } from '../fuzz/tool-fuzz.js';

// A short fixed-seed round of the standing fuzz on every run; `npm run fuzz -- --calls N` runs a longer one.
test('fuzz: 1,500 seeded random and hostile calls over every tool answer in time, with no internal errors, no stray paths and no writes in read-only mode', async () => {
  const report = await runToolFuzz({ calls: 1500, seed: 20261204 });
  assert.deepEqual(report.failures.slice(0, 10), [], `${report.failures.length} failures`);
  assert.equal(report.calls, 1500);
  assert.ok(report.succeeded > 100, `only ${report.succeeded} calls got through validation: the fuzz is not reaching Azure`);
  assert.ok(report.refused > 100, `only ${report.refused} calls were refused: the fuzz is not hostile`);
});
