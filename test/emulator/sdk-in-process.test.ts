// The real SDK with the emulator as its HttpClient: production URLs (login.microsoftonline.com,
// management.azure.com), answered in process. The loopback guard proves nothing leaves the machine.
import '../helpers/loopback-guard.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createPipelineRequest } from '@azure/core-rest-pipeline';
import { ClientSecretCredential } from '@azure/identity';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { createEmulatorHttpClient, EmulatedAzure, SEED } from '../../src/emulator/index.js';

function connectClient(azure: EmulatedAzure): SubscriptionClient {
  const httpClient = createEmulatorHttpClient(azure);
  const credential = new ClientSecretCredential(SEED.tenantId, SEED.servicePrincipal.clientId, SEED.servicePrincipal.clientSecret, {
    httpClient,
  });
  return new SubscriptionClient(credential, { httpClient });
}

test('the loopback guard is active in this process', () => {
  assert.throws(() => net.connect(443, 'management.azure.com'), /loopback-guard: refused connection to management\.azure\.com:443/);
});

test('list (paged), get, locations and tenants through the in-process HttpClient', async () => {
  const azure = new EmulatedAzure({ pageSize: 1 });
  const client = connectClient(azure);

  const ids = [];
  for await (const sub of client.subscriptions.list()) ids.push(sub.subscriptionId);
  assert.deepEqual(
    ids,
    SEED.subscriptions.map((sub) => sub.id),
  );

  const one = await client.subscriptions.get(SEED.subscriptions[0]!.id);
  assert.equal(one.state, 'Enabled');

  const regions = [];
  for await (const region of client.subscriptions.listLocations(SEED.subscriptions[0]!.id)) regions.push(region);
  assert.ok(regions.length >= 8);
  assert.ok(regions.every((region) => region.id?.startsWith(`/subscriptions/${SEED.subscriptions[0]!.id}/locations/`)));

  const tenants = [];
  for await (const tenant of client.tenants.list()) tenants.push(tenant.tenantId);
  assert.equal(tenants.length, 2);

  const hosts = new Set(azure.requests.map((r) => r.host));
  assert.deepEqual([...hosts].sort(), ['login.microsoftonline.com', 'management.azure.com']);
  // For the public cloud MSAL uses built-in metadata: the token POST is its only request.
  const entra = azure.requests.filter((r) => r.host === 'login.microsoftonline.com');
  assert.deepEqual(
    entra.map((r) => `${r.method} ${r.path}`),
    [`POST /${SEED.tenantId}/oauth2/v2.0/token`],
  );
  assert.equal(azure.tokenRequests.client_credentials, 1);
  const arm = azure.requests.filter((r) => r.host === 'management.azure.com');
  assert.ok(arm.every((r) => r.tokenKind === 'client_credentials' && r.principalId === SEED.servicePrincipal.objectId));
});

test('expired tokens: ARM answers 401 ExpiredAuthenticationToken while MSAL still serves its cached token', async () => {
  const azure = new EmulatedAzure();
  const client = connectClient(azure);
  await client.subscriptions.get(SEED.subscriptions[0]!.id);
  azure.expireAllTokens();
  await assert.rejects(client.subscriptions.get(SEED.subscriptions[0]!.id), (error: { statusCode?: number; code?: string }) => {
    assert.equal(error.statusCode, 401);
    assert.equal(error.code, 'ExpiredAuthenticationToken');
    return true;
  });
  assert.equal(azure.tokenRequests.client_credentials, 1);
});

test('the in-process HttpClient rejects an aborted request without handling it', async () => {
  const azure = new EmulatedAzure();
  const controller = new AbortController();
  controller.abort();
  const request = createPipelineRequest({
    url: 'https://management.azure.com/tenants?api-version=2022-12-01',
    abortSignal: controller.signal,
  });
  await assert.rejects(createEmulatorHttpClient(azure).sendRequest(request), { name: 'AbortError' });
  assert.equal(azure.requests.length, 0);
});

test('the in-process HttpClient streams the statuses the pipeline asks to stream', async () => {
  const azure = new EmulatedAzure();
  const request = createPipelineRequest({ url: 'https://management.azure.com/tenants', streamResponseStatusCodes: new Set([401]) });
  const response = await createEmulatorHttpClient(azure).sendRequest(request);
  assert.equal(response.status, 401);
  assert.equal(response.bodyAsText, undefined);
  let text = '';
  for await (const chunk of response.readableStreamBody!) text += String(chunk);
  assert.match(text, /AuthenticationFailed/);
});
