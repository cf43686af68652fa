// Issue 15, tasks side: create (a real Docker build step, in the registry's location), show, list, delete; runs
// scheduled and followed with progress to their end (or no_wait, or OPERATION_TIMEOUT), a failed run's error and the
// end of its log; runs newest first across one registry or all, through a real MCP client against the emulated Azure.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, TASK_TYPE, type RecordedRequest } from '../../src/emulator/index.js';
import { startInProcessFixture, type InProcessFixture } from '../helpers/in-process.js';
import { transcript, type RunningServer, type ToolCallResult } from '../helpers/server-process.js';

const SUB = DEMO.devSubscriptionId;
const SHARED = DEMO.resourceGroups.shared;
const BASIC = DEMO.registry;
const TASK = DEMO.registryTask;
const WEST = 'rg-acr-tasks-west';
const WEST_REGISTRY = 'azopswesttasks';
const ACTOR = { name: 'test', type: 'User' as const, objectId: '00000000-0000-0000-0000-000000000001', tenantId: DEMO.tenantId };
const registryId = (group: string, name: string) =>
  `/subscriptions/${SUB}/resourceGroups/${group}/providers/Microsoft.ContainerRegistry/registries/${name}`;

let fixture: InProcessFixture;
let server: RunningServer;

async function counting(
  name: string,
  args: Record<string, unknown>,
  on = server,
): Promise<ToolCallResult & { requests: RecordedRequest[] }> {
  const from = fixture.azure.requests.length;
  const result = await on.call(name, args);
  return { ...result, requests: fixture.azure.requests.slice(from) };
}

/** callTool with progress notifications, keeping the transcript for the leak check. */
async function withProgress(name: string, args: Record<string, unknown>, seen: string[], on = server): Promise<ToolCallResult> {
  const result = await on.client.callTool({ name, arguments: args }, { onprogress: (p) => seen.push(p.message ?? '') });
  const text = (result.content as { type: string; text?: string }[]).map((c) => c.text ?? '').join('\n');
  const structured = (result.structuredContent ?? {}) as Record<string, unknown>;
  transcript.push(text, JSON.stringify(structured));
  return { isError: result.isError === true, text, structured };
}

const armWrites = (requests: RecordedRequest[]) => requests.filter((r) => r.method !== 'GET' && r.host.startsWith('management.'));

before(async () => {
  // Runs last 2 × 600 ms: queued for 300 ms, then running. Pages of one, so run lists follow nextLink.
  fixture = await startInProcessFixture({ demo: true, pageSize: 1, lroDurationMs: 600 });
  const store = fixture.azure.state.resources;
  store.putGroup({ subscriptionId: SUB, name: WEST, location: 'westeurope' });
  const written = store.writeResource({
    path: {
      subscriptionId: SUB,
      resourceGroup: WEST,
      namespace: 'Microsoft.ContainerRegistry',
      chain: [{ type: 'registries', name: WEST_REGISTRY }],
    },
    body: { location: 'westeurope', sku: { name: 'Standard' } },
    actor: ACTOR,
    mode: 'put',
  });
  assert.ok(!('code' in written));
  server = await fixture.server({ AZURE_SUBSCRIPTION_ID: SUB, AZOPS_CONFIRM: 'never' });
});

after(async () => {
  await server?.close();
  fixture.assertNoLeaks();
  // A task's secret argument and a log's SAS link never reach a result or a log line.
  const everything = transcript.join('\n');
  assert.ok(!everything.includes('npm_demo_secret_never_returned'), 'a secret task argument leaked');
  assert.ok(!/sig=/.test(everything), 'a SAS signature leaked');
  await fixture.close();
});

describe('tasks', () => {
  test("create: a Docker build of a context and Dockerfile, in the registry's location, with the platform asked for", async () => {
    const result = await counting('acr_create_task', {
      resource_group: WEST,
      registry_name: WEST_REGISTRY,
      task_name: 'arm-build',
      platform_architecture: 'arm64',
      platform_variant: 'v8',
      context_path: 'https://github.com/contoso/api.git#main:src',
      dockerfile_path: 'docker/Dockerfile.prod',
      image_name: 'api:{{.Run.ID}}',
    });
    assert.equal(result.isError, false, result.text);
    const stored = fixture.azure.state.resources.get(`${registryId(WEST, WEST_REGISTRY)}/tasks/arm-build`)!;
    assert.equal(stored.location, 'westeurope');
    assert.deepEqual(stored.doc.properties['platform'], { os: 'Linux', architecture: 'arm64', variant: 'v8' });
    assert.deepEqual(stored.doc.properties['step'], {
      type: 'Docker',
      contextPath: 'https://github.com/contoso/api.git#main:src',
      dockerFilePath: 'docker/Dockerfile.prod',
      imageNames: ['api:{{.Run.ID}}'],
      isPushEnabled: true,
      noCache: false,
    });
    assert.deepEqual([result.structured.location, result.structured.platform], ['westeurope', 'Linux/arm64/v8']);
    assert.deepEqual(
      armWrites(result.requests).map((r) => r.method),
      ['PUT'],
    );
  });

  test('create: defaults build the hello-world sample; an existing task is refused, so is a variant without arm', async () => {
    const created = await server.call('acr_create_task', { resource_group: WEST, registry_name: WEST_REGISTRY, task_name: 'hello-build' });
    assert.equal(created.isError, false, created.text);
    assert.deepEqual(
      [created.structured.context, created.structured.dockerfile, created.structured.images],
      ['https://github.com/Azure-Samples/acr-build-helloworld-node.git#main', 'Dockerfile', ['hello-build:{{.Run.ID}}']],
    );
    const again = await counting('acr_create_task', { resource_group: WEST, registry_name: WEST_REGISTRY, task_name: 'hello-build' });
    assert.equal(again.isError, true);
    assert.match(again.text, /Task hello-build already exists in registry azopswesttasks; nothing was changed/);
    assert.deepEqual(armWrites(again.requests), []);
    const variant = await counting('acr_create_task', {
      resource_group: WEST,
      registry_name: WEST_REGISTRY,
      task_name: 'x86-build',
      platform_variant: 'v7',
    });
    assert.equal(variant.isError, true);
    assert.match(variant.text, /platform_variant v7 only applies to arm and arm64/);
    assert.deepEqual(variant.requests, []);
    const badName = await counting('acr_create_task', { resource_group: WEST, registry_name: WEST_REGISTRY, task_name: 'ab' });
    assert.equal(badName.isError, true);
    assert.match(badName.text, /is not a valid task name/);
    assert.deepEqual(badName.requests, []);
  });

  test('list and show: build step, platform, the last run; secret arguments are never shown', async () => {
    const list = await server.call('acr_list_tasks', { resource_group: SHARED, registry_name: BASIC });
    assert.equal(list.isError, false, list.text);
    assert.deepEqual(
      (list.structured.items as { name: string }[]).map((t) => t.name),
      [TASK],
    );
    const shown = await server.call('acr_show_task', { resource_group: SHARED, registry_name: BASIC, task_name: TASK });
    assert.equal(shown.isError, false, shown.text);
    assert.deepEqual(
      [shown.structured.stepType, shown.structured.platform, shown.structured.context],
      ['Docker', 'Linux/amd64', 'https://github.com/contoso/web-frontend.git#main'],
    );
    const last = shown.structured.lastRun as { runId: string; status: string };
    const newest = fixture.azure.state.resources
      .childrenOf(registryId(SHARED, BASIC), 'Microsoft.ContainerRegistry/registries/runs')
      .map((r) => r.doc.properties as { runId: string; createTime: string })
      .sort((a, b) => b.createTime.localeCompare(a.createTime))[0]!;
    assert.equal(last.runId, newest.runId);
    assert.match(shown.text, new RegExp(`Last run: ${newest.runId}, Succeeded`));
  });

  test('delete: a missing task is a 404; a deleted task leaves its runs in the history', async () => {
    const missing = await counting('acr_delete_task', { resource_group: WEST, registry_name: WEST_REGISTRY, task_name: 'no-such-task' });
    assert.equal(missing.isError, true);
    assert.match(missing.text, /^Not found \(404/);
    assert.deepEqual(armWrites(missing.requests), []);
    const ran = await server.call('acr_run_task', { resource_group: WEST, registry_name: WEST_REGISTRY, task_name: 'hello-build' });
    assert.equal(ran.structured.status, 'Succeeded', ran.text);
    const deleted = await server.call('acr_delete_task', { resource_group: WEST, registry_name: WEST_REGISTRY, task_name: 'hello-build' });
    assert.equal(deleted.isError, false, deleted.text);
    assert.equal(fixture.azure.state.resources.get(`${registryId(WEST, WEST_REGISTRY)}/tasks/hello-build`), undefined);
    const builds = await server.call('acr_list_builds', { resource_group: WEST, registry_name: WEST_REGISTRY });
    assert.ok(
      (builds.structured.items as { runId: string }[]).some((r) => r.runId === ran.structured.runId),
      builds.text,
    );
  });
});

describe('runs', () => {
  test('run_task follows the run with progress until it ends, and returns its id, status and images', async () => {
    const seen: string[] = [];
    const result = await withProgress('acr_run_task', { resource_group: SHARED, registry_name: BASIC, task_name: TASK }, seen);
    assert.equal(result.isError, false, result.text);
    assert.deepEqual([result.structured.status, result.structured.outcome, result.structured.logTail], ['Succeeded', 'succeeded', null]);
    const runId = String(result.structured.runId);
    assert.deepEqual(result.structured.outputImages, [`${BASIC}.azurecr.io/web/frontend:${runId}`]);
    assert.ok(
      seen.some((m) => /accepted by Azure, waiting for it to finish/.test(m)),
      JSON.stringify(seen),
    );
    assert.ok(seen.includes(`Run ${runId}: Running`) || seen.includes(`Run ${runId}: Succeeded`), JSON.stringify(seen));
    assert.match(result.text, new RegExp(`^Run ${runId} of task ${TASK} in ${BASIC}: Succeeded\\.`));
  });

  test('a failed run: its error and the end of its log, read through a SAS link (HEAD, then a range)', async () => {
    const taskId = `${registryId(SHARED, BASIC)}/tasks/${TASK}`;
    fixture.azure.failNextOperation(
      taskId,
      { code: 'BuildFailed', message: 'failed during run, err: exit status 1' },
      { operation: 'run' },
    );
    const from = fixture.azure.requests.length;
    const result = await server.call('acr_run_task', { resource_group: SHARED, registry_name: BASIC, task_name: TASK });
    assert.equal(result.isError, false, result.text);
    assert.deepEqual([result.structured.status, result.structured.errorMessage], ['Failed', 'failed during run, err: exit status 1']);
    const tail = String(result.structured.logTail);
    assert.match(tail, /npm ERR! ERESOLVE unable to resolve dependency tree/);
    assert.match(tail, new RegExp(`Run ID: ${String(result.structured.runId)} failed after \\d+s`));
    assert.ok(result.text.includes('End of the log:') && result.text.includes('npm ERR!'), result.text);
    const logRequests = fixture.azure.requests.slice(from).filter((r) => r.host === 'acrtasklogs.blob.core.windows.net');
    assert.deepEqual(
      logRequests.map((r) => r.method),
      ['HEAD', 'GET'],
    );
    assert.equal(fixture.azure.state.resources.operations.takeFailure(taskId, TASK_TYPE, 'run'), undefined, 'the planned failure was used');
  });

  test('no_wait: the run is queued and the tool returns at once', async () => {
    const result = await server.call('acr_run_task', { resource_group: SHARED, registry_name: BASIC, task_name: TASK, no_wait: true });
    assert.equal(result.isError, false, result.text);
    assert.deepEqual([result.structured.outcome, result.structured.status], ['accepted', 'Queued']);
    assert.match(
      result.text,
      /accepted by Azure \(no_wait\)\. Check progress with acr_list_builds resource_group=rg-shared registry_name=azopsdemoacr/,
    );
  });

  test('OPERATION_TIMEOUT bounds the wait: still_running, with how to check', async () => {
    const impatient = await fixture.server({ AZURE_SUBSCRIPTION_ID: SUB, OPERATION_TIMEOUT: '1' });
    try {
      const result = await impatient.call('acr_run_task', { resource_group: SHARED, registry_name: BASIC, task_name: TASK });
      assert.equal(result.isError, false, result.text);
      assert.equal(result.structured.outcome, 'still_running');
      assert.match(result.text, /is still running after \d+s \(OPERATION_TIMEOUT\)\. It goes on in Azure; check with acr_list_builds/);
    } finally {
      await impatient.close();
    }
  });

  test('list_builds: newest first across every registry, the failed run with its error, across pages', async () => {
    const west = await server.call('acr_run_task', { resource_group: WEST, registry_name: WEST_REGISTRY, task_name: 'arm-build' });
    assert.equal(west.isError, false, west.text);
    const from = fixture.azure.requests.length;
    const all = await server.call('acr_list_builds', { limit: 50 });
    assert.equal(all.isError, false, all.text);
    const rows = all.structured.items as {
      runId: string;
      registry: string;
      createTime: string;
      status: string;
      errorMessage: string | null;
    }[];
    const times = rows.map((r) => r.createTime);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
    assert.equal(rows[0]!.runId, west.structured.runId);
    assert.deepEqual(new Set(rows.map((r) => r.registry)), new Set([BASIC, WEST_REGISTRY]));
    assert.ok(rows.some((r) => r.status === 'Failed' && r.errorMessage === 'failed during run, err: exit status 1'));
    const runPages = fixture.azure.requests.slice(from).filter((r) => r.path.endsWith(`/registries/${BASIC}/runs`));
    assert.ok(runPages.length >= 2, 'runs are read page by page');
    // Only the registry's name: it is found in the subscription.
    const one = await server.call('acr_list_builds', { registry_name: WEST_REGISTRY, limit: 1 });
    assert.deepEqual(
      (one.structured.items as { registry: string; resourceGroup: string }[]).map((r) => [r.registry, r.resourceGroup]),
      [[WEST_REGISTRY, WEST]],
    );
    assert.match(String(one.structured.hint), /older runs exist/);
  });
});
