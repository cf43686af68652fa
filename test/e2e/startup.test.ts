import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tempDir } from '../helpers/temp.js';
import { LOOPBACK_GUARD, nodeOnlyBinDir, runServerToExit, SERVER_ENTRY, spawnServer } from '../helpers/server-process.js';

const SUB = '3f7c1f8e-5b0a-4c55-9f39-6a0d7d0c1a11';

test('a bad value stops start-up with an error naming the variable', async () => {
  const { code, stderr } = await runServerToExit({ PATH: nodeOnlyBinDir(), API_TIMEOUT: 'soon' });
  assert.equal(code, 2);
  assert.match(stderr, /configuration error: API_TIMEOUT is invalid/);
});

test('.env in the working directory is loaded; the environment wins', async () => {
  const cwd = tempDir('dotenv');
  writeFileSync(join(cwd, '.env'), `AZURE_SUBSCRIPTION_ID=${SUB}\n`);
  const server = await spawnServer({ PATH: nodeOnlyBinDir() }, { cwd });
  try {
    const health = await server.call('health_check');
    assert.equal(health.structured.subscription, SUB);
    assert.equal(health.structured.envFile, join(cwd, '.env'));
  } finally {
    await server.close();
  }
  const other = '9a1d2c3b-4e5f-4a6b-8c7d-0e1f2a3b4c5d';
  const overridden = await spawnServer({ PATH: nodeOnlyBinDir(), AZURE_SUBSCRIPTION_ID: other }, { cwd });
  try {
    assert.equal((await overridden.call('health_check')).structured.subscription, other);
  } finally {
    await overridden.close();
  }
});

function startRaw(): { child: ReturnType<typeof spawn>; stdout: () => string; ready: Promise<void>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: { PATH: nodeOnlyBinDir(), NODE_OPTIONS: `--import ${LOOPBACK_GUARD}` },
    cwd: tempDir('cwd'),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  const ready = new Promise<void>((resolve) =>
    child.stderr!.on('data', (c: Buffer) => c.toString().includes('ready on stdio') && resolve()),
  );
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  void exit.then(() => clearTimeout(timer));
  return { child, stdout: () => stdout, ready, exit };
}

for (const [how, stop] of [
  ['stdin closes', (c: ReturnType<typeof spawn>) => c.stdin!.end()],
  ['SIGTERM', (c: ReturnType<typeof spawn>) => c.kill('SIGTERM')],
  ['SIGINT', (c: ReturnType<typeof spawn>) => c.kill('SIGINT')],
] as const) {
  test(`exits cleanly when ${how}, and writes nothing but protocol to stdout`, async () => {
    const server = startRaw();
    await server.ready;
    stop(server.child);
    assert.equal(await server.exit, 0);
    assert.equal(server.stdout(), '', 'logs must go to stderr only');
  });
}

test('no Azure SDK module is loaded until a tool needs one, and no toolset until one of its tools is called', async () => {
  const probe = fileURLToPath(new URL('../helpers/startup-probe.js', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', LOOPBACK_GUARD, probe], {
    env: { PATH: nodeOnlyBinDir(), HOME: tmpdir() },
    timeout: 20_000,
  });
  const result = JSON.parse(stdout) as {
    tools: number;
    atStartup: string[];
    afterAzureCall: string[];
    toolsAtStartup: string[];
    toolsAfterHealthCheck: string[];
  };
  assert.ok(result.tools >= 9);
  // tools/list is served from the build's catalogue (dist/catalog.json): not one tool module is imported for it.
  const folders = (loaded: string[]) => loaded.filter((f) => !f.endsWith('.js'));
  assert.deepEqual(folders(result.toolsAtStartup), [], 'toolsets loaded for tools/list');
  // health_check is in the account toolset: that folder loads, no other.
  assert.deepEqual(folders(result.toolsAfterHealthCheck), ['account'], 'only the called tool’s toolset loads');
  assert.deepEqual(result.atStartup, [], 'Azure SDK modules loaded at start-up');
  assert.ok(result.afterAzureCall.includes('@azure/identity'), 'the probe should see @azure/identity once auth_status runs');
});

test("start-up loads none of Node's modules it does not need yet (the bundle requires built-ins)", async () => {
  const file = join(tempDir('builtins'), 'loaded.json');
  const report = new URL('../helpers/builtins-report.js', import.meta.url).href;
  const server = await spawnServer({
    PATH: nodeOnlyBinDir(),
    NODE_OPTIONS: `--import ${LOOPBACK_GUARD} --import ${report}`,
    AZOPS_TEST_BUILTINS_FILE: file,
  });
  try {
    assert.ok((await server.client.listTools()).tools.length >= 90);
  } finally {
    await server.close();
  }
  const loaded = JSON.parse(readFileSync(file, 'utf8')) as string[];
  assert.ok(loaded.includes('net'), 'the report should list what stdio needs');
  // Importing node:fs or node:process as ES modules reads every export, and their lazy ones load these; crypto
  // waits for the first confirmation prompt, fs/promises for a module that needs it.
  for (const unneeded of ['crypto', 'fs/promises', 'internal/fs/streams', 'internal/process/report'])
    assert.ok(!loaded.includes(unneeded), `${unneeded} loaded at start-up`);
});

test('the modules start-up loads hold no Ajv (the SDK default validator the build leaves out)', () => {
  // Start-up loads the entry and, from main on, every chunk imported statically (for its bindings or only for its
  // effects); dynamic imports load later.
  const dir = dirname(SERVER_ENTRY);
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    const text = readFileSync(join(dir, file), 'utf8');
    const statics = [...text.matchAll(/(?:^|;)\s*import\s*(?:(?:\{[^}]*\}|[\w$*\s,]*)from\s*)?"\.\/([^"]+)"/g)].map((m) => m[1]!);
    for (const next of statics) visit(next);
  };
  const main = /import\("\.\/(main-[^"]+)"\)/.exec(readFileSync(SERVER_ENTRY, 'utf8'))![1]!;
  visit(main);
  assert.ok(loaded.size > 5, `start-up should load a few chunks, found ${[...loaded].join(', ')}`);
  const texts = [...loaded].map((file) => readFileSync(join(dir, file), 'utf8'));
  assert.ok(
    texts.some((t) => t.includes('class Server') || t.includes('Server=class')),
    'the MCP SDK server is among them',
  );
  assert.ok(!texts.some((t) => t.includes('AjvJsonSchemaValidator')), 'Ajv is loaded at start-up');
});
