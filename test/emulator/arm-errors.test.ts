// ARM's and Entra's error answers, paging links and request recording, through the core handler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EmulatedAzure, SEED } from '../../src/emulator/index.js';
import { armGet, emulatorRequest, servicePrincipalToken } from './support.js';

const API = 'api-version=2022-12-01';

function errorOf(json: Record<string, unknown>): { code: string; message: string } {
  return json['error'] as { code: string; message: string };
}

test('no token → 401 AuthenticationFailed with a Bearer challenge', async () => {
  const reply = await armGet(new EmulatedAzure(), `/subscriptions?${API}`);
  assert.equal(reply.status, 401);
  assert.equal(errorOf(reply.json).code, 'AuthenticationFailed');
  assert.match(reply.headers['www-authenticate'] ?? '', /^Bearer /);
  assert.ok(reply.headers['x-ms-request-id']);
});

test('a token the emulator never issued → 401 InvalidAuthenticationToken', async () => {
  const reply = await armGet(new EmulatedAzure(), `/subscriptions?${API}`, 'eyJ0eXAiOiJKV1QifQ.e30.c2ln');
  assert.equal(reply.status, 401);
  assert.equal(errorOf(reply.json).code, 'InvalidAuthenticationToken');
});

test('a token for another resource → 401 InvalidAuthenticationTokenAudience', async () => {
  const azure = new EmulatedAzure();
  const graphToken = await servicePrincipalToken(azure, 'https://graph.microsoft.com/.default');
  const reply = await armGet(azure, `/subscriptions?${API}`, graphToken);
  assert.equal(reply.status, 401);
  assert.equal(errorOf(reply.json).code, 'InvalidAuthenticationTokenAudience');
});

test('missing api-version → 400 MissingApiVersionParameter; unknown one → 400 InvalidApiVersionParameter', async () => {
  const azure = new EmulatedAzure();
  const token = await servicePrincipalToken(azure);
  const missing = await armGet(azure, '/subscriptions', token);
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.json, {
    error: { code: 'MissingApiVersionParameter', message: 'The api-version query parameter (?api-version=) is required for all requests.' },
  });
  const unknown = await armGet(azure, '/subscriptions?api-version=2099-01-01', token);
  assert.equal(unknown.status, 400);
  assert.equal(errorOf(unknown.json).code, 'InvalidApiVersionParameter');
});

test('expireAllTokens → 401 ExpiredAuthenticationToken, and the request is no longer attributed', async () => {
  const azure = new EmulatedAzure();
  const token = await servicePrincipalToken(azure);
  assert.equal((await armGet(azure, `/subscriptions?${API}`, token)).status, 200);
  azure.expireAllTokens();
  const reply = await armGet(azure, `/subscriptions?${API}`, token);
  assert.equal(reply.status, 401);
  assert.equal(errorOf(reply.json).code, 'ExpiredAuthenticationToken');
  assert.match(errorOf(reply.json).message, /^The access token expiry UTC time '.*' is earlier than current UTC time '.*'\.$/);
  assert.equal(azure.requests.at(-1)?.tokenKind, undefined);
});

test('unknown subscription → 404 SubscriptionNotFound; inaccessible → 403 AuthorizationFailed', async () => {
  const azure = new EmulatedAzure();
  const token = await servicePrincipalToken(azure);
  const unknownId = '00000000-0000-4000-8000-00000000ffff';
  const missing = await armGet(azure, `/subscriptions/${unknownId}?${API}`, token);
  assert.equal(missing.status, 404);
  assert.deepEqual(errorOf(missing.json), { code: 'SubscriptionNotFound', message: `The subscription '${unknownId}' could not be found.` });

  const hidden = await armGet(azure, `/subscriptions/${SEED.inaccessibleSubscriptionId}?${API}`, token);
  assert.equal(hidden.status, 403);
  assert.equal(errorOf(hidden.json).code, 'AuthorizationFailed');
  const message = errorOf(hidden.json).message;
  for (const part of [
    SEED.servicePrincipal.clientId,
    SEED.servicePrincipal.objectId,
    'Microsoft.Resources/subscriptions/read',
    `/subscriptions/${SEED.inaccessibleSubscriptionId}`,
  ]) {
    assert.ok(message.includes(part), `${message} should name ${part}`);
  }
  const locations = await armGet(azure, `/subscriptions/${SEED.inaccessibleSubscriptionId}/locations?${API}`, token);
  assert.equal(locations.status, 403);
  const listed = await armGet(azure, `/subscriptions?${API}`, token);
  assert.ok(!(listed.json['value'] as { subscriptionId: string }[]).some((sub) => sub.subscriptionId === SEED.inaccessibleSubscriptionId));
});

test('unknown ARM paths → 404, wrong method → 405 with Allow', async () => {
  const azure = new EmulatedAzure();
  const token = await servicePrincipalToken(azure);
  const provider = await armGet(azure, `/subscriptions/${SEED.subscriptions[0]!.id}/providers/Microsoft.Nope/widgets?${API}`, token);
  assert.equal(provider.status, 404);
  assert.equal(errorOf(provider.json).code, 'InvalidResourceType');
  assert.equal((await armGet(azure, `/nothing/here?${API}`, token)).status, 404);
  const wrongMethod = await emulatorRequest(
    azure,
    'DELETE',
    `https://management.azure.com/subscriptions/${SEED.subscriptions[0]!.id}?${API}`,
    { authorization: `Bearer ${token}` },
  );
  assert.equal(wrongMethod.status, 405);
  assert.equal(wrongMethod.headers['allow'], 'GET');
});

test("paging: absolute nextLink on the caller's origin keeping api-version, none on the last page", async () => {
  const azure = new EmulatedAzure({ pageSize: 2 });
  const token = await servicePrincipalToken(azure);
  const origin = 'https://127.0.0.1:4443';
  const first = await emulatorRequest(azure, 'GET', `${origin}/subscriptions?${API}`, { authorization: `Bearer ${token}` });
  assert.equal((first.json['value'] as unknown[]).length, 2);
  const nextLink = new URL(String(first.json['nextLink']));
  assert.equal(nextLink.origin, origin);
  assert.equal(nextLink.searchParams.get('api-version'), '2022-12-01');
  assert.ok(nextLink.searchParams.get('$skiptoken'));
  const second = await emulatorRequest(azure, 'GET', nextLink.href, { authorization: `Bearer ${token}` });
  assert.equal((second.json['value'] as unknown[]).length, SEED.subscriptions.length - 2);
  assert.equal('nextLink' in second.json, false);
  const bad = await emulatorRequest(azure, 'GET', `${origin}/subscriptions?${API}&%24skiptoken=garbage`, {
    authorization: `Bearer ${token}`,
  });
  assert.equal(bad.status, 400);
});

test('a token from another tenant lists nothing and is refused for a home-tenant subscription', async () => {
  const azure = new EmulatedAzure();
  const reply = await emulatorRequest(
    azure,
    'GET',
    `https://127.0.0.1/__emulator/az/token?resource=https://management.azure.com/&tenant=${SEED.otherTenantId}`,
  );
  const token = String(reply.json['accessToken']);
  const listed = await armGet(azure, `/subscriptions?${API}`, token);
  assert.deepEqual(listed.json['value'], []);
  const refused = await armGet(azure, `/subscriptions/${SEED.subscriptions[0]!.id}?${API}`, token);
  assert.equal(refused.status, 401);
  assert.equal(errorOf(refused.json).code, 'InvalidAuthenticationTokenTenant');
});

test('Entra: unknown tenant → AADSTS90002, unknown client → AADSTS700016, wrong secret → 401 AADSTS7000215', async () => {
  const azure = new EmulatedAzure();
  const discovery = await emulatorRequest(
    azure,
    'GET',
    'https://login.microsoftonline.com/00000000-0000-4000-8000-00000000beef/v2.0/.well-known/openid-configuration',
  );
  assert.equal(discovery.status, 400);
  assert.deepEqual(discovery.json['error_codes'], [90002]);

  const token = (clientId: string, secret: string, tenant = SEED.tenantId) =>
    emulatorRequest(
      azure,
      'POST',
      `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`,
      { 'content-type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: secret,
        scope: 'https://management.azure.com/.default',
      }).toString(),
    );

  const unknownClient = await token('11111111-1111-4111-8111-111111111111', 'x');
  assert.equal(unknownClient.status, 400);
  assert.equal(unknownClient.json['error'], 'unauthorized_client');
  assert.match(String(unknownClient.json['error_description']), /^AADSTS700016: /);

  const otherTenant = await token(SEED.servicePrincipal.clientId, SEED.servicePrincipal.clientSecret, SEED.otherTenantId);
  assert.equal(otherTenant.status, 400, 'the app is registered in the home tenant only');

  const wrongSecret = await token(SEED.servicePrincipal.clientId, 'wrong');
  assert.equal(wrongSecret.status, 401);
  assert.equal(wrongSecret.json['error'], 'invalid_client');
  assert.match(String(wrongSecret.json['error_description']), /^AADSTS7000215: Invalid client secret provided\./);
  assert.deepEqual(Object.keys(wrongSecret.json).sort(), [
    'correlation_id',
    'error',
    'error_codes',
    'error_description',
    'error_uri',
    'timestamp',
    'trace_id',
  ]);
  assert.equal(azure.tokenRequests.client_credentials, 0);
});

test('Entra: OpenID configuration points back at the authority the client used', async () => {
  const azure = new EmulatedAzure();
  const origin = 'https://127.0.0.1:8443';
  const reply = await emulatorRequest(azure, 'GET', `${origin}/${SEED.tenantId}/v2.0/.well-known/openid-configuration`);
  assert.equal(reply.status, 200);
  assert.equal(reply.json['issuer'], `${origin}/${SEED.tenantId}/v2.0`);
  assert.equal(reply.json['token_endpoint'], `${origin}/${SEED.tenantId}/oauth2/v2.0/token`);
  for (const key of ['authorization_endpoint', 'jwks_uri', 'end_session_endpoint']) assert.ok(String(reply.json[key]).startsWith(origin));
});

test('tokens are unique, JWT-shaped, carry Entra v1 claims and are all remembered', async () => {
  const azure = new EmulatedAzure({ tokenLifetimeSeconds: 120 });
  const first = await servicePrincipalToken(azure);
  const second = await servicePrincipalToken(azure);
  assert.notEqual(first, second);
  assert.deepEqual([...azure.issuedTokens], [first, second]);
  const payload = JSON.parse(Buffer.from(first.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  assert.equal(payload['aud'], 'https://management.azure.com');
  assert.equal(payload['iss'], `https://sts.windows.net/${SEED.tenantId}/`);
  assert.equal(payload['appid'], SEED.servicePrincipal.clientId);
  assert.equal(payload['oid'], SEED.servicePrincipal.objectId);
  assert.equal(payload['idtyp'], 'app');
  assert.equal(payload['ver'], '1.0');
  assert.equal(Number(payload['exp']) - Number(payload['iat']), 120);
  assert.equal(azure.tokenRequests.client_credentials, 2);
});
