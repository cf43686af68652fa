// The real @azure/arm-authorization and @azure/arm-managementgroups clients against the emulator,
// in process: their URL templates reach our routes and their deserializers accept our bodies.
import '../helpers/loopback-guard.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ManagementGroupsAPI } from '@azure/arm-managementgroups';
import { ClientSecretCredential } from '@azure/identity';
import { onlyContributor } from './support.js';
import {
  createEmulatorHttpClient,
  DEMO,
  DEMO_IDENTITY,
  EmulatedAzure,
  ROLE_IDS,
  SEED,
  assignRole,
  seedIdentityDemoEstate,
} from '../../src/emulator/index.js';

function connect(pageSize?: number) {
  const azure = new EmulatedAzure({ pageSize });
  seedIdentityDemoEstate(azure);
  onlyContributor(azure);
  azure.state.authorization.scopeExists = () => true;
  const httpClient = createEmulatorHttpClient(azure);
  const credential = new ClientSecretCredential(SEED.tenantId, SEED.servicePrincipal.clientId, SEED.servicePrincipal.clientSecret, {
    httpClient,
  });
  return {
    azure,
    authorization: new AuthorizationManagementClient(credential, DEMO.devSubscriptionId, { httpClient }),
    groups: new ManagementGroupsAPI(credential, { httpClient }),
  };
}

test('AuthorizationManagementClient: role definitions by name, assignments listed (paged), created, fetched by id, deleted', async () => {
  const { azure, authorization } = connect(2);
  const scope = `/subscriptions/${DEMO.devSubscriptionId}`;
  const roles = [];
  for await (const role of authorization.roleDefinitions.list(scope, { filter: "roleName eq 'Website Contributor'" })) roles.push(role);
  assert.equal(roles.length, 1);
  assert.equal(roles[0]?.name, ROLE_IDS.websiteContributor);
  assert.equal(roles[0]?.roleType, 'BuiltInRole');
  assert.ok(roles[0]?.permissions?.[0]?.actions?.includes('Microsoft.Web/sites/*'));

  const mine = [];
  for await (const assignment of authorization.roleAssignments.listForSubscription({
    filter: `principalId eq '${SEED.servicePrincipal.objectId}'`,
  }))
    mine.push(assignment);
  assert.deepEqual(
    mine.map((a) => a.roleDefinitionId?.split('/').at(-1)).sort(),
    // Data Owner on each of the two demo App Configuration stores.
    [ROLE_IDS.appConfigurationDataOwner, ROLE_IDS.appConfigurationDataOwner, ROLE_IDS.contributor, ROLE_IDS.reader].sort(),
  );
  assert.ok(azure.requests.filter((r) => r.path.endsWith('/roleAssignments')).length >= 2, 'more than one page was fetched');

  // Contributor may not write role assignments; User Access Administrator may.
  const rgScope = `${scope}/resourceGroups/${DEMO.resourceGroups.compute}`;
  const parameters = {
    roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS.reader}`,
    principalId: SEED.managedIdentity.objectId,
    principalType: 'ServicePrincipal',
  };
  await assert.rejects(
    authorization.roleAssignments.create(rgScope, '2d7f4c1e-8a3b-4c5d-9e6f-0a1b2c3d4e5f', parameters),
    (error: { statusCode?: number; code?: string }) => error.statusCode === 403 && error.code === 'AuthorizationFailed',
  );
  assignRole(azure.state, { scope, role: 'User Access Administrator', principalId: SEED.servicePrincipal.objectId });
  const created = await authorization.roleAssignments.create(rgScope, '2d7f4c1e-8a3b-4c5d-9e6f-0a1b2c3d4e5f', parameters);
  assert.equal(created.scope, rgScope);
  assert.equal(created.principalType, 'ServicePrincipal');
  await assert.rejects(
    authorization.roleAssignments.create(rgScope, '3e8f5d2f-9b4c-4d6e-8f70-1b2c3d4e5f60', parameters),
    (error: { statusCode?: number; code?: string }) => error.statusCode === 409 && error.code === 'RoleAssignmentExists',
  );
  const byId = await authorization.roleAssignments.getById(created.id as string);
  assert.equal(byId.name, created.name);
  const deleted = await authorization.roleAssignments.delete(rgScope, created.name as string);
  assert.equal(deleted.id, created.id);

  const atRegistry = [];
  for await (const assignment of authorization.roleAssignments.listForScope(DEMO_IDENTITY.registryResourceId, { filter: 'atScope()' }))
    atRegistry.push(assignment);
  assert.ok(atRegistry.some((a) => a.principalId === DEMO_IDENTITY.webAppPrincipalId && a.roleDefinitionId?.endsWith(ROLE_IDS.acrPull)));
});

test('ManagementGroupsAPI: list and the expanded, recursive tree', async () => {
  const { groups } = connect();
  const listed = [];
  for await (const group of groups.managementGroups.list()) listed.push(group.name);
  assert.deepEqual(listed.sort(), [SEED.tenantId, DEMO.managementGroups.platform, DEMO.managementGroups.workloads].sort());
  const root = await groups.managementGroups.get(SEED.tenantId, { expand: 'children', recurse: true });
  assert.equal(root.displayName, 'Tenant Root Group');
  const workloads = root.children?.find((child) => child.name === DEMO.managementGroups.workloads);
  assert.equal(workloads?.type, 'Microsoft.Management/managementGroups');
  assert.deepEqual(
    workloads?.children?.map((child) => child.type),
    ['/subscriptions', '/subscriptions'],
  );
  const groupsOnly = await groups.managementGroups.get(SEED.tenantId, { expand: 'children', filter: 'children.childType ne Subscription' });
  assert.ok(groupsOnly.children?.every((child) => child.type === 'Microsoft.Management/managementGroups'));
  const platform = await groups.managementGroups.get(DEMO.managementGroups.platform);
  assert.equal(platform.details?.parent?.name, SEED.tenantId);
});
