// Resource groups, generic resources, lists and paging, tags, child resources and the resource
// types' own behaviours (App Service state, registry credentials), through azure.handle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EmulatedAzure, SEED } from '../../src/emulator/index.js';
import { servicePrincipalToken } from './support.js';
import { arm, insert, SUB, type Reply } from './arm-support.js';

const RGV = 'api-version=2025-04-01';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-test`;

async function setup(options: ConstructorParameters<typeof EmulatedAzure>[0] = {}) {
  const azure = new EmulatedAzure(options);
  const token = await servicePrincipalToken(azure);
  const call = (method: string, path: string, body?: unknown): Promise<Reply> => arm(azure, token, method, path, body);
  return { azure, token, call };
}

const errorOf = (reply: Reply): Record<string, unknown> => reply.json['error'] as Record<string, unknown>;

test('resource groups: create, update, get with any casing, HEAD, list, and ARM errors', async () => {
  const { call } = await setup();
  const created = await call('PUT', `/subscriptions/${SUB}/resourcegroups/Rg-Test?${RGV}`, { location: 'East US', tags: { env: 'dev' } });
  assert.equal(created.status, 201);
  assert.deepEqual(created.json, {
    id: `/subscriptions/${SUB}/resourceGroups/Rg-Test`,
    name: 'Rg-Test',
    type: 'Microsoft.Resources/resourceGroups',
    location: 'eastus',
    tags: { env: 'dev' },
    properties: { provisioningState: 'Succeeded' },
  });
  assert.equal((await call('PUT', `${RG}?${RGV}`, { location: 'eastus', tags: { env: 'test' } })).status, 200);
  const got = await call('GET', `/SUBSCRIPTIONS/${SUB}/RESOURCEGROUPS/RG-TEST?${RGV}`);
  assert.equal(got.json['name'], 'Rg-Test');
  assert.deepEqual(got.json['tags'], { env: 'test' });
  const patched = await call('PATCH', `${RG}?${RGV}`, { tags: { owner: 'me' } });
  assert.deepEqual(patched.json['tags'], { owner: 'me' });
  assert.equal((await call('HEAD', `${RG}?${RGV}`)).status, 204);
  assert.equal((await call('HEAD', `/subscriptions/${SUB}/resourceGroups/nope?${RGV}`)).status, 404);

  const moved = await call('PUT', `${RG}?${RGV}`, { location: 'westus' });
  assert.equal(moved.status, 409);
  assert.deepEqual(errorOf(moved), {
    code: 'InvalidResourceGroupLocation',
    message: "Invalid resource group location 'westus'. The Resource group already exists in location 'eastus'.",
  });
  assert.equal(errorOf(await call('PUT', `/subscriptions/${SUB}/resourceGroups/x?${RGV}`, {}))['code'], 'LocationRequired');
  assert.equal(errorOf(await call('GET', `/subscriptions/${SUB}/resourceGroups/rg-test`))['code'], 'MissingApiVersionParameter');
  assert.deepEqual(errorOf(await call('GET', `/subscriptions/${SUB}/resourceGroups/nope?${RGV}`)), {
    code: 'ResourceGroupNotFound',
    message: "Resource group 'nope' could not be found.",
  });
  assert.equal((await call('GET', `/subscriptions/${SEED.inaccessibleSubscriptionId}/resourcegroups?${RGV}`)).status, 403);
  const legacy = SEED.subscriptions[2]!.id;
  const disabled = await call('PUT', `/subscriptions/${legacy}/resourceGroups/x?${RGV}`, { location: 'eastus' });
  assert.equal(disabled.status, 409);
  assert.equal(errorOf(disabled)['code'], 'ReadOnlyDisabledSubscription');
});

test('generic resources: PUT/GET/PATCH/DELETE any type, ResourceNotFound and ParentResourceNotFound as ARM words them', async () => {
  const { call } = await setup();
  await call('PUT', `${RG}?${RGV}`, { location: 'eastus' });
  const url = `${RG}/providers/Contoso.Widgets/widgets/w1?api-version=2024-01-01`;
  const created = await call('PUT', url, {
    location: 'eastus',
    tags: { a: '1' },
    sku: { name: 'Basic' },
    properties: { color: 'blue', size: { width: 1 } },
  });
  assert.equal(created.status, 201);
  assert.deepEqual(created.json, {
    id: `${RG}/providers/Contoso.Widgets/widgets/w1`,
    name: 'w1',
    type: 'Contoso.Widgets/widgets',
    location: 'eastus',
    tags: { a: '1' },
    sku: { name: 'Basic' },
    properties: { color: 'blue', size: { width: 1 }, provisioningState: 'Succeeded' },
  });
  const patched = await call('PATCH', url, { tags: { b: '2' }, properties: { size: { height: 2 } } });
  assert.deepEqual(patched.json['tags'], { b: '2' });
  assert.deepEqual((patched.json['properties'] as Record<string, unknown>)['size'], { width: 1, height: 2 });
  assert.equal(
    errorOf(await call('PUT', `${RG}/providers/Contoso.Widgets/widgets/w2?api-version=2024-01-01`, { properties: {} }))['code'],
    'LocationRequired',
  );

  const missing = await call('GET', `${RG}/providers/Microsoft.Compute/virtualMachines/x?api-version=2026-04-01`);
  assert.equal(missing.status, 404);
  assert.deepEqual(errorOf(missing), {
    code: 'ResourceNotFound',
    message:
      "The Resource 'Microsoft.Compute/virtualMachines/x' under resource group 'rg-test' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
  });
  const orphan = await call('PUT', `${RG}/providers/Microsoft.Network/virtualNetworks/none/subnets/s1?api-version=2026-01-01`, {
    properties: { addressPrefix: '10.0.0.0/24' },
  });
  assert.deepEqual(errorOf(orphan), {
    code: 'ParentResourceNotFound',
    message: "Can not perform requested operation on nested resource. Parent resource 'none' not found.",
  });
  assert.equal(
    errorOf(await call('GET', `/subscriptions/${SUB}/resourceGroups/nope/providers/Contoso.Widgets/widgets/w1?api-version=2024-01-01`))[
      'code'
    ],
    'ResourceGroupNotFound',
  );

  assert.equal((await call('DELETE', url)).status, 200);
  assert.equal((await call('DELETE', url)).status, 204);
  assert.equal((await call('GET', url)).status, 404);
  // More specific routes keep winning over the generic provider patterns.
  assert.equal((await call('GET', `/subscriptions/${SUB}/locations?api-version=2022-12-01`)).status, 200);
  assert.equal((await call('GET', `${RG}/providers/Microsoft.Authorization/locks?api-version=2020-05-01`)).status, 200);
});

test('lists page with pageSize 1 and $top, and filter by resourceType, tags and name', async () => {
  const { azure, call } = await setup({ pageSize: 1 });
  for (const name of ['rg-a', 'rg-b', 'rg-c'])
    await call('PUT', `/subscriptions/${SUB}/resourceGroups/${name}?${RGV}`, {
      location: 'eastus',
      tags: { env: name === 'rg-b' ? 'prod' : 'dev' },
    });
  const names: string[] = [];
  let next: string | undefined = `/subscriptions/${SUB}/resourcegroups?${RGV}`;
  while (next) {
    const page: Reply = await call('GET', next);
    names.push(...(page.json['value'] as { name: string }[]).map((group) => group.name));
    next = page.json['nextLink'] as string | undefined;
    if (next) assert.match(next, /^https:\/\/management\.azure\.com\/.*api-version=2025-04-01.*(\$|%24)skiptoken=/);
  }
  assert.deepEqual(names, ['rg-a', 'rg-b', 'rg-c']);
  const prod = await call(
    'GET',
    `/subscriptions/${SUB}/resourcegroups?${RGV}&$filter=${encodeURIComponent("tagName eq 'env' and tagValue eq 'prod'")}`,
  );
  assert.deepEqual(
    (prod.json['value'] as { name: string }[]).map((group) => group.name),
    ['rg-b'],
  );

  for (let i = 0; i < 3; i++) insert(azure, 'rg-a', 'Microsoft.Network', [['networkSecurityGroups', `nsg-${i}`]], { location: 'eastus' });
  insert(azure, 'rg-a', 'Microsoft.Network', [['virtualNetworks', 'vnet-1']], {
    location: 'eastus',
    properties: {
      addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets: [{ name: 's1', properties: { addressPrefix: '10.0.0.0/24' } }],
    },
  });
  const top = await call('GET', `/subscriptions/${SUB}/resourceGroups/rg-a/resources?${RGV}&$top=2`);
  assert.equal((top.json['value'] as unknown[]).length, 2);
  assert.match(String(top.json['nextLink']), /%24top=2/);
  const nsgs = await call(
    'GET',
    `/subscriptions/${SUB}/resources?${RGV}&$top=10&$filter=${encodeURIComponent("resourceType eq 'Microsoft.Network/networkSecurityGroups'")}&$expand=createdTime,provisioningState`,
  );
  const items = nsgs.json['value'] as Record<string, unknown>[];
  assert.deepEqual(
    items.map((item) => item['name']),
    ['nsg-0', 'nsg-1', 'nsg-2'],
  );
  assert.deepEqual(Object.keys(items[0]!).sort(), ['createdTime', 'id', 'location', 'name', 'provisioningState', 'type']);
  // Child resources (subnets) are not listed as resources of the group.
  const all = await call('GET', `/subscriptions/${SUB}/resourceGroups/rg-a/resources?${RGV}&$top=100`);
  assert.equal((all.json['value'] as unknown[]).length, 4);
  assert.equal(errorOf(await call('GET', `/subscriptions/${SUB}/resources?${RGV}&$filter=bogus`))['code'], 'InvalidFilterInQueryString');
});

test('tags: tags/default at resource, group and subscription scope (Merge, Replace, Delete) and tagNames counts', async () => {
  const { azure, call } = await setup();
  insert(azure, 'rg-test', 'Contoso.Widgets', [['widgets', 'w1']], { location: 'eastus', tags: { env: 'dev' } });
  const scope = `${RG}/providers/Contoso.Widgets/widgets/w1/providers/Microsoft.Resources/tags/default?${RGV}`;
  const merged = await call('PATCH', scope, { operation: 'Merge', properties: { tags: { team: 'web' } } });
  assert.deepEqual(merged.json, {
    id: `${RG}/providers/Contoso.Widgets/widgets/w1/providers/Microsoft.Resources/tags/default`,
    properties: { tags: { env: 'dev', team: 'web' } },
  });
  const deleted = await call('PATCH', scope, { operation: 'Delete', properties: { tags: { env: 'dev' } } });
  assert.deepEqual((deleted.json['properties'] as Record<string, unknown>)['tags'], { team: 'web' });
  await call('PUT', scope, { properties: { tags: { env: 'prod', team: 'web' } } });
  await call('PUT', `${RG}/providers/Microsoft.Resources/tags/default?${RGV}`, { properties: { tags: { env: 'prod' } } });
  const subTags = await call('PATCH', `/subscriptions/${SUB}/providers/Microsoft.Resources/tags/default?${RGV}`, {
    operation: 'Replace',
    properties: { tags: { billing: 'central' } },
  });
  assert.deepEqual((subTags.json['properties'] as Record<string, unknown>)['tags'], { billing: 'central' });
  assert.deepEqual(azure.state.subscriptions.get(SUB)!.tags, { billing: 'central' });

  const tagNames = await call('GET', `/subscriptions/${SUB}/tagNames?${RGV}`);
  const env = (tagNames.json['value'] as Record<string, unknown>[]).find((tag) => tag['tagName'] === 'env')!;
  assert.deepEqual(env['count'], { type: 'Total', value: 2 });
  assert.deepEqual(env['values'], [
    { id: `/subscriptions/${SUB}/tagNames/env/tagValues/prod`, tagValue: 'prod', count: { type: 'Total', value: 2 } },
  ]);
  assert.equal(errorOf(await call('PATCH', scope, { operation: 'Bogus', properties: { tags: {} } }))['code'], 'InvalidTagOperation');
});

test('networks: a subnet or peering created as a child also appears in the parent; peerings connect both ways', async () => {
  const { azure, token, call } = await setup();
  const vnet = (name: string, prefix: string) =>
    insert(azure, 'rg-test', 'Microsoft.Network', [['virtualNetworks', name]], {
      location: 'eastus',
      properties: { addressSpace: { addressPrefixes: [prefix] } },
    });
  const hub = vnet('hub', '10.0.0.0/16');
  const spoke = vnet('spoke', '10.1.0.0/16');
  const N = 'api-version=2026-01-01';
  const subnet = await call('PUT', `${hub.id}/subnets/app?${N}`, { properties: { addressPrefix: '10.0.1.0/24' } });
  assert.equal(subnet.status, 201);
  assert.ok(subnet.headers['azure-asyncoperation']);
  const peer = (from: string, to: string) =>
    call('PUT', `${from}/virtualNetworkPeerings/to-${to.split('/').at(-1)}?${N}`, { properties: { remoteVirtualNetwork: { id: to } } });
  await peer(hub.id, spoke.id);
  const state = async (id: string) =>
    (await call('GET', `${id}?${N}`)).json['properties'] as {
      virtualNetworkPeerings: { properties: { peeringState: string } }[];
      subnets: { name: string }[];
    };
  assert.equal((await state(hub.id)).virtualNetworkPeerings[0]!.properties.peeringState, 'Initiated');
  assert.deepEqual(
    (await state(hub.id)).subnets.map((s) => s.name),
    ['app'],
  );
  await peer(spoke.id, hub.id);
  assert.equal((await state(hub.id)).virtualNetworkPeerings[0]!.properties.peeringState, 'Connected');
  assert.equal((await state(spoke.id)).virtualNetworkPeerings[0]!.properties.peeringState, 'Connected');
  const removed = await call('DELETE', `${spoke.id}/virtualNetworkPeerings/to-hub?${N}`);
  assert.equal(removed.status, 202);
  assert.ok(removed.headers['location'] && removed.headers['azure-asyncoperation']);
  await arm(azure, token, 'GET', removed.headers['azure-asyncoperation']!);
  assert.equal((await state(hub.id)).virtualNetworkPeerings[0]!.properties.peeringState, 'Disconnected');
  const missingRemote = await call('PUT', `${hub.id}/virtualNetworkPeerings/bad?${N}`, {
    properties: { remoteVirtualNetwork: { id: `${RG}/providers/Microsoft.Network/virtualNetworks/ghost` } },
  });
  assert.equal(errorOf(missingRemote)['code'], 'InvalidResourceReference');
  const children = await call('GET', `${hub.id}/subnets?${N}`);
  assert.deepEqual(
    (children.json['value'] as { name: string }[]).map((s) => s.name),
    ['app'],
  );
});

test('App Service: start/stop answer 200 at once and change state; config/web is embedded in the site', async () => {
  const { azure, call } = await setup();
  const plan = insert(azure, 'rg-test', 'Microsoft.Web', [['serverfarms', 'plan1']], {
    location: 'eastus',
    sku: { name: 'P1v3', capacity: 2 },
  });
  insert(azure, 'rg-test', 'Microsoft.Web', [['sites', 'app1']], {
    location: 'eastus',
    properties: { serverFarmId: plan.id, siteConfig: { alwaysOn: true } },
  });
  const W = 'api-version=2025-05-01';
  const site = `${RG}/providers/Microsoft.Web/sites/app1`;
  const stop = await call('POST', `${site}/stop?${W}`);
  assert.equal(stop.status, 200);
  assert.equal(stop.text, '');
  const stopped = (await call('GET', `${site}?${W}`)).json['properties'] as Record<string, Record<string, unknown>>;
  assert.equal(stopped['state'] as unknown, 'Stopped');
  assert.equal(stopped['siteConfig']!['alwaysOn'], true);
  assert.equal(stopped['defaultHostName'] as unknown, 'app1.azurewebsites.net');
  await call('POST', `${site}/start?${W}`);
  assert.equal(((await call('GET', `${site}?${W}`)).json['properties'] as Record<string, unknown>)['state'], 'Running');
  await call('PATCH', `${site}/config/web?${W}`, { properties: { minTlsVersion: '1.0' } });
  assert.equal(
    ((await call('GET', `${site}?${W}`)).json['properties'] as Record<string, Record<string, unknown>>)['siteConfig']!['minTlsVersion'],
    '1.0',
  );
  const planBody = (await call('GET', `${plan.id}?${W}`)).json;
  assert.deepEqual(planBody['sku'], { name: 'P1v3', capacity: 2, tier: 'PremiumV3', size: 'P1v3', family: 'P' });
  assert.equal((planBody['properties'] as Record<string, unknown>)['numberOfSites'], 1);
});

test('container registry: listCredentials only with the admin user enabled; regenerateCredential; listUsages', async () => {
  const { azure, token, call } = await setup();
  await call('PUT', `${RG}?${RGV}`, { location: 'eastus' });
  const R = 'api-version=2025-11-01';
  const registry = `${RG}/providers/Microsoft.ContainerRegistry/registries/MyRegistry01`;
  const created = await call('PUT', `${registry}?${R}`, { location: 'eastus', sku: { name: 'Basic' } });
  assert.equal((created.json['properties'] as Record<string, unknown>)['loginServer'], 'myregistry01.azurecr.io');
  await arm(azure, token, 'GET', created.headers['azure-asyncoperation']!);
  const denied = await call('POST', `${registry}/listCredentials?${R}`);
  assert.equal(denied.status, 400);
  assert.equal(errorOf(denied)['code'], 'AdminUserDisabled');
  await call('PATCH', `${registry}?${R}`, { properties: { adminUserEnabled: true } });
  const credentials = await call('POST', `${registry}/listCredentials?${R}`);
  assert.equal(credentials.json['username'], 'myregistry01');
  const [first] = credentials.json['passwords'] as { value: string }[];
  assert.equal(
    azure.state.registries.registries.get('myregistry01')?.passwords[0]?.value,
    first!.value,
    'the data plane accepts the same password',
  );
  const regenerated = await call('POST', `${registry}/regenerateCredential?${R}`, { name: 'password' });
  assert.notEqual((regenerated.json['passwords'] as { value: string }[])[0]!.value, first!.value);
  const usages = await call('GET', `${registry}/listUsages?${R}`);
  assert.deepEqual(
    (usages.json['value'] as { name: string; limit: number }[]).slice(0, 2).map((usage) => [usage.name, usage.limit]),
    [
      ['Size', 10 * 1024 ** 3],
      ['Webhooks', 2],
    ],
  );
});
