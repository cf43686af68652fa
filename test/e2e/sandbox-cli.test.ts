import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO, SEED } from '../../src/emulator/index.js';
import { allTools } from '../../src/tools/index.js';
import { nodeOnlyBinDir, spawnServer } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp.js';
import { callJson, cli, cliIn } from '../helpers/cli.js';

const DEV = DEMO.devSubscriptionId;
const PROD = DEMO.prodSubscriptionId;

describe('command-line mode against the sandbox', () => {
  test("call prints a tool's text and says it is the sandbox", async () => {
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
    const viaJson = JSON.parse(
      (await cli('--sandbox', 'call', 'list_subscriptions', '--json', '{"limit":2}', '--output', 'json')).stdout,
    ) as { shown: number };
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

describe('configuration from the file AZOPS_ENV_FILE names', () => {
  test('AZOPS_ENV_FILE is read; --env-file wins over it; a missing one is a configuration error', async () => {
    const dir = tempDir('envfile');
    writeFileSync(join(dir, 'prod.env'), `AZURE_SUBSCRIPTION_ID=${PROD}\n`);
    writeFileSync(join(dir, 'dev.env'), `AZURE_SUBSCRIPTION_ID=${DEV}\n`);
    const viaVariable = await callJson({ env: { AZOPS_ENV_FILE: join(dir, 'prod.env') } }, '--sandbox', 'call', 'account_show');
    assert.equal(viaVariable.id, PROD);
    assert.match(viaVariable.source as string, /^\.env file \(.*prod\.env\)$/);
    const bothGiven = await callJson(
      { env: { AZOPS_ENV_FILE: join(dir, 'prod.env') } },
      '--sandbox',
      'call',
      'account_show',
      '--env-file',
      join(dir, 'dev.env'),
    );
    assert.equal(bothGiven.id, DEV);

    const missing = await cliIn({ env: { AZOPS_ENV_FILE: join(dir, 'nope.env') } }, '--sandbox', 'call', 'account_show');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /configuration error: AZOPS_ENV_FILE=.*nope\.env: cannot read it/);
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

  test('with --sandbox-state the server saves the estate when it stops, and a command-line call sees it', async () => {
    const state = join(tempDir('serve-state'), 'estate.json');
    const server = await spawnServer({ PATH: nodeOnlyBinDir() }, { args: ['--sandbox', '--sandbox-state', state] });
    try {
      const stopped = await server.call('deallocate_vm', { resource_group: DEMO.resourceGroups.compute, vm_name: DEMO.vms.running });
      assert.equal(stopped.isError, false, stopped.text);
      await server.call('set_subscription', { subscription_id: PROD });
    } finally {
      await server.close();
    }
    const file = JSON.parse(readFileSync(state, 'utf8')) as {
      selectedSubscription: string;
      emulator: { resources: { name: string; runtime: { powerState?: string } }[] };
    };
    assert.equal(file.selectedSubscription, PROD);
    assert.equal(file.emulator.resources.find((r) => r.name === DEMO.vms.running)?.runtime.powerState, 'deallocated');
    // The saved set_subscription choice wins over AZURE_SUBSCRIPTION_ID, as it would within one session.
    const shown = await callJson({ env: { AZURE_SUBSCRIPTION_ID: DEV } }, '--sandbox', '--sandbox-state', state, 'call', 'account_show');
    assert.equal(shown.id, PROD);
  });
});
