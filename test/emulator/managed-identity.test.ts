// Managed identity: the IMDS and App Service token endpoints on the plain-http listener, then the
// real ManagedIdentityCredential in child processes (msal-node fixes its source once per process).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EmulatedAzure, SEED, startEmulatorServer, type RunningEmulator } from '../../src/emulator/index.js';
import { makeTestCertificate } from '../helpers/certs.js';
import { childEnv, IDENTITY_MODULE_URL, runNodeModule } from './support.js';

const azure = new EmulatedAzure({ tokenLifetimeSeconds: 900 });
let emulator: RunningEmulator;

before(async () => {
  emulator = await startEmulatorServer(azure, makeTestCertificate());
});
after(async () => {
  await emulator.close();
});

async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${emulator.httpUrl}${path}`, { headers, signal: AbortSignal.timeout(5000) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const ARM = encodeURIComponent('https://management.azure.com/');

test('IMDS: answers with and without the trailing slash, only with "Metadata: true"', async () => {
  for (const path of ['/metadata/identity/oauth2/token', '/metadata/identity/oauth2/token/']) {
    const ok = await get(`${path}?api-version=2018-02-01&resource=${ARM}`, { Metadata: 'true' });
    assert.equal(ok.status, 200);
    assert.equal(ok.json['token_type'], 'Bearer');
    assert.equal(ok.json['resource'], 'https://management.azure.com/');
    assert.equal(ok.json['client_id'], SEED.managedIdentity.clientId);
    assert.equal(ok.json['expires_in'], '900');
    assert.match(String(ok.json['expires_on']), /^\d{10}$/);
    assert.ok(azure.issuedTokens.has(String(ok.json['access_token'])));
  }
  const noHeader = await get(`/metadata/identity/oauth2/token?api-version=2018-02-01&resource=${ARM}`);
  assert.equal(noHeader.status, 400);
  assert.equal(noHeader.json['error'], 'invalid_request');
});

test('IMDS: another identity than the seeded one is "Identity not found"', async () => {
  for (const selector of ['client_id=00000000-0000-0000-0000-000000000bad', 'object_id=00000000-0000-0000-0000-000000000bad']) {
    const reply = await get(`/metadata/identity/oauth2/token?api-version=2018-02-01&resource=${ARM}&${selector}`, { Metadata: 'true' });
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.json, { error: 'invalid_request', error_description: 'Identity not found' });
  }
  const named = await get(
    `/metadata/identity/oauth2/token?api-version=2018-02-01&resource=${ARM}&client_id=${SEED.managedIdentity.clientId}`,
    { Metadata: 'true' },
  );
  assert.equal(named.status, 200);
});

test('App Service: X-IDENTITY-HEADER missing → 401, wrong → 403, right → token', async () => {
  const path = `/msi/token?api-version=2019-08-01&resource=${ARM}`;
  assert.equal((await get(path)).status, 401);
  assert.equal((await get(path, { 'X-IDENTITY-HEADER': 'wrong' })).status, 403);
  const ok = await get(path, { 'X-IDENTITY-HEADER': SEED.managedIdentity.identityHeader });
  assert.equal(ok.status, 200);
  assert.deepEqual(Object.keys(ok.json).sort(), [
    'access_token',
    'client_id',
    'expires_in',
    'expires_on',
    'ext_expires_in',
    'not_before',
    'resource',
    'token_type',
  ]);
});

test('the managed-identity token is accepted by ARM and recorded as managed_identity', async () => {
  const token = String(
    (await get(`/metadata/identity/oauth2/token?api-version=2018-02-01&resource=${ARM}`, { Metadata: 'true' })).json['access_token'],
  );
  const reply = await azure.handle({
    method: 'GET',
    url: 'https://management.azure.com/subscriptions?api-version=2022-12-01',
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(reply.status, 200);
  const last = azure.requests.at(-1);
  assert.equal(last?.tokenKind, 'managed_identity');
  assert.equal(last?.principalId, SEED.managedIdentity.objectId);
});

/** Gets an ARM token with ManagedIdentityCredential in a fresh process and prints it with its expiry. */
const GET_TOKEN_SCRIPT = `
const { ManagedIdentityCredential } = await import(${JSON.stringify(IDENTITY_MODULE_URL)});
const token = await new ManagedIdentityCredential().getToken('https://management.azure.com/.default');
console.log(JSON.stringify({ token: token.token, expiresOnTimestamp: token.expiresOnTimestamp }));
`;

async function tokenFromChild(env: Record<string, string>): Promise<{ token: string; expiresOnTimestamp: number }> {
  const result = await runNodeModule(GET_TOKEN_SCRIPT, childEnv(env));
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as { token: string; expiresOnTimestamp: number };
}

test('ManagedIdentityCredential via App Service variables (IDENTITY_ENDPOINT + IDENTITY_HEADER)', async () => {
  const before = azure.tokenRequests.managed_identity;
  const { token, expiresOnTimestamp } = await tokenFromChild({
    IDENTITY_ENDPOINT: `${emulator.httpUrl}/msi/token`,
    IDENTITY_HEADER: SEED.managedIdentity.identityHeader,
  });
  assert.ok(azure.issuedTokens.has(token));
  assert.equal(azure.tokenRequests.managed_identity, before + 1);
  assert.ok(Math.abs(expiresOnTimestamp - (Date.now() + 900_000)) < 60_000);
  assert.equal(azure.requests.at(-1)?.path, '/msi/token');
});

test('ManagedIdentityCredential via IMDS at AZURE_POD_IDENTITY_AUTHORITY_HOST', async () => {
  const before = azure.requests.length;
  const { token } = await tokenFromChild({ AZURE_POD_IDENTITY_AUTHORITY_HOST: emulator.httpUrl });
  assert.ok(azure.issuedTokens.has(token));
  const imdsCalls = azure.requests.slice(before).map((r) => `${r.path}?${new URLSearchParams(r.query).toString()}`);
  assert.ok(imdsCalls.length >= 1 && imdsCalls.every((call) => call.startsWith('/metadata/identity/oauth2/token')), imdsCalls.join('\n'));
});
