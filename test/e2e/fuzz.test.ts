import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runToolFuzz } from '../fuzz/tool-fuzz.js';

// A short fixed-seed round of the standing fuzz on every run; CI runs 3,000 calls (`npm run fuzz -- --calls N`).
test('fuzz: 400 seeded random and hostile calls over every tool answer in time, with no internal errors, no stray paths and no writes in read-only mode', async () => {
  const report = await runToolFuzz({ calls: 400, seed: 20261204 });
  assert.deepEqual(report.failures.slice(0, 10), [], `${report.failures.length} failures`);
  assert.equal(report.calls, 400);
  assert.ok(report.succeeded > 50, `only ${report.succeeded} calls got through validation: the fuzz is not reaching Azure`);
  assert.ok(report.refused > 50, `only ${report.refused} calls were refused: the fuzz is not hostile`);
});
