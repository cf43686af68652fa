import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, SEED } from '../../src/emulator/index.js';
import { allTools } from '../../src/tools/index.js';
import { SAMPLES } from '../helpers/tool-samples.js';
import { nodeOnlyBinDir, spawnServer, transcript, type RunningServer } from '../helpers/server-process.js';

// Every tool must work in --sandbox: one sample call per tool, and a tool without a sample fails this test.
const rg = DEMO.resourceGroups;
// Calls that need what an earlier call returned.
const ORDER = [...Object.keys(SAMPLES).filter((n) => n !== 'account_clear'), 'delete_role_assignment', 'account_clear'];

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

test('every tool has a sandbox sample', () => {
  const missing = allTools.map((t) => t.name).filter((n) => !ORDER.includes(n));
  assert.deepEqual(missing, [], 'add a sample call for each new tool');
});

test('every tool works in --sandbox', async () => {
  let assignmentId = '';
  for (const name of ORDER) {
    const args = name === 'delete_role_assignment' ? { assignment_id: assignmentId } : SAMPLES[name]!;
    const result = await server.call(name, args);
    assert.equal(result.isError, false, `${name}: ${result.text}`);
    assert.ok(result.text.length > 0, name);
    if (name === 'create_role_assignment') assignmentId = ((result.structured.assignment as { id: string }).id);
  }
});

test('writes made during the session show in the sandbox activity log', async () => {
  const log = await server.call('get_activity_log', { resource_group: rg.compute, days: 1 });
  const recent = (log.structured.items as { time: string; operation: string; status: string }[]).filter((e) => Date.now() - Date.parse(e.time) < 120_000);
  assert.ok(recent.some((e) => /start/i.test(e.operation) && e.status === 'Succeeded'), JSON.stringify(recent));
  assert.ok(recent.some((e) => /deallocate/i.test(e.operation)), 'the deallocation too');
});
