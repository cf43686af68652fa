import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED } from '../../src/emulator/index.js';
import { startAzureFixture, type AzureFixture } from '../helpers/azure-fixture.js';
import { spawnServer, type RunningServer } from '../helpers/server-process.js';

let fixture: AzureFixture;
let server: RunningServer;
const [first, second] = SEED.subscriptions;

before(async () => {
  // One subscription per page: every list below follows nextLink.
  fixture = await startAzureFixture({ pageSize: 1 });
  server = await spawnServer(fixture.env('service-principal', { AZURE_SUBSCRIPTION_ID: first!.id }));
});
after(async () => {
  await server.close();
  fixture.assertNoLeaks();
  await fixture.close();
});

const armPaths = () =>
  fixture.azure.requests.filter((r) => r.path.startsWith('/subscriptions') || r.path.startsWith('/tenants')).map((r) => r.path);

describe('set_subscription', () => {
  test('not a UUID: an error, and nothing changes', async () => {
    const result = await server.call('set_subscription', { subscription_id: 'prod-subscription' });
    assert.equal(result.isError, true);
    assert.match(result.text, /subscription_id must be a subscription GUID/);
    const status = await server.call('auth_status');
    assert.deepEqual((status.structured.subscription as { id: string }).id, first!.id);
  });

  test('a valid one: validated, and the next ARM request goes to it', async () => {
    const result = await server.call('set_subscription', { subscription_id: second!.id.toUpperCase() });
    assert.equal(result.isError, false, result.text);
    assert.equal(result.structured.validated, true);
    assert.equal(result.structured.name, second!.name);
    assert.equal(result.structured.previous, first!.id);
    const locations = await server.call('list_locations');
    assert.equal(locations.isError, false, locations.text);
    assert.ok((locations.structured.total as number) >= 8);
    assert.equal(armPaths().at(-1), `/subscriptions/${second!.id}/locations`);
    const status = await server.call('auth_status');
    assert.deepEqual(status.structured.subscription, { id: second!.id, source: 'set in chat (set_subscription)' });
    const list = await server.call('list_subscriptions');
    const active = (list.structured.items as { id: string; isActive: boolean }[]).filter((s) => s.isActive);
    assert.deepEqual(
      active.map((s) => s.id),
      [second!.id],
    );
  });

  test('an unknown one: the override stays, with a clear warning', async () => {
    const unknown = '0b1f6471-1bf0-4dda-aec3-111122223333';
    const result = await server.call('set_subscription', { subscription_id: unknown });
    assert.equal(result.isError, false);
    assert.equal(result.structured.validated, false);
    assert.match(String(result.structured.warning), /404 SubscriptionNotFound/);
    const status = await server.call('auth_status');
    assert.equal((status.structured.subscription as { id: string }).id, unknown);
  });

  test('an inaccessible one: warned with the missing permission', async () => {
    const result = await server.call('set_subscription', { subscription_id: SEED.inaccessibleSubscriptionId });
    assert.equal(result.structured.validated, false);
    assert.match(String(result.structured.warning), /403 AuthorizationFailed.*Microsoft\.Resources\/subscriptions\/read/s);
  });

  test('a restart reverts to AZURE_SUBSCRIPTION_ID', async () => {
    const restarted = await spawnServer(fixture.env('service-principal', { AZURE_SUBSCRIPTION_ID: first!.id }));
    try {
      const status = await restarted.call('auth_status');
      assert.deepEqual(status.structured.subscription, { id: first!.id, source: 'environment' });
    } finally {
      await restarted.close();
    }
  });
});

describe('account tools', () => {
  test('list_subscriptions follows every page and hides what the identity cannot see', async () => {
    const pagesBefore = armPaths().filter((p) => p === '/subscriptions').length;
    const list = await server.call('list_subscriptions');
    assert.equal(list.isError, false, list.text);
    const ids = (list.structured.items as { id: string }[]).map((s) => s.id).sort();
    assert.deepEqual(ids, SEED.subscriptions.map((s) => s.id).sort());
    assert.equal(armPaths().filter((p) => p === '/subscriptions').length - pagesBefore, SEED.subscriptions.length, 'one request per page');
  });

  test('list_subscriptions honours limit and says how to get more', async () => {
    const list = await server.call('list_subscriptions', { limit: 1 });
    assert.equal(list.structured.shown, 1);
    assert.equal(list.structured.total, SEED.subscriptions.length);
    assert.match(String(list.structured.hint), /Raise limit/);
  });

  test('account_show answers like az account show', async () => {
    await server.call('set_subscription', { subscription_id: first!.id });
    const show = await server.call('account_show');
    assert.equal(show.isError, false, show.text);
    assert.equal(show.structured.id, first!.id);
    assert.equal(show.structured.name, first!.name);
    assert.equal(show.structured.tenantId, first!.tenantId);
    assert.equal(show.structured.state, first!.state);
    assert.equal(show.structured.environmentName, 'Custom');
    assert.deepEqual(show.structured.user, { name: SEED.servicePrincipal.clientId, type: 'servicePrincipal' });
    assert.ok(show.structured.subscriptionPolicies, 'subscription policies shown when present');
  });

  test('list_tenants pages through both tenants', async () => {
    const tenants = await server.call('list_tenants');
    assert.equal(tenants.isError, false, tenants.text);
    const ids = (tenants.structured.items as { tenantId: string }[]).map((t) => t.tenantId).sort();
    assert.deepEqual(ids, [SEED.tenantId, SEED.otherTenantId].sort());
  });

  test('account_get_access_token masks the token and describes it', async () => {
    const result = await server.call('account_get_access_token', {});
    assert.equal(result.isError, false, result.text);
    assert.match(String(result.structured.accessToken), /^.{8}\.\.\..{4}$/);
    assert.ok((result.structured.length as number) > 100);
    assert.equal(result.structured.resource, `${fixture.emulator.httpsUrl}/.default`);
    assert.equal(result.structured.tenant, SEED.tenantId);
    assert.equal(result.structured.tokenType, 'Bearer');
    const graph = await server.call('account_get_access_token', { resource: 'graph' });
    assert.equal(graph.structured.resource, `${fixture.emulator.httpsUrl}/.default`);
    const bad = await server.call('account_get_access_token', { resource: 'not a resource' });
    assert.equal(bad.isError, true);
    assert.match(bad.text, /aliases arm, keyvault, storage, graph/);
  });

  test('health_check makes no network call', async () => {
    const before = fixture.azure.requests.length;
    const health = await server.call('health_check');
    assert.equal(health.isError, false);
    assert.equal(health.structured.status, 'ok');
    assert.match(String(health.structured.credential), /Service principal/);
    assert.equal(fixture.azure.requests.length, before);
  });
});

describe('no subscription selected', () => {
  test('a subscription-scoped tool lists what the credential can see and how to choose', async () => {
    const bare = await spawnServer(fixture.env('service-principal'));
    try {
      const result = await bare.call('list_locations');
      assert.equal(result.isError, true);
      assert.match(result.text, /No subscription is selected/);
      for (const s of SEED.subscriptions) assert.ok(result.text.includes(s.id), `missing ${s.id}`);
      assert.match(result.text, /set_subscription/);
    } finally {
      await bare.close();
    }
  });
});
