import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, SEED } from '../../src/emulator/index.js';
import { startInProcessFixture, type InProcessFixture } from '../helpers/in-process.js';
import { spawnServer, type RunningServer } from '../helpers/server-process.js';
import { startAzureFixture } from '../helpers/azure-fixture.js';

// Issue 4: resource groups, governance, RBAC and management groups, against the demo estate.
let fixture: InProcessFixture;
let server: RunningServer;
const DEV = `/subscriptions/${DEMO.devSubscriptionId}`;
type Row = Record<string, unknown>;
const items = (r: { structured: Record<string, unknown> }) => r.structured.items as Row[];

before(async () => {
  fixture = await startInProcessFixture({ demo: true, pageSize: 2 });
  server = await fixture.server({ AZURE_SUBSCRIPTION_ID: DEMO.devSubscriptionId, AZOPS_CONFIRM: 'never' });
});
after(async () => {
  await server.close();
  fixture.assertNoLeaks();
  await fixture.close();
});

describe('resource groups and resources', () => {
  test('list_resource_groups follows every page; tags shown', async () => {
    const pagesBefore = fixture.azure.requests.filter((r) => /\/resourcegroups$/i.test(r.path)).length;
    const result = await server.call('list_resource_groups');
    assert.equal(result.isError, false, result.text);
    const names = items(result).map((g) => g.name);
    assert.deepEqual(names, ['rg-compute', 'rg-network', 'rg-shared', 'rg-web']);
    assert.ok(fixture.azure.requests.filter((r) => /\/resourcegroups$/i.test(r.path)).length - pagesBefore >= 2, 'several pages');
    assert.deepEqual(items(result).find((g) => g.name === 'rg-web')!.tags, { env: 'dev', owner: 'web-team' });
    assert.match(result.text, /^- rg-web \(eastus\) \[env=dev, owner=web-team\]$/m);
  });

  test('list_resources by kind, bounded by limit', async () => {
    const vms = await server.call('list_resources', { resource_group: DEMO.resourceGroups.compute, resource_type: 'vm' });
    assert.deepEqual(
      items(vms)
        .map((r) => r.name)
        .sort(),
      [DEMO.vms.stopped, DEMO.vms.deallocated, DEMO.vms.running].sort(),
    );
    assert.ok(items(vms).every((r) => r.type === 'Microsoft.Compute/virtualMachines'));
    const listPath = `${DEV}/resourcegroups/${DEMO.resourceGroups.compute}/resources`;
    const pages = () => fixture.azure.requests.filter((r) => r.path.toLowerCase() === listPath.toLowerCase()).length;
    const before = pages();
    const all = await server.call('list_resources', { resource_group: DEMO.resourceGroups.compute, limit: 2 });
    assert.equal(all.structured.shown, 2);
    assert.equal(all.structured.more, true);
    // Pages of two: the second page's first row says more exist; the rest of the group is never fetched.
    assert.equal(pages() - before, 2, 'paging stopped at the limit');
    assert.match(String(all.structured.hint), /^Showing the first 2; more exist\. Raise limit .* or filter with resource_type/);
    assert.equal(all.text.split('\n').filter((l) => l.startsWith('- ')).length, 2, 'one line per row shown');
  });

  test('a missing resource group is a clear 404', async () => {
    const result = await server.call('list_resources', { resource_group: 'rg-nowhere' });
    assert.equal(result.isError, true);
    assert.match(result.text, /^Not found \(404 ResourceGroupNotFound\).*Looked for resource_group=rg-nowhere/);
  });
});

describe('tags, locks and activity log', () => {
  test("list_tags: a group's tags, and the subscription's tag names with values and counts", async () => {
    const group = await server.call('list_tags', { resource_group: DEMO.resourceGroups.compute });
    assert.deepEqual(
      items(group)
        .map((t) => [t.name, (t.values as Row[])[0]!.value])
        .sort(),
      [
        ['costCenter', '1234'],
        ['env', 'dev'],
      ],
    );
    const subscription = await server.call('list_tags');
    const env = items(subscription).find((t) => t.name === 'env')!;
    assert.ok((env.count as number) > 4, 'env is on many resources');
    assert.deepEqual(
      (env.values as Row[]).map((v) => v.value),
      ['dev'],
    );
    assert.match(subscription.text, /^- env \(\d+ uses\): dev \(\d+\)$/m);
  });

  test('locks: the resource-group lock, and a subscription lock listed at both scopes', async () => {
    const network = await server.call('list_resource_locks', { resource_group: DEMO.resourceGroups.network });
    assert.deepEqual(
      items(network).map((l) => [l.level, l.scope]),
      [['CanNotDelete', `${DEV}/resourceGroups/${DEMO.resourceGroups.network}`]],
    );
    assert.match(String(items(network)[0]!.notes), /platform team/);
    const prod = await fixture.server({ AZURE_SUBSCRIPTION_ID: DEMO.prodSubscriptionId });
    try {
      const atSubscription = await prod.call('list_resource_locks');
      const atGroup = await prod.call('list_resource_locks', { resource_group: DEMO.resourceGroups.prod });
      const subscriptionLock = (r: typeof atGroup) => items(r).find((l) => l.scope === `/subscriptions/${DEMO.prodSubscriptionId}`);
      assert.ok(subscriptionLock(atSubscription), 'listed at the subscription');
      assert.ok(subscriptionLock(atGroup), 'and inherited by the resource group');
      assert.equal(subscriptionLock(atGroup)!.level, 'CanNotDelete');
    } finally {
      await prod.close();
    }
  });

  test('get_activity_log: newest first, and the days window excludes older events', async () => {
    const day = await server.call('get_activity_log', { days: 1 });
    const week = await server.call('get_activity_log', { days: 7, limit: 200 });
    const times = (r: typeof day) => items(r).map((e) => Date.parse(e.time as string));
    const now = Date.now();
    assert.ok(times(day).length > 0);
    assert.ok(
      times(day).every((t) => now - t <= 24 * 3600_000 + 60_000),
      'days=1 returned an older event',
    );
    assert.ok(
      times(week).some((t) => now - t > 2 * 24 * 3600_000),
      'days=7 should include the 3-day-old events',
    );
    assert.ok(
      times(week).every((t) => now - t <= 7 * 24 * 3600_000 + 60_000),
      'days=7 returned a 10-day-old event',
    );
    assert.deepEqual(
      times(week),
      [...times(week)].sort((a, b) => b - a),
      'newest first',
    );
    const failed = items(week).find((e) => e.status === 'Failed');
    assert.ok(failed && failed.caller === SEED.cliUser.upn, 'the failed VM start with its caller');
    const compute = await server.call('get_activity_log', { resource_group: DEMO.resourceGroups.compute, days: 7 });
    assert.ok(items(compute).every((e) => String(e.resourceGroup).toLowerCase() === DEMO.resourceGroups.compute));
    // Azure keeps 90 days of activity; the original capped at 7 silently.
    const month = await server.call('get_activity_log', { days: '30' });
    assert.equal(month.isError, false, month.text);
    assert.ok(
      times(month).some((t) => now - t > 7 * 24 * 3600_000),
      'days=30 includes the 10-day-old event',
    );
    assert.equal((await server.call('get_activity_log', { days: 90 })).isError, false, 'days=90 is allowed');
    const tooFar = await server.call('get_activity_log', { days: 91 });
    assert.equal(tooFar.isError, true, 'days is 1..90');
    assert.match(tooFar.text, /days: .*90/);
  });
});

describe('management groups', () => {
  test('list and tree with child groups and subscriptions', async () => {
    const list = await server.call('list_management_groups');
    assert.deepEqual(
      items(list)
        .map((g) => g.name)
        .sort(),
      [DEMO.managementGroups.platform, DEMO.managementGroups.workloads, SEED.tenantId].sort(),
    );
    const root = await server.call('get_management_group', { group_id: SEED.tenantId });
    const children = root.structured.children as { kind: string; name: string; children: { kind: string; name: string }[] }[];
    const workloads = children.find((c) => c.name === DEMO.managementGroups.workloads)!;
    assert.equal(workloads.kind, 'managementGroup');
    assert.ok(workloads.children.some((c) => c.kind === 'subscription' && c.name === DEMO.devSubscriptionId));
    assert.match(root.text, /^ {4}- subscription Contoso Development/m);
  });

  test('get_management_group: Azure\'s 403 for an unknown group reads "not found, or no access", with Azure\'s message', async () => {
    const missing = await server.call('get_management_group', { group_id: 'mg-nowhere' });
    assert.equal(missing.isError, true);
    assert.match(missing.text, /^Management group 'mg-nowhere' was not found, or you have no access to it/);
    assert.match(missing.text, /list_management_groups/);
    assert.match(
      missing.text,
      /403 AuthorizationFailed\): The client '[^']+' with object id '[^']+' does not have authorization to perform action 'Microsoft\.Management\/managementGroups\/read' over scope '\/providers\/Microsoft\.Management\/managementGroups\/mg-nowhere'/,
    );
  });

  test('get_management_group takes a full id, and refuses anything else that is not a group name before asking Azure', async () => {
    const platform = DEMO.managementGroups.platform;
    const byId = await server.call('get_management_group', { group_id: `/providers/Microsoft.Management/managementGroups/${platform}` });
    assert.equal(byId.isError, false, byId.text);
    assert.equal(byId.structured.name, platform);
    const byName = await server.call('get_management_group', { group_id: platform });
    assert.deepEqual(byId.structured, byName.structured);

    const groupRequests = () => fixture.azure.requests.filter((r) => /^\/providers\/Microsoft\.Management\//i.test(r.path)).length;
    const before = groupRequests();
    const refused = [
      `/providers/Microsoft.Management/managementGroups/${platform}/subscriptions`,
      `/providers/Microsoft.Management/managementGroups/`,
      `/subscriptions/${DEMO.devSubscriptionId}`,
      `providers/Microsoft.Management/managementGroups/${platform}`,
      `/providers/Microsoft.Management/managementGroups/${platform}?api-version=2021-04-01`,
      'mg-platform.',
      'mg platform',
      'mg/platform',
      'a'.repeat(91),
    ];
    for (const group_id of refused) {
      const result = await server.call('get_management_group', { group_id });
      assert.equal(result.isError, true, group_id);
      assert.match(
        result.text,
        /^Input validation error: .*group_id: .*Give the group's name or its id \/providers\/Microsoft\.Management\/managementGroups\/<name>/,
        group_id,
      );
    }
    assert.equal(groupRequests(), before, 'a refused id never reached Azure');
    const longest = await server.call('get_management_group', { group_id: 'a'.repeat(90) });
    assert.match(
      longest.text,
      /^Management group 'a{90}' was not found/,
      '90 characters is a valid name (Azure decides whether it exists)',
    );
  });
});

describe('RBAC', () => {
  const principal = SEED.managedIdentity.objectId;

  test('list_role_definitions: built-in and custom, narrowed by name', async () => {
    const all = await server.call('list_role_definitions', { limit: 500 });
    const byName = new Map(items(all).map((r) => [r.name, r]));
    assert.equal(byName.get('Owner')!.id, '8e3af657-a8ff-443c-a75c-2fe8c4bcb635');
    assert.equal(byName.get('Reader')!.type, 'BuiltInRole');
    assert.ok(items(all).some((r) => r.type === 'CustomRole'));
    const acr = await server.call('list_role_definitions', { name_contains: 'acr' });
    assert.ok(items(acr).length >= 2 && items(acr).every((r) => /acr/i.test(String(r.name))));
  });

  test('create, report an existing one, list with inheritance, delete by GUID', async () => {
    const created = await server.call('create_role_assignment', {
      principal_id: principal,
      role_definition_name: 'reader',
      resource_group: DEMO.resourceGroups.shared,
    });
    assert.equal(created.isError, false, created.text);
    assert.equal(created.structured.created, true);
    const assignment = created.structured.assignment as Row;
    assert.equal(assignment.role, 'Reader');
    assert.equal(assignment.scope, `${DEV}/resourceGroups/${DEMO.resourceGroups.shared}`);

    const again = await server.call('create_role_assignment', {
      principal_id: principal,
      role_definition_name: 'Reader',
      resource_group: DEMO.resourceGroups.shared,
    });
    assert.equal(again.isError, false, 'an existing assignment is not an error');
    assert.equal(again.structured.created, false);
    assert.match(again.text, /already has Reader at .*rg-shared.*nothing changed/);
    assert.equal((again.structured.assignment as Row).name, assignment.name);

    const inGroup = await server.call('list_role_assignments_for_principal', {
      principal_id: principal,
      resource_group: DEMO.resourceGroups.shared,
    });
    const rows = items(inGroup);
    assert.ok(rows.some((r) => r.name === assignment.name && r.inherited === false && r.role === 'Reader'));
    assert.ok(
      rows.some((r) => r.scope === DEV && r.inherited === true),
      'the subscription-level Reader is inherited',
    );
    assert.match(inGroup.text, /Reader at \/subscriptions\/[^ ]+ \(inherited\)/);

    const deleted = await server.call('delete_role_assignment', { assignment_id: assignment.name as string });
    assert.equal(deleted.isError, false, deleted.text);
    assert.equal((deleted.structured.deleted as Row).role, 'Reader');
    const after = await server.call('list_role_assignments_for_principal', {
      principal_id: principal,
      resource_group: DEMO.resourceGroups.shared,
    });
    assert.ok(!items(after).some((r) => r.name === assignment.name));
  });

  test('delete by full id; an unknown GUID is explained', async () => {
    const created = await server.call('create_role_assignment', {
      principal_id: principal,
      role_definition_name: 'AcrPull',
      scope: `${DEV}/resourceGroups/${DEMO.resourceGroups.shared}`,
    });
    const id = (created.structured.assignment as Row).id as string;
    assert.match(id, /\/providers\/Microsoft\.Authorization\/roleAssignments\/[0-9a-f-]{36}$/);
    assert.equal((await server.call('delete_role_assignment', { assignment_id: id })).isError, false);
    const unknown = await server.call('delete_role_assignment', { assignment_id: '0f0e0d0c-0b0a-4909-8807-060504030201' });
    assert.match(unknown.text, /No role assignment named 0f0e0d0c-0b0a-4909-8807-060504030201/);
  });

  test('an unknown role name lists close matches', async () => {
    const result = await server.call('create_role_assignment', { principal_id: principal, role_definition_name: 'Contributer' });
    assert.equal(result.isError, true);
    assert.match(result.text, /No role named 'Contributer' at scope .* Close matches: .*Contributor/);
  });

  test('a 403 names the missing permission and the scope (a managed identity with Reader, over stdio)', async () => {
    // Managed identity is configured through the process environment, so this one runs in a server process.
    const stdio = await startAzureFixture({ demo: true });
    const readerOnly = await spawnServer(stdio.env('managed-identity', { AZURE_SUBSCRIPTION_ID: DEMO.devSubscriptionId }));
    try {
      const result = await readerOnly.call('create_role_assignment', {
        principal_id: SEED.cliUser.objectId,
        role_definition_name: 'Reader',
        resource_group: DEMO.resourceGroups.web,
      });
      assert.equal(result.isError, true);
      assert.match(result.text, /^Permission denied \(403 AuthorizationFailed\)/);
      assert.match(
        result.text,
        new RegExp(
          `needs a role that grants 'Microsoft\\.Authorization/roleAssignments/write' on scope '${DEV}/resourceGroups/${DEMO.resourceGroups.web}`,
          'i',
        ),
      );
    } finally {
      await readerOnly.close();
      await stdio.close();
    }
  });

  test('role assignment tools are destructive; the rest are read-only', async () => {
    const { tools } = await server.client.listTools();
    const hints = new Map(tools.map((t) => [t.name, t.annotations]));
    for (const name of ['create_role_assignment', 'delete_role_assignment']) assert.equal(hints.get(name)?.destructiveHint, true, name);
    for (const name of [
      'list_resource_groups',
      'list_resources',
      'list_tags',
      'list_resource_locks',
      'get_activity_log',
      'list_management_groups',
      'get_management_group',
      'list_role_definitions',
      'list_role_assignments_for_principal',
    ]) {
      assert.equal(hints.get(name)?.readOnlyHint, true, name);
    }
  });
});
