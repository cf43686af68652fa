// The built server configured for the real public cloud (no endpoint variables) reaching the emulator
// through HTTPS_PROXY: an allow-list CONNECT proxy on loopback and a certificate naming Azure's hosts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED } from '../../src/emulator/index.js';
import { startProxiedAzure, type ProxiedAzure } from '../helpers/proxied-azure.js';
import { spawnServer, transcript } from '../helpers/server-process.js';

let setup: ProxiedAzure;
before(async () => {
  setup = await startProxiedAzure();
});
after(async () => {
  const everything = transcript.join('\n');
  assert.ok(!everything.includes(SEED.servicePrincipal.clientSecret), 'the client secret appeared in a tool result or log line');
  await setup.close();
});

describe('HTTPS_PROXY with the public cloud', () => {
  test('sign-in, subscriptions and locations all go through the proxy', async () => {
    const server = await spawnServer(setup.servicePrincipalEnv());
    try {
      const status = await server.call('auth_status');
      assert.equal(status.isError, false, status.text);
      assert.equal(status.structured.method, 'Service principal');
      assert.equal(status.structured.authenticated, true);

      const list = await server.call('list_subscriptions');
      assert.equal(list.isError, false, list.text);
      const ids = (list.structured.items as { id: string }[]).map((s) => s.id).sort();
      assert.deepEqual(ids, SEED.subscriptions.map((s) => s.id).sort());

      const locations = await server.call('list_locations');
      assert.equal(locations.isError, false, locations.text);
      assert.ok((locations.structured.total as number) >= 8);
    } finally {
      await server.close();
    }
    assert.ok(setup.proxy.tunnelCount('login.microsoftonline.com') >= 1, 'no tunnel to Entra');
    assert.ok(setup.proxy.tunnelCount('management.azure.com') >= 1, 'no tunnel to ARM');
    assert.deepEqual(setup.proxy.refused, []);
    const hosts = new Set(setup.azure.requests.map((r) => r.host));
    assert.deepEqual([...hosts].sort(), ['login.microsoftonline.com', 'management.azure.com']);
    // The token is for the public cloud's ARM audience, not the emulator's address.
    assert.ok(setup.azure.requests.some((r) => r.host === 'management.azure.com' && r.tokenKind === 'client_credentials'));
  });

  test('NO_PROXY=management.azure.com sends ARM direct, which the loopback guard refuses at once', async () => {
    const armTunnels = setup.proxy.tunnelCount('management.azure.com');
    const armRequests = setup.azure.requests.filter((r) => r.host === 'management.azure.com').length;
    const server = await spawnServer(setup.servicePrincipalEnv({ NO_PROXY: 'management.azure.com' }));
    try {
      const started = Date.now();
      const list = await server.call('list_subscriptions');
      assert.equal(list.isError, true, list.text);
      assert.match(list.text + server.stderr(), /loopback-guard: refused connection to management\.azure\.com/);
      assert.ok(Date.now() - started < 5000, 'the direct attempt did not fail fast');
    } finally {
      await server.close();
    }
    assert.equal(setup.proxy.tunnelCount('management.azure.com'), armTunnels, 'ARM went through the proxy despite NO_PROXY');
    assert.equal(setup.azure.requests.filter((r) => r.host === 'management.azure.com').length, armRequests);
  });
});
