// npm run fuzz -- [--calls N] [--seed S]: the standing tool fuzz, longer than the round npm test runs.
import { parseArgs } from 'node:util';
import { runToolFuzz } from '../test/fuzz/tool-fuzz.js';

const { values } = parseArgs({
  options: { calls: { type: 'string', default: '10000' }, seed: { type: 'string', default: String(Date.now() % 1e9) } },
});
const calls = Number(values.calls);
const seed = Number(values.seed);
const started = Date.now();
const report = await runToolFuzz({ calls, seed });
console.log(
  `${report.calls} calls, seed ${seed}, ${Math.round((Date.now() - started) / 1000)} s: ${report.succeeded} succeeded, ${report.refused} refused, ${report.failures.length} failures`,
);
for (const failure of report.failures.slice(0, 50)) console.log(`- ${failure}`);
process.exit(report.failures.length ? 1 : 0);
