// The lint step enforces the architecture: these run its tools on small made-up trees and show that a cycle, an
// upward import or unformatted code makes them fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/temp.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Cruise {
  status: number | null;
  output: string;
}

/** Runs dependency-cruiser with the repository's rules on a made-up tree. */
function cruise(files: Record<string, string>): Promise<Cruise> {
  const dir = tempDir('layers');
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const run = spawn(process.execPath, [DEPCRUISE, 'src', '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err'], {
    cwd: dir,
  });
  let output = '';
  run.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  run.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => {
    run.on('error', (error) => resolve({ status: null, output: `${output}${String(error)}` }));
    run.on('close', (status) => resolve({ status, output }));
  });
}

// Each run of the tool costs a second or more: the two trees are cruised at once, as the file starts.
const passing = cruise({
  'src/config.ts': 'export const a = 1;\n',
  'src/azure/session.ts': "import { a } from '../config.js';\nexport const b = a;\n",
  'src/tools/define.ts': "import { b } from '../azure/session.js';\nexport const c = b;\n",
  'src/mcp/dispatch.ts': "import { c } from '../tools/define.js';\nexport const d = c;\n",
  // src/util/ depends on nothing, so the emulator may use it as well as the server.
  'src/util/cidr.ts': 'export const u = 1;\n',
  'src/emulator/services/n/cidr.ts': "import { u } from '../../../util/cidr.js';\nexport const n = u;\n",
});
// The trees that must fail, as one: every test below checks that its own rule fired, as an error, on its own files.
const failing = cruise({
  // An upward import (azure or local importing tools), a cycle, and the server importing the emulator.
  'src/tools/define.ts': 'export const c = 1;\n',
  'src/azure/long-running.ts': "import { c } from '../tools/define.js';\nexport const x = c;\n",
  'src/tools/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
  'src/tools/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
  'src/emulator/index.ts': 'export const e = 1;\n',
  'src/tools/x.ts': "import { e } from '../emulator/index.js';\nexport const x = e;\n",
  'src/local/docker.ts': "import { c } from '../tools/define.js';\nexport const l = c;\n",
  // A cycle inside the emulator.
  'src/emulator/core/state.ts': "import { s } from '../services/x/state.js';\nexport const c = () => s;\n",
  'src/emulator/services/x/state.ts': "import { c } from '../../core/state.js';\nexport const s = () => c;\n",
  // The emulator's core importing a service, and a service the composition above it.
  'src/emulator/core/router.ts': "import { x } from '../services/x/index.js';\nexport const r = x;\n",
  'src/emulator/services/x/index.ts': 'export const x = 1;\n',
  'src/emulator/services/y/index.ts': "import { e } from '../../emulated-azure.js';\nexport const y = e;\n",
  'src/emulator/emulated-azure.ts': 'export const e = 1;\n',
  // The emulator importing the server, and a util module importing the layers above it.
  'src/config.ts': 'export const k = 1;\n',
  'src/emulator/services/z/index.ts': "import { k } from '../../../config.js';\nexport const z = k;\n",
  'src/util/names.ts': "import { k } from '../config.js';\nexport const n = k;\n",
});

async function failingOutput(): Promise<string> {
  const result = await failing;
  assert.notEqual(result.status, 0, result.output);
  return result.output;
}

test('the layering rules pass a tree that imports downward only', async () => {
  const result = await passing;
  assert.equal(result.status, 0, result.output);
});

test('lint fails on an upward import (azure or local importing tools), a cycle, and the server importing the emulator outside --sandbox', async () => {
  const output = await failingOutput();
  assert.match(output, /error local-below-safety: src\/local\/docker\.ts → src\/tools\/define\.ts/);
  assert.match(output, /error azure-imports-config-only: src\/azure\/long-running\.ts → src\/tools\/define\.ts/);
  assert.match(output, /error no-circular: src\/tools\/(a|b)\.ts/);
  assert.match(output, /error emulator-only-for-sandbox: src\/tools\/x\.ts → src\/emulator\/index\.ts/);
});

test('a cycle inside the emulator fails lint', async () => {
  const output = await failingOutput();
  assert.match(output, /error no-circular: src\/emulator\/(core|services\/x)\/state\.ts/);
});

test("the emulator's core importing a service, or a service the composition above it, fails lint", async () => {
  const output = await failingOutput();
  assert.match(output, /error emulator-core-imports-no-service: src\/emulator\/core\/router\.ts → src\/emulator\/services\/x\/index\.ts/);
  assert.match(
    output,
    /error emulator-services-below-the-composition: src\/emulator\/services\/y\/index\.ts → src\/emulator\/emulated-azure\.ts/,
  );
});

test('the emulator importing the server, or src/util importing anything outside it, fails lint', async () => {
  const output = await failingOutput();
  assert.match(output, /error emulator-never-imports-the-server: src\/emulator\/services\/z\/index\.ts → src\/config\.ts/);
  assert.match(output, /error util-depends-on-nothing: src\/util\/names\.ts → src\/config\.ts/);
});

test('unformatted code fails the format check', async () => {
  const prettier = await import('prettier');
  const options = { ...(await prettier.resolveConfig(join(ROOT, 'src/server.ts'))), filepath: 'x.ts' };
  assert.equal(await prettier.check('export const x = { a: 1 };\n', options), true);
  assert.equal(await prettier.check('export const x = {a:1}\n', options), false);
});
