// Issue 16: App Configuration stores and key-values through a real MCP client, the real Azure SDK (ARM and data
// plane) and the emulated Azure, in process. Entra ID first and the access-key fallback, masking and reveal with
// consent, Key Vault references never resolved, continuation, created/replaced, if_match conflicts, "no such key",
// and no access key or masked value in any output, log line or audit line.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHttpHeaders, type HttpClient } from '@azure/core-rest-pipeline';
import {
  appConfigListKeys,
  assignRole,
  DEMO,
  DEMO_IDENTITY,
  DEMO_SECRETS,
  ensureAppConfigStore,
  listRoleAssignments,
  parseScope,
  removeRoleAssignment,
  ROLE_IDS,
  SEED,
  setKeyValue,
  type EmulatedAzure,
  type RecordedRequest,
} from '../../src/emulator/index.js';
import { startInProcessFixture, type InProcessFixture } from '../helpers/in-process.js';
import type { ElicitAnswer, RunningServer, ToolCallResult } from '../helpers/server-process.js';
import { REST_EXAMPLES_DIR } from '../helpers/repo-root.js';
import { tempDir } from '../helpers/temp.js';

const SUB = DEMO.devSubscriptionId;
const RG = DEMO.resourceGroups.shared;
const STORE = DEMO.appConfigStore;
const SECURE = DEMO.appConfigSecureStore;
const YES: ElicitAnswer = { action: 'accept', content: { confirm: true } };
/** A secret this test writes; like the demo's, it must never come back. */
const NEW_SECRET = 'Sm7p-Pa55word-written-by-the-test';

/** Every output, prompt and log a leak check covers; results of an accepted reveal are left out on purpose. */
const outputs: string[] = [];
const fixtures: InProcessFixture[] = [];
const servers: RunningServer[] = [];
const auditPath = join(tempDir('audit'), 'audit.jsonl');

interface Call extends ToolCallResult {
  requests: RecordedRequest[];
}

interface Harness {
  fixture: InProcessFixture;
  server: RunningServer;
  prompts: string[];
  answer: ElicitAnswer;
  call(name: string, args: Record<string, unknown>, options?: { revealed?: boolean }): Promise<Call>;
}

async function harness(env: Record<string, string> = {}, wrapHttpClient?: (client: HttpClient) => HttpClient): Promise<Harness> {
  const fixture = await startInProcessFixture({ demo: true, pageSize: 4, wrapHttpClient });
  fixtures.push(fixture);
  const h: Harness = {
    fixture,
    server: undefined as unknown as RunningServer,
    prompts: [],
    answer: YES,
    async call(name, args, options = {}) {
      const from = fixture.azure.requests.length;
      const result = await h.server.call(name, args);
      if (!options.revealed) outputs.push(result.text, JSON.stringify(result.structured));
      return { ...result, requests: fixture.azure.requests.slice(from) };
    },
  };
  h.server = await fixture.server(
    { AZURE_SUBSCRIPTION_ID: SUB, AZOPS_AUDIT_LOG: auditPath, ...env },
    {
      onElicit: (message) => {
        h.prompts.push(message);
        outputs.push(message);
        return h.answer;
      },
    },
  );
  servers.push(h.server);
  return h;
}

const dataPlane = (requests: RecordedRequest[]) => requests.filter((r) => r.host.endsWith('.azconfig.io'));
const listKeysCalls = (requests: RecordedRequest[]) => requests.filter((r) => /\/listKeys$/i.test(r.path));
const storeRequests = (requests: RecordedRequest[]) =>
  requests.filter((r) => /Microsoft\.AppConfiguration\/configurationStores(\/[^/]+)?$/i.test(r.path));

/** Takes the sandbox principal's App Configuration data roles on a store away. */
function removeDataRoles(azure: EmulatedAzure, storeId: string): void {
  for (const assignment of listRoleAssignments(azure.state, parseScope(storeId)!, { principalId: SEED.servicePrincipal.objectId }))
    if (/516239f1|5ae67dd6/.test(assignment.roleDefinitionId)) removeRoleAssignment(azure.state, assignment.name);
}

let main: Harness;
before(async () => {
  main = await harness();
});
after(async () => {
  const logs: string[] = [];
  for (const fixture of fixtures) {
    await fixture.close();
    fixture.assertNoLeaks();
  }
  logs.push(...servers.map((server) => server.stderr()));
  let audit = '';
  try {
    audit = readFileSync(auditPath, 'utf8');
  } catch {
    // No write was audited: nothing to check there.
  }
  const everything = [...outputs, ...logs, audit].join('\n');
  const azure = main.fixture.azure;
  const keys = [STORE, SECURE].flatMap((name) => ensureAppConfigStore(azure.state, name).keys);
  for (const key of keys) {
    assert.ok(!everything.includes(key.value), `the secret of access key '${key.name}' appeared in an output, log or audit line`);
    assert.ok(!everything.includes(key.id), `the id of access key '${key.name}' appeared in an output, log or audit line`);
  }
  assert.ok(!/Endpoint=[^;]+;Id=/.test(everything), 'a connection string appeared');
  for (const [name, secret] of Object.entries({ ...DEMO_SECRETS, NEW_SECRET }))
    assert.ok(!everything.includes(secret), `the masked value ${name} appeared in an output, log or audit line`);
});

describe('stores', () => {
  test('appconfig_list: both stores, subscription-wide and by group, with endpoint, SKU and whether access keys work', async () => {
    const all = await main.call('appconfig_list', {});
    assert.equal(all.isError, false, all.text);
    const rows = all.structured.items as Record<string, unknown>[];
    assert.deepEqual(
      rows.map((r) => [r.name, r.resourceGroup, r.endpoint, r.sku, r.localAuthEnabled]),
      [
        [STORE, RG, `https://${STORE}.azconfig.io`, 'Standard', true],
        [SECURE, RG, `https://${SECURE}.azconfig.io`, 'Standard', false],
      ],
    );
    assert.match(all.text, new RegExp(`${SECURE} \\(resource group ${RG}\\).*Entra ID only \\(access keys disabled\\)`));
    const elsewhere = await main.call('appconfig_list', { resource_group: DEMO.resourceGroups.web });
    assert.equal(elsewhere.text, `No App Configuration stores in resource group ${DEMO.resourceGroups.web}.`);
  });

  test('appconfig_show: endpoint, SKU, public network access, local auth, soft delete and purge protection; never an access key', async () => {
    const secure = await main.call('appconfig_show', { store_name: SECURE, resource_group: RG });
    assert.equal(secure.isError, false, secure.text);
    const s = secure.structured;
    assert.deepEqual(
      [s.endpoint, s.sku, s.publicNetworkAccess, s.localAuthEnabled, s.softDeleteRetentionInDays, s.purgeProtection],
      [`https://${SECURE}.azconfig.io`, 'Standard', 'Enabled', false, 7, true],
    );
    assert.match(secure.text, /Entra ID only \(access keys disabled\), public network Enabled/);
    assert.match(secure.text, /soft delete 7 days, purge protection on/);
    const plain = await main.call('appconfig_show', { store_name: STORE, resource_group: RG });
    assert.deepEqual([plain.structured.localAuthEnabled, plain.structured.softDeleteRetentionInDays], [true, 30]);
    assert.deepEqual(listKeysCalls([...secure.requests, ...plain.requests]), [], 'appconfig_show never asks ARM for the keys');
  });

  test("appconfig_show reads Microsoft's own ConfigurationStoresGet example (no soft-delete fields: the SDK fills Azure's defaults)", async () => {
    const example = JSON.parse(readFileSync(new URL('appconfiguration/ConfigurationStoresGet.json', REST_EXAMPLES_DIR), 'utf8')) as {
      responses: { 200: { body: unknown } };
    };
    const path = `/subscriptions/${SUB}/resourceGroups/myResourceGroup/providers/Microsoft.AppConfiguration/configurationStores/contoso`;
    const h = await harness({}, (inner) => ({
      async sendRequest(request) {
        if (new URL(request.url).pathname !== path) return inner.sendRequest(request);
        const headers = createHttpHeaders({ 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': 'example' });
        return { request, status: 200, headers, bodyAsText: JSON.stringify(example.responses[200].body) };
      },
    }));
    const shown = await h.call('appconfig_show', { store_name: 'contoso', resource_group: 'myResourceGroup' });
    assert.equal(shown.isError, false, shown.text);
    const s = shown.structured;
    assert.deepEqual(
      [s.publicNetworkAccess, s.localAuthEnabled, s.softDeleteRetentionInDays, s.purgeProtection, s.identity, s.creationDate],
      ['Disabled', true, 7, false, 'SystemAssigned', '2018-04-24T16:30:55.000Z'],
    );
    assert.match(
      shown.text,
      /Access: access keys allowed, public network Disabled, 0 private endpoints\.\nProtection: soft delete 7 days, purge protection off/,
    );
  });
});

describe('key-values with Entra ID', () => {
  test('appconfig_kv_show: value, content type, label, etag, last modified, locked, through Entra ID', async () => {
    const shown = await main.call('appconfig_kv_show', { store_name: STORE, key: 'app:db:connectionTimeoutSeconds', label: 'prod' });
    assert.equal(shown.isError, false, shown.text);
    const kv = ensureAppConfigStore(main.fixture.azure.state, STORE).keyValues;
    const stored = [...kv.values()].find((v) => v.key === 'app:db:connectionTimeoutSeconds')!;
    const s = shown.structured;
    assert.deepEqual(
      [s.value, s.label, s.locked, s.etag, s.kind, s.tags],
      ['30', 'prod', true, stored.etag, 'plain', { changeControl: 'CAB-1042' }],
    );
    assert.equal(s.lastModified, new Date(stored.lastModified).toISOString());
    assert.deepEqual(s.auth, { method: 'entra', note: null });
    assert.match(shown.text, new RegExp(`\\(locked\\)[^]*Etag: ${stored.etag}`));
    const calls = dataPlane(shown.requests);
    assert.ok(calls.length > 0 && calls.every((r) => r.tokenKind !== undefined), 'every data-plane request carried an Entra token');
    assert.deepEqual(listKeysCalls(shown.requests), []);
  });

  test('the store is found once per name (any case) in each subscription; set_subscription starts again', async () => {
    const h = await harness();
    const first = await h.call('appconfig_kv_show', { store_name: STORE, key: 'app:title' });
    const again = await h.call('appconfig_kv_show', { store_name: STORE.toUpperCase(), key: 'app:title', label: 'dev' });
    const grouped = await h.call('appconfig_kv_show', { store_name: STORE, key: 'app:title', resource_group: RG });
    for (const r of [first, again, grouped]) assert.equal(r.isError, false, r.text);
    assert.equal(storeRequests(first.requests).length, 1, 'the first call looks the store up');
    assert.deepEqual(storeRequests([...again.requests, ...grouped.requests]), [], 'later calls use the cached endpoint');
    const wrongGroup = await h.call('appconfig_kv_show', { store_name: STORE, key: 'app:title', resource_group: DEMO.resourceGroups.web });
    assert.equal(wrongGroup.isError, true);
    assert.match(wrongGroup.text, new RegExp(`not in resource group '${DEMO.resourceGroups.web}': it is in '${RG}'`));

    assert.equal((await h.call('set_subscription', { subscription_id: DEMO.prodSubscriptionId })).isError, false);
    const prod = await h.call('appconfig_kv_show', { store_name: STORE, key: 'app:title' });
    assert.equal(prod.isError, true);
    assert.match(prod.text, new RegExp(`No App Configuration store named '${STORE}' in subscription ${DEMO.prodSubscriptionId}`));
    assert.equal((await h.call('set_subscription', { subscription_id: SUB })).isError, false);
    const back = await h.call('appconfig_kv_show', { store_name: STORE, key: 'app:title' });
    assert.equal(back.isError, false, back.text);
    assert.equal(storeRequests(back.requests).length, 1, 'a new subscription selection resolves the store again');
  });

  test('appconfig_kv_list: bounded pages with a continuation that reaches every key-value exactly once', async () => {
    const total = ensureAppConfigStore(main.fixture.azure.state, STORE).keyValues.size;
    const seen: string[] = [];
    let continuation: string | undefined;
    let calls = 0;
    do {
      const page = await main.call('appconfig_kv_list', { store_name: STORE, limit: 3, ...(continuation ? { continuation } : {}) });
      assert.equal(page.isError, false, page.text);
      const items = page.structured.items as { key: string; label: string | null }[];
      assert.ok(items.length <= 3);
      seen.push(...items.map((i) => `${i.key}@${i.label ?? ''}`));
      continuation = (page.structured.continuation as string | null) ?? undefined;
      assert.equal(page.structured.more, continuation !== undefined);
      if (continuation) assert.ok(page.text.includes(`continuation='${continuation}'`), 'the text carries the continuation');
      calls++;
    } while (continuation && calls < 20);
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total, 'no key-value twice');
    assert.ok(calls >= 5, `${calls} calls`);

    const first = await main.call('appconfig_kv_list', { store_name: STORE, limit: 2 });
    const other = await main.call('appconfig_kv_list', {
      store_name: STORE,
      key_filter: 'app:*',
      continuation: first.structured.continuation as string,
    });
    assert.equal(other.isError, true);
    assert.match(other.text, /continuation belongs to a listing with key_filter='\*'/);
  });

  test('appconfig_kv_list: filters, values cut to one line, Key Vault references as references, secret-like values masked', async () => {
    setKeyValue(ensureAppConfigStore(main.fixture.azure.state, STORE), {
      key: 'app:motd',
      label: 'prod',
      value: `Welcome!\nSecond line\n${'x'.repeat(200)}`,
    });
    const listed = await main.call('appconfig_kv_list', { store_name: STORE, key_filter: 'app:*', label_filter: 'prod' });
    assert.equal(listed.isError, false, listed.text);
    const items = listed.structured.items as Record<string, unknown>[];
    const byKey = new Map(items.map((i) => [i.key as string, i]));
    assert.ok(items.every((i) => i.label === 'prod' && String(i.key).startsWith('app:')));
    assert.deepEqual(
      ['value', 'truncated'].map((f) => byKey.get('app:motd')![f]),
      ['Welcome!', true],
    );
    const reference = byKey.get('app:db:password')!;
    assert.deepEqual(
      [reference.kind, reference.keyVaultSecretUri, reference.value],
      [
        'keyVaultReference',
        'https://azops-demo-kv.vault.azure.net/secrets/db-password',
        'https://azops-demo-kv.vault.azure.net/secrets/db-password',
      ],
    );
    assert.match(
      listed.text,
      /app:db:password \[label 'prod'\] = Key Vault reference → https:\/\/azops-demo-kv\.vault\.azure\.net\/secrets\/db-password \(not resolved\)/,
    );
    assert.deepEqual(
      listed.requests.filter((r) => r.host.includes('vault.azure.net')),
      [],
      'the reference is never resolved',
    );
    // Masked by the key's name and by the value's shape.
    for (const key of ['app:storage:connectionString', 'app:cache:redis']) {
      const row = byKey.get(key)!;
      assert.deepEqual([row.kind, row.value, row.masked], ['secret', null, true], key);
      assert.match(listed.text, new RegExp(`${key} \\[label 'prod'\\] = \\*\\*\\*\\* \\(looks secret; reveal=true shows it\\)`));
    }
    assert.match(String(listed.structured.hint), /2 values are masked because they look secret/);
    const flags = await main.call('appconfig_kv_list', {
      store_name: STORE,
      key_filter: '.appconfig.featureflag/*',
      label_filter: 'dev,\\0',
    });
    assert.deepEqual(
      (flags.structured.items as { key: string; featureFlagEnabled: boolean }[]).map((i) => [i.key, i.featureFlagEnabled]),
      [
        ['.appconfig.featureflag/beta', true],
        ['.appconfig.featureflag/new-checkout', false],
      ],
    );
    const none = await main.call('appconfig_kv_list', { store_name: STORE, key_filter: 'nothing:*' });
    assert.equal(none.text, `No key-values in store ${STORE} matching key 'nothing:*', every label.`);
  });

  test('reveal=true asks first: declined reveals nothing; accepted shows the value in full', async () => {
    main.prompts.length = 0;
    main.answer = { action: 'decline' };
    const declined = await main.call('appconfig_kv_show', {
      store_name: STORE,
      key: 'app:storage:connectionString',
      label: 'prod',
      reveal: true,
    });
    assert.equal(declined.isError, true);
    assert.match(declined.text, /^Nothing was done: the user declined/);
    assert.deepEqual(dataPlane(declined.requests), [], 'nothing was read');
    assert.equal(main.prompts.length, 1);
    assert.match(main.prompts[0]!, /reveal=true shows values that look secret .* in full\. Proceed\?$/);
    main.answer = YES;
    const revealed = await main.call(
      'appconfig_kv_show',
      { store_name: STORE, key: 'app:storage:connectionString', label: 'prod', reveal: true },
      { revealed: true },
    );
    assert.equal(revealed.isError, false, revealed.text);
    assert.equal(revealed.structured.value, DEMO_SECRETS.storageConnectionString);
    assert.equal(revealed.structured.masked, false);
    const masked = await main.call('appconfig_kv_show', { store_name: STORE, key: 'app:storage:connectionString', label: 'prod' });
    assert.deepEqual([masked.structured.value, masked.structured.masked], [null, true]);
    assert.equal(main.prompts.length, 2, 'a read without reveal asks nothing');
  });

  test('appconfig_kv_show: a missing key-value names the labels the key has; hostile keys stay one path segment', async () => {
    const missing = await main.call('appconfig_kv_show', { store_name: STORE, key: 'app:title', label: 'staging' });
    assert.equal(missing.isError, true);
    assert.equal(
      missing.text,
      `No key-value 'app:title' with label 'staging' in store ${STORE}. The key exists with: no label, label 'dev', label 'prod'; give that label.`,
    );
    const odd = await main.call('appconfig_kv_show', { store_name: STORE, key: 'a/../b?x=1#f' });
    assert.equal(odd.isError, true);
    assert.match(odd.text, /the key does not exist in this store/);
    const paths = dataPlane(odd.requests).map((r) => r.path);
    assert.ok(paths.includes('/kv/a%2F..%2Fb%3Fx%3D1%23f'), paths.join(' '));
    for (const key of ['..', '.', 'a%2Fb', 'a\u0000b']) {
      const refused = await main.call('appconfig_kv_show', { store_name: STORE, key });
      assert.match(refused.text, /^Input validation error: /, key);
      assert.deepEqual(refused.requests, [], key);
    }
  });
});

describe('changing key-values', () => {
  test('appconfig_kv_set asks first, says created, then replaced with the previous etag, keeping tags and content type', async () => {
    main.prompts.length = 0;
    const args = { store_name: STORE, key: 'app:feature:banner', value: 'Hello', label: 'dev', content_type: 'text/plain' };
    main.answer = { action: 'decline' };
    const declined = await main.call('appconfig_kv_set', args);
    assert.equal(declined.isError, true);
    assert.deepEqual(
      dataPlane(declined.requests).filter((r) => r.method === 'PUT'),
      [],
    );
    assert.match(main.prompts[0]!, /value=Hello.*If the key-value exists \(same key and label\), its value is replaced\. Proceed\?$/);
    main.answer = YES;
    const created = await main.call('appconfig_kv_set', args);
    assert.equal(created.isError, false, created.text);
    assert.deepEqual([created.structured.outcome, created.structured.previousEtag, created.structured.value], ['created', null, 'Hello']);
    assert.match(created.text, /^Created key-value 'app:feature:banner' \(label 'dev'\) in store azops-demo-config: "Hello"\. Etag /);
    const store = ensureAppConfigStore(main.fixture.azure.state, STORE);
    const stored = [...store.keyValues.values()].find((kv) => kv.key === 'app:feature:banner')!;
    stored.tags = { owner: 'web-team' };

    const replaced = await main.call('appconfig_kv_set', { ...args, value: 'Hello again', content_type: undefined });
    assert.equal(replaced.isError, false, replaced.text);
    assert.deepEqual(
      [replaced.structured.outcome, replaced.structured.previousEtag, replaced.structured.value, replaced.structured.contentType],
      ['replaced', created.structured.etag, 'Hello again', 'text/plain'],
    );
    assert.match(
      replaced.text,
      new RegExp(`Previous etag ${String(created.structured.etag)}, new etag ${String(replaced.structured.etag)}`),
    );
    const now = [...store.keyValues.values()].find((kv) => kv.key === 'app:feature:banner')!;
    assert.deepEqual(now.tags, { owner: 'web-team' }, 'the tags were kept');
    const puts = dataPlane(replaced.requests).filter((r) => r.method === 'PUT');
    assert.equal(puts.length, 1);
  });

  test('if_match: a stale etag is refused (412) with the current one, and nothing changes; a locked key-value is refused (409)', async () => {
    const shown = await main.call('appconfig_kv_show', { store_name: STORE, key: 'app:title', label: 'dev' });
    const etag = shown.structured.etag as string;
    const ok = await main.call('appconfig_kv_set', {
      store_name: STORE,
      key: 'app:title',
      label: 'dev',
      value: 'Contoso (v2)',
      if_match: `"${etag}"`,
    });
    assert.equal(ok.isError, false, ok.text);
    assert.equal(ok.structured.previousEtag, etag);
    const stale = await main.call('appconfig_kv_set', {
      store_name: STORE,
      key: 'app:title',
      label: 'dev',
      value: 'Contoso (v3)',
      if_match: etag,
    });
    assert.equal(stale.isError, true);
    assert.match(
      stale.text,
      new RegExp(
        `^Not changed \\(412 Precondition Failed\\): key-value 'app:title' \\(label 'dev'\\) in store ${STORE} no longer has etag ${etag}; its etag is now ${String(ok.structured.etag)}\\. Read it again`,
      ),
    );
    const after = await main.call('appconfig_kv_show', { store_name: STORE, key: 'app:title', label: 'dev' });
    assert.equal(after.structured.value, 'Contoso (v2)');

    const locked = await main.call('appconfig_kv_set', {
      store_name: STORE,
      key: 'app:db:connectionTimeoutSeconds',
      label: 'prod',
      value: '60',
    });
    assert.equal(locked.isError, true);
    assert.match(locked.text, /locked \(read-only\).*Nothing was changed/);
    const kv = [...ensureAppConfigStore(main.fixture.azure.state, STORE).keyValues.values()].find(
      (v) => v.key === 'app:db:connectionTimeoutSeconds',
    )!;
    assert.equal(kv.value, '30');
  });

  test('a secret-like value is never echoed: not in the result, the prompt or the audit log', async () => {
    main.prompts.length = 0;
    const set = await main.call('appconfig_kv_set', { store_name: STORE, key: 'app:smtp:password', value: NEW_SECRET });
    assert.equal(set.isError, false, set.text);
    assert.deepEqual([set.structured.kind, set.structured.value, set.structured.masked], ['secret', null, true]);
    assert.match(set.text, /Created key-value 'app:smtp:password' \(no label\) in store azops-demo-config: \*\*\*\* \(looks secret/);
    assert.match(main.prompts[0]!, /value=\*\*\*\*/);
    // By the value's shape, under an innocent key.
    const shaped = `Server=tcp:db;Database=app;Password=${NEW_SECRET}`;
    const byShape = await main.call('appconfig_kv_set', { store_name: STORE, key: 'app:db:main', value: shaped });
    assert.equal(byShape.structured.masked, true);
    const kv = [...ensureAppConfigStore(main.fixture.azure.state, STORE).keyValues.values()].find((v) => v.key === 'app:smtp:password')!;
    assert.equal(kv.value, NEW_SECRET, 'the value itself was written');
    const audit = readFileSync(auditPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { tool: string; arguments: Record<string, unknown>; outcome: string });
    const lines = audit.filter((l) => l.tool === 'appconfig_kv_set' && l.outcome === 'succeeded');
    assert.ok(lines.some((l) => l.arguments['value'] === '****'));
    assert.ok(
      lines.some((l) => l.arguments['value'] === 'Hello'),
      'a plain value is audited as it is',
    );
  });

  test('appconfig_kv_delete: deletes, then says "no such key"; a stale if_match is refused', async () => {
    const created = await main.call('appconfig_kv_set', { store_name: STORE, key: 'app:tmp', value: '1' });
    const stale = await main.call('appconfig_kv_delete', { store_name: STORE, key: 'app:tmp', if_match: 'not-the-etag' });
    assert.equal(stale.isError, true);
    assert.match(stale.text, new RegExp(`412 Precondition Failed.*its etag is now ${String(created.structured.etag)}`));
    const deleted = await main.call('appconfig_kv_delete', {
      store_name: STORE,
      key: 'app:tmp',
      if_match: created.structured.etag as string,
    });
    assert.equal(deleted.isError, false, deleted.text);
    assert.deepEqual([deleted.structured.deleted, deleted.structured.etag], [true, created.structured.etag]);
    assert.match(deleted.text, /^Deleted key-value 'app:tmp' \(no label\) in store azops-demo-config/);
    const again = await main.call('appconfig_kv_delete', { store_name: STORE, key: 'app:tmp' });
    assert.equal(again.isError, false, again.text);
    assert.equal(again.structured.deleted, false);
    assert.equal(again.text, `No such key: there is no key-value 'app:tmp' (no label) in store ${STORE}; nothing was deleted.`);
  });
});

describe('access-key fallback', () => {
  test('without a data role the key-values are read with a read-only access key fetched through ARM, and the result says so', async () => {
    const h = await harness();
    removeDataRoles(h.fixture.azure, DEMO_IDENTITY.appConfigResourceId);
    const listed = await h.call('appconfig_kv_list', { store_name: STORE, key_filter: 'app:title' });
    assert.equal(listed.isError, false, listed.text);
    assert.equal((listed.structured.items as unknown[]).length, 3);
    const auth = listed.structured.auth as { method: string; note: string };
    assert.equal(auth.method, 'accessKey');
    assert.match(
      auth.note,
      /^Used the store's 'Primary Read Only' access key \(fetched through ARM\) because the data plane refused the signed-in identity \(403: Forbidden: .*keyValues\/read.*\)\. Assign 'App Configuration Data Reader \(or App Configuration Data Owner\)' on \/subscriptions\/.*\/configurationStores\/azops-demo-config to use Entra ID instead\.$/,
    );
    assert.ok(listed.text.endsWith(`Note: ${auth.note}`));
    assert.equal(listKeysCalls(listed.requests).length, 1);
    const calls = dataPlane(listed.requests);
    assert.equal(calls[0]!.tokenKind !== undefined, true, 'Entra ID was tried first');
    assert.equal(calls.at(-1)!.tokenKind, undefined, 'then an HMAC-signed request');

    // A write needs a read-write key.
    const set = await h.call('appconfig_kv_set', { store_name: STORE, key: 'app:fallback', value: 'yes' });
    assert.equal(set.isError, false, set.text);
    assert.match(
      (set.structured.auth as { note: string }).note,
      /^Used the store's 'Primary' access key .*Assign 'App Configuration Data Owner'/,
    );
  });

  test('a reader role reads with Entra ID; a write then falls back to a read-write key', async () => {
    const h = await harness();
    removeDataRoles(h.fixture.azure, DEMO_IDENTITY.appConfigResourceId);
    assignRole(h.fixture.azure.state, {
      scope: DEMO_IDENTITY.appConfigResourceId,
      role: ROLE_IDS.appConfigurationDataReader,
      principalId: SEED.servicePrincipal.objectId,
    });
    const read = await h.call('appconfig_kv_show', { store_name: STORE, key: 'app:title' });
    assert.deepEqual(read.structured.auth, { method: 'entra', note: null });
    const write = await h.call('appconfig_kv_delete', { store_name: STORE, key: 'app:title', label: 'prod' });
    assert.equal(write.isError, false, write.text);
    assert.equal(write.structured.deleted, true);
    assert.equal((write.structured.auth as { method: string }).method, 'accessKey');
  });

  test('a store that refuses the Entra token itself (401) is read with an access key too', async () => {
    const h = await harness();
    const fault = h.fixture.azure.faults.add({
      host: `${STORE}.azconfig.io`,
      path: /^\/kv\//,
      fault: { kind: 'armError', status: 401, code: 'InvalidAuthenticationToken', message: 'Entra ID tokens are not accepted here.' },
    });
    const shown = await h.call('appconfig_kv_show', { store_name: STORE, key: 'app:title', label: 'prod' });
    assert.equal(shown.isError, false, shown.text);
    assert.equal(fault.hits, 1);
    assert.equal(shown.structured.value, 'Contoso Web');
    assert.match(
      (shown.structured.auth as { note: string }).note,
      /'Primary Read Only' access key .* because the data plane refused the signed-in identity \(401: InvalidAuthenticationToken: Entra ID tokens are not accepted here\.\)/,
    );
  });

  test('a store that disables access keys has no fallback: the error names the role to assign, and no key is fetched', async () => {
    const h = await harness();
    removeDataRoles(h.fixture.azure, DEMO_IDENTITY.appConfigSecureResourceId);
    const denied = await h.call('appconfig_kv_show', { store_name: SECURE, key: 'payments:provider' });
    assert.equal(denied.isError, true);
    assert.equal(
      denied.text,
      `Permission denied on App Configuration store ${SECURE}: the data plane refused the signed-in identity (403: Forbidden: The principal '${SEED.servicePrincipal.objectId}' does not have permission to perform 'Microsoft.AppConfiguration/configurationStores/keyValues/read'.). Assign 'App Configuration Data Reader (or App Configuration Data Owner)' to the signed-in identity on ${DEMO_IDENTITY.appConfigSecureResourceId} (role assignments can take a few minutes to apply). The store disables access keys, so there is no fallback.`,
    );
    assert.deepEqual(listKeysCalls(denied.requests), []);
    // Its access keys exist in the data plane but ARM lists none and HMAC is refused.
    assert.deepEqual(appConfigListKeys(ensureAppConfigStore(h.fixture.azure.state, SECURE)), []);
  });
});
