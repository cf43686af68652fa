// Authorization and management-group bodies against Microsoft's own examples
// (azure-rest-api-specs x-ms-examples): same status, same keys at every level, same value types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EmulatedAzure, ROLE_IDS, SEED, seedIdentityDemoEstate } from '../../src/emulator/index.js';
import { REST_EXAMPLES_DIR, assertSameShape, bearerRequest, cliUserToken } from './support.js';

interface Example {
  parameters: Record<string, unknown>;
  responses: Record<string, { body?: unknown }>;
}

const DEV = SEED.subscriptions[0]!.id;
const ARM = 'https://management.azure.com';

function example(path: string): Example {
  return JSON.parse(readFileSync(new URL(path, REST_EXAMPLES_DIR), 'utf8')) as Example;
}

/** The demo estate's identities, every resource group treated as existing, and an Owner's token. */
async function setup(): Promise<{ azure: EmulatedAzure; token: string }> {
  const azure = new EmulatedAzure();
  seedIdentityDemoEstate(azure);
  azure.state.authorization.scopeExists = () => true;
  return { azure, token: await cliUserToken(azure) };
}

async function check(
  name: string,
  expectedStatus: string,
  reply: { status: number; headers: Record<string, string>; json: Record<string, unknown> },
): Promise<void> {
  const spec = example(name);
  const expected = spec.responses[expectedStatus];
  assert.ok(expected, `${name} has no ${expectedStatus} response`);
  assert.equal(reply.status, Number(expectedStatus), JSON.stringify(reply.json));
  const value = (expected.body as { value?: unknown } | undefined)?.value;
  if (Array.isArray(value)) assert.ok((reply.json['value'] as unknown[]).length > 0, 'an empty list would prove nothing');
  assertSameShape(reply.json, expected.body);
  assert.match(reply.headers['x-ms-request-id'] ?? '', /^[0-9a-f-]{36}$/);
  assert.match(reply.headers['content-type'] ?? '', /^application\/json/);
  assert.equal(spec.parameters['api-version'] !== undefined, true);
}

test('fidelity: authorization/GetRoleDefinitionByName.json', async () => {
  const { azure, token } = await setup();
  const reply = await bearerRequest(
    azure,
    'GET',
    `${ARM}/subscriptions/${DEV}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS.reader}?api-version=2022-04-01`,
    token,
  );
  await check('authorization/GetRoleDefinitionByName.json', '200', reply);
  assert.equal((reply.json['properties'] as Record<string, unknown>)['roleName'], 'Reader');
  assert.equal(reply.json['id'], `/subscriptions/${DEV}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS.reader}`);
});

test('fidelity: authorization/RoleAssignments_CreateForResourceGroup.json', async () => {
  const { azure, token } = await setup();
  const spec = example('authorization/RoleAssignments_CreateForResourceGroup.json');
  const name = spec.parameters['roleAssignmentName'] as string;
  const body = {
    properties: {
      roleDefinitionId: `/subscriptions/${DEV}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS.reader}`,
      principalId: SEED.servicePrincipal.objectId,
      principalType: 'ServicePrincipal',
    },
  };
  const url = `${ARM}/subscriptions/${DEV}/resourceGroups/testrg/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`;
  const reply = await bearerRequest(azure, 'PUT', url, token, body);
  await check('authorization/RoleAssignments_CreateForResourceGroup.json', '201', reply);
  assert.equal(reply.json['id'], `/subscriptions/${DEV}/resourceGroups/testrg/providers/Microsoft.Authorization/roleAssignments/${name}`);
  // The same PUT again is an update of the same assignment: 200, as in the example's second response.
  await check('authorization/RoleAssignments_CreateForResourceGroup.json', '200', await bearerRequest(azure, 'PUT', url, token, body));
});

test('fidelity: authorization/RoleAssignments_Delete.json (200, then 204 when gone)', async () => {
  const { azure, token } = await setup();
  const name = example('authorization/RoleAssignments_Delete.json').parameters['roleAssignmentName'] as string;
  const url = `${ARM}/subscriptions/${DEV}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`;
  const create = await bearerRequest(azure, 'PUT', url, token, {
    properties: { roleDefinitionId: ROLE_IDS.virtualMachineContributor, principalId: SEED.managedIdentity.objectId },
  });
  assert.equal(create.status, 201, JSON.stringify(create.json));
  await check('authorization/RoleAssignments_Delete.json', '200', await bearerRequest(azure, 'DELETE', url, token));
  const again = await bearerRequest(azure, 'DELETE', url, token);
  assert.equal(again.status, 204);
  assert.equal(again.text, '');
});

test('fidelity: authorization/RoleAssignments_ListForScope.json', async () => {
  const { azure, token } = await setup();
  const reply = await bearerRequest(
    azure,
    'GET',
    `${ARM}/subscriptions/${DEV}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`,
    token,
  );
  await check('authorization/RoleAssignments_ListForScope.json', '200', reply);
});

test('fidelity: managementgroups/ListManagementGroups.json', async () => {
  const { azure, token } = await setup();
  const reply = await bearerRequest(azure, 'GET', `${ARM}/providers/Microsoft.Management/managementGroups?api-version=2021-04-01`, token);
  await check('managementgroups/ListManagementGroups.json', '200', reply);
  assert.equal(reply.json['nextLink'], null);
  const names = (reply.json['value'] as { name: string }[]).map((group) => group.name);
  assert.deepEqual(names.sort(), [SEED.tenantId, 'mg-platform', 'mg-workloads'].sort());
});

test('fidelity: managementgroups/GetManagementGroup.json', async () => {
  const { azure, token } = await setup();
  const reply = await bearerRequest(
    azure,
    'GET',
    `${ARM}/providers/Microsoft.Management/managementGroups/mg-platform?api-version=2021-04-01`,
    token,
  );
  await check('managementgroups/GetManagementGroup.json', '200', reply);
});

test('fidelity: managementgroups/GetManagementGroupWithExpand.json', async () => {
  const { azure, token } = await setup();
  azure.state.managementGroups.upsert('mg-workloads-sandbox', 'Sandboxes', 'mg-workloads');
  const reply = await bearerRequest(
    azure,
    'GET',
    `${ARM}/providers/Microsoft.Management/managementGroups/mg-workloads?api-version=2021-04-01&$expand=children`,
    token,
  );
  await check('managementgroups/GetManagementGroupWithExpand.json', '200', reply);
  const children = (reply.json['properties'] as { children: { type: string; name: string }[] }).children;
  assert.deepEqual(
    children.map((child) => `${child.type} ${child.name}`),
    [
      'Microsoft.Management/managementGroups mg-workloads-sandbox',
      `/subscriptions ${SEED.subscriptions[0]!.id}`,
      `/subscriptions ${SEED.subscriptions[1]!.id}`,
    ],
  );
});
