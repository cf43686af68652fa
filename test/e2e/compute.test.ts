// Issue 5, compute side: list_vms, get_vm_status, the four power tools and scale_vmss, through a real MCP
// client against the emulated Azure, with the long-running-operation behaviour (progress, cancel, no_wait,
// OPERATION_TIMEOUT, failures, conflicts) driven by the emulator's LRO knobs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO, type RecordedRequest } from '../../src/emulator/index.js';
import { startInProcessFixture, type InProcessFixture } from '../helpers/in-process.js';
import { transcript, type RunningServer, type ToolCallResult } from '../helpers/server-process.js';

const SUB = DEMO.devSubscriptionId;
const RG = DEMO.resourceGroups.compute;
const { running: WEB, stopped: BATCH, deallocated: LEGACY } = DEMO.vms;
const VM_TYPE_PATH = '/providers/Microsoft.Compute/virtualMachines';
const vmId = (name: string) => `/subscriptions/${SUB}/resourceGroups/${RG}${VM_TYPE_PATH}/${name}`;
const groupVmsPath = `/subscriptions/${SUB}/resourceGroups/${RG}${VM_TYPE_PATH}`.toLowerCase();
const allVmsPath = `/subscriptions/${SUB}${VM_TYPE_PATH}`.toLowerCase();
const vmssId = () => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/${DEMO.vmss}`;
const serve = (fixture: InProcessFixture, extra: Record<string, string> = {}) => fixture.server({ AZURE_SUBSCRIPTION_ID: SUB, ...extra });

/** Waits until no operation runs on the VM (they settle on the emulator's clock), then sets its power state. */
async function setPower(fixture: InProcessFixture, name: string, power: string): Promise<void> {
  const store = fixture.azure.state.resources;
  const deadline = Date.now() + 10_000;
  for (;;) {
    store.settle();
    if (!store.operations.running(vmId(name))) break;
    assert.ok(Date.now() < deadline, `an operation on ${name} did not end`);
    await sleep(50);
  }
  const vm = store.get(vmId(name));
  assert.ok(vm, `${name} is not in the emulator`);
  vm.runtime.powerState = power;
}

/** A copy of a demo VM under another name, so each long-running test has a VM of its own. */
function cloneVm(fixture: InProcessFixture, source: string, name: string, power: string): void {
  const store = fixture.azure.state.resources;
  const from = store.get(vmId(source))!;
  const written = store.writeResource({
    path: { ...from.path, chain: [{ type: 'virtualMachines', name }] },
    body: {
      location: from.location,
      tags: from.tags,
      ...(from.doc['zones'] ? { zones: from.doc['zones'] } : {}),
      properties: structuredClone(from.doc.properties),
    },
    actor: { name: 'test', type: 'User', objectId: '00000000-0000-0000-0000-000000000001', tenantId: DEMO.tenantId },
    mode: 'put',
  });
  assert.ok(!('code' in written), `could not clone ${source}`);
  written.resource.runtime.powerState = power;
}

/** The operation in progress on a VM (the emulator's record), for following its polls. */
function runningOperation(fixture: InProcessFixture, name: string) {
  const operation = fixture.azure.state.resources.operations.running(vmId(name));
  assert.ok(operation, `no operation is running on ${name}`);
  return operation;
}

/** Status polls (Azure-AsyncOperation or Location) of one operation. */
const pollsOf = (fixture: InProcessFixture, operationId: string) =>
  fixture.azure.requests.filter((r) => r.method === 'GET' && r.path.toLowerCase().endsWith(`/${operationId.toLowerCase()}`)).length;

function requestsDuring<T>(fixture: InProcessFixture, run: () => Promise<T>): Promise<{ result: T; requests: RecordedRequest[] }> {
  const from = fixture.azure.requests.length;
  return run().then((result) => ({ result, requests: fixture.azure.requests.slice(from) }));
}

interface ProgressSeen {
  progress: number;
  message: string;
  at: number;
}

/** callTool with the client's own request options (progress, abort), keeping the transcript for the leak check. */
async function callWith(
  server: RunningServer,
  name: string,
  args: Record<string, unknown>,
  options: Parameters<RunningServer['client']['callTool']>[1],
): Promise<ToolCallResult> {
  const result = await server.client.callTool({ name, arguments: args }, options);
  const text = (result.content as { type: string; text?: string }[]).map((c) => c.text ?? '').join('\n');
  const structured = (result.structuredContent ?? {}) as Record<string, unknown>;
  transcript.push(text, JSON.stringify(structured));
  return { isError: result.isError === true, text, structured };
}

async function powerStateOf(server: RunningServer, name: string): Promise<unknown> {
  const status = await server.call('get_vm_status', { resource_group: RG, vm_name: name });
  assert.equal(status.isError, false, status.text);
  return status.structured.powerState;
}

/** Nothing in the server's log that says a promise or handler went astray. */
function assertCalmLog(server: RunningServer): void {
  assert.doesNotMatch(server.stderr(), /unhandled|uncaught|TypeError|ReferenceError|\bat .*\.js:\d+:\d+/i);
}

// ---------------------------------------------------------------------------------------------------------

describe('VMs, power and scale sets (short operations)', () => {
  let fixture: InProcessFixture;
  let server: RunningServer;
  before(async () => {
    // Operations last 300 ms and Azure asks for a poll every second: each power change takes about 1 s.
    fixture = await startInProcessFixture({ demo: true, lroDurationMs: 300, lroRetryAfterSeconds: 1 });
    server = await serve(fixture);
  });
  after(async () => {
    await server?.close();
    fixture.assertNoLeaks();
    await fixture.close();
  });

  test('list_vms: name, size, location, OS and power state of every VM, from two list requests (never one per VM)', async () => {
    await setPower(fixture, WEB, 'running');
    await setPower(fixture, BATCH, 'stopped');
    await setPower(fixture, LEGACY, 'deallocated');
    const { result, requests } = await requestsDuring(fixture, () => server.call('list_vms', { resource_group: RG }));
    assert.equal(result.isError, false, result.text);
    const items = result.structured.items as Record<string, unknown>[];
    const rows = items
      .map(({ name, size, location, os, powerState }) => ({ name, size, location, os, powerState }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));
    assert.deepEqual(rows, [
      { name: BATCH, size: 'Standard_D4s_v5', location: 'eastus', os: 'Linux', powerState: 'stopped' },
      { name: LEGACY, size: 'Standard_DS2_v2', location: 'eastus', os: 'Windows', powerState: 'deallocated' },
      { name: WEB, size: 'Standard_B2s', location: 'eastus', os: 'Linux', powerState: 'running' },
    ]);
    assert.equal(result.structured.total, 3);
    for (const item of items) assert.match(String(item.provisioningState), /^succeeded$/i);
    assert.match(result.text, new RegExp(`${WEB}: running, Standard_B2s, Linux, eastus`));
    assert.match(result.text, new RegExp(`${LEGACY}: deallocated, Standard_DS2_v2, Windows, eastus`));

    // The emulator refuses $expand=instanceView without a $filter, as Azure's contract does: the power
    // states come from ListAll with statusOnly=true, joined to the group's list.
    const groupLists = requests.filter((r) => r.path.toLowerCase() === groupVmsPath);
    const statusLists = requests.filter((r) => r.path.toLowerCase() === allVmsPath);
    assert.equal(groupLists.length, 1, "one list of the group's VMs");
    assert.equal(groupLists[0]!.query['$expand'], undefined, 'no $expand=instanceView without a $filter');
    assert.equal(statusLists.length, 1, "one statusOnly list of the subscription's VMs");
    assert.equal(statusLists[0]!.query['statusOnly'], 'true');
    const perVm = requests.filter((r) => /\/virtualMachines\/[^/]+/i.test(r.path));
    assert.deepEqual(
      perVm.map((r) => r.path),
      [],
      'no request per VM',
    );
  });

  test("list_vms without the statusOnly list (no subscription-wide read): the VMs still, power state unknown, and Azure's reason", async () => {
    const message = `The client 'x' does not have authorization to perform action 'Microsoft.Compute/virtualMachines/read' over scope '/subscriptions/${SUB}'.`;
    const fault = fixture.azure.faults.add({
      method: 'GET',
      path: allVmsPath,
      fault: { kind: 'armError', status: 403, code: 'AuthorizationFailed', message },
    });
    try {
      const result = await server.call('list_vms', { resource_group: RG });
      assert.equal(result.isError, false, result.text);
      assert.equal(fault.hits, 1);
      const items = result.structured.items as Record<string, unknown>[];
      assert.deepEqual(
        items.map((v) => v.powerState),
        [null, null, null],
      );
      assert.match(result.text, new RegExp(`^- ${WEB}: power state unknown, Standard_B2s, Linux, eastus$`, 'm'));
      assert.match(
        result.text,
        /^Power states could not be read \(get_vm_status shows one VM's\): Permission denied \(403 AuthorizationFailed\)/m,
      );
      assert.ok(result.text.includes(message), `Azure's message is missing from: ${result.text}`);
    } finally {
      fault.remove();
    }
  });

  test('list_vms: limit bounds the output and says how to see more', async () => {
    const result = await server.call('list_vms', { resource_group: RG, limit: 2 });
    assert.equal(result.isError, false, result.text);
    // Three VMs in the group: reading stopped after the third said that more exist.
    assert.equal(result.structured.more, true);
    assert.equal(result.structured.total, 2);
    assert.equal(result.structured.shown, 2);
    assert.equal((result.structured.items as unknown[]).length, 2);
    assert.match(String(result.structured.hint), /^Showing the first 2; more exist\. Raise limit \(up to 1000\) or ask about one VM/);
    assert.match(result.text, new RegExp(`^VMs in ${RG} \\(first 2\\):`));
    const all = await server.call('list_vms', { resource_group: RG, limit: 3 });
    assert.equal(all.structured.total, 3);
    assert.equal(all.structured.more, undefined, 'all read: the total is exact');
  });

  test('get_vm_status: power and provisioning state, size, OS and disk, zone, NIC with private and public IP', async () => {
    await setPower(fixture, WEB, 'running');
    const store = fixture.azure.state.resources;
    const publicIp = store.get(`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/publicIPAddresses/pip-${WEB}`)?.doc
      .properties['ipAddress'];
    assert.match(String(publicIp), /^\d+\.\d+\.\d+\.\d+$/, 'the emulator gave the public IP an address');

    const web = await server.call('get_vm_status', { resource_group: RG, vm_name: WEB });
    assert.equal(web.isError, false, web.text);
    const s = web.structured;
    assert.equal(s.name, WEB);
    assert.equal(s.powerState, 'running');
    assert.match(String(s.provisioningState), /^succeeded$/i);
    assert.equal(s.size, 'Standard_B2s');
    assert.equal(s.os, 'Linux');
    assert.equal(s.location, 'eastus');
    assert.deepEqual(s.osDisk, { name: `${WEB}-osdisk`, sizeGb: 30, storageType: 'Premium_LRS' });
    assert.deepEqual(s.zones, ['1']);
    assert.equal(s.id, vmId(WEB));
    const nics = s.networkInterfaces as Record<string, unknown>[];
    assert.equal(nics.length, 1);
    assert.equal(nics[0]!.name, `nic-${WEB}`);
    assert.equal(nics[0]!.primary, true, 'the only NIC is the primary one');
    assert.match(String(nics[0]!.privateIp), /^10\.1\.1\.\d+$/, 'a private address in snet-web (10.1.1.0/24)');
    assert.equal(nics[0]!.publicIp, publicIp);
    assert.match(web.text, /zone 1\): running, provisioning succeeded/i);
    assert.match(web.text, new RegExp(`nic-${WEB} 10\\.1\\.1\\.\\d+ / public ${String(publicIp).replace(/\./g, '\\.')}`));

    await setPower(fixture, LEGACY, 'deallocated');
    const legacy = await server.call('get_vm_status', { resource_group: RG, vm_name: LEGACY });
    assert.equal(legacy.isError, false, legacy.text);
    assert.equal(legacy.structured.powerState, 'deallocated');
    assert.equal(legacy.structured.os, 'Windows');
    assert.deepEqual(legacy.structured.zones, []);
    assert.deepEqual(legacy.structured.osDisk, { name: `${LEGACY}-osdisk`, sizeGb: 127, storageType: 'Premium_LRS' });
    const legacyNics = legacy.structured.networkInterfaces as Record<string, unknown>[];
    assert.equal(legacyNics.length, 1);
    assert.match(String(legacyNics[0]!.privateIp), /^10\.1\.2\.\d+$/);
    assert.equal(legacyNics[0]!.publicIp, null, 'no public IP on this VM');
  });

  test('start_vm: deallocated → running', async () => {
    await setPower(fixture, LEGACY, 'deallocated');
    const result = await server.call('start_vm', { resource_group: RG, vm_name: LEGACY });
    assert.equal(result.isError, false, result.text);
    assert.equal(result.structured.outcome, 'succeeded');
    assert.equal(result.structured.powerState, 'running');
    assert.equal(result.structured.stillBilled, true);
    assert.match(result.text, new RegExp(`^Starting VM ${LEGACY}: done in [\\d.]+s\\. Power state: running\\.$`));
    assert.equal(await powerStateOf(server, LEGACY), 'running');
  });

  test('stop_vm: running → stopped, and it says the VM is still billed and points to deallocate_vm', async () => {
    await setPower(fixture, WEB, 'running');
    const result = await server.call('stop_vm', { resource_group: RG, vm_name: WEB });
    assert.equal(result.isError, false, result.text);
    assert.equal(result.structured.outcome, 'succeeded');
    assert.equal(result.structured.powerState, 'stopped');
    assert.equal(result.structured.stillBilled, true);
    assert.match(result.text, /Power state: stopped\./);
    assert.match(result.text, /still billed; use deallocate_vm/);
    assert.match(String(result.structured.message), /deallocate_vm/);
    assert.equal(await powerStateOf(server, WEB), 'stopped');
    const description = (await server.client.listTools()).tools.find((t) => t.name === 'stop_vm')?.description ?? '';
    assert.match(description, /STILL BILLED/);
    assert.match(description, /deallocate_vm/);
  });

  test('deallocate_vm: stopped → deallocated, no longer billed', async () => {
    await setPower(fixture, BATCH, 'stopped');
    const result = await server.call('deallocate_vm', { resource_group: RG, vm_name: BATCH });
    assert.equal(result.isError, false, result.text);
    assert.equal(result.structured.outcome, 'succeeded');
    assert.equal(result.structured.powerState, 'deallocated');
    assert.equal(result.structured.stillBilled, false);
    assert.doesNotMatch(result.text, /still billed/);
    assert.equal(await powerStateOf(server, BATCH), 'deallocated');
  });

  test('restart_vm: running → running, through a real restart', async () => {
    await setPower(fixture, WEB, 'running');
    const { result, requests } = await requestsDuring(fixture, () => server.call('restart_vm', { resource_group: RG, vm_name: WEB }));
    assert.equal(result.isError, false, result.text);
    assert.equal(result.structured.outcome, 'succeeded');
    assert.equal(result.structured.powerState, 'running');
    assert.equal(result.structured.stillBilled, true);
    assert.equal(
      requests.filter((r) => r.method === 'POST' && r.path === `${vmId(WEB)}/restart`).length,
      1,
      'one restart request reached Azure',
    );
    assert.equal(await powerStateOf(server, WEB), 'running');
  });

  test("restart_vm of a VM that is not running: Azure's 409 is reported", async () => {
    await setPower(fixture, BATCH, 'stopped');
    const result = await server.call('restart_vm', { resource_group: RG, vm_name: BATCH });
    assert.equal(result.isError, true);
    assert.match(result.text, /^Conflict \(409 OperationNotAllowed\): Operation 'restart' is not allowed on VM 'vm-batch-01'/);
    assert.equal(await powerStateOf(server, BATCH), 'stopped');
  });

  test("a failed operation gives Azure's error code and message, and the VM stays as it was", async () => {
    await setPower(fixture, LEGACY, 'deallocated');
    const message = "Allocation failed. We do not have sufficient capacity for the requested VM size 'Standard_DS2_v2' in this region.";
    fixture.azure.failNextOperation(vmId(LEGACY), { code: 'AllocationFailed', message }, { operation: 'start' });
    const result = await server.call('start_vm', { resource_group: RG, vm_name: LEGACY });
    assert.equal(result.isError, true, result.text);
    assert.match(result.text, /AllocationFailed/);
    assert.match(result.text, /^Starting VM vm-legacy-01 failed in Azure: /, 'the error says which operation failed');
    assert.ok(result.text.includes(message), `Azure's message is missing from: ${result.text}`);
    assert.equal(await powerStateOf(server, LEGACY), 'deallocated');
  });

  test('404 for a missing VM names it, for reads and power changes alike', async () => {
    const status = await server.call('get_vm_status', { resource_group: RG, vm_name: 'vm-nope-01' });
    assert.equal(status.isError, true);
    assert.match(status.text, /^Not found \(404 ResourceNotFound\)/);
    assert.match(status.text, /vm-nope-01/);
    const start = await server.call('start_vm', { resource_group: RG, vm_name: 'vm-nope-01' });
    assert.equal(start.isError, true);
    assert.match(start.text, /^Not found \(404/);
    assert.match(start.text, /vm-nope-01/);
    const list = await server.call('list_vms', { resource_group: 'rg-nope' });
    assert.equal(list.isError, true);
    assert.match(list.text, /404 ResourceGroupNotFound/);
    assert.match(
      list.text,
      /Resource group 'rg-nope' could not be found\./,
      "Azure's own message, though the pager drops it from the error",
    );
  });

  test('scale_vmss: previous 2 → new capacity, reported and applied', async () => {
    const vmss = fixture.azure.state.resources.get(vmssId());
    assert.equal((vmss?.doc['sku'] as { capacity?: number }).capacity, 2);
    const result = await server.call('scale_vmss', { resource_group: RG, vmss_name: DEMO.vmss, capacity: 5 });
    assert.equal(result.isError, false, result.text);
    assert.equal(result.structured.outcome, 'succeeded');
    assert.equal(result.structured.previousCapacity, 2);
    assert.equal(result.structured.newCapacity, 5);
    assert.match(result.text, /Capacity: 2 → 5\./);
    assert.equal(
      (fixture.azure.state.resources.get(vmssId())?.doc['sku'] as { capacity?: number }).capacity,
      5,
      'Azure has the new capacity',
    );
    const back = await server.call('scale_vmss', { resource_group: RG, vmss_name: DEMO.vmss, capacity: 2 });
    assert.equal(back.structured.previousCapacity, 5);
    assert.equal(back.structured.newCapacity, 2);
    const missing = await server.call('scale_vmss', { resource_group: RG, vmss_name: 'vmss-nope', capacity: 1 });
    assert.equal(missing.isError, true);
    assert.match(missing.text, /404/);
    assert.match(missing.text, /vmss-nope/);
  });

  test('annotations: start_vm is additive; stop, restart, deallocate and scale are destructive; the reads are read-only', async () => {
    const tools = new Map((await server.client.listTools()).tools.map((t) => [t.name, t]));
    // MCP: destructiveHint false means "only additive updates"; downtime and scaling in are not additive.
    for (const [name, destructive] of [
      ['start_vm', false],
      ['stop_vm', true],
      ['restart_vm', true],
      ['deallocate_vm', true],
      ['scale_vmss', true],
    ] as const) {
      const annotations = tools.get(name)?.annotations;
      assert.ok(annotations, `${name} is not listed`);
      assert.equal(annotations.readOnlyHint, false, `${name} readOnlyHint`);
      assert.equal(annotations.destructiveHint, destructive, `${name} destructiveHint`);
    }
    for (const name of ['list_vms', 'get_vm_status'])
      assert.equal(tools.get(name)?.annotations?.readOnlyHint, true, `${name} readOnlyHint`);
    for (const name of ['start_vm', 'stop_vm', 'restart_vm', 'deallocate_vm', 'scale_vmss']) {
      assert.ok(Object.keys((tools.get(name)?.inputSchema.properties ?? {}) as object).includes('no_wait'), `${name} has no_wait`);
    }
  });

  test('a power change shows in the activity log as a Start Virtual Machine event', async () => {
    await setPower(fixture, LEGACY, 'deallocated');
    const since = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    const start = await server.call('start_vm', { resource_group: RG, vm_name: LEGACY });
    assert.equal(start.structured.powerState, 'running', start.text);
    const log = await server.call('get_activity_log', { resource_group: RG });
    assert.equal(log.isError, false, log.text);
    const ours = (log.structured.items as Record<string, unknown>[]).filter(
      (e) => String(e.time) >= since && String(e.resource).toLowerCase() === vmId(LEGACY).toLowerCase(),
    );
    const starts = ours.filter((e) => e.operation === 'Start Virtual Machine');
    assert.deepEqual(starts.map((e) => e.status).sort(), ['Started', 'Succeeded']);
    assert.match(log.text, /Start Virtual Machine Succeeded/);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('list_vms across pages', () => {
  let fixture: InProcessFixture;
  let server: RunningServer;
  before(async () => {
    fixture = await startInProcessFixture({ demo: true, pageSize: 1 });
    server = await serve(fixture);
  });
  after(async () => {
    await server?.close();
    fixture.assertNoLeaks();
    await fixture.close();
  });

  test('pageSize 1: every VM comes back, with its power state, following nextLink in both lists', async () => {
    const { result, requests } = await requestsDuring(fixture, () => server.call('list_vms', { resource_group: RG }));
    assert.equal(result.isError, false, result.text);
    const states = Object.fromEntries((result.structured.items as Record<string, unknown>[]).map((v) => [v.name, v.powerState]));
    assert.deepEqual(states, { [WEB]: 'running', [BATCH]: 'stopped', [LEGACY]: 'deallocated' });
    assert.equal(result.structured.total, 3);
    const groupPages = requests.filter((r) => r.path.toLowerCase() === groupVmsPath);
    const statusPages = requests.filter((r) => r.path.toLowerCase() === allVmsPath);
    const vmsInSubscription = fixture.azure.state.resources.listInSubscription(SUB, 'Microsoft.Compute/virtualMachines').length;
    assert.equal(groupPages.length, 3, 'one request per page of one VM in the group');
    assert.equal(statusPages.length, vmsInSubscription, 'one request per page of one VM in the subscription');
    // Exactly two paged sequences: each starts once without a $skiptoken and goes on through nextLink.
    assert.equal(groupPages.filter((r) => !r.query['$skiptoken']).length, 1);
    assert.equal(statusPages.filter((r) => !r.query['$skiptoken']).length, 1);
    for (const page of statusPages) assert.equal(page.query['statusOnly'], 'true');
    for (const page of groupPages) assert.equal(page.query['$expand'], undefined);
    assert.deepEqual(
      requests.filter((r) => /\/virtualMachines\/[^/]+/i.test(r.path)).map((r) => r.path),
      [],
      'no request per VM',
    );
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('long-running operations: progress, cancel, no_wait, conflicts, OPERATION_TIMEOUT', () => {
  const LRO_MS = 4500;
  let fixture: InProcessFixture;
  let server: RunningServer;
  before(async () => {
    // 4.5 s operations, polled every second (Retry-After: 1).
    fixture = await startInProcessFixture({ demo: true, lroDurationMs: LRO_MS, lroRetryAfterSeconds: 1 });
    for (const [name, power] of [
      ['vm-lro-progress', 'deallocated'],
      ['vm-lro-cancel', 'stopped'],
      ['vm-lro-nowait', 'deallocated'],
      ['vm-lro-conflict', 'deallocated'],
      ['vm-lro-timeout', 'deallocated'],
    ] as const) {
      cloneVm(fixture, BATCH, name, power);
    }
    server = await serve(fixture);
    // Warm up (token, SDK modules loaded on first use), so the timings below measure the waiting, not a cold start.
    assert.equal((await server.call('list_vms', { resource_group: RG })).isError, false);
  });
  after(async () => {
    await server?.close();
    fixture.assertNoLeaks();
    await fixture.close();
  });

  test('progress: notifications name the operation and the elapsed time, every few seconds, while the SDK follows Retry-After', async () => {
    const vm = 'vm-lro-progress';
    await setPower(fixture, vm, 'deallocated');
    const seen: ProgressSeen[] = [];
    const started = Date.now();
    const { result, requests } = await requestsDuring(fixture, () =>
      callWith(
        server,
        'start_vm',
        { resource_group: RG, vm_name: vm },
        {
          onprogress: (p) => seen.push({ progress: p.progress, message: p.message ?? '', at: Date.now() - started }),
          resetTimeoutOnProgress: true,
        },
      ),
    );
    assert.equal(result.isError, false, result.text);
    assert.equal(result.structured.outcome, 'succeeded');
    assert.equal(result.structured.powerState, 'running');
    assert.ok(Number(result.structured.elapsedSeconds) >= 4, `the operation took ${String(result.structured.elapsedSeconds)}s`);

    const messages = seen.map((p) => p.message);
    for (const message of messages) assert.match(message, new RegExp(`^Starting VM ${vm}: `), 'each message names the operation');
    const timed = messages.filter((m) => /still running after \d+s$/.test(m));
    assert.ok(timed.length >= 2, `expected at least two messages with the elapsed time, got ${JSON.stringify(messages)}`);
    assert.ok(seen[0]!.at < 1500, 'the first message comes at once');
    for (let i = 1; i < seen.length; i++) {
      assert.ok(seen[i]!.progress > seen[i - 1]!.progress, 'progress increases');
      assert.ok(seen[i]!.at - seen[i - 1]!.at < 3000, 'a message at least every few seconds');
    }
    // The elapsed time in the messages is the real one.
    const [first, second] = timed.map((m) => Number(/after (\d+)s$/.exec(m)![1]));
    assert.ok(first! >= 1 && first! <= 3 && second! > first!, `elapsed times ${String(first)}, ${String(second)}`);

    // Retry-After: 1 over 4.5 s is about six polls, not the SDK's own 2 s interval nor a busy loop.
    const polls = requests.filter(
      (r) => r.method === 'GET' && /\/providers\/Microsoft\.Compute\/locations\/[^/]+\/operations\//i.test(r.path),
    ).length;
    assert.ok(polls >= 4 && polls <= 8, `${polls} status polls`);
  });

  test('cancel: aborting the MCP request stops the waiting at once, polling stops, and the operation still completes in Azure', async () => {
    const vm = 'vm-lro-cancel';
    await setPower(fixture, vm, 'stopped');
    const controller = new AbortController();
    const seen: string[] = [];
    const started = Date.now();
    const call = callWith(
      server,
      'start_vm',
      { resource_group: RG, vm_name: vm },
      {
        signal: controller.signal,
        onprogress: (p) => {
          seen.push(p.message ?? '');
          controller.abort();
        },
      },
    );
    await assert.rejects(call, (error: Error) => /abort/i.test(`${error.name} ${error.message}`));
    const rejectedAfter = Date.now() - started;
    assert.ok(seen.length >= 1, 'a progress notification came first');
    assert.ok(rejectedAfter < 1500, `the call took ${rejectedAfter} ms to give up (the operation takes ${LRO_MS} ms)`);

    const operation = runningOperation(fixture, vm);
    await sleep(400); // a poll already on the wire may still land
    const pollsThen = pollsOf(fixture, operation.id);
    await sleep(2200); // the SDK would have polled twice more (Retry-After: 1)
    assert.equal(pollsOf(fixture, operation.id), pollsThen, 'the server kept polling after the cancel');
    assert.equal(operation.status, 'InProgress', 'the test looked while the operation ran');

    // Azure finishes it anyway.
    await sleep(Math.max(0, operation.deadline - Date.now() + 100));
    assert.equal(await powerStateOf(server, vm), 'running');
    assertCalmLog(server);
  });

  test('no_wait: returns at once with outcome accepted, a transitional power state, and how to check', async () => {
    const vm = 'vm-lro-nowait';
    await setPower(fixture, vm, 'deallocated');
    const started = Date.now();
    const result = await server.call('start_vm', { resource_group: RG, vm_name: vm, no_wait: true });
    const took = Date.now() - started;
    assert.equal(result.isError, false, result.text);
    assert.ok(took < 2000, `no_wait took ${took} ms`);
    assert.equal(result.structured.outcome, 'accepted');
    assert.equal(result.structured.powerState, 'starting');
    assert.ok(Number(result.structured.elapsedSeconds) < 2);
    assert.match(result.text, /accepted by Azure \(no_wait\)/);
    assert.match(result.text, new RegExp(`get_vm_status resource_group=${RG} vm_name=${vm}`));
    const operation = runningOperation(fixture, vm);
    assert.equal(operation.name.toLowerCase(), 'start');
    assert.equal(pollsOf(fixture, operation.id), 0, 'no_wait does not poll');
    assert.equal(await powerStateOf(server, vm), 'starting');
  });

  test('409: a second operation on a VM while one runs is a conflict naming OperationNotAllowed', async () => {
    const vm = 'vm-lro-conflict';
    await setPower(fixture, vm, 'deallocated');
    const start = await server.call('start_vm', { resource_group: RG, vm_name: vm, no_wait: true });
    assert.equal(start.structured.outcome, 'accepted', start.text);
    for (const tool of ['deallocate_vm', 'restart_vm']) {
      const second = await server.call(tool, { resource_group: RG, vm_name: vm });
      assert.equal(second.isError, true, `${tool}: ${second.text}`);
      assert.match(second.text, /^Conflict \(409 OperationNotAllowed\): /);
      assert.match(second.text, new RegExp(`VM '${vm}' since the VM has an ongoing operation 'start'`));
    }
    assert.equal(runningOperation(fixture, vm).name.toLowerCase(), 'start', 'the first operation goes on');
  });

  test('OPERATION_TIMEOUT: past the limit the tool returns still_running with how to check, long before the operation ends', async () => {
    const vm = 'vm-lro-timeout';
    await setPower(fixture, vm, 'deallocated');
    const limited = await serve(fixture, { OPERATION_TIMEOUT: '1' });
    try {
      assert.equal((await limited.call('list_vms', { resource_group: RG })).isError, false, 'warm-up');
      const started = Date.now();
      const result = await limited.call('start_vm', { resource_group: RG, vm_name: vm });
      const took = Date.now() - started;
      assert.equal(result.isError, false, result.text);
      assert.ok(took >= 900 && took < 2500, `the tool returned after ${took} ms (limit 1 s, operation ${LRO_MS} ms)`);
      assert.equal(result.structured.outcome, 'still_running');
      assert.equal(result.structured.powerState, 'starting');
      assert.match(result.text, /still running after 1s \(OPERATION_TIMEOUT\)/);
      assert.match(result.text, new RegExp(`check with get_vm_status resource_group=${RG} vm_name=${vm}`));

      const operation = runningOperation(fixture, vm);
      await sleep(300);
      const pollsThen = pollsOf(fixture, operation.id);
      await sleep(2200);
      assert.equal(pollsOf(fixture, operation.id), pollsThen, 'the server kept polling past OPERATION_TIMEOUT');
      await sleep(Math.max(0, operation.deadline - Date.now() + 100));
      assert.equal(await powerStateOf(limited, vm), 'running');
      assertCalmLog(limited);
    } finally {
      await limited.close();
    }
  });
});
