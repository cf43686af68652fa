// The emulated Container Registry keeps Azure's documented contract where the ACR tools rely on it: registry names
// (5-50 letters and digits, unique across Azure, checkNameAvailability), SKUs, Premium-only network settings, task
// definitions (a step and a platform), scheduleRun and the run lifecycle, the runs list (newest first, $top,
// $filter) and run logs behind SAS links (HEAD, ranges, tampered and early links refused, Blob Storage's errors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO, EmulatedAzure, runLogLink, seedDemoEstate } from '../../src/emulator/index.js';
import { servicePrincipalToken } from './support.js';
import { arm, insert, PROD_SUB, SUB, type Reply } from './arm-support.js';

const API = 'api-version=2025-11-01';
const TASKS_API = 'api-version=2019-06-01-preview';
const GROUP = `/subscriptions/${SUB}/resourceGroups/rg-acr`;
const registryPath = (name: string, group = GROUP) => `${group}/providers/Microsoft.ContainerRegistry/registries/${name}`;

async function setup(options: { lroDurationMs?: number } = {}) {
  const azure = new EmulatedAzure(options);
  const token = await servicePrincipalToken(azure);
  azure.state.resources.putGroup({ subscriptionId: SUB, name: 'rg-acr', location: 'westeurope' });
  azure.state.resources.putGroup({ subscriptionId: PROD_SUB, name: 'rg-other', location: 'eastus' });
  const call = (method: string, path: string, body?: unknown) => arm(azure, token, method, path, body);
  return { azure, token, call };
}

const code = (reply: Reply) => (reply.json['error'] as { code?: string } | undefined)?.code;

test('registry names: 5-50 letters and digits, unique across subscriptions until deleted; checkNameAvailability agrees', async () => {
  const { call } = await setup();
  const check = (name: string, type = 'Microsoft.ContainerRegistry/registries') =>
    call('POST', `/subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/checkNameAvailability?${API}`, { name, type });
  for (const name of ['my-registry', 'abcd', 'x'.repeat(51)]) {
    const put = await call('PUT', `${registryPath(name)}?${API}`, { location: 'westeurope', sku: { name: 'Basic' } });
    assert.deepEqual([put.status, code(put)], [400, 'InvalidResourceName'], name);
    const status = await check(name);
    assert.deepEqual([status.status, status.json['nameAvailable'], status.json['reason']], [200, false, 'Invalid']);
  }
  assert.deepEqual((await check('azopsuniqueacr')).json, { nameAvailable: true });
  const other = registryPath('azopsuniqueacr', `/subscriptions/${PROD_SUB}/resourceGroups/rg-other`);
  assert.equal((await call('PUT', `${other}?${API}`, { location: 'eastus', sku: { name: 'Basic' } })).status, 201);
  assert.deepEqual((await check('AzopsUniqueAcr')).json, {
    nameAvailable: false,
    reason: 'AlreadyExists',
    message: 'The registry AzopsUniqueAcr is already in use.',
  });
  const taken = await call('PUT', `${registryPath('AZOPSUNIQUEACR')}?${API}`, { location: 'westeurope', sku: { name: 'Basic' } });
  assert.deepEqual([taken.status, code(taken)], [400, 'AlreadyInUse']);
  assert.match(
    String((taken.json['error'] as { message: string }).message),
    /^The registry DNS name azopsuniqueacr\.azurecr\.io is already in use\./,
  );
  const wrongType = await check('azopsuniqueacr', 'Microsoft.ContainerRegistry/registries/tasks');
  assert.equal(wrongType.status, 400);
  // A long-running delete: done by the next request (lroDurationMs 0), which frees the name.
  assert.equal((await call('DELETE', `${other}?${API}`)).status, 202);
  assert.deepEqual((await check('azopsuniqueacr')).json, { nameAvailable: true });
});

test('SKUs: required, one of Basic, Standard, Premium (any casing, answered in Azure casing; the tier follows)', async () => {
  const { call } = await setup();
  const missing = await call('PUT', `${registryPath('azopsnoskuacr')}?${API}`, { location: 'westeurope' });
  assert.deepEqual([missing.status, code(missing)], [400, 'InvalidRequestContent']);
  const classic = await call('PUT', `${registryPath('azopsclassicacr')}?${API}`, { location: 'westeurope', sku: { name: 'Classic' } });
  assert.deepEqual([classic.status, code(classic)], [400, 'InvalidSku']);
  const lower = await call('PUT', `${registryPath('azopsloweracr')}?${API}`, { location: 'westeurope', sku: { name: 'premium' } });
  assert.deepEqual(lower.json['sku'], { name: 'Premium', tier: 'Premium' });
  const patched = await call('PATCH', `${registryPath('azopsloweracr')}?${API}`, { sku: { name: 'Standard' } });
  assert.deepEqual(patched.json['sku'], { name: 'Standard', tier: 'Standard' });
});

test('network rules and disabled public access need Premium; a downgrade with rules is refused', async () => {
  const { call } = await setup();
  const basic = (properties: Record<string, unknown>) =>
    call('PUT', `${registryPath('azopsbasicacr')}?${API}`, { location: 'westeurope', sku: { name: 'Basic' }, properties });
  const deny = await basic({ networkRuleSet: { defaultAction: 'Deny', ipRules: [] } });
  assert.deepEqual([deny.status, code(deny)], [400, 'NetworkRuleSetNotSupported']);
  const ip = await basic({ networkRuleSet: { defaultAction: 'Allow', ipRules: [{ action: 'Allow', value: '198.51.100.0/24' }] } });
  assert.deepEqual([ip.status, code(ip)], [400, 'NetworkRuleSetNotSupported']);
  const closed = await basic({ publicNetworkAccess: 'Disabled' });
  assert.deepEqual([closed.status, code(closed)], [400, 'DisablingPublicNetworkAccessNotSupported']);
  assert.equal((await basic({ networkRuleSet: { defaultAction: 'Allow', ipRules: [] } })).status, 201);
  const premium = await call('PUT', `${registryPath('azopspremacr')}?${API}`, {
    location: 'westeurope',
    sku: { name: 'Premium' },
    properties: { networkRuleSet: { defaultAction: 'Deny', ipRules: [{ action: 'Allow', value: '198.51.100.0/24' }] } },
  });
  assert.equal(premium.status, 201);
  const downgrade = await call('PATCH', `${registryPath('azopspremacr')}?${API}`, { sku: { name: 'Basic' } });
  assert.deepEqual([downgrade.status, code(downgrade)], [400, 'NetworkRuleSetNotSupported']);
});

async function withTask(azure: EmulatedAzure, call: (m: string, p: string, b?: unknown) => Promise<Reply>, registry = 'azopstaskacr') {
  // Inserted as it is: a registry PUT runs long (async), and a task cannot be written while it does.
  insert(azure, 'rg-acr', 'Microsoft.ContainerRegistry', [['registries', registry]], { location: 'westeurope', sku: { name: 'Basic' } });
  const task = await call('PUT', `${registryPath(registry)}/tasks/build-app?${TASKS_API}`, {
    location: 'westeurope',
    properties: {
      platform: { os: 'Linux', architecture: 'amd64' },
      step: {
        type: 'Docker',
        contextPath: 'https://github.com/contoso/app.git',
        dockerFilePath: 'Dockerfile',
        imageNames: ['app:{{.Run.ID}}'],
        arguments: [
          { name: 'MODE', value: 'release', isSecret: false },
          { name: 'TOKEN', value: 'never-returned', isSecret: true },
        ],
      },
    },
  });
  assert.equal(task.status, 201, task.text);
  return task;
}

test('tasks: a step and a platform are required; names follow the rule; secret arguments are never returned', async () => {
  const { azure, call } = await setup();
  const task = await withTask(azure, call);
  const properties = task.json['properties'] as Record<string, unknown>;
  assert.deepEqual([properties['status'], properties['agentConfiguration']], ['Enabled', { cpu: 2 }]);
  assert.match(String(properties['creationDate']), /^\d{4}-/);
  assert.ok(!task.text.includes('never-returned'));
  assert.deepEqual((properties['step'] as { arguments: unknown[] }).arguments, [{ name: 'MODE', value: 'release', isSecret: false }]);
  const tasks = `${registryPath('azopstaskacr')}/tasks`;
  const noStep = await call('PUT', `${tasks}/no-step?${TASKS_API}`, { location: 'westeurope', properties: { platform: { os: 'Linux' } } });
  assert.deepEqual([noStep.status, code(noStep)], [400, 'InvalidRequestContent']);
  assert.match(noStep.text, /Required property 'step' not found/);
  const noPlatform = await call('PUT', `${tasks}/no-platform?${TASKS_API}`, {
    location: 'westeurope',
    properties: { step: { type: 'Docker', dockerFilePath: 'Dockerfile' } },
  });
  assert.deepEqual([noPlatform.status, code(noPlatform)], [400, 'InvalidRequestContent']);
  const noFile = await call('PUT', `${tasks}/no-file?${TASKS_API}`, {
    location: 'westeurope',
    properties: { platform: { os: 'Linux' }, step: { type: 'Docker' } },
  });
  assert.match(noFile.text, /Required property 'dockerFilePath' not found/);
  const badName = await call('PUT', `${tasks}/-bad?${TASKS_API}`, {
    location: 'westeurope',
    properties: { platform: { os: 'Linux' }, step: { type: 'Docker', dockerFilePath: 'Dockerfile' } },
  });
  assert.deepEqual([badName.status, code(badName)], [400, 'InvalidResourceName']);
});

test('scheduleRun: a task run goes Queued → Running → Succeeded on the clock; runs list newest first with $top and $filter', async () => {
  const { azure, call } = await setup({ lroDurationMs: 200 });
  const task = await withTask(azure, call);
  const registry = registryPath('azopstaskacr');
  const missing = await call('POST', `${registry}/scheduleRun?${TASKS_API}`, {
    type: 'TaskRunRequest',
    taskId: `${registry}/tasks/nothing`,
  });
  assert.deepEqual([missing.status, code(missing)], [404, 'ResourceNotFound']);
  const quick = await call('POST', `${registry}/scheduleRun?${TASKS_API}`, { type: 'DockerBuildRequest', dockerFilePath: 'Dockerfile' });
  assert.equal(quick.status, 400);
  const first = await call('POST', `${registry}/scheduleRun?${TASKS_API}`, { type: 'TaskRunRequest', taskId: task.json['id'] });
  assert.equal(first.status, 200, first.text);
  const runId = String((first.json['properties'] as { runId: string }).runId);
  assert.match(runId, /^c[a-z][0-9a-z]+$/);
  assert.deepEqual(
    [(first.json['properties'] as Record<string, unknown>)['status'], first.json['type']],
    ['Queued', 'Microsoft.ContainerRegistry/registries/runs'],
  );
  const statusOf = async (id: string) =>
    ((await call('GET', `${registry}/runs/${id}?${TASKS_API}`)).json['properties'] as Record<string, unknown>)['status'];
  await sleep(120);
  assert.equal(await statusOf(runId), 'Running');
  await sleep(320);
  const done = (await call('GET', `${registry}/runs/${runId}?${TASKS_API}`)).json['properties'] as Record<string, unknown>;
  assert.equal(done['status'], 'Succeeded');
  assert.deepEqual(done['outputImages'], [{ registry: 'azopstaskacr.azurecr.io', repository: 'app', tag: runId }]);
  assert.ok(done['startTime'] && done['finishTime']);

  azure.failNextOperation(String(task.json['id']), { code: 'BuildFailed', message: 'exit status 2' }, { operation: 'run' });
  const second = await call('POST', `${registry}/scheduleRun?${TASKS_API}`, { type: 'TaskRunRequest', taskId: 'build-app' });
  const failedId = String((second.json['properties'] as { runId: string }).runId);
  await sleep(450);
  const failed = (await call('GET', `${registry}/runs/${failedId}?${TASKS_API}`)).json['properties'] as Record<string, unknown>;
  assert.deepEqual([failed['status'], failed['runErrorMessage'], failed['outputImages']], ['Failed', 'exit status 2', undefined]);

  const list = await call('GET', `${registry}/runs?${TASKS_API}`);
  assert.deepEqual(
    (list.json['value'] as { name: string }[]).map((r) => r.name),
    [failedId, runId],
  );
  const top = await call('GET', `${registry}/runs?${TASKS_API}&$top=1`);
  assert.deepEqual(
    (top.json['value'] as { name: string }[]).map((r) => r.name),
    [failedId],
  );
  const filtered = await call(
    'GET',
    `${registry}/runs?${TASKS_API}&$filter=${encodeURIComponent("status eq 'Succeeded' and TaskName eq 'build-app'")}`,
  );
  assert.deepEqual(
    (filtered.json['value'] as { name: string }[]).map((r) => r.name),
    [runId],
  );
  const unsupported = await call('GET', `${registry}/runs?${TASKS_API}&$filter=${encodeURIComponent("runType ne 'x'")}`);
  assert.deepEqual([unsupported.status, code(unsupported)], [400, 'InvalidFilter']);
});

test('run logs: a SAS link to a blob; HEAD gives the length, a range the tail; tampered, expired and early reads refused', async () => {
  const { azure, call } = await setup({ lroDurationMs: 400 });
  const task = await withTask(azure, call);
  const registry = registryPath('azopstaskacr');
  const run = await call('POST', `${registry}/scheduleRun?${TASKS_API}`, { type: 'TaskRunRequest', taskId: task.json['id'] });
  const runId = String((run.json['properties'] as { runId: string }).runId);
  const link = String((await call('POST', `${registry}/runs/${runId}/listLogSasUrl?${TASKS_API}`)).json['logLink']);
  assert.match(
    link,
    new RegExp(`^https://acrtasklogs\\.blob\\.core\\.windows\\.net/azopstaskacr/logs/${runId}/rawtext\\.log\\?sv=.*&sig=`),
  );
  const blob = (method: string, url: string, headers: Record<string, string> = {}) => azure.handle({ method, url, headers });
  const early = await blob('GET', link);
  assert.deepEqual([early.status, early.headers['x-ms-error-code']], [404, 'BlobNotFound']);
  await sleep(850);
  const head = await blob('HEAD', link);
  assert.equal(head.status, 200);
  const length = Number(head.headers['content-length']);
  const full = await blob('GET', link);
  assert.equal(Buffer.byteLength(full.body), length);
  assert.match(full.body, new RegExp(`Run ID: ${runId} was successful after`));
  const tail = await blob('GET', link, { 'x-ms-range': `bytes=${length - 40}-${length - 1}` });
  assert.deepEqual(
    [tail.status, tail.headers['content-range'], tail.body],
    [206, `bytes ${length - 40}-${length - 1}/${length}`, full.body.slice(-40)],
  );
  const beyond = await blob('GET', link, { 'x-ms-range': `bytes=${length}-` });
  assert.deepEqual([beyond.status, beyond.headers['x-ms-error-code']], [416, 'InvalidRange']);
  const tampered = await blob('GET', link.replace(/sig=[^&]+/, 'sig=AAAA'));
  assert.deepEqual([tampered.status, tampered.headers['x-ms-error-code']], [403, 'AuthenticationFailed']);
  assert.match(tampered.body, /<Error><Code>AuthenticationFailed<\/Code>/);
  const otherRun = await blob('GET', link.replace(`/logs/${runId}/`, '/logs/cz9/'));
  assert.equal(otherRun.status, 403, 'a link names one blob only');
  const changed = new URL(link);
  changed.searchParams.set('se', '2999-01-01T00:00:00Z');
  assert.equal((await blob('GET', changed.href)).status, 403, 'the expiry is signed too');
  const expired = await blob('GET', runLogLink(azure.state, 'azopstaskacr', runId, Date.now() - 2 * 3_600_000));
  assert.deepEqual([expired.status, expired.headers['x-ms-error-code']], [403, 'AuthenticationFailed']);
  assert.match(expired.body, /Signed expiry time/);
});

test('the demo estate: a Basic and a Premium registry, a task whose runs include a failed one with its log', async () => {
  const azure = new EmulatedAzure();
  seedDemoEstate(azure);
  const token = await servicePrincipalToken(azure);
  const shared = `/subscriptions/${SUB}/resourceGroups/${DEMO.resourceGroups.shared}/providers/Microsoft.ContainerRegistry/registries`;
  const skus = await Promise.all(
    [DEMO.registry, DEMO.premiumRegistry].map(async (name) => (await arm(azure, token, 'GET', `${shared}/${name}?${API}`)).json['sku']),
  );
  assert.deepEqual(skus, [
    { name: 'Basic', tier: 'Basic' },
    { name: 'Premium', tier: 'Premium' },
  ]);
  const runs = (await arm(azure, token, 'GET', `${shared}/${DEMO.registry}/runs?${TASKS_API}`)).json['value'] as {
    name: string;
    properties: { status: string; task: string };
  }[];
  assert.deepEqual(
    runs.map((r) => [r.properties.status, r.properties.task]),
    [
      ['Succeeded', DEMO.registryTask],
      ['Failed', DEMO.registryTask],
      ['Succeeded', DEMO.registryTask],
    ],
  );
  const failed = runs[1]!.name;
  const link = (await arm(azure, token, 'POST', `${shared}/${DEMO.registry}/runs/${failed}/listLogSasUrl?${TASKS_API}`)).json['logLink'];
  const log = await azure.handle({ method: 'GET', url: String(link), headers: {} });
  assert.match(log.body, /npm ERR! code ERESOLVE[\s\S]*Run ID: .* failed after 71s/);
});
