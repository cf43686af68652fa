// The ARM demo estate (what the sandbox starts with), the activity log's filter and paging, and bulk
// seeding for benchmarks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, EmulatedAzure, seedArmDemoEstate, seedGenericResources } from '../../src/emulator/index.js';
import { servicePrincipalToken } from './support.js';
import { arm, PROD_SUB, SUB } from './arm-support.js';

const DAY = 86_400_000;

async function demo(options: ConstructorParameters<typeof EmulatedAzure>[0] = {}) {
  const azure = new EmulatedAzure(options);
  seedArmDemoEstate(azure);
  const token = await servicePrincipalToken(azure);
  return { azure, token, get: (path: string) => arm(azure, token, 'GET', path) };
}

function window(days: number, extra = ''): string {
  const filter = `eventTimestamp ge '${new Date(Date.now() - days * DAY).toISOString()}' and eventTimestamp le '${new Date().toISOString()}'${extra}`;
  return `/subscriptions/${SUB}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&$filter=${encodeURIComponent(filter)}`;
}

// How fast seeding is belongs to the benchmarks (sandbox start-up), not to a timed test on a busy machine.
test('the demo estate seeds straight into the store', () => {
  const azure = new EmulatedAzure();
  seedArmDemoEstate(azure);
  assert.equal(azure.requests.length, 0, 'no HTTP');
  assert.ok(azure.state.resources.size > 30);
});

test('demo estate: VMs in every power state with NICs and public IPs, storage postures, networks, web apps, locks', async () => {
  const { get } = await demo();
  const rg = (name: string): string => `/subscriptions/${SUB}/resourceGroups/${name}`;
  const statuses = (await get(`/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines?api-version=2026-04-01&statusOnly=true`))
    .json['value'] as { name: string; properties: { instanceView: { statuses: { code: string }[] } } }[];
  const power = Object.fromEntries(
    statuses.map((vm) => [vm.name, vm.properties.instanceView.statuses.find((status) => status.code.startsWith('PowerState/'))?.code]),
  );
  assert.deepEqual(power, {
    [DEMO.vms.running]: 'PowerState/running',
    [DEMO.vms.stopped]: 'PowerState/stopped',
    [DEMO.vms.deallocated]: 'PowerState/deallocated',
  });

  const vms = (await get(`${rg(DEMO.resourceGroups.compute)}/providers/Microsoft.Compute/virtualMachines?api-version=2026-04-01`)).json[
    'value'
  ] as { name: string; properties: { networkProfile: { networkInterfaces: { id: string }[] } } }[];
  const web = vms.find((vm) => vm.name === DEMO.vms.running)!;
  const nic = (await get(`${web.properties.networkProfile.networkInterfaces[0]!.id}?api-version=2026-01-01`)).json['properties'] as {
    ipConfigurations: { properties: { privateIPAddress: string; publicIPAddress: { id: string } } }[];
    virtualMachine: { id: string };
  };
  assert.equal(nic.ipConfigurations[0]!.properties.privateIPAddress, '10.1.1.4');
  assert.match(nic.virtualMachine.id, new RegExp(`${DEMO.vms.running}$`));
  const pip = (await get(`${nic.ipConfigurations[0]!.properties.publicIPAddress.id}?api-version=2026-01-01`)).json['properties'] as {
    ipAddress: string;
  };
  assert.match(pip.ipAddress, /^20\.\d+\.\d+\.\d+$/);

  const vmss = (
    await get(`${rg(DEMO.resourceGroups.compute)}/providers/Microsoft.Compute/virtualMachineScaleSets/${DEMO.vmss}?api-version=2026-04-01`)
  ).json;
  assert.equal((vmss['sku'] as { capacity: number }).capacity, 2);

  const accounts = (await get(`/subscriptions/${SUB}/providers/Microsoft.Storage/storageAccounts?api-version=2026-09-01`)).json[
    'value'
  ] as { name: string; properties: Record<string, unknown> }[];
  const weak = accounts.find((account) => account.name === DEMO.storageAccounts[1])!.properties;
  assert.deepEqual([weak['allowBlobPublicAccess'], weak['minimumTlsVersion']], [true, 'TLS1_0']);

  const hub = (
    await get(`${rg(DEMO.resourceGroups.network)}/providers/Microsoft.Network/virtualNetworks/${DEMO.vnets.hub}?api-version=2026-01-01`)
  ).json['properties'] as { subnets: unknown[]; virtualNetworkPeerings: { properties: { peeringState: string } }[] };
  assert.equal(hub.subnets.length, 3);
  assert.equal(hub.virtualNetworkPeerings[0]!.properties.peeringState, 'Connected');

  const sites = (await get(`/subscriptions/${SUB}/providers/Microsoft.Web/sites?api-version=2025-05-01`)).json['value'] as {
    name: string;
    properties: { state: string };
  }[];
  assert.deepEqual(Object.fromEntries(sites.map((site) => [site.name, site.properties.state])), {
    [DEMO.webApps.running]: 'Running',
    [DEMO.webApps.stopped]: 'Stopped',
  });
  const registry = (
    await get(`${rg(DEMO.resourceGroups.shared)}/providers/Microsoft.ContainerRegistry/registries/${DEMO.registry}?api-version=2025-11-01`)
  ).json['properties'] as Record<string, unknown>;
  assert.deepEqual([registry['adminUserEnabled'], registry['loginServer']], [true, `${DEMO.registry}.azurecr.io`]);
  const store = (
    await get(
      `${rg(DEMO.resourceGroups.shared)}/providers/Microsoft.AppConfiguration/configurationStores/${DEMO.appConfigStore}?api-version=2023-03-01`,
    )
  ).json['properties'] as Record<string, unknown>;
  assert.equal(store['endpoint'], `https://${DEMO.appConfigStore}.azconfig.io`);

  const locks = (path: string) =>
    get(`${path}/providers/Microsoft.Authorization/locks?api-version=2020-05-01`).then((reply) =>
      (reply.json['value'] as { name: string }[]).map((lock) => lock.name),
    );
  assert.deepEqual(await locks(rg(DEMO.resourceGroups.network)), ['rg-network-nodelete']);
  // The production lock sits on the subscription: listed there and, inherited, at the group.
  assert.deepEqual(await locks(`/subscriptions/${PROD_SUB}`), ['production-nodelete']);
  assert.deepEqual(await locks(`/subscriptions/${PROD_SUB}/resourceGroups/${DEMO.resourceGroups.prod}`), ['production-nodelete']);
  const prodVms = (await get(`/subscriptions/${PROD_SUB}/providers/Microsoft.Compute/virtualMachines?api-version=2026-04-01`)).json[
    'value'
  ] as { name: string }[];
  assert.deepEqual(
    prodVms.map((vm) => vm.name),
    [DEMO.vms.prod],
  );
});

test('activity log: a days window excludes older events; filters by resource group; $select; paging; newest first', async () => {
  const { get } = await demo({ pageSize: 4 });
  const all = async (path: string): Promise<Record<string, unknown>[]> => {
    const events: Record<string, unknown>[] = [];
    for (let next: string | undefined = path; next;) {
      const page = await get(next);
      assert.equal(page.status, 200, page.text);
      events.push(...(page.json['value'] as Record<string, unknown>[]));
      next = page.json['nextLink'] as string | undefined;
    }
    return events;
  };
  const week = await all(window(7));
  const month = await all(window(31));
  const operations = (events: Record<string, unknown>[]): string[] =>
    events.map((event) => (event['operationName'] as { value: string }).value);
  assert.ok(operations(month).includes('Microsoft.Compute/virtualMachines/write'));
  assert.ok(!operations(week).includes('Microsoft.Compute/virtualMachines/write'), 'the 10-day-old create is outside a 7-day window');
  assert.ok(operations(week).includes('Microsoft.Compute/virtualMachines/deallocate/action'), 'the 3-day-old deallocate is inside');
  const times = week.map((event) => Date.parse(String(event['eventTimestamp'])));
  assert.deepEqual(
    times,
    [...times].sort((a, b) => b - a),
  );
  const failed = week.find((event) => (event['status'] as { value: string }).value === 'Failed')!;
  assert.equal(failed['level'], 'Error');
  assert.equal((failed['subStatus'] as { value: string }).value, 'Conflict');

  const network = await all(window(7, ` and resourceGroupName eq '${DEMO.resourceGroups.network}'`));
  assert.ok(network.length > 0 && network.every((item) => item['resourceGroupName'] === DEMO.resourceGroups.network));
  const selected = await all(`${window(7)}&$select=${encodeURIComponent('eventTimestamp,operationName,status,caller')}`);
  assert.deepEqual(Object.keys(selected[0]!).sort(), ['caller', 'eventTimestamp', 'operationName', 'status']);

  const missing = await get(`/subscriptions/${SUB}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01`);
  assert.equal(missing.status, 400);
  assert.equal((missing.json['error'] as Record<string, unknown>)['code'], 'BadRequest');
});

test('an ARM write records Started and Succeeded events naming the caller', async () => {
  const { azure, token } = await demo();
  const path = `/subscriptions/${SUB}/resourceGroups/${DEMO.resourceGroups.web}/providers/Microsoft.Web/sites/${DEMO.webApps.stopped}/start?api-version=2025-05-01`;
  assert.equal((await arm(azure, token, 'POST', path)).status, 200);
  const events = (await arm(azure, token, 'GET', `${window(1)}`)).json['value'] as Record<string, unknown>[];
  const [succeeded, started] = events;
  assert.deepEqual(
    [(succeeded!['status'] as { value: string }).value, (started!['status'] as { value: string }).value],
    ['Succeeded', 'Started'],
  );
  assert.equal((succeeded!['operationName'] as { localizedValue: string }).localizedValue, 'Start Site');
  assert.equal(succeeded!['correlationId'], started!['correlationId']);
  assert.match(String(succeeded!['caller']), /^[0-9a-f-]{36}$/);
});

test('seedGenericResources fills one group with thousands of resources that list in pages', async () => {
  const azure = new EmulatedAzure();
  seedGenericResources(azure, { resourceGroup: 'rg-bench', count: 10_000 });
  const token = await servicePrincipalToken(azure);
  const first = await arm(azure, token, 'GET', `/subscriptions/${SUB}/resourceGroups/rg-bench/resources?api-version=2025-04-01`);
  assert.equal((first.json['value'] as unknown[]).length, 100);
  assert.ok(first.json['nextLink']);
  const dev = await arm(
    azure,
    token,
    'GET',
    `/subscriptions/${SUB}/resourceGroups/rg-bench/resources?api-version=2025-04-01&$top=1000&$filter=${encodeURIComponent("tagName eq 'env' and tagValue eq 'dev'")}`,
  );
  assert.equal((dev.json['value'] as unknown[]).length, 1000);
});
