// Azure RBAC and management groups through azure.handle: role definition filters, role assignment
// create/exists/inheritance/filters, ARM's error precedence, and the management-group tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO,
  DEMO_IDENTITY,
  EmulatedAzure,
  ROLE_IDS,
  Router,
  SEED,
  assignRole,
  removeRoleAssignment,
  seedArmDemoEstate,
  seedDataPlaneDemoEstate,
  seedIdentityDemoEstate,
  type EmulatorResponse,
} from '../../src/emulator/index.js';
import { bearerRequest, cliUserToken, onlyContributor, servicePrincipalToken } from './support.js';

const ARM = 'https://management.azure.com';
const V = 'api-version=2022-04-01';
const DEV = `/subscriptions/${DEMO.devSubscriptionId}`;
const RG_WEB = `${DEV}/resourceGroups/${DEMO.resourceGroups.web}`;
const AUTHZ = '/providers/Microsoft.Authorization';
const NEW_NAME = '0f8fad5b-d9cb-469f-a165-70867728950e';

async function demo(): Promise<{ azure: EmulatedAzure; owner: string; contributor: string }> {
  const azure = new EmulatedAzure();
  seedIdentityDemoEstate(azure);
  onlyContributor(azure);
  azure.state.authorization.scopeExists = () => true;
  return { azure, owner: await cliUserToken(azure), contributor: await servicePrincipalToken(azure) };
}

type Listed = { name: string; properties: { principalId: string; scope: string; roleDefinitionId: string } }[];

async function list(azure: EmulatedAzure, token: string, scope: string, filter?: string): Promise<Listed> {
  const query = filter ? `&$filter=${encodeURIComponent(filter)}` : '';
  const reply = await bearerRequest(azure, 'GET', `${ARM}${scope}${AUTHZ}/roleAssignments?${V}${query}`, token);
  assert.equal(reply.status, 200, JSON.stringify(reply.json));
  return reply.json['value'] as Listed;
}

function put(azure: EmulatedAzure, token: string, scope: string, name: string, roleId: string, principalId: string) {
  return bearerRequest(azure, 'PUT', `${ARM}${scope}${AUTHZ}/roleAssignments/${name}?${V}`, token, {
    properties: { roleDefinitionId: `${DEV}${AUTHZ}/roleDefinitions/${roleId}`, principalId },
  });
}

test('role definitions: built-ins by roleName, custom roles only where assignable, unknown filter and id', async () => {
  const { azure, owner } = await demo();
  const byName = await bearerRequest(
    azure,
    'GET',
    `${ARM}${DEV}${AUTHZ}/roleDefinitions?${V}&$filter=${encodeURIComponent("roleName eq 'AcrPull'")}`,
    owner,
  );
  assert.deepEqual(
    (byName.json['value'] as { name: string }[]).map((role) => role.name),
    [ROLE_IDS.acrPull],
  );
  const customAtDev = await bearerRequest(
    azure,
    'GET',
    `${ARM}${RG_WEB}${AUTHZ}/roleDefinitions?${V}&$filter=${encodeURIComponent("type eq 'CustomRole'")}`,
    owner,
  );
  assert.deepEqual(
    (customAtDev.json['value'] as { properties: { roleName: string } }[]).map((role) => role.properties.roleName),
    ['Contoso VM Operator'],
  );
  const customAtTenant = await bearerRequest(
    azure,
    'GET',
    `${ARM}${AUTHZ}/roleDefinitions?${V}&$filter=${encodeURIComponent("type eq 'CustomRole'")}`,
    owner,
  );
  assert.deepEqual(customAtTenant.json['value'], []);
  const builtIns = await bearerRequest(azure, 'GET', `${ARM}${AUTHZ}/roleDefinitions?${V}`, owner);
  assert.equal((builtIns.json['value'] as { id: string }[])[0]?.id.startsWith(`${AUTHZ}/roleDefinitions/`), true);
  const bad = await bearerRequest(
    azure,
    'GET',
    `${ARM}${DEV}${AUTHZ}/roleDefinitions?${V}&$filter=${encodeURIComponent("description eq 'x'")}`,
    owner,
  );
  assert.equal(bad.status, 400);
  const missing = await bearerRequest(azure, 'GET', `${ARM}${DEV}${AUTHZ}/roleDefinitions/${NEW_NAME}?${V}`, owner);
  assert.equal(missing.status, 404);
  assert.equal((missing.json['error'] as { code: string }).code, 'RoleDefinitionDoesNotExist');
});

test('creating an assignment that exists for the same principal, role and scope is 409 RoleAssignmentExists', async () => {
  const { azure, owner } = await demo();
  // The seed gives the service principal Reader on the subscription under another name.
  const reply = await put(azure, owner, DEV, NEW_NAME, ROLE_IDS.reader, SEED.servicePrincipal.objectId);
  assert.equal(reply.status, 409);
  assert.deepEqual(reply.json['error'], { code: 'RoleAssignmentExists', message: 'The role assignment already exists.' });
  const badName = await put(azure, owner, DEV, 'not-a-guid', ROLE_IDS.reader, SEED.managedIdentity.objectId);
  assert.equal((badName.json['error'] as { code: string }).code, 'InvalidRoleAssignmentId');
  const reuse = await put(
    azure,
    owner,
    RG_WEB,
    [...azure.state.authorization.roleAssignments.values()][0]!.name,
    ROLE_IDS.reader,
    SEED.managedIdentity.objectId,
  );
  assert.equal((reuse.json['error'] as { code: string }).code, 'RoleAssignmentUpdateNotPermitted');
});

test('ARM error precedence: Contributor cannot assign roles (403), unknown principal, role, resource group', async () => {
  const { azure, owner, contributor } = await demo();
  const denied = await put(azure, contributor, RG_WEB, NEW_NAME, ROLE_IDS.reader, SEED.managedIdentity.objectId);
  assert.equal(denied.status, 403);
  assert.equal((denied.json['error'] as { code: string }).code, 'AuthorizationFailed');
  assert.match((denied.json['error'] as { message: string }).message, /Microsoft\.Authorization\/roleAssignments\/write/);
  const nobody = await put(azure, owner, RG_WEB, NEW_NAME, ROLE_IDS.reader, '11111111-2222-4333-8444-555555555555');
  assert.equal((nobody.json['error'] as { code: string }).code, 'PrincipalNotFound');
  const noRole = await put(azure, owner, RG_WEB, NEW_NAME, '11111111-2222-4333-8444-555555555555', SEED.managedIdentity.objectId);
  assert.equal((noRole.json['error'] as { code: string }).code, 'RoleDefinitionDoesNotExist');
  azure.state.authorization.scopeExists = (_state, scope) =>
    scope.kind === 'resourceGroup' ? scope.resourceGroup !== 'rg-missing' : undefined;
  const noGroup = await put(azure, owner, `${DEV}/resourceGroups/rg-missing`, NEW_NAME, ROLE_IDS.reader, SEED.managedIdentity.objectId);
  assert.equal(noGroup.status, 404);
  assert.deepEqual(noGroup.json['error'], { code: 'ResourceGroupNotFound', message: "Resource group 'rg-missing' could not be found." });
  const restricted = await bearerRequest(
    azure,
    'GET',
    `${ARM}/subscriptions/${SEED.inaccessibleSubscriptionId}${AUTHZ}/roleAssignments?${V}`,
    owner,
  );
  assert.equal(restricted.status, 403);
  const unknownSub = await bearerRequest(
    azure,
    'GET',
    `${ARM}/subscriptions/00000000-1111-4222-8333-444444444444${AUTHZ}/roleAssignments?${V}`,
    owner,
  );
  assert.equal((unknownSub.json['error'] as { code: string }).code, 'SubscriptionNotFound');
});

test('lists include inherited assignments (MG → subscription → group → resource) and, without atScope(), those below', async () => {
  const { azure, owner } = await demo();
  assignRole(azure.state, {
    scope: `/providers/Microsoft.Management/managementGroups/${DEMO.managementGroups.workloads}`,
    role: 'Reader',
    principalId: SEED.managedIdentity.objectId,
  });
  const atResource = await list(azure, owner, DEMO_IDENTITY.registryResourceId, 'atScope()');
  const scopes = new Set(atResource.map((item) => item.properties.scope));
  assert.ok(scopes.has(DEMO_IDENTITY.registryResourceId), 'at the resource');
  assert.ok(scopes.has(DEV), 'from the subscription');
  assert.ok(scopes.has('/providers/Microsoft.Management/managementGroups/mg-workloads'), 'from the management group');
  assert.ok(!scopes.has(RG_WEB), 'not from a sibling group');
  const atSubscription = await list(azure, owner, DEV);
  assert.ok(
    atSubscription.some((item) => item.properties.scope === RG_WEB),
    'below the scope, without a filter',
  );
  const onlyAbove = await list(azure, owner, DEV, 'atScope()');
  assert.ok(
    onlyAbove.every((item) => [DEV, '/providers/Microsoft.Management/managementGroups/mg-workloads'].includes(item.properties.scope)),
  );
  const prod = await list(azure, owner, `/subscriptions/${DEMO.prodSubscriptionId}`, 'atScope()');
  assert.ok(!prod.some((item) => item.properties.scope.startsWith(DEV)));
});

test("principalId eq returns the principal's assignments at, above and below; assignedTo adds its groups'", async () => {
  const { azure, owner } = await demo();
  const alex = azure.state.directory.findUser(`alexw@contoso.onmicrosoft.com`, SEED.tenantId)!.id;
  assignRole(azure.state, { scope: '/providers/Microsoft.Management/managementGroups/mg-workloads', role: 'Reader', principalId: alex });
  const direct = await list(azure, owner, DEV, `principalId eq '${alex}'`);
  assert.deepEqual(
    direct.map((item) => item.properties.scope).sort(),
    [`${DEV}/resourceGroups/rg-compute`, '/providers/Microsoft.Management/managementGroups/mg-workloads'].sort(),
  );
  const viaGroups = await list(azure, owner, DEV, `assignedTo('${SEED.cliUser.objectId}')`);
  const roles = viaGroups.map((item) => item.properties.roleDefinitionId.split('/').at(-1));
  assert.ok(roles.includes(ROLE_IDS.websiteContributor), 'Web Team');
  assert.ok(roles.includes(ROLE_IDS.networkContributor), 'Platform Engineers, through nested Web Team');
  assert.ok(roles.includes(ROLE_IDS.owner), 'its own');
  const bad = await bearerRequest(
    azure,
    'GET',
    `${ARM}${DEV}${AUTHZ}/roleAssignments?${V}&$filter=${encodeURIComponent("roleName eq 'x'")}`,
    owner,
  );
  assert.equal((bad.json['error'] as { code: string }).code, 'UnsupportedQuery');
});

test("get by id answers only at the assignment's own scope; tenant-root and resource scopes route", async () => {
  const { azure, owner } = await demo();
  const created = await put(azure, owner, DEMO_IDENTITY.registryResourceId, NEW_NAME, ROLE_IDS.acrPush, SEED.servicePrincipal.objectId);
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const id = created.json['id'] as string;
  assert.equal(id, `${DEMO_IDENTITY.registryResourceId}${AUTHZ}/roleAssignments/${NEW_NAME}`);
  assert.equal((await bearerRequest(azure, 'GET', `${ARM}${id}?${V}`, owner)).status, 200);
  assert.equal((await bearerRequest(azure, 'GET', `${ARM}${DEV}${AUTHZ}/roleAssignments/${NEW_NAME}?${V}`, owner)).status, 404);
  const root = await bearerRequest(azure, 'GET', `${ARM}${AUTHZ}/roleAssignments?${V}&$filter=atScope()`, owner);
  assert.equal(root.status, 403, 'no one holds a role at the tenant root in the demo');
});

test('assignments decide which subscriptions GET /subscriptions shows', async () => {
  const azure = new EmulatedAzure();
  const token = await servicePrincipalToken(azure);
  const ids = async (): Promise<string[]> =>
    (
      (await bearerRequest(azure, 'GET', `${ARM}/subscriptions?api-version=2022-12-01`, token)).json['value'] as {
        subscriptionId: string;
      }[]
    ).map((sub) => sub.subscriptionId);
  assert.ok(!(await ids()).includes(SEED.inaccessibleSubscriptionId));
  const granted = assignRole(azure.state, {
    scope: `/subscriptions/${SEED.inaccessibleSubscriptionId}/resourceGroups/rg-finance`,
    role: 'Reader',
    principalId: SEED.servicePrincipal.objectId,
  });
  assert.ok((await ids()).includes(SEED.inaccessibleSubscriptionId));
  removeRoleAssignment(azure.state, granted.name);
  assert.ok(!(await ids()).includes(SEED.inaccessibleSubscriptionId));
});

test('the router prefers the route with more literal segments, whatever the registration order', () => {
  const router = new Router();
  const answer = (body: string) => (): EmulatorResponse => ({ status: 200, headers: {}, body });
  router.add('GET', '/subscriptions/:s/providers/:namespace/:type', answer('generic'));
  router.add('GET', '/subscriptions/:s/providers/Microsoft.Authorization/roleAssignments', answer('authorization'));
  const match = router.match('GET', '/subscriptions/x/providers/microsoft.authorization/roleassignments');
  assert.equal(match.kind, 'found');
  assert.equal(match.kind === 'found' && (match.handler({} as never) as EmulatorResponse).body, 'authorization');
  const other = router.match('GET', '/subscriptions/x/providers/Microsoft.Compute/virtualMachines');
  assert.equal(other.kind === 'found' && (other.handler({} as never) as EmulatorResponse).body, 'generic');
});

test('management groups: recursive tree, path, unknown group, $recurse without $expand', async () => {
  const { azure, owner } = await demo();
  const root = await bearerRequest(
    azure,
    'GET',
    `${ARM}/providers/Microsoft.Management/managementGroups/${SEED.tenantId}?api-version=2021-04-01&$expand=children&$recurse=true`,
    owner,
  );
  assert.equal(root.status, 200);
  const props = root.json['properties'] as {
    displayName: string;
    details: { parent: unknown };
    children: { name: string; children?: { name: string }[] }[];
  };
  assert.equal(props.displayName, 'Tenant Root Group');
  assert.equal(props.details.parent, null);
  const workloads = props.children.find((child) => child.name === 'mg-workloads');
  assert.deepEqual(
    workloads?.children?.map((child) => child.name),
    [DEMO.devSubscriptionId, DEMO.prodSubscriptionId],
  );
  assert.ok(
    props.children.some((child) => child.name === SEED.subscriptions[2]!.id),
    'the legacy subscription sits under the root',
  );
  const path = await bearerRequest(
    azure,
    'GET',
    `${ARM}/providers/Microsoft.Management/managementGroups/mg-platform?api-version=2021-04-01&$expand=path,ancestors`,
    owner,
  );
  const details = (path.json['properties'] as { details: { path: { name: string }[]; managementGroupAncestors: string[] } }).details;
  assert.deepEqual(
    details.path.map((step) => step.name),
    [SEED.tenantId],
  );
  assert.deepEqual(details.managementGroupAncestors, [SEED.tenantId]);
  const unknown = await bearerRequest(
    azure,
    'GET',
    `${ARM}/providers/Microsoft.Management/managementGroups/mg-nope?api-version=2021-04-01`,
    owner,
  );
  assert.equal(unknown.status, 403);
  const recurse = await bearerRequest(
    azure,
    'GET',
    `${ARM}/providers/Microsoft.Management/managementGroups/mg-platform?api-version=2021-04-01&$recurse=true`,
    owner,
  );
  assert.equal(recurse.status, 400);
});

test('with the ARM demo estate, the resource store decides whether a resource group or resource exists', async () => {
  const azure = new EmulatedAzure();
  seedArmDemoEstate(azure);
  seedIdentityDemoEstate(azure);
  seedDataPlaneDemoEstate(azure);
  const owner = await cliUserToken(azure);
  const atGroup = await put(azure, owner, RG_WEB, NEW_NAME, ROLE_IDS.reader, SEED.managedIdentity.objectId);
  assert.equal(atGroup.status, 201, JSON.stringify(atGroup.json));
  const missingGroup = await put(
    azure,
    owner,
    `${DEV}/resourceGroups/rg-missing`,
    '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
    ROLE_IDS.reader,
    SEED.managedIdentity.objectId,
  );
  assert.equal((missingGroup.json['error'] as { code: string }).code, 'ResourceGroupNotFound');
  const atRegistry = await put(
    azure,
    owner,
    DEMO_IDENTITY.registryResourceId,
    '2c5f39cb-3fb2-42e3-994f-1127e4ddb538',
    ROLE_IDS.acrPush,
    SEED.managedIdentity.objectId,
  );
  assert.equal(atRegistry.status, 201, JSON.stringify(atRegistry.json));
  const missingResource = await put(
    azure,
    owner,
    `${RG_WEB}/providers/Microsoft.Web/sites/nope`,
    '3d6a4adc-4fc3-43f4-aa50-2238f5eec649',
    ROLE_IDS.reader,
    SEED.managedIdentity.objectId,
  );
  assert.equal(missingResource.status, 404);
  assert.equal((missingResource.json['error'] as { code: string }).code, 'ResourceNotFound');
});
