// `npm run build`: compiles src/, test/, scripts/ and bench/ into dist/ with esbuild, then runs
// dist/scripts/build-dist.js (the tool catalogue and the server's bundle). esbuild only strips the types:
// type-checking is `npm run lint` (tsc --noEmit, with isolatedModules so that every file compiles on its own).
// Plain JavaScript, so nothing has to be compiled before the compiler runs.
//  - Every module becomes one .js file with its source map, in the layout tsc would write (dist/src/server.js, ...).
//  - Every test file (*.test.ts) becomes a bundle at its place in dist/test/, holding our modules and the npm packages
//    it imports (shared code in dist/test/chunks/). Each test file runs in a process of its own, and loading a few
//    hundred small modules cost each one about a second of CPU. In a bundle, `import.meta.url` is still the URL the
//    module has in the per-file layout, so its relative paths (../../bundle/index.js, ../catalog.json) hold.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });

const started = performance.now();
// A clean dist/: a test file deleted from test/ must not linger in dist/test/ and run.
rmSync(join(root, 'dist'), { recursive: true, force: true });
const sources = ['src', 'test', 'scripts', 'bench'].flatMap((dir) => walk(join(root, dir)));
const tests = sources.filter((path) => path.endsWith('.test.ts'));
const modules = sources.filter((path) => !path.endsWith('.test.ts'));
const common = { format: 'esm', platform: 'node', tsconfig: join(root, 'tsconfig.json'), logLevel: 'warning' };

await Promise.all([
  // tsconfig.json's target, as tsc would compile.
  build({ ...common, entryPoints: modules, outdir: join(root, 'dist'), outbase: root, target: 'es2022', sourcemap: true }),
  build({
    ...common,
    entryPoints: tests,
    outdir: join(root, 'dist/test'),
    outbase: join(root, 'test'),
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    // As in the server's bundle (scripts/build-dist.ts): the npm packages' code as it is, the older Azure packages'
    // ES module builds, and a require() for the CommonJS dependencies.
    target: 'node20',
    mainFields: ['module', 'main'],
    banner: {
      js: [
        "import { createRequire as __azopsCreateRequire } from 'node:module';",
        'const require = __azopsCreateRequire(import.meta.url);',
        "const __azopsDist = import.meta.url.slice(0, import.meta.url.lastIndexOf('/dist/test/') + '/dist/'.length);",
      ].join(' '),
    },
    // Imported on demand by one lint test; large, and nothing to gain from bundling it.
    external: ['prettier'],
    plugins: [perFileModuleUrls()],
  }),
]);
console.log(
  `dist/: ${modules.length} modules compiled, ${tests.length} test files bundled in ${Math.round(performance.now() - started)} ms`,
);
await import('../dist/scripts/build-dist.js');

/** A bundled module's import.meta.url: the URL of its per-file build under dist/ (`__azopsDist`, from the banner). */
function perFileModuleUrls() {
  return {
    name: 'per-file-module-urls',
    setup(esbuild) {
      esbuild.onLoad({ filter: /\.ts$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const own = relative(root, args.path).replaceAll(sep, '/').replace(/\.ts$/, '.js');
        return { contents: text.replaceAll('import.meta.url', `(__azopsDist + ${JSON.stringify(own)})`), loader: 'ts' };
      });
    },
  };
}
