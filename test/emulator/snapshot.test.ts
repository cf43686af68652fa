// Exporting an emulator's mutable state as JSON and loading it into a fresh one (the sandbox's --sandbox-state).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, DEMO_IDENTITY, EmulatedAzure, SEED, SnapshotError, seedDemoEstate, setKeyValue } from '../../src/emulator/index.js';
import { servicePrincipalToken } from './support.js';
import { arm, pollUntilDone } from './arm-support.js';

const PROD = DEMO.prodSubscriptionId;
const VM = `/subscriptions/${PROD}/resourceGroups/${DEMO.resourceGroups.prod}/providers/Microsoft.Compute/virtualMachines/${DEMO.vms.prod}`;
const COMPUTE = '?api-version=2026-04-01';

async function demo(options: ConstructorParameters<typeof EmulatedAzure>[0] = {}) {
  const azure = new EmulatedAzure(options);
  seedDemoEstate(azure);
  return { azure, token: await servicePrincipalToken(azure) };
}

const powerOf = (reply: { json: Record<string, unknown> }) =>
  ((reply.json['statuses'] as { code: string }[]).find((s) => s.code.startsWith('PowerState/')) ?? { code: '' }).code;

test('a snapshot loaded into a fresh emulator serves the same estate, changes included', async () => {
  const { azure, token } = await demo();
  // Changes over ARM: a deallocated VM, tags, a lock, a role assignment (each also in the activity log).
  await pollUntilDone(azure, token, await arm(azure, token, 'POST', `${VM}/deallocate${COMPUTE}`));
  const tagged = await arm(
    azure,
    token,
    'PATCH',
    `/subscriptions/${PROD}/resourceGroups/${DEMO.resourceGroups.prod}/providers/Microsoft.Resources/tags/default?api-version=2021-04-01`,
    { operation: 'Merge', properties: { tags: { reviewed: 'yes' } } },
  );
  assert.equal(tagged.status, 200, tagged.text);
  const lock = await arm(azure, token, 'PUT', `${VM}/providers/Microsoft.Authorization/locks/keep?api-version=2020-05-01`, {
    properties: { level: 'ReadOnly', notes: 'frozen' },
  });
  assert.equal(lock.status, 201, lock.text);
  setKeyValue(azure.state.appConfig.stores.get(DEMO.appConfigStore)!, { key: 'snapshot:test', value: 'kept' });

  const snapshot = azure.exportState();
  const text = JSON.stringify(snapshot);
  const copy = new EmulatedAzure();
  copy.importState(JSON.parse(text));
  assert.deepEqual(copy.exportState(), snapshot, 'export → import → export is lossless');

  const copyToken = await servicePrincipalToken(copy);
  assert.equal(powerOf(await arm(copy, copyToken, 'GET', `${VM}/instanceView${COMPUTE}`)), 'PowerState/deallocated');
  const group = await arm(
    copy,
    copyToken,
    'GET',
    `/subscriptions/${PROD}/resourceGroups/${DEMO.resourceGroups.prod}?api-version=2021-04-01`,
  );
  assert.equal((group.json['tags'] as Record<string, string>)['reviewed'], 'yes');
  // The ReadOnly lock still blocks a write, and lists keep creation order.
  const blocked = await arm(copy, copyToken, 'POST', `${VM}/start${COMPUTE}`);
  assert.equal(blocked.status, 409, blocked.text);
  const rgResources = await arm(
    copy,
    copyToken,
    'GET',
    `/subscriptions/${PROD}/resourceGroups/${DEMO.resourceGroups.prod}/resources?api-version=2021-04-01`,
  );
  const original = await arm(
    azure,
    token,
    'GET',
    `/subscriptions/${PROD}/resourceGroups/${DEMO.resourceGroups.prod}/resources?api-version=2021-04-01`,
  );
  assert.deepEqual(rgResources.json['value'], original.json['value']);
  assert.equal(copy.state.resources.activity.events.length, azure.state.resources.activity.events.length);
  assert.equal(
    copy.state.appConfig.stores.get(DEMO.appConfigStore)?.keyValues.size,
    azure.state.appConfig.stores.get(DEMO.appConfigStore)?.keyValues.size,
  );
  assert.ok(copy.state.authorization.roleAssignments.size > 20);
  assert.equal(copy.state.registries.registries.get(DEMO.registry)?.repositories.get('web/frontend')?.tags.size, 3);
  assert.ok(copy.state.directory.get(DEMO_IDENTITY.webAppPrincipalId));
});

test('an operation still running is finished before the snapshot is taken', async () => {
  const { azure, token } = await demo({ lroDurationMs: 60_000 });
  const since = Date.now();
  const accepted = await arm(azure, token, 'POST', `${VM}/deallocate${COMPUTE}`);
  assert.equal(accepted.status, 202);
  assert.equal(powerOf(await arm(azure, token, 'GET', `${VM}/instanceView${COMPUTE}`)), 'PowerState/deallocating');
  const snapshot = azure.exportState();
  assert.equal(azure.state.resources.operations.inProgress.length, 0);
  const copy = new EmulatedAzure();
  copy.importState(snapshot);
  const copyToken = await servicePrincipalToken(copy);
  assert.equal(powerOf(await arm(copy, copyToken, 'GET', `${VM}/instanceView${COMPUTE}`)), 'PowerState/deallocated');
  const ended = copy.state.resources.activity.events
    .filter((event) => event.timestamp >= since && event.operationName === 'Microsoft.Compute/virtualMachines/deallocate/action')
    .map((event) => event.status);
  assert.deepEqual(ended, ['Started', 'Succeeded']);
});

test('a bad snapshot is refused with the part at fault, and the state is unchanged', async () => {
  const { azure } = await demo();
  const before = azure.exportState();
  const cases: [unknown, RegExp][] = [
    [null, /^snapshot: expected an object, found null/],
    [{ ...before, format: 'something-else' }, /^format: expected "azops-emulated-azure-state"/],
    [{ ...before, version: 2 }, /^version: this build reads version 1, found 2/],
    [{ ...before, resources: [...before.resources, { id: 1 }] }, /^resources\[\d+\]\.id: expected string, found number/],
    [{ ...before, readAccess: [['x', 'y']] }, /^readAccess\[0\]: expected \[string, string\[\]\]/],
    [{ ...before, locks: undefined }, /^locks: expected an array, found undefined/],
  ];
  for (const [bad, message] of cases) {
    assert.throws(
      () => azure.importState(bad),
      (error: unknown) => error instanceof SnapshotError && message.test(error.message),
    );
  }
  assert.deepEqual(azure.exportState(), before);
  // A fresh emulator without the demo estate differs, so the comparison above means something.
  assert.notDeepEqual(new EmulatedAzure().exportState().resources, before.resources);
  assert.ok(before.subscriptions.some((sub) => sub.subscriptionId === SEED.subscriptions[1]!.id));
});
