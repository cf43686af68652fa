import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, SEED } from '../../src/emulator/index.js';
import { allTools } from '../../src/tools/index.js';
import { nodeOnlyBinDir, spawnServer, transcript, type RunningServer } from '../helpers/server-process.js';

// Every tool must work in --sandbox: each tool's own example, run in the order of the tool list.
const rg = DEMO.resourceGroups;

let server: RunningServer;
before(async () => {
  server = await spawnServer({ PATH: nodeOnlyBinDir(), AZOPS_CONFIRM: 'never', RATE_LIMIT_ENABLED: 'false' }, { args: ['--sandbox'] });
});
after(async () => {
  await server.close();
  // The sandbox signs in with the seeded secret in process; it must never surface either.
  const everything = transcript.join('\n');
  assert.ok(!everything.includes(SEED.servicePrincipal.clientSecret), 'the sandbox secret leaked');
  assert.ok(!/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/.test(everything), 'a full token leaked');
});

test('every tool works in --sandbox with its example', async () => {
  for (const tool of allTools) {
    const result = await server.call(tool.name, tool.example as Record<string, unknown>);
    assert.equal(result.isError, false, `${tool.name} ${JSON.stringify(tool.example)}: ${result.text}`);
    assert.ok(result.text.length > 0, tool.name);
  }
});

test('writes made during the session show in the sandbox activity log', async () => {
  const log = await server.call('get_activity_log', { resource_group: rg.compute, days: 1 });
  const recent = (log.structured.items as { time: string; operation: string; status: string }[]).filter(
    (e) => Date.now() - Date.parse(e.time) < 120_000,
  );
  assert.ok(
    recent.some((e) => /start/i.test(e.operation) && e.status === 'Succeeded'),
    JSON.stringify(recent),
  );
  assert.ok(
    recent.some((e) => /deallocate/i.test(e.operation)),
    'the deallocation too',
  );
});
