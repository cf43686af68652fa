import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameProblem, NAME_RULES, parseArmScope, parseRoleAssignmentId } from '../../src/azure/arm-names.js';

const SUB = '5ab1c0de-0000-4000-8000-00000000a001';
const GUID = '0f0e0d0c-0b0a-4909-8807-060504030201';

test('scopes are rebuilt with canonical keywords; every kind is recognised', () => {
  assert.deepEqual(parseArmScope('/'), { kind: 'root', id: '/' });
  assert.equal(parseArmScope(`/SUBSCRIPTIONS/${SUB.toUpperCase()}`).id, `/subscriptions/${SUB}`);
  const group = parseArmScope(`/subscriptions/${SUB}/resourcegroups/rg-web`);
  assert.equal(group.kind, 'resourceGroup');
  assert.equal(group.id, `/subscriptions/${SUB}/resourceGroups/rg-web`);
  const vm = parseArmScope(`/subscriptions/${SUB}/resourceGroups/rg-compute/PROVIDERS/Microsoft.Compute/virtualMachines/vm-web-01`);
  assert.equal(vm.kind, 'resource');
  assert.deepEqual(vm.provider, { namespace: 'Microsoft.Compute', types: [['virtualMachines', 'vm-web-01']] });
  assert.equal(vm.id, `/subscriptions/${SUB}/resourceGroups/rg-compute/providers/Microsoft.Compute/virtualMachines/vm-web-01`);
  const nested = parseArmScope(
    `/subscriptions/${SUB}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/default`,
  );
  assert.deepEqual(nested.provider?.types, [
    ['virtualNetworks', 'vnet-hub'],
    ['subnets', 'default'],
  ]);
  const mg = parseArmScope('/providers/microsoft.management/managementgroups/mg-platform');
  assert.deepEqual(mg, {
    kind: 'managementGroup',
    id: '/providers/Microsoft.Management/managementGroups/mg-platform',
    managementGroup: 'mg-platform',
  });
});

test('anything that could reach another resource is refused, with the reason', () => {
  const refused: [string, RegExp][] = [
    [`/subscriptions/${SUB}/resourceGroups/rg-web?x=/providers/Microsoft.Authorization/roleAssignments/x`, /contains '\?'/],
    [`/subscriptions/${SUB}/resourceGroups/rg-web/../../../../providers/Microsoft.Management/managementGroups/mg`, /"\.\." segment/],
    [`/subscriptions/${SUB}/resourceGroups/rg-web/./x`, /"\." or "\.\." segment/],
    [`/subscriptions/${SUB}//resourceGroups/rg-web`, /empty/],
    [`/subscriptions/${SUB}/resourceGroups/rg-web/`, /empty/],
    [`/subscriptions/${SUB}/resourceGroups/rg%2Fweb`, /contains '%'/],
    [`/subscriptions/${SUB}/resourceGroups/rg-web#x`, /contains '#'/],
    [`/subscriptions/${SUB}/resourceGroups/rg\\web`, /contains '\\'/],
    [`/subscriptions/${SUB}/resourceGroups/rg\u0000web`, /contains '\\u0000'/],
    [`/subscriptions/${SUB}/resourceGroups/rg\u200bweb`, /contains '\\u200b'/],
    [`/subscriptions/${SUB}/resourceGroups/rg\uff0fweb`, /not a valid resource group name/],
    [`/subscriptions/not-a-guid`, /not a subscription id/],
    [`subscriptions/${SUB}`, /must start with/],
    [`/subscriptions/${SUB}/resourceGroups`, /followed by a resource group name/],
    [`/subscriptions/${SUB}/resourceGroups/rg./providers/A.B/c/d`, /not ending in a period/],
    [`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines`, /each type with a name/],
    [
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/providers/Microsoft.Authorization/locks/l`,
      /extension resources/,
    ],
    [`/subscriptions/${SUB}/resourceGroups/rg/providers/Compute/virtualMachines/vm`, /not a resource provider namespace/],
    [`/subscriptions/${SUB}/resourceGroups/rg/oops/x`, /expected 'providers'/],
    ['/providers/Microsoft.Management/managementGroups/mg/subscriptions/x', /only \/providers\/Microsoft.Management/],
    ['/tenants/x', /expected \/subscriptions/],
  ];
  for (const [raw, why] of refused) assert.throws(() => parseArmScope(raw), why, raw);
});

test('role assignment ids: a strict scope, then the assignment GUID', () => {
  const id = `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Authorization/roleAssignments/${GUID.toUpperCase()}`;
  const parsed = parseRoleAssignmentId(id);
  assert.equal(parsed.id, `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Authorization/roleAssignments/${GUID}`);
  assert.equal(parsed.scope.kind, 'resourceGroup');
  assert.equal(parseRoleAssignmentId(`/providers/Microsoft.Authorization/roleAssignments/${GUID}`).scope.kind, 'root');
  assert.throws(
    () => parseRoleAssignmentId(`/subscriptions/${SUB}/resourceGroups/rg-web?x=/providers/Microsoft.Authorization/roleAssignments/${GUID}`),
    /contains '\?'/,
  );
  assert.throws(() => parseRoleAssignmentId(`/subscriptions/${SUB}/resourceGroups/rg-web`), /must end in/);
  assert.throws(
    () => parseRoleAssignmentId(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/x`),
    /not a role assignment name/,
  );
});

test("names follow Azure's rule for their type", () => {
  const ok: [string, keyof typeof NAME_RULES][] = [
    ['rg-web', 'resourceGroup'],
    ['Rg_(prod).1', 'resourceGroup'],
    ['rg-café', 'resourceGroup'],
    ['a'.repeat(90), 'resourceGroup'],
    ['vm-web-01', 'virtualMachine'],
    ['vm.web_01', 'virtualMachine'],
    ['stdemo001', 'storageAccount'],
    ['vmss-web', 'scaleSet'],
    ['mg-platform', 'managementGroup'],
  ];
  for (const [name, rule] of ok) assert.equal(nameProblem(name, NAME_RULES[rule]), undefined, `${rule} ${name}`);
  const bad: [string, keyof typeof NAME_RULES][] = [
    ['..', 'resourceGroup'],
    ['rg.', 'resourceGroup'],
    ['', 'resourceGroup'],
    ['a'.repeat(91), 'resourceGroup'],
    ['rg web', 'resourceGroup'],
    ['rg/x', 'resourceGroup'],
    ['vm-', 'virtualMachine'],
    ['vm.', 'virtualMachine'],
    ['-vm', 'virtualMachine'],
    ['vm web', 'virtualMachine'],
    ['a'.repeat(65), 'virtualMachine'],
    ['StDemo', 'storageAccount'],
    ['st', 'storageAccount'],
    ['st-demo', 'storageAccount'],
  ];
  for (const [name, rule] of bad)
    assert.match(nameProblem(name, NAME_RULES[rule]) ?? '', /is not a valid .* Azure allows/, `${rule} ${JSON.stringify(name)}`);
});
