import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO, SEED } from '../../src/emulator/index.js';
import { tempDir } from '../helpers/temp.js';
import { loadConfig } from '../../src/config.js';
import { startSandbox } from '../../src/sandbox.js';
import { callJson, cli, cliIn } from '../helpers/cli.js';

const DEV = DEMO.devSubscriptionId;
const PROD = DEMO.prodSubscriptionId;

describe("the sandbox's subscription and state between command-line calls", () => {
  test('AZURE_SUBSCRIPTION_ID picks a sandbox subscription; any other is a configuration error naming them', async () => {
    const shown = await callJson({ env: { AZURE_SUBSCRIPTION_ID: PROD } }, '--sandbox', 'call', 'account_show');
    assert.equal(shown.id, PROD);
    assert.equal(shown.name, 'Contoso Production');
    assert.equal(shown.source, 'environment');

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
    // Each kind through the sandbox's own loader (in process); the first also through the command line.
    const base = loadConfig({}, {}, tempDir('cwd'));
    for (const [index, [text, problem]] of cases.entries()) {
      const path = join(dir, `bad-${index}.json`);
      writeFileSync(path, text);
      const mtime = statSync(path).mtimeMs;
      await assert.rejects(startSandbox(base, { statePath: path }), (error: Error) => {
        assert.equal(error.name, 'ConfigError');
        assert.match(error.message, problem);
        assert.match(error.message, /^--sandbox-state .*bad-\d\.json: .*left as it is/);
        return true;
      });
      if (index === 0) {
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
        assert.match(stderr, /configuration error: --sandbox-state .*bad-0\.json: .*not valid JSON.*left as it is/);
      }
      assert.equal(readFileSync(path, 'utf8'), text);
      assert.equal(statSync(path).mtimeMs, mtime);
    }
    assert.deepEqual(readdirSync(dir).sort(), ['bad-0.json', 'bad-1.json', 'bad-2.json']);
    assert.equal((await cli('--sandbox-state', join(dir, 'x.json'), 'call', 'account_show')).code, 2, '--sandbox-state needs --sandbox');
  });
});
