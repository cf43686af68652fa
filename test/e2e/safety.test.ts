import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED } from '../../src/emulator/index.js';
import { fixtureForFile } from '../helpers/azure-fixture.js';
import { runServerToExit, spawnServer, type ElicitAnswer } from '../helpers/server-process.js';
import { allTools } from '../../src/tools/index.js';

const fixture = fixtureForFile();
const env = fixture.env;
const UNKNOWN_ASSIGNMENT = '0f0e0d0c-0b0a-4909-8807-060504030201';

describe('read-only mode', () => {
  for (const [how, extraEnv, args] of [
    ['AZOPS_READ_ONLY=true', { AZOPS_READ_ONLY: 'true' }, []],
    ['--read-only', {}, ['--read-only']],
  ] as const) {
    test(`${how}: only read tools are listed, and a hidden write tool is refused before reaching Azure`, async () => {
      const server = await spawnServer(env(extraEnv), { args: [...args] });
      try {
        const { tools } = await server.client.listTools();
        assert.ok(tools.length > 0);
        for (const tool of tools) assert.equal(tool.annotations?.readOnlyHint, true, `${tool.name} is listed in read-only mode`);
        assert.ok(!tools.some((t) => t.name === 'start_vm'));
        const before = fixture.azure.requests.length;
        const result = await server.call('start_vm', { resource_group: 'rg-compute', vm_name: 'vm-web-01' });
        assert.equal(result.isError, true);
        assert.match(
          result.text,
          new RegExp(`read-only mode \\(set by ${how.startsWith('--') ? '--read-only' : 'AZOPS_READ_ONLY \\(environment\\)'}\\)`),
        );
        assert.equal(fixture.azure.requests.length, before, 'the emulator saw a request');
        const health = await server.call('health_check');
        assert.equal(health.structured.readOnly, true);
        assert.match(String(health.structured.tools), /read-only mode .* hides \d+ tools/);
        assert.equal((await server.call('auth_status')).structured.readOnly, true);
      } finally {
        await server.close();
      }
    });
  }
});

describe('toolsets and single tools', () => {
  test('--toolsets keeps those toolsets plus account', async () => {
    const server = await spawnServer(env(), { args: ['--toolsets', 'compute,storage'] });
    try {
      const names = (await server.client.listTools()).tools.map((t) => t.name).sort();
      const expected = allTools
        .filter((t) => ['account', 'compute', 'storage'].includes(t.toolset))
        .map((t) => t.name)
        .sort();
      assert.deepEqual(names, expected);
      const refused = await server.call('list_resource_groups');
      assert.equal(refused.isError, true);
      assert.match(refused.text, /not enabled in this server: it is limited to toolsets compute,storage \(--toolsets\)/);
      assert.match(
        String((await server.call('health_check')).structured.tools),
        new RegExp(`^${expected.length} of ${allTools.length} tools exposed`),
      );
    } finally {
      await server.close();
    }
  });

  test('AZOPS_TOOLS selects single tools; read-only still wins over them', async () => {
    const server = await spawnServer(env({ AZOPS_TOOLS: 'list_vms,start_vm', AZOPS_READ_ONLY: 'true' }));
    try {
      const names = (await server.client.listTools()).tools.map((t) => t.name);
      assert.ok(names.includes('list_vms'));
      assert.ok(!names.includes('start_vm'), 'read-only must win over --tools');
      assert.ok(!names.includes('list_storage_accounts'));
      assert.ok(names.includes('auth_status'), 'account is always on');
    } finally {
      await server.close();
    }
  });

  test('an unknown toolset or tool stops start-up and lists the valid ones', async () => {
    const bad = await runServerToExit(env(), { args: ['--toolsets', 'compute,dns'] });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--toolsets: unknown toolset dns; valid toolsets are account, resources, governance, compute/);
    const badTool = await runServerToExit(env({ AZOPS_TOOLS: 'list_vm' }));
    assert.equal(badTool.code, 2);
    assert.match(badTool.stderr, /AZOPS_TOOLS \(environment\): unknown tool list_vm/);
  });
});

describe('consent for destructive tools', () => {
  const authorizationRequests = () =>
    fixture.azure.requests.filter((r) => /Microsoft\.Authorization\/roleAssignments/i.test(r.path)).length;
  const deleteCall = { assignment_id: UNKNOWN_ASSIGNMENT };

  async function withClient(answer: ElicitAnswer | undefined, extraEnv: Record<string, string> = {}) {
    const prompts: string[] = [];
    const server = await spawnServer(env(extraEnv), answer ? { onElicit: (message) => (prompts.push(message), answer) } : {});
    return { server, prompts };
  }

  test('elicitation accepted: the prompt says what will happen, then the tool runs', async () => {
    const { server, prompts } = await withClient({ action: 'accept', content: { confirm: true } });
    try {
      const before = authorizationRequests();
      const result = await server.call('delete_role_assignment', deleteCall);
      assert.equal(prompts.length, 1);
      assert.match(
        prompts[0]!,
        new RegExp(`delete_role_assignment.*assignment_id=${UNKNOWN_ASSIGNMENT}.*subscription ${SEED.subscriptions[0]!.id}`),
      );
      assert.ok(authorizationRequests() > before, 'accepted: the tool should reach Azure');
      assert.match(result.text, /No role assignment named/);
    } finally {
      await server.close();
    }
  });

  for (const action of ['decline', 'cancel'] as const) {
    test(`elicitation ${action}d: nothing is done and the result says so`, async () => {
      const { server, prompts } = await withClient({ action });
      try {
        const before = authorizationRequests();
        const result = await server.call('delete_role_assignment', deleteCall);
        assert.equal(prompts.length, 1);
        assert.equal(result.isError, true);
        assert.match(
          result.text,
          new RegExp(`^Nothing was done: the user ${action === 'cancel' ? 'cancelled the confirmation' : 'declined'}`),
        );
        assert.equal(authorizationRequests(), before);
      } finally {
        await server.close();
      }
    });
  }

  test('accepting the form with confirm=false counts as declining', async () => {
    const { server } = await withClient({ action: 'accept', content: { confirm: false } });
    try {
      assert.match((await server.call('delete_role_assignment', deleteCall)).text, /^Nothing was done/);
    } finally {
      await server.close();
    }
  });

  test('an answer that does not fit the form (confirm as a string) does nothing', async () => {
    // Only confirm=true proceeds; anything else counts as declining.
    const { server, prompts } = await withClient({ action: 'accept', content: { confirm: 'yes' as unknown as boolean } });
    try {
      const before = authorizationRequests();
      const result = await server.call('delete_role_assignment', deleteCall);
      assert.equal(prompts.length, 1);
      assert.equal(result.isError, true);
      assert.match(result.text, /^Nothing was done: the user declined/);
      assert.equal(authorizationRequests(), before);
    } finally {
      await server.close();
    }
  });

  test('AZOPS_CONFIRM=never skips the prompt even when elicitation is available', async () => {
    const { server, prompts } = await withClient({ action: 'decline' }, { AZOPS_CONFIRM: 'never' });
    try {
      const result = await server.call('delete_role_assignment', deleteCall);
      assert.equal(prompts.length, 0);
      assert.match(result.text, /No role assignment named/);
    } finally {
      await server.close();
    }
  });

  test('no elicitation support: auto proceeds, always refuses with how to allow it', async () => {
    const auto = await withClient(undefined);
    try {
      assert.match((await auto.server.call('delete_role_assignment', deleteCall)).text, /No role assignment named/);
    } finally {
      await auto.server.close();
    }
    const always = await withClient(undefined, { AZOPS_CONFIRM: 'always' });
    try {
      const before = authorizationRequests();
      const result = await always.server.call('delete_role_assignment', deleteCall);
      assert.equal(result.isError, true);
      assert.match(result.text, /cannot show a confirmation prompt .*AZOPS_CONFIRM \(environment\) is "always".*set AZOPS_CONFIRM=auto/);
      assert.equal(authorizationRequests(), before);
    } finally {
      await always.server.close();
    }
  });
});
