import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SEED } from '../../src/emulator/index.js';
import { allTools } from '../../src/tools/index.js';
import { parameterSummary } from '../../src/tool-help.js';
import { LOOPBACK_GUARD, nodeOnlyBinDir, SERVER_ENTRY, spawnServer } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp.js';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI like a person would, with no Azure configuration at all (plus `env`, in `cwd`). */
async function cliIn(options: { env?: Record<string, string>; cwd?: string }, ...args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SERVER_ENTRY, ...args], {
      env: { PATH: nodeOnlyBinDir(), NODE_OPTIONS: `--import ${LOOPBACK_GUARD}`, ...options.env },
      cwd: options.cwd ?? tempDir('cli-cwd'),
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const cli = (...args: string[]): Promise<CliRun> => cliIn({}, ...args);

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

describe('tool help on the command line', () => {
  test('call <tool> --help prints the tool\'s description and parameters, not the global usage', async () => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout } = await cli('call', 'list_vms', flag);
      assert.equal(code, 0);
      assert.doesNotMatch(stdout, /serve MCP over stdio/);
      assert.match(stdout, /^list_vms: List virtual machines \(read, toolset compute\)\n/);
      assert.ok(stdout.includes(allTools.find((t) => t.name === 'list_vms')!.description));
      assert.match(stdout, /Usage: azops-mcp call list_vms resource_group=<string> \[limit=<integer>\]/);
      assert.match(stdout, /^ {2}resource_group {2}string, required, 1\.\.90 characters\n {18}Resource group name\.$/m);
      assert.match(stdout, /^ {2}limit {11}integer, optional, default 50, 1\.\.1000$/m);
    }
  });

  test('enum choices and booleans are shown; a tool with no parameters says so', async () => {
    const resources = await cli('call', 'list_resources', '--help');
    assert.match(resources.stdout, /resource_type +string, optional, default all, one of: all, vm, storage, webapp, sql/);
    assert.match(resources.stdout, /\[resource_type=all\|vm\|storage\|webapp\|sql\]/);
    const deallocate = await cli('call', 'deallocate_vm', '--help');
    assert.match(deallocate.stdout, /no_wait +boolean, optional, default false/);
    const health = await cli('call', 'health_check', '--help');
    assert.match(health.stdout, /^Parameters: none\.$/m);
  });

  test('--help for an unknown tool says so, with the closest names', async () => {
    const typo = await cli('call', 'list_vm', '--help');
    assert.equal(typo.code, 2);
    assert.equal(typo.stdout, '');
    assert.match(typo.stderr, /no tool named list_vm\. Did you mean list_vms\?/);
    const nothingClose = await cli('call', 'qqqqqqqqqqqq', '--help');
    assert.equal(nothingClose.code, 2);
    assert.match(nothingClose.stderr, /no tool named qqqqqqqqqqqq\. \(azops-mcp tools lists them\)/);
    // Running one (not just asking for help) suggests too.
    assert.match((await cli('--sandbox', 'call', 'list_vm')).stderr, /Did you mean list_vms\?/);
  });

  test('--help for a tool hidden by read-only mode explains why', async () => {
    const { code, stderr } = await cli('--read-only', 'call', 'deallocate_vm', '--help');
    assert.equal(code, 1);
    assert.match(stderr, /read-only mode/);
  });

  test('tools prints one line per tool with its parameters, optional ones in brackets', async () => {
    const { code, stdout } = await cli('tools');
    assert.equal(code, 0);
    assert.match(stdout, /^list_vms +read +List virtual machines +resource_group, \[limit\]$/m);
    assert.match(stdout, /^scale_vmss +write +Scale a VM scale set +resource_group, vmss_name, capacity, \[no_wait\]$/m);
    assert.match(stdout, /^health_check +read +Server health +-$/m);
    for (const tool of allTools) {
      const line = stdout.split('\n').find((l) => l.startsWith(`${tool.name} `));
      assert.ok(line?.endsWith(`  ${parameterSummary(tool) || '-'}`), `${tool.name}: ${line}`);
    }
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
