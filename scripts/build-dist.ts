// The second half of `npm run build`, after scripts/build.mjs has compiled dist/: writes dist/catalog.json (what
// tools/list serves, so start-up loads no tool module and converts no schema) and bundles the server into
// dist/bundle/, the package's `bin`.
// Loading and compiling a few hundred small modules is most of start-up and of a first Azure call; the bundle is
// split so what start-up needs is one chunk, and each Azure SDK client, the emulator and the command-line
// client are chunks loaded on first use, as their dynamic imports in the source say.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { allTools } from '../src/tools/index.js';
import { catalogEntry, catalogJson } from '../src/mcp/catalog.js';
import { VERSION } from '../src/server.js';

const dist = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

const tools = allTools.map(catalogEntry);
writeFileSync(dist('catalog.json'), catalogJson(VERSION, tools));

/**
 * Node's own modules through require() (the banner's) instead of ESM imports: the ESM face of a built-in module
 * reads every export, and the lazy ones load more modules (importing node:fs loads its streams and fs/promises,
 * node:process its diagnostic report): about 10 ms of start-up for nothing.
 */
const builtinsByRequire: Plugin = {
  name: 'builtins-by-require',
  setup(esbuild) {
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    esbuild.onResolve({ filter: /^[a-z:_/]+$/ }, ({ path, namespace, kind }) =>
      // node:module stays an import: the banner's createRequire needs it before anything else runs. The require()
      // inside the stand-in is left to esbuild, which keeps it as a call. A dynamic import() stays one: it is not
      // start-up, and a chunk made of a CommonJS module has only a default export.
      builtins.has(path) && path !== 'node:module' && namespace !== 'builtin' && kind !== 'dynamic-import'
        ? { path: path.replace(/^node:/, ''), namespace: 'builtin' }
        : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'builtin' }, ({ path }) => ({
      contents: `module.exports = require(${JSON.stringify(`node:${path}`)});`,
      loader: 'js',
    }));
  },
};

/**
 * The MCP SDK's platform shims without Ajv: the SDK's Node shims import it for its default JSON Schema validator,
 * 220 KB that every start-up would load and run (about 20 ms). The server passes the SDK's Cloudflare validator
 * instead (src/server.ts). Should a later SDK import more from its shims, the build fails on the missing export.
 */
const sdkShimsWithoutAjv: Plugin = {
  name: 'sdk-shims-without-ajv',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^@modelcontextprotocol\/server\/_shims$/ }, () => ({ path: 'node', namespace: 'sdk-shims' }));
    esbuild.onLoad({ filter: /.*/, namespace: 'sdk-shims' }, () => ({
      contents: [
        "export { CfWorkerJsonSchemaValidator as DefaultJsonSchemaValidator } from '@modelcontextprotocol/server/validators/cf-worker';",
        "export { default as process } from 'node:process';",
      ].join('\n'),
      resolveDir: dist('..'),
      loader: 'js',
    }));
  },
};

rmSync(dist('bundle'), { recursive: true, force: true });
await build({
  entryPoints: [dist('src/index.js')],
  outdir: dist('bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The older Azure packages (arm-authorization, arm-locks, …) name their ES module build in `module`: a dynamic
  // import of their CommonJS build would give the bundle only a default export.
  mainFields: ['module', 'main'],
  // CommonJS dependencies (msal, jsonwebtoken) call require() for Node's own modules; ESM has no require.
  banner: {
    js: "import { createRequire as __azopsCreateRequire } from 'node:module'; const require = __azopsCreateRequire(import.meta.url);",
  },
  // Without comments and indentation the sources are a third smaller and ASCII only (the packages' comments hold
  // dashes and arrows), which Node reads and V8 compiles faster. Names stay as they are: error messages carry class
  // names (identity's credential chain) and stack traces stay readable. The maps (lines only) are for
  // --enable-source-maps.
  minifyWhitespace: true,
  sourcemap: true,
  sourcesContent: false,
  plugins: [builtinsByRequire, sdkShimsWithoutAjv],
  logLevel: 'warning',
});
// A chunk that only re-exports a CommonJS module's default loses every named export its importers destructure.
const defaultOnly = readdirSync(dist('bundle')).filter((file) =>
  /(^|;)export default require_/m.test(readFileSync(dist(`bundle/${file}`), 'utf8')),
);
if (defaultOnly.length) throw new Error(`bundle chunks with only a CommonJS default export: ${defaultOnly.join(', ')} (see mainFields)`);
console.log(`dist/catalog.json: ${tools.length} tools; dist/bundle/: the server`);
