import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allTools } from '../../src/tools/index.js';
import { parameterSummary, toolHelpText, unknownToolMessage } from '../../src/tool-help.js';
import { parseCommandLine } from '../../src/cli.js';
import { catalogEntry, jsonSchema } from '../../src/mcp/catalog.js';
import { cli } from '../helpers/cli.js';

describe('tool help on the command line', () => {
  test("call <tool> --help prints the tool's description and parameters, not the global usage", async () => {
    // -h is the same switch (checked where the command line is parsed); one process shows the whole path.
    assert.deepEqual(parseCommandLine(['call', 'list_vms', '-h']), parseCommandLine(['call', 'list_vms', '--help']));
    for (const flag of ['--help']) {
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
    // The text the command line prints, made in process (the list_vms test above runs it through the CLI).
    const help = (name: string) => {
      const tool = allTools.find((t) => t.name === name)!;
      return toolHelpText(catalogEntry(tool), jsonSchema(tool.outputSchema, 'output'));
    };
    assert.match(help('list_resources'), /resource_type +string, optional, default all, one of: all, vm, storage, webapp, sql/);
    assert.match(help('list_resources'), /\[resource_type=all\|vm\|storage\|webapp\|sql\]/);
    assert.match(help('deallocate_vm'), /no_wait +boolean, optional, default false/);
    assert.match(help('health_check'), /^Parameters: none\.$/m);
    // The result's fields, with what the output schema says of them (clients get that schema without the words).
    assert.match(help('vnet_show'), /^Result fields \(--output json\): name, resourceGroup, location, addressSpace, .*peerings, id\.$/m);
    assert.match(help('vnet_show'), /^ {2}peerings\[\]\.state +Connected, Initiated or Disconnected\.$/m);
  });

  test('--help for an unknown tool says so, with the closest names', async () => {
    const typo = await cli('call', 'list_vm', '--help');
    assert.equal(typo.code, 2);
    assert.equal(typo.stdout, '');
    assert.match(typo.stderr, /no tool named list_vm\. Did you mean list_vms\?/);
    assert.match(
      unknownToolMessage(
        'qqqqqqqqqqqq',
        allTools.map((t) => t.name),
      ),
      /no tool named qqqqqqqqqqqq\. \(azops-mcp tools lists them\)/,
    );
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
      assert.ok(line?.endsWith(`  ${parameterSummary(catalogEntry(tool)) || '-'}`), `${tool.name}: ${line}`);
    }
  });
});
