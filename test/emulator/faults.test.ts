// Injected faults seen through the real Azure SDK, in process and over HTTPS: the SDK's retry policies
// must recover from throttling, 5xx and dropped connections, and surface aborts and expired tokens.
import '../helpers/loopback-guard.js';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientSecretCredential } from '@azure/identity';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { createEmulatorHttpClient, EmulatedAzure, SEED, startEmulatorServer, type RunningEmulator } from '../../src/emulator/index.js';
import { makeTestCertificate } from '../helpers/certs.js';

type Transport = 'in-process' | 'https';
const SUBSCRIPTION = SEED.subscriptions[0]!.id;
const RETRY = { maxRetries: 3, retryDelayInMs: 10 };
const running: RunningEmulator[] = [];
after(() => Promise.all(running.map((emulator) => emulator.close())));

/** A fresh emulator and a SubscriptionClient talking to it the given way. */
async function setup(transport: Transport): Promise<{ azure: EmulatedAzure; client: SubscriptionClient }> {
  const azure = new EmulatedAzure();
  const { clientId, clientSecret } = SEED.servicePrincipal;
  if (transport === 'in-process') {
    const httpClient = createEmulatorHttpClient(azure);
    const credential = new ClientSecretCredential(SEED.tenantId, clientId, clientSecret, { httpClient });
    return { azure, client: new SubscriptionClient(credential, { httpClient, retryOptions: RETRY }) };
  }
  const { cert, key } = makeTestCertificate();
  const emulator = await startEmulatorServer(azure, { cert, key });
  running.push(emulator);
  const tlsOptions = { ca: cert };
  const credential = new ClientSecretCredential(SEED.tenantId, clientId, clientSecret, {
    authorityHost: emulator.httpsUrl,
    disableInstanceDiscovery: true,
    tlsOptions,
  });
  const client = new SubscriptionClient(credential, {
    endpoint: emulator.httpsUrl,
    credentials: { scopes: [`${emulator.httpsUrl}/.default`] },
    tlsOptions,
    retryOptions: RETRY,
  });
  return { azure, client };
}

const subscriptionGets = (azure: EmulatedAzure) => azure.requests.filter((r) => r.path === `/subscriptions/${SUBSCRIPTION}`);

interface SdkError {
  name: string;
  statusCode?: number;
  code?: string;
}

for (const transport of ['in-process', 'https'] as const) {
  describe(`faults through the SDK (${transport})`, { concurrency: true }, () => {
    test('a 429 with Retry-After 1 is waited out and retried once', async () => {
      const { azure, client } = await setup(transport);
      azure.faults.add({ method: 'GET', path: `/subscriptions/${SUBSCRIPTION}`, fault: { kind: 'throttle', retryAfterSeconds: 1 } });
      const started = Date.now();
      const sub = await client.subscriptions.get(SUBSCRIPTION);
      const elapsed = Date.now() - started;
      assert.equal(sub.subscriptionId, SUBSCRIPTION);
      assert.deepEqual(
        subscriptionGets(azure).map((r) => r.fault),
        ['throttle 1s', undefined],
      );
      assert.ok(elapsed >= 950, `the SDK retried after ${elapsed} ms, before Retry-After`);
    });

    test('503 twice, then the third attempt succeeds', async () => {
      const { azure, client } = await setup(transport);
      const handle = azure.faults.add({ path: /^\/subscriptions\/[^/]+$/, times: 2, fault: { kind: 'status', status: 503 } });
      const sub = await client.subscriptions.get(SUBSCRIPTION);
      assert.equal(sub.subscriptionId, SUBSCRIPTION);
      assert.deepEqual(
        subscriptionGets(azure).map((r) => r.fault),
        ['status 503', 'status 503', undefined],
      );
      assert.equal(handle.hits, 2);
    });

    test('a dropped connection is retried', async () => {
      const { azure, client } = await setup(transport);
      azure.faults.add({ path: `/SUBSCRIPTIONS/${SUBSCRIPTION}`, fault: { kind: 'drop' } });
      const sub = await client.subscriptions.get(SUBSCRIPTION);
      assert.equal(sub.subscriptionId, SUBSCRIPTION);
      assert.deepEqual(
        subscriptionGets(azure).map((r) => r.fault),
        ['drop', undefined],
      );
    });

    test('a delay longer than the caller waits ends in AbortError', async () => {
      const { azure, client } = await setup(transport);
      await client.subscriptions.get(SUBSCRIPTION); // sign in first, so the timeout only covers the slow GET
      azure.faults.add({ path: `/subscriptions/${SUBSCRIPTION}`, fault: { kind: 'delay', ms: 10_000 } });
      const started = Date.now();
      await assert.rejects(client.subscriptions.get(SUBSCRIPTION, { abortSignal: AbortSignal.timeout(150) }), (error: SdkError) => {
        assert.equal(error.name, 'AbortError');
        return true;
      });
      assert.ok(Date.now() - started < 2000, 'the abort did not end the wait');
      assert.equal(subscriptionGets(azure).at(-1)?.fault, 'delay 10000ms');
    });

    test('expireTokens mid-session surfaces 401 ExpiredAuthenticationToken', async () => {
      const { azure, client } = await setup(transport);
      await client.subscriptions.get(SUBSCRIPTION);
      azure.faults.add({
        host: transport === 'https' ? '127.0.0.1' : 'management.azure.com',
        path: /^\/subscriptions\//,
        fault: { kind: 'expireTokens' },
      });
      await assert.rejects(client.subscriptions.get(SUBSCRIPTION), (error: SdkError) => {
        assert.equal(error.statusCode, 401);
        assert.equal(error.code, 'ExpiredAuthenticationToken');
        return true;
      });
    });
  });
}

describe('fault rules', () => {
  const tokenUrl = `https://login.microsoftonline.com/${SEED.tenantId}/oauth2/v2.0/token`;

  test("a throttled token request answers in Entra's shape", async () => {
    const azure = new EmulatedAzure();
    azure.faults.add({ path: /\/oauth2\/v2\.0\/token$/, fault: { kind: 'throttle', retryAfterSeconds: 7 } });
    const response = await azure.handle({ method: 'POST', url: tokenUrl, headers: {}, body: '' });
    assert.equal(response.status, 429);
    assert.equal(response.headers['retry-after'], '7');
    const body = JSON.parse(response.body) as { error: string; error_codes: number[] };
    assert.equal(body.error, 'temporarily_unavailable');
    assert.deepEqual(body.error_codes, [90055]);
  });

  test('ARM errors carry code, message and a request id', async () => {
    const azure = new EmulatedAzure();
    azure.faults.add({ path: '/subscriptions', fault: { kind: 'status', status: 500, code: 'Oops', message: 'injected' } });
    const response = await azure.handle({
      method: 'GET',
      url: 'https://management.azure.com/subscriptions?api-version=2022-12-01',
      headers: {},
    });
    assert.equal(response.status, 500);
    assert.deepEqual(JSON.parse(response.body), { error: { code: 'Oops', message: 'injected' } });
    assert.match(response.headers['x-ms-request-id'] ?? '', /^[0-9a-f-]{36}$/);
  });

  test('armError answers any ARM error; skip lets the first matching requests through (page 2 of a list)', async () => {
    const azure = new EmulatedAzure();
    const url = 'https://management.azure.com/subscriptions?api-version=2022-12-01';
    const handle = azure.faults.add({
      path: '/subscriptions',
      skip: 2,
      fault: { kind: 'armError', status: 400, code: 'InvalidSkipToken', message: 'The skip token has expired.' },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await azure.handle({ method: 'GET', url, headers: {} })).status);
    assert.deepEqual(statuses, [401, 401, 400, 401], 'the third matching request, and only it, got the fault');
    assert.equal(handle.hits, 1);
    azure.faults.add({ path: '/subscriptions', fault: { kind: 'armError', status: 409, code: 'Conflict', message: 'injected' } });
    const response = await azure.handle({ method: 'GET', url, headers: {} });
    assert.equal(response.status, 409);
    assert.deepEqual(JSON.parse(response.body), { error: { code: 'Conflict', message: 'injected' } });
    assert.throws(() => azure.faults.add({ path: '/', fault: { kind: 'armError', status: 200, code: 'x', message: 'y' } }), RangeError);
    assert.throws(() => azure.faults.add({ path: '/', skip: -1, fault: { kind: 'drop' } }), RangeError);
  });

  test('method, host and times filter; remove() and clear() stop a rule', async () => {
    const azure = new EmulatedAzure();
    const get = (host: string) =>
      azure.handle({ method: 'GET', url: `https://${host}/subscriptions?api-version=2022-12-01`, headers: {} }).then((r) => r.status);
    azure.faults.add({ method: 'POST', path: '/subscriptions', fault: { kind: 'status', status: 502 } });
    const forever = azure.faults.add({
      host: 'management.azure.com',
      path: '/subscriptions',
      times: Infinity,
      fault: { kind: 'status', status: 503 },
    });
    assert.equal(await get('example.test'), 401, 'other hosts are not affected');
    assert.deepEqual([await get('management.azure.com'), await get('management.azure.com')], [503, 503]);
    assert.equal(forever.hits, 2);
    forever.remove();
    assert.equal(await get('management.azure.com'), 401);
    azure.faults.add({ path: '/subscriptions', fault: { kind: 'drop' } });
    azure.faults.clear();
    assert.equal(await get('management.azure.com'), 401);
    assert.throws(() => azure.faults.add({ path: '/', times: 0, fault: { kind: 'drop' } }), RangeError);
  });

  // An hour's delay: without clear() ending it, the test fails at its timeout.
  test('clear() ends a delay still running: its request goes on unfaulted, and nothing is left waiting', { timeout: 30_000 }, async () => {
    const azure = new EmulatedAzure();
    const url = 'https://management.azure.com/subscriptions?api-version=2022-12-01';
    azure.faults.add({ path: '/subscriptions', times: Infinity, fault: { kind: 'delay', ms: 3_600_000 } });
    const answer = azure.handle({ method: 'GET', url, headers: {} });
    await new Promise((resolve) => setImmediate(resolve));
    azure.faults.clear();
    assert.equal((await answer).status, 401);
    assert.equal(azure.requests.at(-1)?.fault, 'delay 3600000ms');
  });
});
