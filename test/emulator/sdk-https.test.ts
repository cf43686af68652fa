// The real Azure SDK (MSAL client credentials + @azure/arm-resources-subscriptions) against the
// emulator's HTTPS listener, trusting the test certificate through the SDK's `tlsOptions`.
import '../helpers/loopback-guard.js';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientSecretCredential } from '@azure/identity';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { EmulatedAzure, SEED, startEmulatorServer, type RunningEmulator } from '../../src/emulator/index.js';
import { makeTestCertificate } from '../helpers/certs.js';

const azure = new EmulatedAzure({ pageSize: 1 });
const { cert, key } = makeTestCertificate();
let emulator: RunningEmulator;

before(async () => {
  emulator = await startEmulatorServer(azure, { cert, key });
});
after(async () => {
  await emulator.close();
});

function credential(secret = SEED.servicePrincipal.clientSecret): ClientSecretCredential {
  return new ClientSecretCredential(SEED.tenantId, SEED.servicePrincipal.clientId, secret, {
    authorityHost: emulator.httpsUrl,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: cert },
  });
}

function subscriptionClient(): SubscriptionClient {
  return new SubscriptionClient(credential(), {
    endpoint: emulator.httpsUrl,
    credentials: { scopes: [`${emulator.httpsUrl}/.default`] },
    tlsOptions: { ca: cert },
  });
}

test('listens on loopback: https for Entra/ARM, http for managed identity', () => {
  assert.match(emulator.httpsUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.match(emulator.httpUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test('SubscriptionClient follows every nextLink and gets each subscription, its locations and the tenants', async () => {
  const client = subscriptionClient();
  const firstRequest = azure.requests.length;

  const listed = [];
  for await (const sub of client.subscriptions.list()) listed.push(sub);
  assert.deepEqual(
    listed.map((sub) => sub.subscriptionId),
    SEED.subscriptions.map((sub) => sub.id),
  );
  assert.equal(listed[0]?.state, 'Enabled');
  assert.equal(listed[0]?.displayName, SEED.subscriptions[0]?.name);

  const newRequests = azure.requests.slice(firstRequest);
  const entra = newRequests.filter((r) => r.path.startsWith(`/${SEED.tenantId}/`));
  assert.deepEqual(
    entra.map((r) => `${r.method} ${r.path}`),
    [`GET /${SEED.tenantId}/v2.0/.well-known/openid-configuration`, `POST /${SEED.tenantId}/oauth2/v2.0/token`],
  );
  const pages = newRequests.filter((r) => r.path === '/subscriptions');
  assert.equal(pages.length, SEED.subscriptions.length, 'pageSize 1 → one GET per subscription');
  assert.ok(pages.every((r) => r.query['api-version'] === '2022-12-01' && r.tokenKind === 'client_credentials'));
  assert.deepEqual(
    pages.map((r) => '$skiptoken' in r.query),
    [false, true, true],
  );

  const one = await client.subscriptions.get(SEED.subscriptions[1]!.id);
  assert.equal(one.displayName, SEED.subscriptions[1]!.name);
  assert.equal(one.tenantId, SEED.tenantId);

  const regions = [];
  for await (const region of client.subscriptions.listLocations(SEED.subscriptions[0]!.id)) regions.push(region.name);
  assert.ok(regions.length >= 8 && regions.includes('eastus') && regions.includes('westeurope'), regions.join());

  const tenants = [];
  for await (const tenant of client.tenants.list()) tenants.push(tenant);
  assert.deepEqual(tenants.map((t) => t.tenantId).sort(), [SEED.tenantId, SEED.otherTenantId].sort());
  assert.equal(tenants.find((t) => t.tenantId === SEED.tenantId)?.tenantCategory, 'Home');

  // MSAL cached the first token: one token POST for the whole session.
  assert.equal(azure.requests.slice(firstRequest).filter((r) => r.method === 'POST').length, 1);
});

test('the SDK surfaces ARM errors as RestError with code and request id', async () => {
  const client = subscriptionClient();
  type ArmRestError = {
    statusCode?: number;
    code?: string;
    message: string;
    response?: { headers: { get(name: string): string | undefined } };
  };
  await assert.rejects(client.subscriptions.get(SEED.inaccessibleSubscriptionId), (error: ArmRestError) => {
    assert.equal(error.statusCode, 403);
    assert.match(error.response?.headers.get('x-ms-request-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(error.code, 'AuthorizationFailed');
    assert.match(error.message, /Microsoft\.Resources\/subscriptions\/read/);
    return true;
  });
});

test('a wrong client secret makes the credential throw AADSTS7000215', async () => {
  await assert.rejects(credential('not-the-secret').getToken(`${emulator.httpsUrl}/.default`), (error: Error) => {
    assert.match(error.message, /AADSTS7000215: Invalid client secret provided/);
    return true;
  });
});
