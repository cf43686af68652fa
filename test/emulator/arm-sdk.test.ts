// The real Azure SDK (arm-compute, arm-resources, arm-storage, arm-locks, arm-monitor) against the
// demo estate through the in-process HttpClient: lists, long-running operations with their polling,
// planned failures and locks as the SDK surfaces them.
import '../helpers/loopback-guard.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientSecretCredential } from '@azure/identity';
import { ComputeManagementClient } from '@azure/arm-compute';
import { ResourceManagementClient } from '@azure/arm-resources';
import { StorageManagementClient } from '@azure/arm-storage';
import { ManagementLockClient } from '@azure/arm-locks';
import { MonitorClient } from '@azure/arm-monitor';
import { createEmulatorHttpClient, DEMO, EmulatedAzure, SEED, seedArmDemoEstate } from '../../src/emulator/index.js';

function connect(options: ConstructorParameters<typeof EmulatedAzure>[0] = {}) {
  const azure = new EmulatedAzure(options);
  seedArmDemoEstate(azure);
  const httpClient = createEmulatorHttpClient(azure);
  const credential = new ClientSecretCredential(SEED.tenantId, SEED.servicePrincipal.clientId, SEED.servicePrincipal.clientSecret, {
    httpClient,
  });
  const sub = DEMO.devSubscriptionId;
  return {
    azure,
    compute: new ComputeManagementClient(credential, sub, { httpClient }),
    resources: new ResourceManagementClient(credential, sub, { httpClient }),
    storage: new StorageManagementClient(credential, sub, { httpClient }),
    locks: (subscriptionId: string) => new ManagementLockClient(credential, subscriptionId, { httpClient }),
    monitor: new MonitorClient(credential, sub, { httpClient }),
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

const powerOf = (statuses: { code?: string }[] | undefined): string | undefined =>
  statuses?.find((status) => status.code?.startsWith('PowerState/'))?.code;

test('arm-compute: list VMs with power states (statusOnly), start a stopped VM, and a failed deallocate', async () => {
  const { azure, compute } = connect({ pageSize: 2 });
  const vms = await collect(compute.virtualMachines.list(DEMO.resourceGroups.compute));
  assert.deepEqual(vms.map((vm) => vm.name).sort(), [DEMO.vms.stopped, DEMO.vms.deallocated, DEMO.vms.running].sort());
  assert.equal(vms.find((vm) => vm.name === DEMO.vms.running)?.hardwareProfile?.vmSize, 'Standard_B2s');

  const all = await collect(compute.virtualMachines.listAll({ statusOnly: 'true' }));
  const states = Object.fromEntries(all.map((vm) => [vm.name, powerOf(vm.instanceView?.statuses)]));
  assert.deepEqual(states, {
    [DEMO.vms.running]: 'PowerState/running',
    [DEMO.vms.stopped]: 'PowerState/stopped',
    [DEMO.vms.deallocated]: 'PowerState/deallocated',
  });

  await compute.virtualMachines.beginStartAndWait(DEMO.resourceGroups.compute, DEMO.vms.stopped);
  const view = await compute.virtualMachines.instanceView(DEMO.resourceGroups.compute, DEMO.vms.stopped);
  assert.equal(powerOf(view.statuses), 'PowerState/running');

  azure.failNextOperation(
    'Microsoft.Compute/virtualMachines',
    { code: 'OperationPreempted', message: 'The operation was preempted.' },
    { operation: 'deallocate' },
  );
  await assert.rejects(compute.virtualMachines.beginDeallocateAndWait(DEMO.resourceGroups.compute, DEMO.vms.running), /preempted/i);
  assert.equal(
    powerOf((await compute.virtualMachines.instanceView(DEMO.resourceGroups.compute, DEMO.vms.running)).statuses),
    'PowerState/running',
  );

  await assert.rejects(
    compute.virtualMachines.beginRestartAndWait(DEMO.resourceGroups.compute, DEMO.vms.deallocated),
    (error: { statusCode?: number; code?: string }) => {
      assert.equal(error.statusCode, 409);
      assert.equal(error.code, 'OperationNotAllowed');
      return true;
    },
  );

  const scaled = await compute.virtualMachineScaleSets.beginUpdateAndWait(DEMO.resourceGroups.compute, DEMO.vmss, { sku: { capacity: 5 } });
  assert.equal(scaled.sku?.capacity, 5);
});

test("arm-compute: VM lists keep Azure's contract: $expand=instanceView only with the scale-set $filter; statusOnly is run-time status only", async () => {
  const { azure, compute } = connect();
  const group = DEMO.resourceGroups.compute;
  const refused = (error: { statusCode?: number; code?: string; message?: string }) => {
    assert.equal(error.statusCode, 400);
    assert.equal(error.code, 'BadRequest');
    return true;
  };
  await assert.rejects(collect(compute.virtualMachines.list(group, { expand: 'instanceView' })), refused);
  await assert.rejects(collect(compute.virtualMachines.listAll({ expand: 'instanceView' })), refused);
  await assert.rejects(
    collect(compute.virtualMachines.list(group, { filter: "name eq 'vm-web-01'" })),
    (error: { statusCode?: number; code?: string }) => {
      assert.equal(error.statusCode, 400);
      assert.equal(error.code, 'InvalidParameter');
      return true;
    },
  );

  // The documented filter: the VMs of one scale set, which may come with their instance views.
  const vmssId = `/subscriptions/${DEMO.devSubscriptionId}/resourceGroups/${group}/providers/Microsoft.Compute/virtualMachineScaleSets/${DEMO.vmss}`;
  const member = azure.state.resources.get(
    `/subscriptions/${DEMO.devSubscriptionId}/resourceGroups/${group}/providers/Microsoft.Compute/virtualMachines/${DEMO.vms.stopped}`,
  )!;
  member.doc.properties['virtualMachineScaleSet'] = { id: vmssId };
  const inScaleSet = await collect(
    compute.virtualMachines.list(group, { expand: 'instanceView', filter: `'virtualMachineScaleSet/id' eq '${vmssId}'` }),
  );
  assert.deepEqual(
    inScaleSet.map((vm) => [vm.name, powerOf(vm.instanceView?.statuses)]),
    [[DEMO.vms.stopped, 'PowerState/stopped']],
  );

  // statusOnly=true: every VM of the subscription with its statuses, and none of the model.
  const all = await collect(compute.virtualMachines.listAll({ statusOnly: 'true' }));
  const web = all.find((vm) => vm.name === DEMO.vms.running)!;
  assert.equal(powerOf(web.instanceView?.statuses), 'PowerState/running');
  assert.match(web.id ?? '', new RegExp(`/virtualMachines/${DEMO.vms.running}$`));
  assert.deepEqual(
    [web.hardwareProfile, web.storageProfile, web.networkProfile, web.tags, web.instanceView?.osName],
    [undefined, undefined, undefined, undefined, undefined],
  );
});

test('arm-resources: groups, resources by group, tags at scope, checkExistence and a group delete polled to the end', async () => {
  const { resources } = connect({ pageSize: 3 });
  const groups = await collect(resources.resourceGroups.list());
  assert.deepEqual(
    groups.map((group) => group.name),
    [DEMO.resourceGroups.web, DEMO.resourceGroups.compute, DEMO.resourceGroups.network, DEMO.resourceGroups.shared],
  );
  assert.deepEqual(groups[1]?.tags, { env: 'dev', costCenter: '1234' });
  const shared = await collect(resources.resources.listByResourceGroup(DEMO.resourceGroups.shared));
  assert.deepEqual(shared.map((resource) => resource.type).sort(), [
    'Microsoft.AppConfiguration/configurationStores',
    'Microsoft.AppConfiguration/configurationStores',
    'Microsoft.ContainerRegistry/registries',
    'Microsoft.Storage/storageAccounts',
    'Microsoft.Storage/storageAccounts',
  ]);
  const tags = await resources.tagsOperations.getAtScope(
    `/subscriptions/${DEMO.devSubscriptionId}/resourceGroups/${DEMO.resourceGroups.web}`,
  );
  assert.deepEqual(tags.properties?.tags, { env: 'dev', owner: 'web-team' });

  await resources.resourceGroups.createOrUpdate('rg-scratch', { location: 'westeurope' });
  assert.equal((await resources.resourceGroups.checkExistence('rg-scratch')).body, true);
  await resources.resourceGroups.beginDeleteAndWait('rg-scratch');
  assert.equal((await resources.resourceGroups.checkExistence('rg-scratch')).body, false);
  await assert.rejects(
    resources.resourceGroups.beginDeleteAndWait(DEMO.resourceGroups.network),
    (error: { statusCode?: number; code?: string }) => error.statusCode === 409 && error.code === 'ScopeLocked',
  );
});

test('arm-storage: accounts by subscription with their security posture, create (202 + Location) and listKeys', async () => {
  const { storage } = connect();
  const accounts = await collect(storage.storageAccounts.list());
  const posture = Object.fromEntries(accounts.map((account) => [account.name, [account.minimumTlsVersion, account.allowBlobPublicAccess]]));
  assert.deepEqual(posture, { [DEMO.storageAccounts[0]]: ['TLS1_2', false], [DEMO.storageAccounts[1]]: ['TLS1_0', true] });
  const created = await storage.storageAccounts.beginCreateAndWait(DEMO.resourceGroups.shared, 'azopsnewacct', {
    location: 'eastus',
    kind: 'StorageV2',
    sku: { name: 'Standard_LRS' },
  });
  assert.equal(created.name, 'azopsnewacct');
  const keys = await storage.storageAccounts.listKeys(DEMO.resourceGroups.shared, 'azopsnewacct');
  assert.equal(keys.keys?.length, 2);
});

test('arm-locks: the production subscription lock is listed at both scopes; the network lock blocks a delete', async () => {
  const { locks } = connect();
  const prod = locks(DEMO.prodSubscriptionId);
  const atSubscription = await collect(prod.managementLocks.listAtSubscriptionLevel());
  const atGroup = await collect(prod.managementLocks.listAtResourceGroupLevel(DEMO.resourceGroups.prod));
  assert.deepEqual(
    atSubscription.map((lock) => lock.name),
    ['production-nodelete'],
  );
  assert.deepEqual(
    atGroup.map((lock) => [lock.name, lock.level]),
    [['production-nodelete', 'CanNotDelete']],
  );
  const dev = locks(DEMO.devSubscriptionId);
  const created = await dev.managementLocks.createOrUpdateAtResourceLevel(
    DEMO.resourceGroups.shared,
    'Microsoft.Storage',
    '',
    'storageAccounts',
    DEMO.storageAccounts[1],
    'logs-readonly',
    { level: 'ReadOnly' },
  );
  assert.equal(
    created.id,
    `/subscriptions/${DEMO.devSubscriptionId}/resourceGroups/${DEMO.resourceGroups.shared}/providers/Microsoft.Storage/storageAccounts/${DEMO.storageAccounts[1]}/providers/Microsoft.Authorization/locks/logs-readonly`,
  );
  const inShared = await collect(dev.managementLocks.listAtResourceGroupLevel(DEMO.resourceGroups.shared));
  assert.deepEqual(
    inShared.map((lock) => lock.name),
    ['logs-readonly'],
  );
});

test('arm-monitor: the activity log window leaves out older events; newest first', async () => {
  const { monitor, compute } = connect();
  await compute.virtualMachines.beginPowerOffAndWait(DEMO.resourceGroups.compute, DEMO.vms.running);
  const since = (days: number): string =>
    `eventTimestamp ge '${new Date(Date.now() - days * 86_400_000).toISOString()}' and eventTimestamp le '${new Date().toISOString()}'`;
  const week = await collect(monitor.activityLogs.list(since(7)));
  const month = await collect(monitor.activityLogs.list(since(31)));
  assert.ok(week.length > 0 && month.length > week.length, `${week.length} events in 7 days, ${month.length} in 31`);
  assert.equal(week[0]?.operationName?.value, 'Microsoft.Compute/virtualMachines/powerOff/action');
  assert.equal(week[0]?.status?.value, 'Succeeded');
  assert.equal(week[0]?.caller, SEED.servicePrincipal.clientId);
  const times = week.map((event) => event.eventTimestamp?.getTime() ?? 0);
  assert.deepEqual(
    times,
    [...times].sort((a, b) => b - a),
  );
  const compute3 = await collect(monitor.activityLogs.list(`${since(4)} and resourceGroupName eq '${DEMO.resourceGroups.compute}'`));
  assert.ok(compute3.every((event) => event.resourceGroupName === DEMO.resourceGroups.compute));
  assert.ok(
    compute3.some((event) => event.status?.value === 'Failed'),
    'the failed start 5 hours ago is in the window',
  );
  assert.ok(
    !compute3.some((event) => event.operationName?.value === 'Microsoft.Compute/virtualMachines/write'),
    'the 10-day-old create is not',
  );
});
