// Long-running operations, VM power states, conflicts, planned failures, locks and cascading
// resource-group deletes, through azure.handle as the SDK would send them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EmulatedAzure } from '../../src/emulator/index.js';
import { servicePrincipalToken } from './support.js';
import { arm, insert, pollUntilDone, SUB, type Reply } from './arm-support.js';

const V = 'api-version=2026-04-01';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-test`;
const VM = `${RG}/providers/Microsoft.Compute/virtualMachines`;

async function setup(options: ConstructorParameters<typeof EmulatedAzure>[0] = {}) {
  const azure = new EmulatedAzure(options);
  const token = await servicePrincipalToken(azure);
  const call = (method: string, path: string, body?: unknown): Promise<Reply> =>
    arm(
      azure,
      token,
      method,
      path.includes('api-version') || path.startsWith('https://') ? path : `${path}${path.includes('?') ? '&' : '?'}${V}`,
      body,
    );
  await call('PUT', `${RG}?api-version=2025-04-01`, { location: 'eastus' });
  return { azure, token, call };
}

function vmBody(): Record<string, unknown> {
  return {
    location: 'eastus',
    properties: {
      hardwareProfile: { vmSize: 'Standard_B2s' },
      storageProfile: {
        imageReference: { publisher: 'Canonical', offer: 'ubuntu', sku: '22_04-lts', version: 'latest' },
        osDisk: { createOption: 'FromImage' },
      },
    },
  };
}

function powerOf(view: Reply): string | undefined {
  const statuses = (view.json['statuses'] ??
    (view.json['properties'] as Record<string, Record<string, unknown>>)['instanceView']?.['statuses']) as { code: string }[];
  return statuses.find((status) => status.code.startsWith('PowerState/'))?.code;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('LRO create: 201 Creating + Azure-AsyncOperation, InProgress until lroDurationMs has passed, then Succeeded', async () => {
  const { azure, token, call } = await setup({ lroDurationMs: 150 });
  const created = await call('PUT', `${VM}/vm1`, vmBody());
  assert.equal(created.status, 201);
  assert.equal((created.json['properties'] as Record<string, unknown>)['provisioningState'], 'Creating');
  assert.match(
    created.headers['azure-asyncoperation'] ?? '',
    /^https:\/\/management\.azure\.com\/subscriptions\/[^/]+\/providers\/Microsoft\.Compute\/locations\/eastus\/operations\/[0-9a-f-]{36}\?api-version=2026-04-01$/,
  );
  assert.equal(created.headers['retry-after'], undefined, 'lroRetryAfterSeconds 0 sends no Retry-After');

  const first = await arm(azure, token, 'GET', created.headers['azure-asyncoperation']!);
  assert.equal(first.status, 200);
  assert.equal(first.json['status'], 'InProgress');
  const during = await call('GET', `${VM}/vm1`);
  assert.equal((during.json['properties'] as Record<string, unknown>)['provisioningState'], 'Creating');

  await sleep(170);
  const done = await arm(azure, token, 'GET', created.headers['azure-asyncoperation']!);
  assert.equal(done.json['status'], 'Succeeded');
  assert.ok(done.json['endTime']);
  const after = await call('GET', `${VM}/vm1`);
  assert.equal((after.json['properties'] as Record<string, unknown>)['provisioningState'], 'Succeeded');
});

test('with the default lroDurationMs (0) the first poll already reports Succeeded; Retry-After is sent when configured', async () => {
  const { azure, token, call } = await setup({ lroRetryAfterSeconds: 1 });
  const created = await call('PUT', `${VM}/vm1`, vmBody());
  assert.equal(created.headers['retry-after'], '1');
  const polls = await pollUntilDone(azure, token, created);
  assert.deepEqual(
    polls.map((poll) => poll.json['status']),
    ['Succeeded'],
  );
});

test('power transitions: start/powerOff/restart/deallocate show a transitional state until the operation completes', async () => {
  const { azure, token, call } = await setup({ lroDurationMs: 100 });
  await pollUntilDone(azure, token, await call('PUT', `${VM}/vm1`, vmBody()));
  assert.equal(powerOf(await call('GET', `${VM}/vm1/instanceView`)), 'PowerState/running');

  const off = await call('POST', `${VM}/vm1/powerOff`);
  assert.equal(off.status, 202);
  assert.ok(off.headers['azure-asyncoperation'] && off.headers['location']);
  assert.equal(off.text, '');
  assert.equal(powerOf(await call('GET', `${VM}/vm1?$expand=instanceView`)), 'PowerState/stopping');
  // The Location URL answers 202 while running and 200 once done.
  assert.equal((await arm(azure, token, 'GET', off.headers['location']!)).status, 202);
  await sleep(120);
  assert.equal((await arm(azure, token, 'GET', off.headers['location']!)).status, 200);
  assert.equal(powerOf(await call('GET', `${VM}/vm1/instanceView`)), 'PowerState/stopped');

  const restart = await call('POST', `${VM}/vm1/restart`);
  assert.equal(restart.status, 409);
  assert.equal((restart.json['error'] as Record<string, unknown>)['code'], 'OperationNotAllowed');

  await pollUntilDone(azure, token, await call('POST', `${VM}/vm1/deallocate`), 30);
  const deallocated = await call('GET', `${VM}/vm1/instanceView`);
  assert.equal(powerOf(deallocated), 'PowerState/deallocated');
  assert.equal(deallocated.json['vmAgent'], undefined, 'a deallocated VM reports no guest agent');
  const powerOff = await call('POST', `${VM}/vm1/powerOff`);
  assert.equal(powerOff.status, 409);
  assert.match(String((powerOff.json['error'] as Record<string, unknown>)['message']), /deallocated/);

  const start = await call('POST', `${VM}/vm1/start`);
  assert.equal(powerOf(await call('GET', `${VM}/vm1/instanceView`)), 'PowerState/starting');
  await pollUntilDone(azure, token, start, 30);
  assert.equal(powerOf(await call('GET', `${VM}/vm1/instanceView`)), 'PowerState/running');
  await pollUntilDone(azure, token, await call('POST', `${VM}/vm1/restart`), 30);
  assert.equal(powerOf(await call('GET', `${VM}/vm1/instanceView`)), 'PowerState/running');
});

test('a second operation while one is in progress gets 409 (OperationNotAllowed for VMs, AnotherOperationInProgress for networks)', async () => {
  const { azure, call } = await setup({ lroDurationMs: 10_000 });
  insert(azure, 'rg-test', 'Microsoft.Compute', [['virtualMachines', 'vm1']], vmBody());
  assert.equal((await call('POST', `${VM}/vm1/start`)).status, 202);
  const second = await call('POST', `${VM}/vm1/deallocate`);
  assert.equal(second.status, 409);
  assert.deepEqual(second.json['error'], {
    code: 'OperationNotAllowed',
    message:
      "Operation 'deallocate' is not allowed on VM 'vm1' since the VM has an ongoing operation 'start'. Please retry after the ongoing operation completes.",
  });
  assert.equal((await call('DELETE', `${VM}/vm1`)).status, 409);
  // Reads are never blocked.
  assert.equal((await call('GET', `${VM}/vm1`)).status, 200);

  const vnet = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet1?api-version=2026-01-01`;
  assert.equal(
    (await call('PUT', vnet, { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } } })).status,
    201,
  );
  const subnet = await call('PUT', `${RG}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/s1?api-version=2026-01-01`, {
    properties: { addressPrefix: '10.0.1.0/24' },
  });
  assert.equal(subnet.status, 409);
  assert.equal((subnet.json['error'] as Record<string, unknown>)['code'], 'AnotherOperationInProgress');
});

test('failNextOperation: the operation starts, then ends Failed with the error; the change is undone and logged', async () => {
  const { azure, token, call } = await setup();
  insert(azure, 'rg-test', 'Microsoft.Compute', [['virtualMachines', 'vm1']], vmBody());
  azure.state.resources.get(`${VM}/vm1`)!.runtime.powerState = 'deallocated';
  azure.failNextOperation(
    `${VM}/vm1`,
    { code: 'AllocationFailed', message: 'Allocation failed. Not enough capacity.' },
    { operation: 'start' },
  );
  const start = await call('POST', `${VM}/vm1/start`);
  assert.equal(start.status, 202);
  const [poll] = await pollUntilDone(azure, token, start);
  assert.equal(poll!.json['status'], 'Failed');
  assert.deepEqual(poll!.json['error'], { code: 'AllocationFailed', message: 'Allocation failed. Not enough capacity.' });
  assert.equal((await arm(azure, token, 'GET', start.headers['location']!)).status, 400);
  assert.equal(powerOf(await call('GET', `${VM}/vm1/instanceView`)), 'PowerState/deallocated');
  const events = azure.state.resources.activity.events.filter(
    (event) => event.operationName === 'Microsoft.Compute/virtualMachines/start/action',
  );
  assert.deepEqual(
    events.map((event) => event.status),
    ['Started', 'Failed'],
  );
  assert.equal(events[1]!.error?.code, 'AllocationFailed');

  // By type: a failed create leaves the resource in provisioningState Failed, as Azure does.
  azure.failNextOperation('Microsoft.Compute/virtualMachines', { code: 'InternalError', message: 'boom' });
  await pollUntilDone(azure, token, await call('PUT', `${VM}/vm2`, vmBody()));
  assert.equal(((await call('GET', `${VM}/vm2`)).json['properties'] as Record<string, unknown>)['provisioningState'], 'Failed');
  // Synchronous operations fail at once.
  azure.failNextOperation(`${RG}`, { code: 'BadRequest', message: 'nope', status: 400 });
  const group = await call('PATCH', `${RG}?api-version=2025-04-01`, { tags: { a: 'b' } });
  assert.equal(group.status, 400);
  assert.deepEqual(group.json['error'], { code: 'BadRequest', message: 'nope' });
});

test('locks: CanNotDelete blocks deletes at and below its scope, ReadOnly also blocks writes and actions; lists show inherited locks', async () => {
  const { azure, call } = await setup();
  insert(azure, 'rg-test', 'Microsoft.Compute', [['virtualMachines', 'vm1']], vmBody());
  const lockUrl = `${RG}/providers/Microsoft.Authorization/locks/no-delete?api-version=2020-05-01`;
  assert.equal((await call('PUT', lockUrl, { properties: { level: 'CanNotDelete', notes: 'keep' } })).status, 201);
  assert.equal((await call('PUT', lockUrl, { properties: { level: 'CanNotDelete', notes: 'keep' } })).status, 200);

  const blocked = await call('DELETE', `${VM}/vm1`);
  assert.equal(blocked.status, 409);
  assert.deepEqual(blocked.json['error'], {
    code: 'ScopeLocked',
    message: `The scope '${VM}/vm1' cannot perform delete operation because following scope(s) are locked: '${RG}'. Please remove the lock and try again.`,
  });
  assert.equal((await call('DELETE', `${RG}?api-version=2025-04-01`)).status, 409);
  assert.equal((await call('POST', `${VM}/vm1/powerOff`)).status, 202, 'CanNotDelete allows actions');

  const subLock = `/subscriptions/${SUB}/providers/Microsoft.Authorization/locks/sub-read-only?api-version=2020-05-01`;
  assert.equal((await call('PUT', subLock, { properties: { level: 'ReadOnly' } })).status, 201);
  const write = await call('PATCH', `${VM}/vm1`, { tags: { a: 'b' } });
  assert.equal(write.status, 409);
  assert.match(
    String((write.json['error'] as Record<string, unknown>)['message']),
    /cannot perform write operation because following scope\(s\) are locked: '\/subscriptions\/[^']+'/,
  );
  assert.equal((await call('POST', `${VM}/vm1/start`)).status, 409);

  const names = async (path: string): Promise<string[]> =>
    ((await call('GET', path)).json['value'] as { name: string }[]).map((lock) => lock.name).sort();
  assert.deepEqual(await names(`${RG}/providers/Microsoft.Authorization/locks?api-version=2020-05-01`), ['no-delete', 'sub-read-only']);
  assert.deepEqual(await names(`/subscriptions/${SUB}/providers/Microsoft.Authorization/locks?api-version=2020-05-01`), [
    'no-delete',
    'sub-read-only',
  ]);
  assert.deepEqual(await names(`/subscriptions/${SUB}/providers/Microsoft.Authorization/locks?api-version=2020-05-01&$filter=atScope()`), [
    'sub-read-only',
  ]);
  assert.deepEqual(await names(`${VM}/vm1/providers/Microsoft.Authorization/locks?api-version=2020-05-01`), ['no-delete', 'sub-read-only']);

  assert.equal((await call('DELETE', subLock)).status, 200);
  assert.equal((await call('DELETE', subLock)).status, 204);
  assert.equal((await call('DELETE', lockUrl)).status, 200);
  assert.equal((await call('DELETE', `${VM}/vm1`)).status, 202);
});

test('deleting a resource group deletes everything in it (202 + Location, polled until 200)', async () => {
  const { azure, token, call } = await setup({ lroDurationMs: 100 });
  insert(azure, 'rg-test', 'Microsoft.Compute', [['virtualMachines', 'vm1']], vmBody());
  insert(azure, 'rg-test', 'Microsoft.Network', [['virtualNetworks', 'vnet1']], {
    location: 'eastus',
    properties: {
      addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets: [{ name: 's1', properties: { addressPrefix: '10.0.1.0/24' } }],
    },
  });
  assert.equal(azure.state.resources.size, 3);

  const deleting = await call('DELETE', `${RG}?api-version=2025-04-01`);
  assert.equal(deleting.status, 202);
  assert.match(deleting.headers['location'] ?? '', /\/subscriptions\/[^/]+\/operationresults\/[0-9a-f-]{36}\?api-version=2025-04-01$/);
  assert.equal(
    ((await call('GET', `${RG}?api-version=2025-04-01`)).json['properties'] as Record<string, unknown>)['provisioningState'],
    'Deleting',
  );
  assert.equal(((await call('GET', `${VM}/vm1`)).json['properties'] as Record<string, unknown>)['provisioningState'], 'Deleting');
  const refused = await call('PUT', `${VM}/vm2`, vmBody());
  assert.equal(refused.status, 409);
  assert.equal((refused.json['error'] as Record<string, unknown>)['code'], 'ResourceGroupBeingDeleted');

  const polls = await pollUntilDone(azure, token, deleting, 40);
  assert.deepEqual([polls[0]!.status, polls.at(-1)!.status], [202, 200]);
  const gone = await call('GET', `${RG}?api-version=2025-04-01`);
  assert.equal(gone.status, 404);
  assert.deepEqual(gone.json['error'], { code: 'ResourceGroupNotFound', message: "Resource group 'rg-test' could not be found." });
  assert.equal(azure.state.resources.size, 0);
});

test('storage accounts are created the storage way: 202 + Location, polled until 200 with the account', async () => {
  const { azure, token, call } = await setup();
  const url = `${RG}/providers/Microsoft.Storage/storageAccounts/stdemo01?api-version=2026-09-01`;
  const created = await call('PUT', url, { location: 'eastus', kind: 'StorageV2', sku: { name: 'Standard_LRS' } });
  assert.equal(created.status, 202);
  assert.equal(created.text, '');
  assert.equal(created.headers['azure-asyncoperation'], undefined);
  const [result] = await pollUntilDone(azure, token, created);
  assert.equal(result!.status, 200);
  assert.equal(result!.json['name'], 'stdemo01');
  const properties = result!.json['properties'] as Record<string, unknown>;
  assert.deepEqual(
    [
      properties['minimumTlsVersion'],
      properties['allowBlobPublicAccess'],
      properties['supportsHttpsTrafficOnly'],
      properties['accessTier'],
    ],
    ['TLS1_2', false, true, 'Hot'],
  );

  const taken = await call(
    'PUT',
    `/subscriptions/${SUB}/resourceGroups/rg-test/providers/Microsoft.Storage/storageAccounts/stdemo01x?api-version=2026-09-01`,
    { location: 'eastus', kind: 'StorageV2', sku: { name: 'Standard_LRS' } },
  );
  assert.equal(taken.status, 202);
  const invalid = await call('PUT', `${RG}/providers/Microsoft.Storage/storageAccounts/Bad_Name?api-version=2026-09-01`, {
    location: 'eastus',
    sku: { name: 'Standard_LRS' },
  });
  assert.equal((invalid.json['error'] as Record<string, unknown>)['code'], 'AccountNameInvalid');
  await call('PUT', `/subscriptions/${SUB}/resourceGroups/rg-other?api-version=2025-04-01`, { location: 'eastus' });
  const duplicate = await call(
    'PUT',
    `/subscriptions/${SUB}/resourceGroups/rg-other/providers/Microsoft.Storage/storageAccounts/stdemo01?api-version=2026-09-01`,
    { location: 'eastus', sku: { name: 'Standard_LRS' } },
  );
  assert.equal(duplicate.status, 409);
  assert.equal((duplicate.json['error'] as Record<string, unknown>)['code'], 'StorageAccountAlreadyTaken');

  const keys = await call('POST', `${RG}/providers/Microsoft.Storage/storageAccounts/stdemo01/listKeys?api-version=2026-09-01`);
  assert.deepEqual(
    (keys.json['keys'] as { keyName: string }[]).map((key) => key.keyName),
    ['key1', 'key2'],
  );
});
