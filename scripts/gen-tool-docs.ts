// Regenerates the README tool table (--write) or fails when it is stale (--check).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allTools } from '../src/tools/index.js';
import { withToolTable } from '../src/docs/tool-table.js';

const readmePath = fileURLToPath(new URL('../../README.md', import.meta.url));
const current = readFileSync(readmePath, 'utf8');
const next = withToolTable(current, allTools);
if (process.argv.includes('--write')) {
  writeFileSync(readmePath, next);
  console.log(`README.md tool table: ${allTools.length} tools`);
} else if (next !== current) {
  console.error('README.md tool table is stale: run npm run docs:tools');
  process.exit(1);
}
