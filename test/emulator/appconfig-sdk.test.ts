// The real @azure/app-configuration client against the emulated data plane, in process: its URL templates, paging
// (continuation tokens read back out of @nextLink), conditional requests and error bodies, with Entra ID and with an
// access key, on the demo stores (one with access keys, one without).
import '../helpers/loopback-guard.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppConfigurationClient } from '@azure/app-configuration';
import { ClientSecretCredential } from '@azure/identity';
import {
  appConfigListKeys,
  createEmulatorHttpClient,
  DEMO,
  DEMO_IDENTITY,
  EmulatedAzure,
  ensureAppConfigStore,
  listRoleAssignments,
  parseScope,
  removeRoleAssignment,
  ROLE_IDS,
  SEED,
  seedDemoEstate,
} from '../../src/emulator/index.js';

const ENDPOINT = `https://${DEMO.appConfigStore}.azconfig.io`;
const SECURE = `https://${DEMO.appConfigSecureStore}.azconfig.io`;

function connect(pageSize?: number) {
  const azure = new EmulatedAzure({ pageSize });
  seedDemoEstate(azure);
  const httpClient = createEmulatorHttpClient(azure);
  const credential = new ClientSecretCredential(SEED.tenantId, SEED.servicePrincipal.clientId, SEED.servicePrincipal.clientSecret, {
    httpClient,
  });
  const options = { httpClient, retryOptions: { maxRetries: 0 } };
  const [primary] = appConfigListKeys(ensureAppConfigStore(azure.state, DEMO.appConfigStore)) as { connectionString: string }[];
  return {
    azure,
    entra: (endpoint = ENDPOINT) => new AppConfigurationClient(endpoint, credential, options),
    keyed: (connectionString = primary!.connectionString) => new AppConfigurationClient(connectionString, options),
  };
}

const rejection = (status: number, type?: string) => (error: { statusCode?: number; details?: { type?: string } }) =>
  error.statusCode === status && (type === undefined || error.details?.type === `https://azconfig.io/errors/${type}`);

test('app config SDK: every page in turn, and a later page from its continuation token', async () => {
  const { entra } = connect(3);
  const client = entra();
  const keys: string[] = [];
  const tokens: string[] = [];
  for await (const page of client.listConfigurationSettings({ keyFilter: 'app:*' }).byPage()) {
    keys.push(...page.items.map((item) => `${item.key}@${item.label ?? ''}`));
    if (page.continuationToken) tokens.push(page.continuationToken);
  }
  assert.ok(tokens.length >= 3, `several pages: ${tokens.length}`);
  assert.equal(new Set(keys).size, keys.length, 'no key-value twice');
  assert.ok(keys.every((key) => key.startsWith('app:')));
  const resumed = await client.listConfigurationSettings({ keyFilter: 'app:*' }).byPage({ continuationToken: tokens[1] }).next();
  assert.deepEqual(
    (resumed.value as { items: { key: string; label?: string }[] }).items.map((item) => `${item.key}@${item.label ?? ''}`),
    keys.slice(6, 9),
  );
});

test('app config SDK: keys with reserved characters round-trip; create-only, If-Match, locks and a missing delete', async () => {
  const { entra } = connect();
  const client = entra();
  const key = 'odd/key?x=1#frag &more';
  const created = await client.addConfigurationSetting({ key, label: 'dev', value: 'v1' });
  assert.equal(created.key, key);
  assert.equal((await client.getConfigurationSetting({ key, label: 'dev' })).value, 'v1');
  await assert.rejects(client.addConfigurationSetting({ key, label: 'dev', value: 'again' }), rejection(412));
  await assert.rejects(
    client.setConfigurationSetting({ key, label: 'dev', value: 'v2', etag: 'stale' }, { onlyIfUnchanged: true }),
    rejection(412),
  );
  const replaced = await client.setConfigurationSetting({ key, label: 'dev', value: 'v2', etag: created.etag }, { onlyIfUnchanged: true });
  assert.notEqual(replaced.etag, created.etag);
  await assert.rejects(
    client.setConfigurationSetting({ key: 'app:db:connectionTimeoutSeconds', label: 'prod', value: '60' }),
    rejection(409, 'key-locked'),
  );
  await assert.rejects(
    client.deleteConfigurationSetting({ key: 'app:db:connectionTimeoutSeconds', label: 'prod' }),
    rejection(409, 'key-locked'),
  );
  assert.equal((await client.deleteConfigurationSetting({ key, label: 'dev' })).statusCode, 200);
  assert.equal((await client.deleteConfigurationSetting({ key, label: 'dev' })).statusCode, 204);
  await assert.rejects(client.getConfigurationSetting({ key, label: 'dev' }), rejection(404));
});

test('app config SDK: Entra without a data role is refused (403); an access key works unless the store disables them', async () => {
  const { azure, entra, keyed } = connect();
  for (const assignment of listRoleAssignments(azure.state, parseScope(DEMO_IDENTITY.appConfigResourceId)!, {
    principalId: SEED.servicePrincipal.objectId,
  }))
    if (assignment.roleDefinitionId.endsWith(ROLE_IDS.appConfigurationDataOwner)) removeRoleAssignment(azure.state, assignment.name);
  await assert.rejects(
    entra().getConfigurationSetting({ key: 'app:title' }),
    (error: { statusCode?: number; details?: { detail?: string } }) => {
      assert.equal(error.statusCode, 403);
      assert.match(error.details?.detail ?? '', /keyValues\/read/);
      return true;
    },
  );
  assert.equal((await keyed().getConfigurationSetting({ key: 'app:title' })).value, 'Contoso Web');
  // The secure store: Entra ID with its data role works; its access keys (ARM lists none) and HMAC do not.
  assert.equal((await entra(SECURE).getConfigurationSetting({ key: 'payments:provider' })).value, 'contoso-pay');
  const secure = ensureAppConfigStore(azure.state, DEMO.appConfigSecureStore);
  assert.deepEqual(appConfigListKeys(secure), []);
  const key = secure.keys[0]!;
  await assert.rejects(
    keyed(`Endpoint=${SECURE};Id=${key.id};Secret=${key.value}`).getConfigurationSetting({ key: 'payments:provider' }),
    rejection(401),
  );
});
