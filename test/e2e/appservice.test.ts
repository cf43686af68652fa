// Issue 14, App Service side: plans and web apps (list, show), start/stop/restart, delete, the system identity,
// logs, registry access and registry credentials, through a real MCP client against the emulated Azure.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from '../../src/emulator/index.js';
import { startInProcessFixture, type InProcessFixture } from '../helpers/in-process.js';
import { type RunningServer } from '../helpers/server-process.js';
import {
  ADMIN,
  addPlan,
  addSite,
  FRONTEND,
  PLAN,
  planId,
  requestsDuring,
  siteId,
  siteState,
  SUB,
  WEB,
  writesOf,
} from './appservice-support.js';

let fixture: InProcessFixture;
let server: RunningServer;
before(async () => {
  fixture = await startInProcessFixture({ demo: true, pageSize: 1 });
  server = await fixture.server({ AZURE_SUBSCRIPTION_ID: SUB, AZOPS_CONFIRM: 'never' });
});
after(async () => {
  await server?.close();
  fixture.assertNoLeaks();
  await fixture.close();
});

const ok = async (tool: string, args: Record<string, unknown>) => {
  const result = await server.call(tool, args);
  assert.equal(result.isError, false, `${tool}: ${result.text}`);
  return result;
};

describe('App Service plans', () => {
  test('appservice_plan_list: SKU and tier, workers, OS, status and apps of each plan, across pages; an empty plan is said to be billed', async () => {
    const result = await ok('appservice_plan_list', { resource_group: WEB });
    const rows = (result.structured.items as Record<string, unknown>[]).map(({ name, sku, tier, workers, os, status, apps }) => ({
      name,
      sku,
      tier,
      workers,
      os,
      status,
      apps,
    }));
    assert.deepEqual(
      rows.sort((a, b) => String(a.name).localeCompare(String(b.name))),
      [
        { name: PLAN, sku: 'P1v3', tier: 'PremiumV3', workers: 1, os: 'Linux', status: 'Ready', apps: 2 },
        { name: 'plan-web-windows', sku: 'S1', tier: 'Standard', workers: 1, os: 'Windows', status: 'Ready', apps: 0 },
      ],
    );
    assert.match(result.text, /^- plan-web-windows \(rg-web, eastus\): S1 Standard, Windows, 1 worker\(s\), 0 app\(s\) \(still billed\)/m);
    const all = await ok('appservice_plan_list', {});
    assert.ok((all.structured.items as { name: string }[]).some((p) => p.name === PLAN));
  });

  test('appservice_plan_show: capacity, maximum workers, Linux when reserved, apps and id; a missing plan is a clear 404', async () => {
    const result = await ok('appservice_plan_show', { name: PLAN, resource_group: WEB });
    assert.equal(result.structured.os, 'Linux');
    assert.equal(result.structured.maxWorkers, 30);
    assert.equal(result.structured.apps, 2);
    assert.equal(result.structured.id, planId(PLAN));
    assert.match(result.text, /P1v3 \(PremiumV3\), Linux, status Ready/);
    const missing = await server.call('appservice_plan_show', { name: 'plan-nowhere', resource_group: WEB });
    assert.equal(missing.isError, true);
    assert.match(missing.text, /^Not found \(404 ResourceNotFound\): .*plan-nowhere.*Looked for name=plan-nowhere, resource_group=rg-web/);
  });
});

describe('web apps: list and show', () => {
  test('webapp_list: state, host name, plan, OS and HTTPS-only of each app', async () => {
    const result = await ok('webapp_list', { resource_group: WEB });
    const rows = Object.fromEntries(
      (result.structured.items as Record<string, unknown>[]).map((s) => [
        s.name,
        [s.state, s.defaultHostName, s.plan, s.os, s.httpsOnly, s.runtime],
      ]),
    );
    const image = (repository: string) => `${DEMO.registry}.azurecr.io/web/${repository}`;
    assert.deepEqual(rows[FRONTEND], ['Running', `${FRONTEND}.azurewebsites.net`, PLAN, 'Linux', true, image('frontend:1.1.0')]);
    assert.deepEqual(rows[ADMIN], ['Stopped', `${ADMIN}.azurewebsites.net`, PLAN, 'Linux', false, image('admin:0.9.2')]);
  });

  test('webapp_show: image, startup command, TLS, identity, VNet, and app settings and connection strings by NAME only', async () => {
    const result = await ok('webapp_show', { name: FRONTEND, resource_group: WEB });
    const s = result.structured;
    assert.equal(s.runtime, `${DEMO.registry}.azurecr.io/web/frontend:1.1.0`);
    assert.equal(s.startupCommand, 'node server.js');
    assert.equal(s.acrUseManagedIdentityCreds, true);
    assert.equal(s.minTlsVersion, '1.2');
    assert.equal((s.identity as { type: string }).type, 'SystemAssigned');
    assert.match(String((s.identity as { principalId: string }).principalId), /^[0-9a-f-]{36}$/);
    assert.equal(s.vnetSubnetId, null);
    assert.deepEqual(s.appSettingNames, ['APP_ENV', 'PAYMENTS_API_KEY', 'WEBSITES_ENABLE_APP_SERVICE_STORAGE', 'WEBSITES_PORT']);
    assert.deepEqual(s.connectionStringNames, ['OrdersDb']);
    const { settings } = siteState(fixture.azure, FRONTEND);
    for (const value of [settings['PAYMENTS_API_KEY']!, 'demo-not-a-real-password']) {
      assert.ok(!result.text.includes(value), `a setting value reached the text: ${value}`);
      assert.ok(!JSON.stringify(s).includes(value), `a setting value reached the structured result: ${value}`);
    }
    assert.match(result.text, /App settings \(names only\): APP_ENV, PAYMENTS_API_KEY/);
  });

  test('webapp_show of a missing app: a clear 404', async () => {
    const missing = await server.call('webapp_show', { name: 'azops-nowhere', resource_group: WEB });
    assert.equal(missing.isError, true);
    assert.match(missing.text, /^Not found \(404 ResourceNotFound\): The Resource 'Microsoft\.Web\/sites\/azops-nowhere'/);
  });
});

describe('start, stop, restart', () => {
  test('start is a write, stop and restart are destructive (tools/list annotations)', async () => {
    const { tools } = await server.client.listTools();
    const hints = (name: string) => {
      const a = tools.find((t) => t.name === name)!.annotations!;
      return [a.readOnlyHint, a.destructiveHint];
    };
    assert.deepEqual(hints('webapp_start'), [false, false]);
    assert.deepEqual(hints('webapp_stop'), [false, true]);
    assert.deepEqual(hints('webapp_restart'), [false, true]);
    assert.deepEqual(hints('webapp_delete'), [false, true]);
    assert.deepEqual(hints('webapp_show'), [true, false]);
  });

  test('start, stop and restart change the state Azure reports; stop says the plan is still billed', async () => {
    addSite(fixture.azure, 'azops-power', PLAN, { siteConfig: { linuxFxVersion: 'DOCKER|nginx:1.27' } });
    const stopped = await ok('webapp_stop', { name: 'azops-power', resource_group: WEB });
    assert.deepEqual([stopped.structured.previousState, stopped.structured.state], ['Running', 'Stopped']);
    assert.match(stopped.text, /still billed/);
    const restartedWhileStopped = await ok('webapp_restart', { name: 'azops-power', resource_group: WEB });
    assert.equal(restartedWhileStopped.structured.state, 'Stopped');
    assert.match(restartedWhileStopped.text, /use webapp_start/);
    const started = await ok('webapp_start', { name: 'azops-power', resource_group: WEB });
    assert.deepEqual([started.structured.previousState, started.structured.state], ['Stopped', 'Running']);
    const { result, requests } = await requestsDuring(fixture, () => ok('webapp_restart', { name: 'azops-power', resource_group: WEB }));
    assert.equal(result.structured.state, 'Running');
    assert.deepEqual(writesOf(requests), [`POST ${siteId('azops-power').toLowerCase()}/restart`]);
  });

  test('a ReadOnly lock on the app: stop answers 409 ScopeLocked, clearly, and the app keeps running', async () => {
    addSite(fixture.azure, 'azops-locked', PLAN);
    fixture.azure.state.resources.locks.put({ scope: siteId('azops-locked'), name: 'freeze', level: 'ReadOnly' });
    const result = await server.call('webapp_stop', { name: 'azops-locked', resource_group: WEB });
    assert.equal(result.isError, true);
    assert.match(result.text, /^Conflict \(409 ScopeLocked\): .*locked/);
    assert.equal(siteState(fixture.azure, 'azops-locked').site.runtime.siteState, 'Running');
    // Listing settings is a POST, which the lock blocks too: the app is still shown, its setting names are not.
    const shown = await ok('webapp_show', { name: 'azops-locked', resource_group: WEB });
    assert.equal(shown.structured.appSettingNames, null);
    assert.match(shown.text, /App settings \(names only\): could not be read \(Conflict \(409 ScopeLocked\)/);
  });
});

describe('webapp_delete', () => {
  test('the last app of a plan: deleted, and the plan is said to be left empty and still billed', async () => {
    addPlan(fixture.azure, 'plan-lonely', 'B1');
    addSite(fixture.azure, 'azops-lonely', 'plan-lonely');
    const result = await ok('webapp_delete', { name: 'azops-lonely', resource_group: WEB });
    assert.equal(result.structured.planState, 'empty_still_billed');
    assert.equal(result.structured.appsLeftOnPlan, 0);
    assert.match(result.text, /plan-lonely .*now runs no app but is STILL BILLED/);
    assert.equal(fixture.azure.state.resources.get(siteId('azops-lonely')), undefined);
    assert.ok(fixture.azure.state.resources.get(planId('plan-lonely')), 'the plan is kept');
  });

  test('delete_empty_plan=true deletes the emptied plan; a plan with other apps is kept and said so', async () => {
    addPlan(fixture.azure, 'plan-gone', 'B1');
    addSite(fixture.azure, 'azops-gone', 'plan-gone');
    const gone = await ok('webapp_delete', { name: 'azops-gone', resource_group: WEB, delete_empty_plan: true });
    assert.equal(gone.structured.planState, 'deleted');
    assert.equal(fixture.azure.state.resources.get(planId('plan-gone')), undefined);
    addSite(fixture.azure, 'azops-sibling', PLAN);
    const sibling = await ok('webapp_delete', { name: 'azops-sibling', resource_group: WEB, delete_empty_plan: true });
    assert.equal(sibling.structured.planState, 'has_other_apps');
    assert.match(sibling.text, new RegExp(`${PLAN} still runs \\d+ other app`));
  });

  test('a missing app: 404, nothing deleted', async () => {
    const result = await server.call('webapp_delete', { name: 'azops-never', resource_group: WEB });
    assert.equal(result.isError, true);
    assert.match(result.text, /^Not found \(404/);
  });
});

describe('webapp_assign_identity', () => {
  test('adds the system identity with a PATCH that keeps the user-assigned one; returns principal and tenant; again changes nothing', async () => {
    const uami = `/subscriptions/${SUB}/resourceGroups/${WEB}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-web`;
    addSite(fixture.azure, 'azops-uami', PLAN, { identity: { type: 'UserAssigned', userAssignedIdentities: { [uami]: {} } } });
    const { result, requests } = await requestsDuring(fixture, () =>
      ok('webapp_assign_identity', { webapp_name: 'azops-uami', resource_group: WEB }),
    );
    assert.deepEqual(writesOf(requests), [`PATCH ${siteId('azops-uami').toLowerCase()}`], 'one PATCH, no whole-site PUT');
    const identity = result.structured.identity as { type: string; principalId: string; tenantId: string; userAssigned: string[] };
    assert.equal(identity.type, 'SystemAssigned, UserAssigned');
    assert.deepEqual(identity.userAssigned, [uami]);
    assert.equal(identity.tenantId, DEMO.tenantId);
    assert.ok(result.text.includes(identity.principalId) && result.text.includes(DEMO.tenantId), result.text);
    const stored = siteState(fixture.azure, 'azops-uami').site.doc['identity'] as Record<string, unknown>;
    assert.deepEqual(Object.keys(stored['userAssignedIdentities'] as object), [uami], 'the user-assigned identity is still there');
    assert.ok(fixture.azure.state.directory.get(identity.principalId), 'the identity is a principal role assignments can name');
    const again = await requestsDuring(fixture, () => ok('webapp_assign_identity', { webapp_name: 'azops-uami', resource_group: WEB }));
    assert.equal(again.result.structured.added, false);
    assert.deepEqual(writesOf(again.requests), []);
  });
});

describe('webapp_view_logs', () => {
  test('the newest container log lines (bounded by lines) and the Activity Log events of the last days', async () => {
    addSite(fixture.azure, 'azops-logs', PLAN, { siteConfig: { linuxFxVersion: 'DOCKER|nginx:1.27' } });
    await ok('webapp_restart', { name: 'azops-logs', resource_group: WEB });
    const result = await ok('webapp_view_logs', { webapp_name: 'azops-logs', resource_group: WEB, days: 1, lines: 3 });
    const log = result.structured.containerLog as { lines: string[]; shown: number; available: number };
    assert.equal(log.shown, 3);
    assert.ok(log.available > 3, 'more lines exist than were asked for');
    assert.match(log.lines.at(-1)!, /azops-logs_0 for site azops-logs initialized successfully/);
    const events = result.structured.events as { items: { operation: string; status: string }[] };
    assert.ok(
      events.items.some((e) => /restart/i.test(e.operation) && e.status === 'Succeeded'),
      JSON.stringify(events.items),
    );
    assert.match(result.text, /^Container log of azops-logs \(Running\), last 3 line\(s\) of \d+:/);
    assert.match(result.text, /Activity Log events in the last 1 day/);
  });

  test("the sandbox's running app: its own output after the container start lines", async () => {
    const result = await ok('webapp_view_logs', { webapp_name: FRONTEND, resource_group: WEB });
    const lines = (result.structured.containerLog as { lines: string[] }).lines;
    const started = lines.findIndex((l) => /for site azops-web-frontend initialized successfully/.test(l));
    const listening = lines.findIndex((l) => /Listening on port 8080/.test(l));
    assert.ok(started >= 0 && listening > started, JSON.stringify(lines));
  });

  test('an app with no container output: the log is said to be empty, the events still come', async () => {
    addSite(fixture.azure, 'azops-quiet', PLAN);
    const result = await ok('webapp_view_logs', { webapp_name: 'azops-quiet', resource_group: WEB });
    assert.equal((result.structured.containerLog as { shown: number }).shown, 0);
    assert.match(result.text, /The container log is empty/);
  });
});

describe('container registry access', () => {
  const registryScope = `/subscriptions/${SUB}/resourceGroups/${DEMO.resourceGroups.shared}/providers/Microsoft.ContainerRegistry/registries/${DEMO.registry}`;

  test('webapp_grant_cr_access: turns the identity on, assigns AcrPull on the registry, sets acrUseManagedIdentityCreds; again is fine', async () => {
    addSite(fixture.azure, 'azops-pull', PLAN, { siteConfig: { linuxFxVersion: `DOCKER|${DEMO.registry}.azurecr.io/web/admin:0.9.2` } });
    const args = {
      webapp_name: 'azops-pull',
      resource_group: WEB,
      registry_name: DEMO.registry,
      registry_resource_group: DEMO.resourceGroups.shared,
    };
    const result = await ok('webapp_grant_cr_access', args);
    assert.equal(result.structured.complete, true);
    const steps = (result.structured.steps as { step: string; status: string }[]).map((s) => s.status);
    assert.deepEqual(steps, ['done', 'done', 'done']);
    const principal = String(result.structured.principalId);
    const assignments = [...fixture.azure.state.authorization.roleAssignments.values()].filter(
      (a) => a.principalId === principal && a.scope.toLowerCase() === registryScope.toLowerCase(),
    );
    assert.equal(assignments.length, 1, 'one assignment at the registry scope');
    assert.match(assignments[0]!.roleDefinitionId, /7f951dda-4ed3-4680-a7ca-43fe172d538d$/, 'AcrPull');
    assert.equal(siteState(fixture.azure, 'azops-pull').config['acrUseManagedIdentityCreds'], true);
    const again = await ok('webapp_grant_cr_access', args);
    assert.deepEqual(
      (again.structured.steps as { status: string }[]).map((s) => s.status),
      ['unchanged', 'unchanged', 'unchanged'],
    );
    assert.match(again.text, /already has AcrPull/);
  });

  test('an unknown registry: a clear error and nothing changed (no identity turned on)', async () => {
    addSite(fixture.azure, 'azops-nopull', PLAN);
    const { result, requests } = await requestsDuring(fixture, () =>
      server.call('webapp_grant_cr_access', {
        webapp_name: 'azops-nopull',
        resource_group: WEB,
        registry_name: 'nosuchregistry',
        registry_resource_group: DEMO.resourceGroups.shared,
      }),
    );
    assert.equal(result.isError, true);
    assert.match(result.text, /Container registry nosuchregistry was not found in resource group rg-shared.*nothing was changed/);
    assert.deepEqual(writesOf(requests), []);
  });

  test('webapp_set_container_registry_credentials: one PUT of every setting, the image and other settings kept, the password never shown', async () => {
    addSite(fixture.azure, 'azops-creds', PLAN, {
      siteConfig: {
        linuxFxVersion: 'DOCKER|registry.example.com/team/app:2.0',
        appSettings: [
          { name: 'KEEP_ME', value: 'kept-value' },
          { name: 'DOCKER_REGISTRY_SERVER_PASSWORD', value: 'old-password' },
        ],
      },
    });
    const password = 'n3w-Registry-Passw0rd!';
    const { result, requests } = await requestsDuring(fixture, () =>
      ok('webapp_set_container_registry_credentials', {
        webapp_name: 'azops-creds',
        resource_group: WEB,
        registry_url: 'https://registry.example.com',
        username: 'robot$team',
        password,
      }),
    );
    assert.deepEqual(
      writesOf(requests).filter((w) => !w.endsWith('/list')),
      [`PUT ${siteId('azops-creds').toLowerCase()}/config/appsettings`],
    );
    const { config, settings } = siteState(fixture.azure, 'azops-creds');
    assert.equal(config['linuxFxVersion'], 'DOCKER|registry.example.com/team/app:2.0', 'the image is unchanged');
    assert.deepEqual(settings, {
      KEEP_ME: 'kept-value',
      DOCKER_REGISTRY_SERVER_PASSWORD: password,
      DOCKER_REGISTRY_SERVER_URL: 'https://registry.example.com',
      DOCKER_REGISTRY_SERVER_USERNAME: 'robot$team',
    });
    assert.equal(result.structured.otherSettingsKept, 1);
    for (const secret of [password, 'robot$team', 'kept-value'])
      assert.ok(!result.text.includes(secret) && !JSON.stringify(result.structured).includes(secret), `${secret} was echoed`);
  });

  test('os_type that does not match the app: refused before anything is written', async () => {
    const { result, requests } = await requestsDuring(fixture, () =>
      server.call('webapp_set_container_registry_credentials', {
        webapp_name: ADMIN,
        resource_group: WEB,
        registry_url: 'azopsdemoacr.azurecr.io',
        username: 'u',
        password: 'p-secret-1',
        os_type: 'windows',
      }),
    );
    assert.equal(result.isError, true);
    assert.match(result.text, /runs on Linux, not windows/);
    assert.deepEqual(writesOf(requests), []);
  });
});
