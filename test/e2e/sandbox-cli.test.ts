import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO, SEED } from '../../src/emulator/index.js';
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

/** `call ... --output json`, parsed; fails the test with the CLI's stderr when the call failed. */
async function callJson(options: { env?: Record<string, string>; cwd?: string }, ...args: string[]): Promise<Record<string, unknown>> {
  const run = await cliIn(options, ...args, '--output', 'json');
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

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

describe('tool help on the command line', () => {
  test("call <tool> --help prints the tool's description and parameters, not the global usage", async () => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout } = await cli('call', 'list_vms', flag);
      assert.equal(code, 0);
      assert.doesNotMatch(stdout, /serve MCP over stdio/);
      assert.match(stdout, /^list_vms: List virtual machines \(read, toolset compute\)\n/);
      assert.ok(stdout.includes(allTools.find((t) => t.name === 'list_vms')!.description));
      assert.match(stdout, /Usage: azops-mcp call list_vms resource_group=<string> \[limit=<integer>\]/);
      assert.match(stdout, /^ {2}resource_group {2}string, required\n {18}Resource group name\.$/m);
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
    assert.match(stdout, /^scale_vmss +destructive +Scale a VM scale set +resource_group, vmss_name, capacity, \[no_wait\]$/m);
    assert.match(stdout, /^health_check +read +Server health +-$/m);
    for (const tool of allTools) {
      const line = stdout.split('\n').find((l) => l.startsWith(`${tool.name} `));
      assert.ok(line?.endsWith(`  ${parameterSummary(tool) || '-'}`), `${tool.name}: ${line}`);
    }
  });
});

describe("the sandbox's subscription and state between command-line calls", () => {
  test('AZURE_SUBSCRIPTION_ID picks a sandbox subscription; any other is a configuration error naming them', async () => {
    const shown = await callJson({ env: { AZURE_SUBSCRIPTION_ID: PROD } }, '--sandbox', 'call', 'account_show');
    assert.equal(shown.id, PROD);
    assert.equal(shown.name, 'Contoso Production');
    assert.equal(shown.source, 'environment');
    const vms = await callJson(
      { env: { AZURE_SUBSCRIPTION_ID: PROD } },
      '--sandbox',
      'call',
      'list_vms',
      `resource_group=${DEMO.resourceGroups.prod}`,
    );
    assert.deepEqual(
      (vms.items as { name: string }[]).map((vm) => vm.name),
      [DEMO.vms.prod],
    );

    // One that exists in the emulated tenant but the sandbox's identity cannot read is no more usable than an unknown one.
    const wrong = SEED.inaccessibleSubscriptionId;
    const { code, stdout, stderr } = await cliIn({ env: { AZURE_SUBSCRIPTION_ID: wrong } }, '--sandbox', 'call', 'account_show');
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, new RegExp(`AZURE_SUBSCRIPTION_ID=${wrong} \\(from environment\\) is not a sandbox subscription`));
    assert.ok(stderr.includes(`${DEV} (Contoso Development)`) && stderr.includes(`${PROD} (Contoso Production)`), stderr);
  });

  test('--sandbox-state: set_subscription, deallocate_vm, then list_vms in a fresh process sees both', async () => {
    const dir = tempDir('state');
    const state = join(dir, 'estate.json');
    const run = (...args: string[]) => callJson({ cwd: dir }, '--sandbox', '--sandbox-state', 'estate.json', 'call', ...args);
    const prod = { resource_group: DEMO.resourceGroups.prod, vm_name: DEMO.vms.prod };

    const chosen = await run('set_subscription', `subscription_id=${PROD}`);
    assert.equal(chosen.validated, true);
    const file = JSON.parse(readFileSync(state, 'utf8')) as { selectedSubscription: string; emulator: { resources: unknown[] } };
    assert.equal(file.selectedSubscription, PROD);
    assert.ok(file.emulator.resources.length > 10, 'a missing state file starts from the demo estate');

    await run('deallocate_vm', `resource_group=${prod.resource_group}`, `vm_name=${prod.vm_name}`);
    const listed = await run('list_vms', `resource_group=${prod.resource_group}`);
    assert.deepEqual(
      (listed.items as { name: string; powerState: string }[]).map((vm) => [vm.name, vm.powerState]),
      [[DEMO.vms.prod, 'deallocated']],
    );
    // Only the state file is left in the directory: the temporary file was renamed over it.
    assert.deepEqual(readdirSync(dir), ['estate.json']);

    // Without the state file the sandbox starts over: the VM runs and the default subscription is active.
    const fresh = await callJson(
      { env: { AZURE_SUBSCRIPTION_ID: PROD } },
      '--sandbox',
      'call',
      'list_vms',
      `resource_group=${prod.resource_group}`,
    );
    assert.equal((fresh.items as { powerState: string }[])[0]?.powerState, 'running');
    assert.equal((await run('account_show')).id, PROD);
    // account_clear forgets the choice, in the file too.
    await run('account_clear');
    assert.equal((await run('account_show')).id, DEV);
  });

  test('an operation still running at the end of a call (no_wait) has finished in the next one', async () => {
    const dir = tempDir('state-lro');
    const args = ['--sandbox', '--sandbox-state', join(dir, 's.json'), 'call'];
    const vm = [`resource_group=${DEMO.resourceGroups.compute}`, `vm_name=${DEMO.vms.deallocated}`];
    const started = await callJson({}, ...args, 'start_vm', ...vm, 'no_wait=true');
    assert.deepEqual([started.outcome, started.powerState], ['accepted', 'starting']);
    const status = await callJson({}, ...args, 'get_vm_status', ...vm);
    assert.equal(status.powerState, 'running');
  });

  test('a corrupt state file is a configuration error and is left untouched', async () => {
    const dir = tempDir('state-bad');
    const cases: [string, RegExp][] = [
      ['{"format": "azops-mcp-sandbox-state", "version": 1, "emul', /not valid JSON/],
      ['[1, 2, 3]\n', /not an azops-mcp sandbox state file/],
      [
        JSON.stringify({
          format: 'azops-mcp-sandbox-state',
          version: 1,
          selectedSubscription: null,
          emulator: { format: 'azops-emulated-azure-state', version: 1, subscriptions: 'none' },
        }),
        /not a usable sandbox state \(subscriptions: expected an array, found string\)/,
      ],
    ];
    for (const [index, [text, problem]] of cases.entries()) {
      const path = join(dir, `bad-${index}.json`);
      writeFileSync(path, text);
      const mtime = statSync(path).mtimeMs;
      const { code, stdout, stderr } = await cliIn(
        {},
        '--sandbox',
        '--sandbox-state',
        path,
        'call',
        'list_vms',
        `resource_group=${DEMO.resourceGroups.compute}`,
      );
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, problem);
      assert.match(stderr, /configuration error: --sandbox-state .*bad-\d\.json: .*left as it is/);
      assert.equal(readFileSync(path, 'utf8'), text);
      assert.equal(statSync(path).mtimeMs, mtime);
    }
    assert.deepEqual(readdirSync(dir).sort(), ['bad-0.json', 'bad-1.json', 'bad-2.json']);
    assert.equal((await cli('--sandbox-state', join(dir, 'x.json'), 'call', 'account_show')).code, 2, '--sandbox-state needs --sandbox');
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
