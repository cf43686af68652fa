import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SEED } from '../../src/emulator/index.js';
import { allTools } from '../../src/tools/index.js';
import { LOOPBACK_GUARD, nodeOnlyBinDir, SERVER_ENTRY, spawnServer } from '../helpers/server-process.js';

/** Runs the built CLI like a person would, with no Azure configuration at all. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SERVER_ENTRY, ...args], {
      env: { PATH: nodeOnlyBinDir(), NODE_OPTIONS: `--import ${LOOPBACK_GUARD}` },
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('command-line mode against the sandbox', () => {
  test('call prints a tool\'s text and says it is the sandbox', async () => {
    const { code, stdout } = await cli('--sandbox', 'call', 'auth_status');
    assert.equal(code, 0);
    assert.match(stdout, /^SANDBOX: this is the built-in emulated Azure/);
    assert.match(stdout, /Authenticated with Service principal/);
  });

  test('--output json prints the structured result; key=value arguments are typed by the schema', async () => {
    const { code, stdout } = await cli('call', 'list_subscriptions', 'limit=1', '--output', 'json', '--sandbox');
    assert.equal(code, 0);
    const result = JSON.parse(stdout) as { total: number; shown: number; items: { id: string }[] };
    assert.equal(result.shown, 1);
    assert.equal(result.total, SEED.subscriptions.length);
    const viaJson = JSON.parse((await cli('--sandbox', 'call', 'list_subscriptions', '--json', '{"limit":2}', '--output', 'json')).stdout) as { shown: number };
    assert.equal(viaJson.shown, 2);
  });

  test('a tool error goes to stderr with exit code 1, through the same validation as MCP', async () => {
    const { code, stdout, stderr } = await cli('--sandbox', 'call', 'set_subscription', 'subscription_id=prod');
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /Input validation error: .*subscription_id must be a subscription GUID/);
  });

  test('tools lists every tool; usage mistakes exit 2', async () => {
    const { code, stdout } = await cli('tools');
    assert.equal(code, 0);
    for (const tool of allTools) assert.match(stdout, new RegExp(`^${tool.name} `, 'm'));
    assert.equal((await cli('call')).code, 2);
    assert.equal((await cli('call', 'no_such_tool', '--sandbox')).code, 2);
    assert.equal((await cli('--no-such-switch')).code, 2);
  });
});

describe('MCP over stdio against the sandbox', () => {
  test('auth_status, list_subscriptions and list_locations answer with no account and no network', async () => {
    const server = await spawnServer({ PATH: nodeOnlyBinDir() }, { args: ['--sandbox'] });
    try {
      const status = await server.call('auth_status');
      assert.equal(status.structured.mode, 'sandbox');
      assert.equal(status.structured.authenticated, true);
      const subs = await server.call('list_subscriptions');
      assert.equal(subs.structured.total, SEED.subscriptions.length);
      const locations = await server.call('list_locations');
      assert.equal(locations.isError, false, locations.text);
      assert.ok((locations.structured.total as number) >= 8);
      const show = await server.call('account_show');
      assert.equal(show.structured.sandbox, true);
      assert.match(server.stderr(), /SANDBOX/);
    } finally {
      await server.close();
    }
  });
});
