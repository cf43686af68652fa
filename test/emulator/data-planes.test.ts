// App Configuration ({store}.azconfig.io) and Container Registry ({registry}.azurecr.io) data planes
// through azure.handle, against the demo estate: auth schemes, filters, etags, paging, token exchange.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACR_TOKEN_USERNAME,
  DEMO,
  DEMO_IDENTITY,
  EmulatedAzure,
  SEED,
  appConfigListKeys,
  listRoleAssignments,
  parseScope,
  removeRoleAssignment,
  seedArmDemoEstate,
  ensureAppConfigStore,
  ensureRegistry,
  registryCredentials,
  seedDataPlaneDemoEstate,
  seedIdentityDemoEstate,
} from '../../src/emulator/index.js';
import { appConfigHmacHeaders, bearerRequest, cliUserToken, managedIdentityToken, servicePrincipalToken } from './support.js';

const STORE = `https://${DEMO.appConfigStore}.azconfig.io`;
const ACR = `https://${DEMO.registry}.azurecr.io`;
const API = 'api-version=2023-11-01';

function demo(pageSize?: number): EmulatedAzure {
  const azure = new EmulatedAzure({ pageSize });
  seedIdentityDemoEstate(azure);
  seedDataPlaneDemoEstate(azure);
  return azure;
}

/** A request signed with an access key, as AppConfigurationClient(connectionString) sends it. */
function signed(
  azure: EmulatedAzure,
  method: string,
  pathAndQuery: string,
  options: { body?: string; headers?: Record<string, string>; key?: number; date?: Date } = {},
) {
  const key = appConfigListKeys(ensureAppConfigStore(azure.state, DEMO.appConfigStore))[options.key ?? 0] as { id: string; value: string };
  const url = `${STORE}${pathAndQuery}`;
  const body = options.body ?? '';
  const headers = {
    ...appConfigHmacHeaders(method, url, body, key.id, key.value, options.date),
    'content-type': 'application/vnd.microsoft.appconfig.kv+json',
    ...options.headers,
  };
  return bearerRequest(azure, method, url, undefined, body || undefined, headers);
}

type Item = { key: string; label: string | null; content_type: string | null; value: string; etag: string };
const items = (reply: { json: Record<string, unknown> }): Item[] => reply.json['items'] as Item[];

test('app config: HMAC-signed list with key/label filters, wildcards and the null label', async () => {
  const azure = demo();
  const dev = await signed(azure, 'GET', `/kv?label=dev&${API}`);
  assert.equal(dev.status, 200, dev.text);
  assert.equal(dev.headers['content-type'], 'application/vnd.microsoft.appconfig.kvset+json; charset=utf-8');
  assert.ok(items(dev).length >= 4 && items(dev).every((item) => item.label === 'dev'));
  assert.deepEqual(Object.keys(items(dev)[0]!).sort(), [
    'content_type',
    'etag',
    'key',
    'label',
    'last_modified',
    'locked',
    'tags',
    'value',
  ]);
  const nullLabel = await signed(azure, 'GET', `/kv?key=${encodeURIComponent('app:*')}&label=%00&${API}`);
  assert.deepEqual(
    items(nullLabel).map((item) => item.key),
    ['app:cache:ttlSeconds', 'app:checkout:settings', 'app:logging:level', 'app:title'],
  );
  const flags = await signed(
    azure,
    'GET',
    `/kv?key=${encodeURIComponent('.appconfig.featureflag/*')}&label=${encodeURIComponent('dev,\\0')}&${API}`,
  );
  assert.deepEqual(
    items(flags).map((item) => `${item.key}@${item.label}`),
    ['.appconfig.featureflag/beta@dev', '.appconfig.featureflag/new-checkout@null'],
  );
  assert.ok(items(flags).every((item) => item.content_type?.startsWith('application/vnd.microsoft.appconfig.ff+json')));
  const selected = await signed(azure, 'GET', `/kv?key=app:title&$Select=key,value&${API}`);
  assert.deepEqual(items(selected)[0], { key: 'app:title', value: 'Contoso Web' });
  const kvRef = await signed(azure, 'GET', `/kv/app:db:password?label=prod&${API}`);
  assert.match(kvRef.json['content_type'] as string, /keyvaultref\+json/);
  const labels = await signed(azure, 'GET', `/labels?${API}`);
  assert.deepEqual(
    (labels.json['items'] as { name: string | null }[]).map((item) => item.name),
    [null, 'dev', 'prod'],
  );
  const badFilter = await signed(azure, 'GET', `/kv?key=${encodeURIComponent('a*b')}&${API}`);
  assert.equal(badFilter.status, 400);
  assert.equal(badFilter.headers['content-type'], 'application/problem+json; charset=utf-8');
});

test('app config: etags, If-Match / If-None-Match, 304 and 412, locked keys, delete', async () => {
  const azure = demo();
  const path = `/kv/app:title?label=dev&${API}`;
  const first = await signed(azure, 'GET', path);
  assert.equal(first.headers['content-type'], 'application/vnd.microsoft.appconfig.kv+json; charset=utf-8');
  const etag = first.json['etag'] as string;
  assert.equal(first.headers['etag'], `"${etag}"`);
  assert.equal((await signed(azure, 'GET', path, { headers: { 'if-none-match': `"${etag}"` } })).status, 304);
  assert.equal((await signed(azure, 'GET', path, { headers: { 'if-match': '"stale"' } })).status, 412);
  const body = JSON.stringify({ value: 'Contoso Web (dev 2)', content_type: 'text/plain', tags: { by: 'test' } });
  assert.equal((await signed(azure, 'PUT', path, { body, headers: { 'if-match': '"stale"' } })).status, 412);
  assert.equal((await signed(azure, 'PUT', path, { body, headers: { 'if-none-match': '*' } })).status, 412);
  const updated = await signed(azure, 'PUT', path, { body, headers: { 'if-match': `"${etag}"` } });
  assert.equal(updated.status, 200, updated.text);
  assert.notEqual(updated.json['etag'], etag);
  assert.deepEqual(updated.json['tags'], { by: 'test' });
  const created = await signed(azure, 'PUT', `/kv/app:new?label=dev&${API}`, {
    body: JSON.stringify({ value: '1' }),
    headers: { 'if-none-match': '*' },
  });
  assert.equal(created.status, 200);
  const locked = await signed(azure, 'PUT', `/kv/app:db:connectionTimeoutSeconds?label=prod&${API}`, {
    body: JSON.stringify({ value: '60' }),
  });
  assert.equal(locked.status, 409);
  assert.equal((locked.json as { type: string }).type, 'https://azconfig.io/errors/key-locked');
  const unlocked = await signed(azure, 'DELETE', `/locks/app:db:connectionTimeoutSeconds?label=prod&${API}`);
  assert.equal(unlocked.json['locked'], false);
  const deleted = await signed(azure, 'DELETE', `/kv/app:new?label=dev&${API}`);
  assert.equal(deleted.status, 200);
  assert.equal((await signed(azure, 'DELETE', `/kv/app:new?label=dev&${API}`)).status, 204);
  assert.equal((await signed(azure, 'GET', `/kv/app:new?label=dev&${API}`)).status, 404);
});

test('app config: HMAC failures, read-only keys, Entra tokens and data roles', async () => {
  const azure = demo();
  const key = appConfigListKeys(ensureAppConfigStore(azure.state, DEMO.appConfigStore))[0] as { id: string; value: string };
  const headers = appConfigHmacHeaders('GET', `${STORE}/kv?${API}`, '', key.id, key.value);
  const tampered = await bearerRequest(azure, 'GET', `${STORE}/kv?${API}&label=prod`, undefined, undefined, headers);
  assert.equal(tampered.status, 401);
  assert.match(tampered.headers['www-authenticate'] ?? '', /HMAC-SHA256 error="invalid_token", error_description="Invalid Signature"/);
  const stale = await signed(azure, 'GET', `/kv?${API}`, { date: new Date(Date.now() - 60 * 60 * 1000) });
  assert.equal(stale.status, 401);
  const readOnly = await signed(azure, 'PUT', `/kv/app:x?${API}`, { body: '{"value":"1"}', key: 2 });
  assert.equal(readOnly.status, 403);
  assert.equal((await signed(azure, 'GET', `/kv?${API}`, { key: 2 })).status, 200);

  const owner = await servicePrincipalToken(azure, 'https://azconfig.io/.default');
  assert.equal((await bearerRequest(azure, 'GET', `${STORE}/kv?${API}`, owner)).status, 200);
  const perStore = await servicePrincipalToken(azure, `${STORE}/.default`);
  assert.equal((await bearerRequest(azure, 'GET', `${STORE}/kv?${API}`, perStore)).status, 200);
  // The seeded managed identity holds no App Configuration data role on this store.
  const noRole = await managedIdentityToken(azure, 'https://azconfig.io');
  assert.equal((await bearerRequest(azure, 'GET', `${STORE}/kv?${API}`, noRole)).status, 403);
  const arm = await servicePrincipalToken(azure);
  assert.equal((await bearerRequest(azure, 'GET', `${STORE}/kv?${API}`, arm)).status, 401);
  const unknown = await bearerRequest(azure, 'GET', `https://nope.azconfig.io/kv?${API}`, owner);
  assert.equal(unknown.status, 404);
  const otherHost = await bearerRequest(azure, 'GET', `https://management.azure.com/kv?${API}`, arm);
  assert.equal((otherHost.json['error'] as { code: string }).code, 'NotFound');
});

test('app config: paging with @nextLink and Link', async () => {
  const azure = demo(4);
  let next: string | undefined = `/kv?${API}`;
  const keys: string[] = [];
  while (next) {
    const page = await signed(azure, 'GET', next);
    assert.equal(page.status, 200, page.text);
    keys.push(...items(page).map((item) => `${item.key}@${item.label}`));
    next = page.json['@nextLink'] as string | undefined;
    if (next) assert.equal(page.headers['link'], `<${next}>; rel="next"`);
  }
  assert.equal(keys.length, ensureAppConfigStore(azure.state, DEMO.appConfigStore).keyValues.size);
  assert.equal(new Set(keys).size, keys.length);
});

/** The SDK's flow: challenge → exchange an Entra token → access token for the challenge's scope. */
async function acrToken(azure: EmulatedAzure, entraToken: string, scope: string): Promise<string> {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const refresh = await bearerRequest(
    azure,
    'POST',
    `${ACR}/oauth2/exchange`,
    undefined,
    new URLSearchParams({ grant_type: 'access_token', service: `${DEMO.registry}.azurecr.io`, access_token: entraToken }).toString(),
    form,
  );
  assert.equal(refresh.status, 200, refresh.text);
  const access = await bearerRequest(
    azure,
    'POST',
    `${ACR}/oauth2/token`,
    undefined,
    new URLSearchParams({
      grant_type: 'refresh_token',
      service: `${DEMO.registry}.azurecr.io`,
      scope,
      refresh_token: refresh.json['refresh_token'] as string,
    }).toString(),
    form,
  );
  assert.equal(access.status, 200, access.text);
  return access.json['access_token'] as string;
}

test('acr: challenges, token exchange, catalog paging with Link, tags in both path styles', async () => {
  const azure = demo();
  const ping = await bearerRequest(azure, 'GET', `${ACR}/v2/`, undefined);
  assert.equal(ping.status, 401);
  assert.equal(ping.headers['www-authenticate'], `Bearer realm="${ACR}/oauth2/token",service="${DEMO.registry}.azurecr.io"`);
  const challenged = await bearerRequest(azure, 'GET', `${ACR}/acr/v1/_catalog`, undefined);
  assert.match(challenged.headers['www-authenticate'] ?? '', /scope="registry:catalog:\*"$/);
  assert.equal((challenged.json['errors'] as { code: string }[])[0]?.code, 'UNAUTHORIZED');

  const entra = await servicePrincipalToken(azure, 'https://containerregistry.azure.net/.default');
  const catalogToken = await acrToken(azure, entra, 'registry:catalog:*');
  const first = await bearerRequest(azure, 'GET', `${ACR}/acr/v1/_catalog?n=2`, catalogToken);
  assert.deepEqual(first.json['repositories'], ['jobs/batch', 'web/admin']);
  assert.equal(first.headers['link'], '</acr/v1/_catalog?last=web%2Fadmin&n=2&orderby=>; rel="next"');
  const second = await bearerRequest(azure, 'GET', `${ACR}${/<([^>]+)>/.exec(first.headers['link'] ?? '')?.[1] ?? ''}`, catalogToken);
  assert.deepEqual(second.json['repositories'], ['web/frontend']);
  assert.equal(second.headers['link'], undefined);
  assert.deepEqual((await bearerRequest(azure, 'GET', `${ACR}/v2/_catalog`, catalogToken)).json['repositories'], [
    'jobs/batch',
    'web/admin',
    'web/frontend',
  ]);

  const readToken = await acrToken(azure, entra, 'repository:web/frontend:metadata_read');
  const encoded = await bearerRequest(azure, 'GET', `${ACR}/acr/v1/web%2Ffrontend/_tags?orderby=timedesc`, readToken);
  assert.equal(encoded.status, 200, encoded.text);
  assert.equal(encoded.json['imageName'], 'web/frontend');
  const tags = encoded.json['tags'] as { name: string; digest: string; changeableAttributes: Record<string, boolean> }[];
  assert.deepEqual(
    tags.map((tag) => tag.name),
    ['latest', '1.1.0', '1.0.0'],
  );
  assert.deepEqual(Object.keys(tags[0]!).sort(), ['changeableAttributes', 'createdTime', 'digest', 'lastUpdateTime', 'name', 'signed']);
  assert.equal(tags[0]!.digest, tags[1]!.digest, 'latest points at 1.1.0');
  const raw = await bearerRequest(azure, 'GET', `${ACR}/acr/v1/web/frontend/_tags?orderby=timedesc`, readToken);
  assert.deepEqual(raw.json, encoded.json);
  const manifests = await bearerRequest(azure, 'GET', `${ACR}/acr/v1/web%2Ffrontend/_manifests`, readToken);
  assert.ok((manifests.json['manifests'] as { tags: string[] }[]).some((manifest) => manifest.tags.join() === '1.1.0,latest'));
  const attributes = await bearerRequest(azure, 'GET', `${ACR}/acr/v1/web%2Ffrontend`, readToken);
  assert.equal(attributes.json['tagCount'], 3);
  assert.equal(attributes.json['manifestCount'], 2);
  // A metadata_read token does not reach another repository, nor the pull-scoped /v2 tag list.
  const elsewhere = await bearerRequest(azure, 'GET', `${ACR}/acr/v1/web%2Fadmin/_tags`, readToken);
  assert.equal(elsewhere.status, 401);
  assert.match(elsewhere.headers['www-authenticate'] ?? '', /scope="repository:web\/admin:metadata_read",error="insufficient_scope"/);
  const pull = await acrToken(azure, entra, 'repository:web/frontend:pull');
  assert.deepEqual((await bearerRequest(azure, 'GET', `${ACR}/v2/web/frontend/tags/list?n=2`, pull)).json, {
    name: 'web/frontend',
    tags: ['1.0.0', '1.1.0'],
  });
});

test('acr: RBAC decides what an access token grants; deletes; admin user and refresh-token basic auth', async () => {
  const azure = demo();
  // The seeded managed identity is Reader on the subscription, and Reader (*/read) may pull.
  const identity = await managedIdentityToken(azure, 'https://management.azure.com');
  const reader = await acrToken(azure, identity, 'repository:web/frontend:pull');
  assert.equal((await bearerRequest(azure, 'GET', `${ACR}/v2/web/frontend/tags/list`, reader)).status, 200);
  for (const assignment of listRoleAssignments(azure.state, parseScope(DEMO_IDENTITY.registryResourceId)!, {
    atScope: true,
    principalId: SEED.managedIdentity.objectId,
  })) {
    removeRoleAssignment(azure.state, assignment.name);
  }
  const empty = await acrToken(azure, identity, 'repository:web/frontend:pull');
  assert.equal((await bearerRequest(azure, 'GET', `${ACR}/v2/web/frontend/tags/list`, empty)).status, 401);

  const contributor = await servicePrincipalToken(azure, 'https://management.azure.com/.default');
  const deleter = await acrToken(azure, contributor, 'repository:web/admin:delete');
  assert.equal((await bearerRequest(azure, 'DELETE', `${ACR}/acr/v1/web%2Fadmin/_tags/0.9.2`, deleter)).status, 202);
  const gone = await bearerRequest(azure, 'DELETE', `${ACR}/acr/v1/web%2Fadmin/_tags/0.9.2`, deleter);
  assert.equal((gone.json['errors'] as { code: string }[])[0]?.code, 'TAG_UNKNOWN');
  const repo = await bearerRequest(azure, 'DELETE', `${ACR}/acr/v1/web%2Fadmin`, deleter);
  assert.equal(repo.status, 202);
  assert.deepEqual(repo.json['tagsDeleted'], ['latest']);
  const missing = await bearerRequest(azure, 'DELETE', `${ACR}/acr/v1/web%2Fadmin`, deleter);
  assert.equal((missing.json['errors'] as { code: string }[])[0]?.code, 'NAME_UNKNOWN');

  const registry = ensureRegistry(azure.state, DEMO.registry);
  const credentials = registryCredentials(registry);
  const basic = (user: string, password: string): Record<string, string> => ({
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  });
  const tokenUrl = `${ACR}/oauth2/token?service=${DEMO.registry}.azurecr.io&scope=${encodeURIComponent('registry:catalog:*')}`;
  assert.equal(
    (await bearerRequest(azure, 'GET', tokenUrl, undefined, undefined, basic(credentials.username, credentials.passwords[0]!.value)))
      .status,
    401,
    'admin user disabled',
  );
  registry.adminUserEnabled = true;
  const admin = await bearerRequest(
    azure,
    'GET',
    tokenUrl,
    undefined,
    undefined,
    basic(credentials.username, credentials.passwords[1]!.value),
  );
  assert.equal(admin.status, 200, admin.text);
  assert.deepEqual((await bearerRequest(azure, 'GET', `${ACR}/v2/_catalog`, admin.json['access_token'] as string)).json['repositories'], [
    'jobs/batch',
    'web/frontend',
  ]);
  assert.equal((await bearerRequest(azure, 'GET', tokenUrl, undefined, undefined, basic(credentials.username, 'wrong'))).status, 401);

  const form = new URLSearchParams({
    grant_type: 'access_token',
    service: `${DEMO.registry}.azurecr.io`,
    access_token: contributor,
  }).toString();
  const refresh = (
    await bearerRequest(azure, 'POST', `${ACR}/oauth2/exchange`, undefined, form, { 'content-type': 'application/x-www-form-urlencoded' })
  ).json['refresh_token'] as string;
  assert.equal((await bearerRequest(azure, 'GET', tokenUrl, undefined, undefined, basic(ACR_TOKEN_USERNAME, refresh))).status, 200);
  const wrongService = await bearerRequest(
    azure,
    'POST',
    `${ACR}/oauth2/exchange`,
    undefined,
    form.replace(`${DEMO.registry}.azurecr.io`, 'other.azurecr.io'),
    { 'content-type': 'application/x-www-form-urlencoded' },
  );
  assert.equal(wrongService.status, 401);
  const graph = await servicePrincipalToken(azure, 'https://graph.microsoft.com/.default');
  const graphForm = new URLSearchParams({
    grant_type: 'access_token',
    service: `${DEMO.registry}.azurecr.io`,
    access_token: graph,
  }).toString();
  assert.equal(
    (
      await bearerRequest(azure, 'POST', `${ACR}/oauth2/exchange`, undefined, graphForm, {
        'content-type': 'application/x-www-form-urlencoded',
      })
    ).status,
    401,
  );
  assert.equal((await bearerRequest(azure, 'GET', `https://nope.azurecr.io/v2/`, undefined)).status, 404);
});

test('the identity and data-plane demo seeds write straight into the store, no requests', () => {
  const azure = new EmulatedAzure();
  seedIdentityDemoEstate(azure);
  seedDataPlaneDemoEstate(azure);
  assert.equal(azure.requests.length, 0);
  assert.equal(azure.state.directory.list('user', DEMO.tenantId).length, 14);
  assert.equal(azure.state.directory.list('group', DEMO.tenantId).length, 4);
  assert.equal(azure.state.directory.list('application', DEMO.tenantId).length, 4, "three demo apps and the seeded service principal's");
  const repositories = [...ensureRegistry(azure.state, DEMO.registry).repositories.keys()].sort();
  assert.deepEqual(repositories, Object.keys(DEMO.registryRepositories).sort());
});

test('the keys ARM listKeys and listCredentials return are the ones the data planes accept', async () => {
  const azure = new EmulatedAzure();
  seedArmDemoEstate(azure);
  seedIdentityDemoEstate(azure);
  seedDataPlaneDemoEstate(azure);
  const arm = await cliUserToken(azure);
  const keys = await bearerRequest(
    azure,
    'POST',
    `https://management.azure.com${DEMO_IDENTITY.appConfigResourceId}/listKeys?api-version=2023-03-01`,
    arm,
  );
  assert.equal(keys.status, 200, keys.text);
  const primary = (keys.json['value'] as { id: string; value: string; connectionString: string }[])[0]!;
  assert.equal(primary.connectionString, `Endpoint=${STORE};Id=${primary.id};Secret=${primary.value}`);
  const url = `${STORE}/kv?label=dev&${API}`;
  assert.equal(
    (await bearerRequest(azure, 'GET', url, undefined, undefined, appConfigHmacHeaders('GET', url, '', primary.id, primary.value))).status,
    200,
  );

  const credentials = await bearerRequest(
    azure,
    'POST',
    `https://management.azure.com${DEMO_IDENTITY.registryResourceId}/listCredentials?api-version=2025-11-01`,
    arm,
  );
  assert.equal(credentials.status, 200, credentials.text);
  const { username, passwords } = credentials.json as { username: string; passwords: { value: string }[] };
  const basic = `Basic ${Buffer.from(`${username}:${passwords[0]!.value}`).toString('base64')}`;
  const token = await bearerRequest(
    azure,
    'GET',
    `${ACR}/oauth2/token?service=${DEMO.registry}.azurecr.io&scope=${encodeURIComponent('repository:jobs/batch:pull')}`,
    undefined,
    undefined,
    { authorization: basic },
  );
  assert.equal(token.status, 200, token.text);
  const tags = await bearerRequest(azure, 'GET', `${ACR}/v2/jobs/batch/tags/list`, token.json['access_token'] as string);
  assert.deepEqual(tags.json, { name: 'jobs/batch', tags: ['2026.11.01'] });
});
