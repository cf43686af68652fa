// Issue 10 point 7: many clients give the model only the text, so every list tool's text carries the
// identifier its follow-up tool takes, shows provisioning states other than Succeeded, says "No … ." in one
// form when empty, and Azure's own error message reaches the user even when a page of a list fails.
// The list tools are found from allTools, so a new list_ tool is checked without touching this file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { DEMO, SEED } from '../../src/emulator/index.js';
import { allTools } from '../../src/tools/index.js';
import { startInProcessFixture, type InProcessFixture } from '../helpers/in-process.js';
import { type RunningServer, type ToolCallResult } from '../helpers/server-process.js';

const SUB = DEMO.devSubscriptionId;
const { compute: COMPUTE, shared: SHARED, network: NETWORK, web: WEB } = DEMO.resourceGroups;
const vmId = (name: string) => `/subscriptions/${SUB}/resourceGroups/${COMPUTE}/providers/Microsoft.Compute/virtualMachines/${name}`;
const accountId = (name: string) => `/subscriptions/${SUB}/resourceGroups/${SHARED}/providers/Microsoft.Storage/storageAccounts/${name}`;
type Row = Record<string, unknown>;
const rowsOf = (result: ToolCallResult) => (result.structured.items ?? []) as Row[];

/** Groups each list tool with an optional resource_group is also called with. */
const GROUP_VARIANTS = [COMPUTE, SHARED, NETWORK];

const listTools = allTools.filter((tool) => tool.name.startsWith('list_'));

/** Every argument set a list tool is called with: its example, then each group when resource_group is optional. */
function argumentSets(tool: (typeof listTools)[number]): Record<string, unknown>[] {
  const example = tool.example as Record<string, unknown>;
  const shape = tool.inputSchema.shape as Record<string, z.ZodType>;
  const groupIsOptional = 'resource_group' in shape && shape['resource_group']!.safeParse(undefined).success;
  return [example, ...(groupIsOptional ? GROUP_VARIANTS.map((group) => ({ ...example, resource_group: group })) : [])];
}

/** Row fields that hold a provisioning state: provisioningState, or one the output schema describes as such. */
function provisioningFields(tool: (typeof listTools)[number]): string[] {
  const items = (tool.outputSchema.shape as Record<string, z.ZodType>)['items'] as z.ZodArray<z.ZodObject> | undefined;
  const row = (items?.element.shape ?? {}) as Record<string, z.ZodType>;
  return Object.entries(row)
    .filter(([key, schema]) => key === 'provisioningState' || /provisioning state/i.test(schema.description ?? ''))
    .map(([key]) => key);
}

/** The identifier rule: every row's id, name and resourceGroup appear in the text (tenantId when it is the row's only id). */
function assertIdentifiersShown(label: string, result: ToolCallResult): void {
  for (const row of rowsOf(result)) {
    const keys = 'id' in row || 'name' in row ? ['id', 'name', 'resourceGroup'] : ['tenantId', 'resourceGroup'];
    for (const key of keys) {
      const value = row[key];
      if (typeof value !== 'string' || value === '') continue;
      // A full ARM id is shown by its name when the name is what the follow-up takes (management groups, locks).
      const name = row['name'];
      if (key === 'id' && value.startsWith('/') && typeof name === 'string' && value.endsWith(`/${name}`) && result.text.includes(name))
        continue;
      assert.ok(result.text.includes(value), `${label}: the text lacks the row's ${key} '${value}':\n${result.text}`);
    }
  }
}

let fixture: InProcessFixture;
let server: RunningServer;

before(async () => {
  // Pages of two, so every list follows nextLink.
  fixture = await startInProcessFixture({ demo: true, pageSize: 2 });
  const store = fixture.azure.state.resources;
  // States other than Succeeded, which every list must show.
  store.get(vmId(DEMO.vms.stopped))!.provisioningState = 'Failed';
  store.get(accountId(DEMO.storageAccounts[1]))!.provisioningState = 'ResolvingDNS';
  store.getGroup(SUB, WEB)!.provisioningState = 'Deleting';
  server = await fixture.server({ AZURE_SUBSCRIPTION_ID: SUB });
});
after(async () => {
  await server?.close();
  fixture.assertNoLeaks();
  await fixture.close();
});

describe('every list tool', () => {
  test('shows each row\'s identifiers and non-Succeeded provisioning states, one line per row, "No … ." when empty', async () => {
    assert.ok(listTools.length >= 10, `only ${listTools.length} list tools found`);
    let notSucceeded = 0;
    for (const tool of listTools) {
      let rowsSeen = 0;
      const stateFields = provisioningFields(tool);
      for (const args of argumentSets(tool)) {
        const label = `${tool.name} ${JSON.stringify(args)}`;
        const result = await server.call(tool.name, args);
        assert.equal(result.isError, false, `${label}: ${result.text}`);
        const rows = rowsOf(result);
        rowsSeen += rows.length;
        assertIdentifiersShown(label, result);
        assert.equal(result.text.split('\n').filter((line) => line.startsWith('- ')).length, rows.length, `${label}: one line per row`);
        for (const row of rows) {
          for (const key of stateFields) {
            const state = row[key];
            if (typeof state !== 'string' || /^succeeded$/i.test(state)) continue;
            notSucceeded++;
            assert.ok(
              result.text.includes(`provisioning ${state}`),
              `${label}: the text hides provisioning state ${state}:\n${result.text}`,
            );
          }
        }
        if (result.structured.total === 0) assert.match(result.text, /^No [^\n]+\.$/, `${label}: the empty form`);
        else assert.match(result.text, /^[A-Z][^\n]* \(\d+\):\n- /, `${label}: the heading form`);
      }
      assert.ok(rowsSeen > 0, `${tool.name} returned no rows in the demo estate, so its text was not checked`);
    }
    // The VM in list_vms and list_resources, the storage account in two list_storage_accounts calls, the group.
    assert.ok(notSucceeded >= 5, `only ${notSucceeded} rows had a state other than Succeeded`);
  });

  test('the ids follow-up tools take: resource ids, role assignment ids, VM and storage account names with their groups', async () => {
    const resources = await server.call('list_resources', { resource_group: COMPUTE });
    for (const row of rowsOf(resources)) assert.ok(resources.text.includes(String(row.id)), `list_resources lacks ${String(row.id)}`);
    assert.match(resources.text, new RegExp(`^- ${vmId(DEMO.vms.stopped)} \\(eastus\\), provisioning Failed$`, 'm'));

    const assignments = await server.call('list_role_assignments_for_principal', { principal_id: SEED.managedIdentity.objectId });
    assert.ok(rowsOf(assignments).length > 0);
    for (const row of rowsOf(assignments)) {
      assert.match(String(row.id), /\/providers\/Microsoft\.Authorization\/roleAssignments\/[0-9a-f-]{36}$/);
      assert.ok(assignments.text.includes(String(row.id)), 'delete_role_assignment takes the full id');
    }

    const vms = await server.call('list_vms', { resource_group: COMPUTE });
    assert.match(vms.text, new RegExp(`^VMs in ${COMPUTE} \\(3\\):$`, 'm'), 'the group get_vm_status needs');
    assert.match(vms.text, new RegExp(`^- ${DEMO.vms.stopped}: stopped, Standard_D4s_v5, Linux, eastus, provisioning Failed$`, 'm'));

    const accounts = await server.call('list_storage_accounts');
    assert.match(accounts.text, new RegExp(`^Storage accounts in subscription ${SUB} \\(\\d+\\):$`, 'm'));
    assert.match(
      accounts.text,
      new RegExp(`^- ${DEMO.storageAccounts[1]} \\(resource group ${SHARED}\\): .*, provisioning ResolvingDNS$`, 'm'),
    );

    const subscriptions = await server.call('list_subscriptions');
    assert.match(subscriptions.text, new RegExp(`^- Contoso Development: ${SUB}, Enabled \\(active\\)$`, 'm'));
  });

  test('list_resources asks Azure for provisioningState ($expand), which Azure leaves out otherwise', async () => {
    const from = fixture.azure.requests.length;
    const result = await server.call('list_resources', { resource_group: COMPUTE, resource_type: 'vm' });
    const lists = fixture.azure.requests.slice(from).filter((r) => /\/resourceGroups\/[^/]+\/resources$/i.test(r.path));
    assert.ok(lists.length > 0);
    for (const list of lists) assert.equal(list.query['$expand'], 'provisioningState');
    const states = Object.fromEntries(rowsOf(result).map((r) => [r.name, r.provisioningState]));
    assert.deepEqual(states, { [DEMO.vms.running]: 'Succeeded', [DEMO.vms.stopped]: 'Failed', [DEMO.vms.deallocated]: 'Succeeded' });
  });

  test('empty lists say so in one form, and list_vms asks for no power states when there are no VMs', async () => {
    const from = fixture.azure.requests.length;
    const vms = await server.call('list_vms', { resource_group: NETWORK });
    assert.equal(vms.isError, false, vms.text);
    assert.equal(vms.text, `No VMs in ${NETWORK}.`);
    assert.deepEqual(
      fixture.azure.requests
        .slice(from)
        .filter((r) => /\/virtualMachines$/i.test(r.path))
        .map((r) => r.path.toLowerCase()),
      [`/subscriptions/${SUB}/resourcegroups/${NETWORK}/providers/microsoft.compute/virtualmachines`],
    );
    assert.equal(
      (await server.call('list_storage_accounts', { resource_group: NETWORK })).text,
      `No storage accounts in resource group ${NETWORK}.`,
    );
    assert.equal(
      (await server.call('list_role_definitions', { name_contains: 'no-such-role' })).text,
      `No role definitions named like 'no-such-role' in subscription ${SUB}.`,
    );
  });
});

describe('hints name a tool that shows what they promise', () => {
  test("scale_vmss no_wait points at list_resources, which shows the scale set's capacity", async () => {
    const result = await server.call('scale_vmss', { resource_group: COMPUTE, vmss_name: DEMO.vmss, capacity: 3, no_wait: true });
    assert.equal(result.isError, false, result.text);
    assert.match(result.text, new RegExp(`list_resources resource_group=${COMPUTE}`));
    const resources = await server.call('list_resources', { resource_group: COMPUTE });
    const vmss = rowsOf(resources).find((r) => r.name === DEMO.vmss)!;
    assert.equal(vmss.capacity, 3);
    assert.match(resources.text, new RegExp(`^- [^\\n]*/virtualMachineScaleSets/${DEMO.vmss} \\(eastus\\), capacity 3`, 'm'));
  });

  test("a bounded list's hint offers only inputs the tool has", async () => {
    const groups = await server.call('list_resource_groups', { limit: 1 });
    assert.equal(groups.structured.hint, `Showing 1 of ${String(groups.structured.total)}. Raise limit (up to 1000).`);
    const accounts = await server.call('list_storage_accounts', { limit: 1 });
    assert.match(String(accounts.structured.hint), /or narrow with resource_group\.$/);
    const inGroup = await server.call('list_storage_accounts', { resource_group: SHARED, limit: 1 });
    assert.match(String(inGroup.structured.hint), /Raise limit \(up to 1000\)\.$/);
    assert.ok(inGroup.text.endsWith(String(inGroup.structured.hint)), 'the hint is in the text');
  });
});

describe("Azure's own error message reaches the user", () => {
  test('a 400 on the second page of a list (the newer SDK pagers drop the body from the error)', async () => {
    const message = 'The skip token has expired. Restart the listing from the first page.';
    const fault = fixture.azure.faults.add({
      path: `/subscriptions/${SUB}/resourcegroups`,
      skip: 1,
      fault: { kind: 'armError', status: 400, code: 'InvalidSkipToken', message },
    });
    const from = fixture.azure.requests.length;
    try {
      const result = await server.call('list_resource_groups');
      assert.equal(result.isError, true, result.text);
      assert.equal(fault.hits, 1);
      const failed = fixture.azure.requests.slice(from).find((r) => r.fault);
      assert.ok(failed?.query['$skiptoken'], 'the fault hit a nextLink page');
      assert.match(result.text, /400 InvalidSkipToken/);
      assert.ok(result.text.includes(message), `Azure's message is missing from: ${result.text}`);
    } finally {
      fault.remove();
    }
  });
});
