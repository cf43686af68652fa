// The second half of `npm run build`, after tsc: writes dist/catalog.json (what tools/list serves, so start-up
// loads no tool module and converts no schema) and bundles the server into dist/bundle/, the package's `bin`
// (one file to read instead of a few hundred modules: start-up time is mostly module loading).
// The Azure SDK stays outside the bundle: it is imported on first use and must be the package users install.
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { allTools } from '../src/tools/index.js';
import { catalogEntry } from '../src/mcp/catalog.js';
import { VERSION } from '../src/server.js';

const dist = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

const tools = allTools.map(catalogEntry);
writeFileSync(dist('catalog.json'), `${JSON.stringify({ version: VERSION, tools })}\n`);

rmSync(dist('bundle'), { recursive: true, force: true });
await build({
  entryPoints: [dist('src/index.js')],
  outdir: dist('bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@azure/*', 'arm-containerregistry-tasks'],
  logLevel: 'warning',
});
console.log(`dist/catalog.json: ${tools.length} tools; dist/bundle/: the server`);
