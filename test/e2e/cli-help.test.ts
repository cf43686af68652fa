import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allTools } from '../../src/tools/index.js';
import { parameterSummary } from '../../src/tool-help.js';
import { cli } from '../helpers/cli.js';

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
