// Issue 14, Web Apps for Containers: webapp_create_for_container step by step (each optional step, a step that
// fails, create-means-create, env_variables), webapp_configure_vnet_integration (delegation, subnets in use,
// another resource group), and the leak check: setting values and passwords never in any result, log line,
// consent prompt or audit line.
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO } from '../../src/emulator/index.js';
import { startInProcessFixture, type InProcessFixture } from '../helpers/in-process.js';
import { transcript, type RunningServer, type ToolCallResult } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp.js';
import {
  addPlan,
  addSite,
  addSubnet,
  FRONTEND,
  PLAN,
  planId,
  requestsDuring,
  siteId,
  siteState,
  SUB,
  subnetId,
  WEB,
  writesOf,
} from './appservice-support.js';

const auditPath = join(tempDir('appservice-audit'), 'audit.jsonl');
const prompts: string[] = [];
let fixture: InProcessFixture;
let server: RunningServer;
before(async () => {
  fixture = await startInProcessFixture({ demo: true });
  // Consent through elicitation, so the prompts themselves can be checked for secrets; every write audited.
  server = await fixture.server(
    { AZURE_SUBSCRIPTION_ID: SUB, AZOPS_AUDIT_LOG: auditPath },
    {
      onElicit: (message) => {
        prompts.push(message);
        return { action: 'accept', content: { confirm: true } };
      },
    },
  );
});
after(async () => {
  await server?.close();
  fixture.assertNoLeaks();
  await fixture.close();
});

/** Values that must never leave the server: setting values, registry passwords (the demo's and the tests'). */
const SECRETS = [
  'env-secret-value-0c9d',
  'registry-password-5be1',
  'vnet-case-secret-77aa',
  'creds-tool-password-e4f2',
  'demo-not-a-real-key-7f3a9c',
  'demo-not-a-real-password',
  'demo-not-a-real-registry-password',
];

const steps = (result: ToolCallResult) =>
  Object.fromEntries((result.structured.steps as { step: string; status: string }[]).map((s) => [s.step, s.status]));

describe('webapp_create_for_container', () => {
  test('every optional step: a new Linux plan, the image, startup command, env as app settings (names as given), registry credentials, identity, VNet', async () => {
    addSubnet(fixture.azure, 'snet-create', '10.1.10.0/26');
    const result = await server.call('webapp_create_for_container', {
      name: 'azops-all-steps',
      resource_group: WEB,
      plan_name: 'plan-all-steps',
      plan_sku: 'B1',
      image: 'registry.example.com/team/api:3.1',
      registry_username: 'robot',
      registry_password: 'registry-password-5be1',
      startup_command: 'npm run serve',
      env_variables: '{"Api_Key": "env-secret-value-0c9d", "PORT": 8080, "DEBUG": false}',
      vnet_subnet_id: subnetId('snet-create'),
      assign_identity: true,
    });
    assert.equal(result.isError, false, result.text);
    assert.deepEqual(steps(result), {
      'App Service plan': 'done',
      'web app': 'done',
      'system-assigned identity': 'done',
      'VNet integration': 'done',
    });
    assert.equal(result.structured.complete, true);
    const plan = fixture.azure.state.resources.get(planId('plan-all-steps'))!;
    assert.deepEqual([plan.doc.properties['reserved'], (plan.doc['sku'] as { name: string; tier: string }).tier], [true, 'Basic']);
    const { site, config, settings } = siteState(fixture.azure, 'azops-all-steps');
    assert.equal(config['linuxFxVersion'], 'DOCKER|registry.example.com/team/api:3.1');
    assert.equal(config['appCommandLine'], 'npm run serve');
    assert.deepEqual(settings, {
      WEBSITES_ENABLE_APP_SERVICE_STORAGE: 'false',
      DOCKER_REGISTRY_SERVER_URL: 'https://registry.example.com',
      DOCKER_REGISTRY_SERVER_USERNAME: 'robot',
      DOCKER_REGISTRY_SERVER_PASSWORD: 'registry-password-5be1',
      Api_Key: 'env-secret-value-0c9d',
      PORT: '8080',
      DEBUG: 'false',
    });
    assert.equal(site.doc.properties['httpsOnly'], true);
    const principal = (site.doc['identity'] as { principalId: string }).principalId;
    assert.equal(result.structured.principalId, principal);
    assert.equal(site.doc.properties['virtualNetworkSubnetId'], subnetId('snet-create'));
    const subnet = fixture.azure.state.resources.get(subnetId('snet-create'))!;
    assert.match(JSON.stringify(subnet.doc.properties['delegations']), /Microsoft\.Web\/serverFarms/, 'the free subnet was delegated');
    assert.deepEqual(result.structured.appSettingNames, Object.keys(settings));
    assert.match(
      result.text,
      /^Created web app azops-all-steps in rg-web running registry\.example\.com\/team\/api:3\.1 on plan plan-all-steps\./,
    );
    assert.match(result.text, /the subnet was delegated to Microsoft\.Web\/serverFarms first/);
  });

  test('an existing plan is used as it is; no identity or VNet unless asked (skipped, not done)', async () => {
    const { result, requests } = await requestsDuring(fixture, () =>
      server.call('webapp_create_for_container', { name: 'azops-plain', resource_group: WEB, plan_name: PLAN, image: 'nginx:1.27' }),
    );
    assert.equal(result.isError, false, result.text);
    assert.deepEqual(steps(result), {
      'App Service plan': 'unchanged',
      'web app': 'done',
      'system-assigned identity': 'skipped',
      'VNet integration': 'skipped',
    });
    assert.deepEqual(writesOf(requests), [
      `POST /subscriptions/${SUB}/providers/microsoft.web/checknameavailability`,
      `PUT ${siteId('azops-plain').toLowerCase()}`,
    ]);
    assert.equal(siteState(fixture.azure, 'azops-plain').site.doc['identity'], undefined);
  });

  test('multi-container: the compose file goes in as COMPOSE|<base64>', async () => {
    const compose = 'services:\n  web:\n    image: nginx:1.27\n  cache:\n    image: redis:7\n';
    const result = await server.call('webapp_create_for_container', {
      name: 'azops-compose',
      resource_group: WEB,
      plan_name: PLAN,
      image: compose,
      multi_container: true,
    });
    assert.equal(result.isError, false, result.text);
    assert.equal(
      siteState(fixture.azure, 'azops-compose').config['linuxFxVersion'],
      `COMPOSE|${Buffer.from(compose.trim()).toString('base64')}`,
    );
    assert.equal(result.structured.image, 'Docker Compose (multi-container)');
  });

  test('windows: a Windows container plan and windowsFxVersion; a Linux plan for a Windows container is refused first', async () => {
    const refused = await requestsDuring(fixture, () =>
      server.call('webapp_create_for_container', {
        name: 'azops-win-wrong',
        resource_group: WEB,
        plan_name: PLAN,
        image: 'mcr.microsoft.com/dotnet/samples:aspnetapp',
        os_type: 'windows',
      }),
    );
    assert.equal(refused.result.isError, true);
    assert.match(refused.result.text, /plan-web-dev is a Linux plan, and a windows container needs a Windows one.*Nothing was created/);
    assert.deepEqual(
      writesOf(refused.requests).filter((w) => !w.includes('checknameavailability')),
      [],
    );
    const result = await server.call('webapp_create_for_container', {
      name: 'azops-win',
      resource_group: WEB,
      plan_name: 'plan-win-containers',
      plan_sku: 'P1v3',
      image: 'mcr.microsoft.com/dotnet/samples:aspnetapp',
      os_type: 'windows',
    });
    assert.equal(result.isError, false, result.text);
    const plan = fixture.azure.state.resources.get(planId('plan-win-containers'))!;
    assert.deepEqual([plan.doc.properties['reserved'], plan.doc.properties['hyperV']], [false, true]);
    const { config } = siteState(fixture.azure, 'azops-win');
    assert.equal(config['windowsFxVersion'], 'DOCKER|mcr.microsoft.com/dotnet/samples:aspnetapp');
    assert.equal(result.structured.os, 'Windows');
  });

  test('a step that fails: VNet integration with a subnet another plan uses is reported FAILED with its retry, never as configured', async () => {
    addSubnet(fixture.azure, 'snet-taken', '10.1.11.0/26', 'Microsoft.Web/serverFarms');
    const other = addSite(fixture.azure, 'azops-subnet-owner', PLAN);
    other.doc.properties['virtualNetworkSubnetId'] = subnetId('snet-taken');
    const result = await server.call('webapp_create_for_container', {
      name: 'azops-vnet-fails',
      resource_group: WEB,
      plan_name: 'plan-vnet-fails',
      plan_sku: 'B1',
      image: 'nginx:1.27',
      env_variables: { SECRET_TOKEN: 'vnet-case-secret-77aa' },
      vnet_subnet_id: subnetId('snet-taken'),
      assign_identity: true,
    });
    assert.equal(result.isError, false, 'the app exists, so the result is a report, not a bare error');
    assert.deepEqual(steps(result), {
      'App Service plan': 'done',
      'web app': 'done',
      'system-assigned identity': 'done',
      'VNet integration': 'failed',
    });
    assert.equal(result.structured.complete, false);
    assert.equal(result.structured.vnetSubnetId, null);
    const failed = (result.structured.steps as { status: string; detail: string; retryWith: string }[]).find((s) => s.status === 'failed')!;
    assert.match(failed.detail, /already used for VNet integration by App Service plan plan-web-dev/);
    assert.equal(
      failed.retryWith,
      `webapp_configure_vnet_integration webapp_name=azops-vnet-fails resource_group=${WEB} subnet_id=${subnetId('snet-taken')}`,
    );
    assert.match(result.text, /^Web app azops-vnet-fails was NOT fully set up/);
    assert.match(result.text, /- VNet integration: FAILED — /);
    assert.match(result.text, /To finish, retry: webapp_configure_vnet_integration webapp_name=azops-vnet-fails/);
    assert.doesNotMatch(result.text, /integrated with|VNet integration: done|configured/i);
    assert.equal(siteState(fixture.azure, 'azops-vnet-fails').site.doc.properties['virtualNetworkSubnetId'], undefined);
  });

  test('a failing web app create (Azure ends it Failed): plan done, web app failed, identity and VNet not run, each with its retry', async () => {
    fixture.azure.failNextOperation(siteId('azops-create-fails'), {
      code: 'InternalServerError',
      message: 'The site could not be provisioned.',
    });
    const result = await server.call('webapp_create_for_container', {
      name: 'azops-create-fails',
      resource_group: WEB,
      plan_name: 'plan-create-fails',
      plan_sku: 'B1',
      image: 'nginx:1.27',
      vnet_subnet_id: subnetId('snet-appsvc'),
      assign_identity: true,
    });
    assert.equal(result.isError, false, result.text);
    assert.deepEqual(steps(result), {
      'App Service plan': 'done',
      'web app': 'failed',
      'system-assigned identity': 'not_run',
      'VNet integration': 'not_run',
    });
    assert.match(result.text, /web app: FAILED — Creating web app azops-create-fails failed in Azure: .*could not be provisioned/);
    assert.match(result.text, /system-assigned identity: NOT RUN/);
    assert.match(
      result.text,
      /To finish, retry: webapp_assign_identity webapp_name=azops-create-fails .*; webapp_configure_vnet_integration/,
    );
  });

  test('create means create: an app that exists is refused with nothing sent; a name taken in another subscription is refused before the plan is made', async () => {
    const exists = await requestsDuring(fixture, () =>
      server.call('webapp_create_for_container', { name: FRONTEND, resource_group: WEB, plan_name: PLAN, image: 'nginx:1.27' }),
    );
    assert.equal(exists.result.isError, true);
    assert.match(exists.result.text, /Web app azops-web-frontend already exists in rg-web; nothing was changed/);
    assert.deepEqual(writesOf(exists.requests), []);
    const taken = await requestsDuring(fixture, () =>
      server.call('webapp_create_for_container', {
        name: DEMO.webApps.prod,
        resource_group: WEB,
        plan_name: 'plan-never',
        image: 'nginx:1.27',
      }),
    );
    assert.equal(taken.result.isError, true);
    assert.match(
      taken.result.text,
      /The name azops-web-prod cannot be used: Hostname 'azops-web-prod' already exists.*Nothing was created/,
    );
    assert.equal(fixture.azure.state.resources.get(planId('plan-never')), undefined, 'no plan was created');
  });

  test('env_variables: anything but a JSON object of names to scalars is a clear error that never repeats the values', async () => {
    const cases: [unknown, RegExp][] = [
      ['{"A": "env-secret-value-0c9d"', /env_variables must be a JSON object.*not valid JSON/],
      ['["env-secret-value-0c9d"]', /env_variables must be a JSON object .* not an array/],
      ['"env-secret-value-0c9d"', /not a string/],
      [{ NESTED: { inner: 'env-secret-value-0c9d' } }, /the value of NESTED must be a string, number or boolean/],
      ['{"has space": "env-secret-value-0c9d"}', /'has space' is not a valid app setting name/],
    ];
    for (const [env_variables, expected] of cases) {
      const result = await server.call('webapp_create_for_container', {
        name: 'azops-env-bad',
        resource_group: WEB,
        plan_name: PLAN,
        image: 'nginx:1.27',
        env_variables,
      });
      assert.equal(result.isError, true, JSON.stringify(env_variables));
      assert.match(result.text, expected);
      assert.ok(!result.text.includes('env-secret-value-0c9d'), `the value was echoed: ${result.text}`);
    }
    assert.equal(fixture.azure.state.resources.get(siteId('azops-env-bad')), undefined);
  });
});

describe('webapp_configure_vnet_integration', () => {
  test('a subnet in another resource group, delegated: integrated; again: nothing changes', async () => {
    addSite(fixture.azure, 'azops-vnet-ok', PLAN);
    const args = { webapp_name: 'azops-vnet-ok', resource_group: WEB, subnet_id: subnetId('snet-appsvc') };
    const { result, requests } = await requestsDuring(fixture, () => server.call('webapp_configure_vnet_integration', args));
    assert.equal(result.isError, false, result.text);
    assert.deepEqual([result.structured.changed, result.structured.delegatedNow], [true, false]);
    assert.deepEqual(writesOf(requests), [`PATCH ${siteId('azops-vnet-ok').toLowerCase()}`], 'one PATCH of the site');
    assert.equal(siteState(fixture.azure, 'azops-vnet-ok').site.doc.properties['virtualNetworkSubnetId'], subnetId('snet-appsvc'));
    assert.match(result.text, /now integrated with subnet snet-appsvc \(10\.1\.4\.0\/26\) of virtual network vnet-spoke in rg-network/);
    const again = await server.call('webapp_configure_vnet_integration', args);
    assert.equal(again.structured.changed, false);
  });

  test('no delegation on a free subnet: delegated first, and said so', async () => {
    addSite(fixture.azure, 'azops-vnet-delegate', 'plan-all-steps');
    addSubnet(fixture.azure, 'snet-undelegated', '10.1.12.0/26');
    const result = await server.call('webapp_configure_vnet_integration', {
      webapp_name: 'azops-vnet-delegate',
      resource_group: WEB,
      subnet_id: subnetId('snet-undelegated'),
    });
    assert.equal(result.isError, false, result.text);
    assert.equal(result.structured.delegatedNow, true);
    assert.match(result.text, /The subnet had no delegation, so it was delegated to Microsoft\.Web\/serverFarms first/);
  });

  test('clear errors, nothing changed: a subnet with VMs in it, one delegated elsewhere, one another plan uses, a missing one, a Free plan', async () => {
    addSubnet(fixture.azure, 'snet-aci', '10.1.13.0/26', 'Microsoft.ContainerInstance/containerGroups');
    addPlan(fixture.azure, 'plan-free', 'F1');
    addSite(fixture.azure, 'azops-vnet-free', 'plan-free');
    addSite(fixture.azure, 'azops-vnet-bad', 'plan-all-steps');
    const cases: [string, string, RegExp][] = [
      ['azops-vnet-bad', subnetId('snet-web'), /in use by 1 network interface\(s\) or private endpoint\(s\).*nothing was changed/],
      ['azops-vnet-bad', subnetId('snet-aci'), /delegated to Microsoft\.ContainerInstance\/containerGroups, so App Service cannot use it/],
      ['azops-vnet-bad', subnetId('snet-appsvc'), /already used for VNet integration by App Service plan plan-web-dev/],
      [
        'azops-vnet-bad',
        subnetId('snet-nowhere'),
        /Subnet snet-nowhere of virtual network vnet-spoke was not found in resource group rg-network/,
      ],
      ['azops-vnet-free', subnetId('snet-undelegated'), /not available on the Free tier of App Service plan plan-free/],
    ];
    for (const [app, subnet, expected] of cases) {
      const { result, requests } = await requestsDuring(fixture, () =>
        server.call('webapp_configure_vnet_integration', { webapp_name: app, resource_group: WEB, subnet_id: subnet }),
      );
      assert.equal(result.isError, true, `${subnet}: ${result.text}`);
      assert.match(result.text, expected);
      assert.deepEqual(writesOf(requests), [], `${subnet}: nothing may be written`);
    }
  });

  test('a subnet id that is not one is refused before anything is sent', async () => {
    const result = await server.call('webapp_configure_vnet_integration', {
      webapp_name: FRONTEND,
      resource_group: WEB,
      subnet_id: `/subscriptions/${SUB}/resourceGroups/${WEB}/providers/Microsoft.Web/sites/${FRONTEND}`,
    });
    assert.equal(result.isError, true);
    assert.match(result.text, /subnet_id: .* is not a subnet id/);
  });
});

describe('secrets', () => {
  test('settings values and passwords never appear in any result, log line, consent prompt or audit line', async () => {
    // The destructive credentials tool goes through consent and the audit log with a password argument.
    const creds = await server.call('webapp_set_container_registry_credentials', {
      webapp_name: 'azops-plain',
      resource_group: WEB,
      registry_url: 'registry.example.com',
      username: 'robot',
      password: 'creds-tool-password-e4f2',
    });
    assert.equal(creds.isError, false, creds.text);
    assert.ok(prompts.length > 0, 'consent was asked');
    assert.ok(
      prompts.some((p) => p.includes('password=****')),
      prompts.join('\n'),
    );
    for (const name of [FRONTEND, DEMO.webApps.stopped])
      assert.equal((await server.call('webapp_show', { name, resource_group: WEB })).isError, false);
    const integrated = await server.call('webapp_show', { name: 'azops-all-steps', resource_group: WEB });
    assert.equal(integrated.structured.vnetSubnetId, subnetId('snet-create'));
    assert.match(integrated.text, /VNet integration: \/subscriptions\/.*\/subnets\/snet-create/);
    assert.deepEqual(integrated.structured.appSettingNames, [
      'Api_Key',
      'DEBUG',
      'DOCKER_REGISTRY_SERVER_PASSWORD',
      'DOCKER_REGISTRY_SERVER_URL',
      'DOCKER_REGISTRY_SERVER_USERNAME',
      'PORT',
      'WEBSITES_ENABLE_APP_SERVICE_STORAGE',
    ]);
    const audit = readFileSync(auditPath, 'utf8');
    assert.ok(
      audit.includes('"tool":"webapp_create_for_container"') && audit.includes('"env_variables":"****"'),
      'writes are audited, masked',
    );
    const everything = [transcript.join('\n'), server.stderr(), prompts.join('\n'), audit].join('\n');
    for (const secret of SECRETS) assert.ok(!everything.includes(secret), `${secret} leaked`);
  });
});

describe('webapp_create_for_container waits like the other long-running tools: progress, cancel, no_wait', () => {
  const LRO_MS = 2500;
  let slow: InProcessFixture;
  let slowServer: RunningServer;
  before(async () => {
    // Site creation takes 2.5 s, polled every second (Retry-After: 1).
    slow = await startInProcessFixture({ demo: true, lroDurationMs: LRO_MS, lroRetryAfterSeconds: 1 });
    slowServer = await slow.server({ AZURE_SUBSCRIPTION_ID: SUB });
    assert.equal((await slowServer.call('webapp_list', { resource_group: WEB })).isError, false);
  });
  after(async () => {
    await slowServer?.close();
    slow.assertNoLeaks();
    await slow.close();
  });

  const args = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    resource_group: WEB,
    plan_name: PLAN,
    image: 'nginx:1.27',
    ...extra,
  });

  test('progress: the wait for the web app is reported with the elapsed time', async () => {
    const seen: string[] = [];
    const result = await slowServer.client.callTool(
      { name: 'webapp_create_for_container', arguments: args('azops-lro-progress') },
      { onprogress: (p) => seen.push(p.message ?? ''), resetTimeoutOnProgress: true },
    );
    assert.equal(result.isError, undefined, JSON.stringify(result.content));
    assert.match(seen[0]!, /^Creating web app azops-lro-progress: accepted by Azure, waiting for it to finish$/);
    assert.ok(
      seen.some((m) => /^Creating web app azops-lro-progress: still running after \d+s$/.test(m)),
      JSON.stringify(seen),
    );
  });

  test('cancel: aborting stops the waiting at once; Azure still creates the app', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const call = slowServer.client.callTool(
      { name: 'webapp_create_for_container', arguments: args('azops-lro-cancel') },
      { signal: controller.signal, onprogress: () => controller.abort() },
    );
    await assert.rejects(call, (error: Error) => /abort/i.test(`${error.name} ${error.message}`));
    assert.ok(Date.now() - started < LRO_MS, 'gave up before the operation could have ended');
    await sleep(LRO_MS + 300);
    const shown = await slowServer.call('webapp_show', { name: 'azops-lro-cancel', resource_group: WEB });
    assert.equal(shown.isError, false, shown.text);
  });

  test('no_wait: returns as soon as Azure accepts the app, saying how to check; not with steps that need the app', async () => {
    const started = Date.now();
    const result = await slowServer.call('webapp_create_for_container', args('azops-lro-nowait', { no_wait: true }));
    assert.equal(result.isError, false, result.text);
    assert.ok(Date.now() - started < LRO_MS, 'returned before the operation ended');
    assert.match(result.text, /^Azure accepted web app azops-lro-nowait in rg-web \(no_wait\)/);
    assert.match(result.text, /web app: done — accepted by Azure \(no_wait\).*webapp_show name=azops-lro-nowait resource_group=rg-web/);
    const refused = await slowServer.call(
      'webapp_create_for_container',
      args('azops-lro-refused', { no_wait: true, assign_identity: true }),
    );
    assert.equal(refused.isError, true);
    assert.match(refused.text, /no_wait cannot be combined with assign_identity or vnet_subnet_id/);
  });
});
