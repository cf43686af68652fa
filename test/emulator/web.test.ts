// The emulated App Service against Azure's documented contract for what the App Service tools use. Microsoft's
// examples cover plan get, site list and config/web (fidelity-arm.test.ts); the rest is checked here against the
// REST reference (Web Apps: Create Or Update, Update, Delete, List/Update Application Settings, List Connection
// Strings, Get Web Site Container Logs; Check Name Availability): statuses, long-running or not, body shapes, and
// what Azure refuses.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EmulatedAzure, SEED } from '../../src/emulator/index.js';
import { REST_EXAMPLES_DIR, servicePrincipalToken } from './support.js';
import { arm, assertArmShape, insert, pollUntilDone, PROD_SUB, SUB, without, type Reply } from './arm-support.js';

const V = 'api-version=2025-05-01';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-web`;
const site = (name: string, group = RG) => `${group}/providers/Microsoft.Web/sites/${name}`;
const plan = (name: string, group = RG) => `${group}/providers/Microsoft.Web/serverfarms/${name}`;
const NET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet1`;
const errorOf = (reply: Reply) => reply.json['error'] as { code: string; message: string };

let azure: EmulatedAzure;
let token: string;
/** A POST whose answer is not JSON (the container log), read as text. */
const rawPost = (path: string) =>
  azure.handle({ method: 'POST', url: `https://management.azure.com${path}?${V}`, headers: { authorization: `Bearer ${token}` } });
const call = (method: string, path: string, body?: unknown) => arm(azure, token, method, path.includes('?') ? path : `${path}?${V}`, body);

before(async () => {
  azure = new EmulatedAzure();
  token = await servicePrincipalToken(azure);
  azure.state.resources.putGroup({ subscriptionId: SUB, name: 'rg-web', location: 'eastus' });
  insert(azure, 'rg-web', 'Microsoft.Web', [['serverfarms', 'plan-linux']], {
    location: 'eastus',
    kind: 'linux',
    sku: { name: 'P1v3' },
    properties: { reserved: true },
  });
  insert(azure, 'rg-web', 'Microsoft.Web', [['serverfarms', 'plan-windows']], {
    location: 'eastus',
    kind: 'app',
    sku: { name: 'S1' },
    properties: {},
  });
  insert(azure, 'rg-web', 'Microsoft.Web', [['serverfarms', 'plan-free']], {
    location: 'eastus',
    kind: 'linux',
    sku: { name: 'F1' },
    properties: { reserved: true },
  });
  insert(azure, 'rg-net', 'Microsoft.Network', [['virtualNetworks', 'vnet1']], {
    location: 'eastus',
    properties: {
      addressSpace: { addressPrefixes: ['10.9.0.0/16'] },
      subnets: [
        { name: 'plain', properties: { addressPrefix: '10.9.1.0/26' } },
        {
          name: 'web',
          properties: {
            addressPrefix: '10.9.2.0/26',
            delegations: [{ name: 'd', properties: { serviceName: 'Microsoft.Web/serverFarms' } }],
          },
        },
      ],
    },
  });
});

async function createSite(name: string, properties: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<Reply> {
  const created = await call('PUT', site(name), { location: 'eastus', kind: 'app,linux,container', ...extra, properties });
  if (created.status < 300 && created.headers['azure-asyncoperation']) await pollUntilDone(azure, token, created);
  return created;
}

describe('sites: create, read, update', () => {
  test('PUT is long-running (201 + Azure-AsyncOperation); the site reads back in the shape of a ListWebApps.json item; PATCH answers 200 at once', async () => {
    const created = await createSite('app-shape', {
      serverFarmId: plan('plan-linux'),
      siteConfig: { linuxFxVersion: 'DOCKER|nginx:1.27' },
    });
    assert.equal(created.status, 201);
    assert.ok(created.headers['azure-asyncoperation']);
    const example = JSON.parse(readFileSync(new URL('appservice/ListWebApps.json', REST_EXAMPLES_DIR), 'utf8')) as {
      responses: { 200: { body: { value: unknown[] } } };
    };
    // Two of the example's properties belong to apps on Container Apps environments (workload profiles).
    const item = without(example.responses[200].body.value[0], ['properties.resourceConfig', 'properties.workloadProfileName']);
    const read = await call('GET', site('app-shape'));
    assertArmShape(read.json, item);
    assert.equal((read.json['properties'] as Record<string, unknown>)['reserved'], true, 'reserved follows the Linux plan');
    const patched = await call('PATCH', site('app-shape'), { properties: { httpsOnly: true } });
    assert.equal(patched.status, 200);
    assert.equal(patched.headers['azure-asyncoperation'], undefined, 'a site PATCH is not long-running');
    assertArmShape(patched.json, item);
    assert.equal((patched.json['properties'] as Record<string, unknown>)['httpsOnly'], true);
  });

  test("Azure's refusals: a name any subscription has (409), a missing plan (404), a runtime for the plan's other OS (400)", async () => {
    insert(azure, 'rg-prod', 'Microsoft.Web', [['serverfarms', 'p']], { location: 'eastus', sku: { name: 'S1' } }, PROD_SUB);
    insert(azure, 'rg-prod', 'Microsoft.Web', [['sites', 'globally-taken']], { location: 'eastus', properties: {} }, PROD_SUB);
    const taken = await call('PUT', site('globally-taken'), { location: 'eastus', properties: { serverFarmId: plan('plan-linux') } });
    assert.deepEqual(
      [taken.status, errorOf(taken).code, errorOf(taken).message],
      [409, 'Conflict', 'Website with given name globally-taken already exists.'],
    );
    const noPlan = await call('PUT', site('app-noplan'), { location: 'eastus', properties: { serverFarmId: plan('plan-missing') } });
    assert.deepEqual([noPlan.status, errorOf(noPlan).code], [404, 'NotFound']);
    const linuxOnWindows = await call('PUT', site('app-wrong-os'), {
      location: 'eastus',
      properties: { serverFarmId: plan('plan-windows'), siteConfig: { linuxFxVersion: 'DOCKER|nginx' } },
    });
    assert.deepEqual([linuxOnWindows.status, errorOf(linuxOnWindows).code], [400, 'BadRequest']);
    await createSite('app-windows', { serverFarmId: plan('plan-windows') });
    const viaConfig = await call('PATCH', `${site('app-windows')}/config/web`, { properties: { linuxFxVersion: 'DOCKER|nginx' } });
    assert.equal(viaConfig.status, 400, 'config/web is checked too');
    assert.equal(azure.state.resources.get(site('app-noplan')), undefined);
  });

  test('VNet integration: a missing or undelegated subnet and a Free plan are 400, a subnet another plan uses is 409; a delegated one is accepted', async () => {
    await createSite('app-vnet', { serverFarmId: plan('plan-linux') });
    const patch = (name: string, subnet: string) =>
      call('PATCH', site(name), { properties: { virtualNetworkSubnetId: `${NET}/subnets/${subnet}` } });
    assert.deepEqual([(await patch('app-vnet', 'nowhere')).status], [400]);
    const undelegated = await patch('app-vnet', 'plain');
    assert.equal(undelegated.status, 400);
    assert.match(errorOf(undelegated).message, /must be delegated to 'Microsoft\.Web\/serverFarms'/);
    const ok = await patch('app-vnet', 'web');
    assert.equal(ok.status, 200);
    assert.equal((ok.json['properties'] as Record<string, unknown>)['virtualNetworkSubnetId'], `${NET}/subnets/web`);
    await createSite('app-vnet-2', { serverFarmId: plan('plan-linux') });
    assert.equal((await patch('app-vnet-2', 'web')).status, 200, 'apps of the same plan share the subnet');
    await createSite('app-other-plan', { serverFarmId: plan('plan-free') });
    assert.equal((await patch('app-other-plan', 'web')).status, 400, 'Free tier first');
    insert(azure, 'rg-web', 'Microsoft.Web', [['serverfarms', 'plan-b1']], {
      location: 'eastus',
      kind: 'linux',
      sku: { name: 'B1' },
      properties: { reserved: true },
    });
    await createSite('app-b1', { serverFarmId: plan('plan-b1') });
    const inUse = await patch('app-b1', 'web');
    assert.deepEqual([inUse.status, errorOf(inUse).code], [409, 'Conflict']);
  });

  test('identity: a PATCH turning on SystemAssigned gets a principal the directory knows; user-assigned ones stay only while the type names them', async () => {
    await createSite('app-identity', { serverFarmId: plan('plan-linux') });
    const uami = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1`;
    const both = await call('PATCH', site('app-identity'), {
      identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [uami]: {} } },
    });
    const identity = both.json['identity'] as {
      principalId: string;
      tenantId: string;
      userAssignedIdentities: Record<string, Record<string, string>>;
    };
    assert.match(identity.principalId, /^[0-9a-f-]{36}$/);
    assert.equal(identity.tenantId, SEED.tenantId);
    assert.match(identity.userAssignedIdentities[uami]!['principalId']!, /^[0-9a-f-]{36}$/);
    assert.match(identity.userAssignedIdentities[uami]!['clientId']!, /^[0-9a-f-]{36}$/);
    assert.equal(azure.state.directory.principalType(identity.principalId), 'ServicePrincipal');
    const systemOnly = await call('PATCH', site('app-identity'), { identity: { type: 'SystemAssigned' } });
    assert.equal(
      (systemOnly.json['identity'] as Record<string, unknown>)['userAssignedIdentities'],
      undefined,
      'the type no longer names them',
    );
    const off = await call('PATCH', site('app-identity'), { identity: { type: 'None' } });
    assert.equal((off.json['identity'] as Record<string, unknown>)['principalId'], undefined);
    assert.equal(azure.state.directory.get(identity.principalId), undefined, 'the principal is gone with the identity');
  });
});

describe('app settings, connection strings, container logs', () => {
  test('app settings: PUT replaces them all (StringDictionary), POST list reads them; a non-string value is 400; the site GET never carries them', async () => {
    await createSite('app-settings', {
      serverFarmId: plan('plan-linux'),
      siteConfig: {
        appSettings: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
        connectionStrings: [{ name: 'Db', connectionString: 'Server=x', type: 'SQLAzure' }],
      },
    });
    const listed = await call('POST', `${site('app-settings')}/config/appsettings/list`);
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.json, {
      id: `${site('app-settings')}/config/appsettings`,
      name: 'appsettings',
      type: 'Microsoft.Web/sites/config',
      kind: 'app,linux,container',
      location: 'eastus',
      properties: { A: '1', B: '2' },
    });
    const replaced = await call('PUT', `${site('app-settings')}/config/appsettings`, { properties: { C: '3' } });
    assert.equal(replaced.status, 200);
    assert.deepEqual(replaced.json['properties'], { C: '3' }, 'PUT replaces: A and B are gone');
    const bad = await call('PUT', `${site('app-settings')}/config/appsettings`, { properties: { C: 3 } });
    assert.deepEqual([bad.status, errorOf(bad).code], [400, 'BadRequest']);
    const strings = await call('POST', `${site('app-settings')}/config/connectionstrings/list`);
    assert.deepEqual(strings.json['properties'], { Db: { value: 'Server=x', type: 'SQLAzure' } });
    const read = JSON.stringify((await call('GET', site('app-settings'))).json);
    assert.ok(!read.includes('Server=x') && !read.includes('"C"'), 'GET site shows neither settings nor connection strings');
    const missing = await call('POST', `${site('app-nowhere')}/config/appsettings/list`);
    assert.deepEqual([missing.status, errorOf(missing).code], [404, 'ResourceNotFound']);
  });

  test('container logs: 200 application/octet-stream with the docker log lines, newest last; 204 for an app that has none', async () => {
    await createSite('app-logs', { serverFarmId: plan('plan-linux'), siteConfig: { linuxFxVersion: 'DOCKER|nginx:1.27' } });
    await call('POST', `${site('app-logs')}/restart`);
    const logs = await rawPost(`${site('app-logs')}/containerlogs`);
    assert.equal(logs.status, 200);
    assert.equal(logs.headers['content-type'], 'application/octet-stream');
    const lines = logs.body.trim().split('\n');
    assert.match(lines[0]!, /^\d{4}-\d\d-\d\dT[\d:.]+Z INFO {2}- Pulling image: nginx:1\.27$/);
    assert.ok(lines.some((l) => / 1\.27 Pulling from nginx$/.test(l)));
    assert.ok(lines.some((l) => /Stopping site app-logs because it was restarted/.test(l)));
    await createSite('app-nologs', { serverFarmId: plan('plan-linux') });
    const none = await rawPost(`${site('app-nologs')}/containerlogs`);
    assert.deepEqual([none.status, none.body], [204, '']);
  });
});

describe('delete and name availability', () => {
  test('DELETE: 200, and the emptied plan goes too unless deleteEmptyServerFarm=false; a missing site is 404', async () => {
    insert(azure, 'rg-web', 'Microsoft.Web', [['serverfarms', 'plan-keep']], {
      location: 'eastus',
      kind: 'linux',
      sku: { name: 'B1' },
      properties: { reserved: true },
    });
    insert(azure, 'rg-web', 'Microsoft.Web', [['serverfarms', 'plan-drop']], {
      location: 'eastus',
      kind: 'linux',
      sku: { name: 'B1' },
      properties: { reserved: true },
    });
    await createSite('app-keep', { serverFarmId: plan('plan-keep') });
    await createSite('app-drop', { serverFarmId: plan('plan-drop') });
    const kept = await arm(azure, token, 'DELETE', `${site('app-keep')}?${V}&deleteEmptyServerFarm=false`);
    assert.deepEqual([kept.status, kept.text], [200, '']);
    assert.ok(azure.state.resources.get(plan('plan-keep')), 'kept when asked');
    assert.equal((await call('DELETE', site('app-drop'))).status, 200);
    assert.equal(azure.state.resources.get(plan('plan-drop')), undefined, 'deleted with its last app by default');
    const missing = await call('DELETE', site('app-drop'));
    assert.deepEqual([missing.status, errorOf(missing).code], [404, 'ResourceNotFound']);
  });

  test('checknameavailability: a name any subscription uses, an invalid name, a free one', async () => {
    const check = (name: string) =>
      call('POST', `/subscriptions/${SUB}/providers/Microsoft.Web/checknameavailability`, { name, type: 'Microsoft.Web/sites' }).then(
        (r) => r.json,
      );
    assert.deepEqual(await check('globally-taken'), {
      nameAvailable: false,
      reason: 'AlreadyExists',
      message: "Hostname 'globally-taken' already exists. Please select a different name.",
    });
    assert.equal((await check('-bad-')).reason, 'Invalid');
    assert.deepEqual(await check('brand-new-app-4711'), { nameAvailable: true });
  });
});

describe('plans', () => {
  test('an unknown SKU is 400; the tier follows the SKU name, whatever tier the request named', async () => {
    const bad = await call('PUT', plan('plan-bad'), { location: 'eastus', sku: { name: 'Z9' } });
    assert.deepEqual([bad.status, errorOf(bad).code], [400, 'BadRequest']);
    const made = await call('PUT', plan('plan-b2'), {
      location: 'eastus',
      kind: 'linux',
      sku: { name: 'B2', tier: 'PremiumV2' },
      properties: { reserved: true },
    });
    assert.equal(made.status, 201);
    assert.equal((made.json['sku'] as { tier: string }).tier, 'Basic');
  });
});
