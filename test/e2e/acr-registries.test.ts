// Issue 15, registries side: list/show/login server, create (name rule, availability, the group's location),
// update (a PATCH that changes nothing else), delete, admin credentials masked unless revealed with consent,
// repositories and tags, usage and quotas, network rules (Premium only, lockout guard), the client cache, 404s and
// paging, through a real MCP client against the emulated Azure. The leak check runs over everything this file saw.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO, ensureRegistry, registryCredentials, type RecordedRequest } from '../../src/emulator/index.js';
import { startInProcessFixture, type InProcessFixture } from '../helpers/in-process.js';
import { transcript, type RunningServer, type ToolCallResult } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp.js';

const SUB = DEMO.devSubscriptionId;
const PROD = DEMO.prodSubscriptionId;
const SHARED = DEMO.resourceGroups.shared;
const BASIC = DEMO.registry;
const PREMIUM = DEMO.premiumRegistry;
const WEST = 'rg-acr-west';
const ACTOR = { name: 'test', type: 'User' as const, objectId: '00000000-0000-0000-0000-000000000001', tenantId: DEMO.tenantId };
const registryId = (group: string, name: string, sub = SUB) =>
  `/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.ContainerRegistry/registries/${name}`;

let fixture: InProcessFixture;
let server: RunningServer;
/** Results that showed passwords in full on purpose (reveal=true): the only places a password may appear. */
const revealed: string[] = [];

function addRegistry(subscriptionId: string, group: string, name: string, body: Record<string, unknown>): void {
  const store = fixture.azure.state.resources;
  if (!store.getGroup(subscriptionId, group)) store.putGroup({ subscriptionId, name: group, location: 'westeurope' });
  const written = store.writeResource({
    path: { subscriptionId, resourceGroup: group, namespace: 'Microsoft.ContainerRegistry', chain: [{ type: 'registries', name }] },
    body: { location: 'westeurope', ...body },
    actor: ACTOR,
    mode: 'put',
  });
  assert.ok(!('code' in written), `could not add ${name}: ${JSON.stringify(written)}`);
}

async function counting(
  name: string,
  args: Record<string, unknown>,
  on = server,
): Promise<ToolCallResult & { requests: RecordedRequest[] }> {
  const from = fixture.azure.requests.length;
  const result = await on.call(name, args);
  return { ...result, requests: fixture.azure.requests.slice(from) };
}

const writes = (requests: RecordedRequest[]) => requests.filter((r) => r.method !== 'GET' && r.host.startsWith('management.'));

before(async () => {
  // Pages of one: every list below follows nextLink (ARM) or Link (the registry's data plane).
  fixture = await startInProcessFixture({ demo: true, pageSize: 1, lroDurationMs: 300, lroRetryAfterSeconds: 1 });
  fixture.azure.state.resources.putGroup({ subscriptionId: SUB, name: WEST, location: 'westeurope' });
  server = await fixture.server({ AZURE_SUBSCRIPTION_ID: SUB, AZOPS_CONFIRM: 'never' });
});

after(async () => {
  await server?.close();
  fixture.assertNoLeaks();
  // No admin password in any result or log line, except in the results that revealed them on purpose.
  const passwords = [...fixture.azure.state.registries.registries.values()].flatMap((r) => r.passwords.map((p) => p.value));
  for (const entry of transcript) {
    if (revealed.some((allowed) => entry === allowed)) continue;
    for (const password of passwords) assert.ok(!entry.includes(password), `an admin password leaked into: ${entry.slice(0, 200)}`);
  }
  await fixture.close();
});

describe('registries', () => {
  test('list: every registry with login server, SKU, admin user, public access and creation date, across pages', async () => {
    const result = await counting('acr_list_registries', {});
    assert.equal(result.isError, false, result.text);
    const rows = result.structured.items as Record<string, unknown>[];
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    assert.deepEqual(
      [BASIC, PREMIUM].map((name) => {
        const { sku, loginServer, adminUserEnabled, publicNetworkAccess, resourceGroup } = byName[name]!;
        return { sku, loginServer, adminUserEnabled, publicNetworkAccess, resourceGroup };
      }),
      [
        { sku: 'Basic', loginServer: `${BASIC}.azurecr.io`, adminUserEnabled: true, publicNetworkAccess: 'Enabled', resourceGroup: SHARED },
        {
          sku: 'Premium',
          loginServer: `${PREMIUM}.azurecr.io`,
          adminUserEnabled: false,
          publicNetworkAccess: 'Enabled',
          resourceGroup: SHARED,
        },
      ],
    );
    assert.match(String(byName[BASIC]!.creationDate), /^\d{4}-\d\d-\d\dT/);
    const pages = result.requests.filter((r) => /\/providers\/Microsoft\.ContainerRegistry\/registries$/i.test(r.path));
    assert.ok(pages.length >= 2, `expected several pages, got ${pages.length}`);
    for (const name of [BASIC, PREMIUM]) assert.ok(result.text.includes(name) && result.text.includes(`${name}.azurecr.io`), result.text);
  });

  test('the login server is what Azure reports, never <name>.azurecr.io by guess (sovereign clouds differ)', async () => {
    addRegistry(SUB, WEST, 'azopschinaacr', { sku: { name: 'Standard' } });
    const stored = fixture.azure.state.resources.get(registryId(WEST, 'azopschinaacr'))!;
    stored.doc.properties['loginServer'] = 'azopschinaacr.azurecr.cn';
    for (const tool of ['acr_show_registry', 'acr_get_login_server']) {
      const result = await server.call(tool, { resource_group: WEST, registry_name: 'azopschinaacr' });
      assert.equal(result.isError, false, result.text);
      assert.equal(result.structured.loginServer, 'azopschinaacr.azurecr.cn');
      assert.ok(result.text.includes('azopschinaacr.azurecr.cn') && !result.text.includes('azopschinaacr.azurecr.io'), result.text);
    }
  });

  test('show: a missing registry is a 404 that says what was looked for', async () => {
    const result = await server.call('acr_show_registry', { resource_group: SHARED, registry_name: 'azopsnosuchacr' });
    assert.equal(result.isError, true);
    assert.match(result.text, /^Not found \(404 ResourceNotFound\).*registry_name=azopsnosuchacr/s);
  });

  test('create: the name rule is checked before anything is sent', async () => {
    for (const name of ['my-registry', 'abcd', 'a'.repeat(51)]) {
      const result = await counting('acr_create_registry', { resource_group: SHARED, registry_name: name });
      assert.equal(result.isError, true);
      assert.match(result.text, /registry_name: .* is not a valid registry name: Azure allows 5-50 letters and digits/);
      assert.equal(result.requests.length, 0);
    }
  });

  test('create: a name taken anywhere in Azure (here: another subscription) is refused before the PUT', async () => {
    addRegistry(PROD, DEMO.resourceGroups.prod, 'azopstakenacr', { sku: { name: 'Basic' } });
    const result = await counting('acr_create_registry', { resource_group: SHARED, registry_name: 'AzopsTakenAcr' });
    assert.equal(result.isError, true);
    assert.match(
      result.text,
      /The registry name AzopsTakenAcr is not available \(AlreadyExists\): The registry AzopsTakenAcr is already in use\./,
    );
    assert.deepEqual(
      writes(result.requests).map((r) => r.path.split('/').pop()),
      ['checkNameAvailability'],
    );
  });

  test('create: an existing registry is never overwritten', async () => {
    const result = await counting('acr_create_registry', { resource_group: SHARED, registry_name: BASIC, sku: 'Premium' });
    assert.equal(result.isError, true);
    assert.match(result.text, /already exists in resource group rg-shared .*nothing was changed/);
    assert.deepEqual(writes(result.requests), []);
  });

  test("create: the location defaults to the resource group's; with admin_enabled no password is printed", async () => {
    const result = await counting('acr_create_registry', { resource_group: WEST, registry_name: 'azopswestacr', admin_enabled: true });
    assert.equal(result.isError, false, result.text);
    const state = result.structured.state as Record<string, unknown>;
    assert.deepEqual(
      [state.location, state.sku, state.adminUserEnabled, result.structured.outcome],
      ['westeurope', 'Basic', true, 'succeeded'],
    );
    const puts = writes(result.requests).filter((r) => r.method === 'PUT');
    assert.equal(puts.length, 1);
    const passwords = registryCredentials(ensureRegistry(fixture.azure.state, 'azopswestacr')).passwords.map((p) => p.value);
    for (const password of passwords) assert.ok(!result.text.includes(password) && !JSON.stringify(result.structured).includes(password));
    assert.match(result.text, /acr_get_credentials/);
  });

  test('update: a PATCH of adminUserEnabled only; tags, SKU and network settings stay as they were', async () => {
    addRegistry(SUB, WEST, 'azopspatchacr', {
      tags: { owner: 'web-team' },
      sku: { name: 'Premium' },
      properties: { networkRuleSet: { defaultAction: 'Deny', ipRules: [{ action: 'Allow', value: '198.51.100.7' }] } },
    });
    const before = JSON.parse(JSON.stringify(fixture.azure.state.resources.get(registryId(WEST, 'azopspatchacr'))!.doc)) as {
      properties: Record<string, unknown>;
    };
    const result = await counting('acr_update_registry', { resource_group: WEST, registry_name: 'azopspatchacr', admin_enabled: true });
    assert.equal(result.isError, false, result.text);
    assert.deepEqual(
      writes(result.requests).map((r) => r.method),
      ['PATCH'],
    );
    const after = fixture.azure.state.resources.get(registryId(WEST, 'azopspatchacr'))!;
    assert.deepEqual(after.doc.properties, { ...before.properties, adminUserEnabled: true });
    assert.deepEqual(after.tags, { owner: 'web-team' });
    assert.equal((after.doc['sku'] as { name: string }).name, 'Premium');
    const unchanged = await counting('acr_update_registry', { resource_group: WEST, registry_name: 'azopspatchacr', admin_enabled: true });
    assert.match(unchanged.text, /Nothing to change: the admin user of azopspatchacr is already on/);
    assert.deepEqual(writes(unchanged.requests), []);
  });

  test('delete: destructive, asks first; a missing registry is a 404, not a quiet success', async () => {
    const listed = await server.client.listTools();
    const annotations = Object.fromEntries(listed.tools.map((t) => [t.name, t.annotations?.destructiveHint]));
    assert.deepEqual(
      ['acr_delete_registry', 'acr_update_registry', 'acr_delete_task', 'acr_update_network_rules', 'acr_create_registry'].map(
        (n) => annotations[n],
      ),
      [true, true, true, true, false],
    );
    const strict = await fixture.server({ AZURE_SUBSCRIPTION_ID: SUB, AZOPS_CONFIRM: 'always' });
    try {
      const refused = await counting('acr_delete_registry', { resource_group: WEST, registry_name: 'azopswestacr' }, strict);
      assert.equal(refused.isError, true);
      assert.match(refused.text, /^Refused: this operation needs confirmation/);
      assert.deepEqual(refused.requests, []);
    } finally {
      await strict.close();
    }
    const missing = await counting('acr_delete_registry', { resource_group: WEST, registry_name: 'azopsnosuchacr' });
    assert.equal(missing.isError, true);
    assert.match(missing.text, /^Not found \(404/);
    assert.deepEqual(writes(missing.requests), []);
    const deleted = await server.call('acr_delete_registry', { resource_group: WEST, registry_name: 'azopswestacr' });
    assert.equal(deleted.isError, false, deleted.text);
    assert.equal(deleted.structured.outcome, 'succeeded');
    assert.equal(fixture.azure.state.resources.get(registryId(WEST, 'azopswestacr')), undefined);
  });
});

describe('admin credentials', () => {
  const passwordsOf = (name: string) => registryCredentials(ensureRegistry(fixture.azure.state, name)).passwords.map((p) => p.value);

  test('masked by default: first 8 and last 4 characters, never the password; no prompt', async () => {
    const prompts: string[] = [];
    const asking = await fixture.server({ AZURE_SUBSCRIPTION_ID: SUB }, { onElicit: (m) => (prompts.push(m), { action: 'decline' }) });
    try {
      const result = await asking.call('acr_get_credentials', { resource_group: SHARED, registry_name: BASIC });
      assert.equal(result.isError, false, result.text);
      assert.equal(prompts.length, 0, 'no confirmation for masked values');
      const [first, second] = passwordsOf(BASIC);
      const shown = (result.structured.passwords as { name: string; value: string }[]).map((p) => p.value);
      assert.deepEqual(shown, [`${first!.slice(0, 8)}...${first!.slice(-4)}`, `${second!.slice(0, 8)}...${second!.slice(-4)}`]);
      assert.equal(result.structured.revealed, false);
      assert.equal(result.structured.username, BASIC);
      assert.match(result.text, /webapp_grant_cr_access/);
    } finally {
      await asking.close();
    }
  });

  test('reveal=true asks first: declined, nothing is read; accepted, the full values, audited without them', async () => {
    const audit = join(tempDir('acr-audit'), 'audit.jsonl');
    let answer: 'accept' | 'decline' = 'decline';
    const prompts: string[] = [];
    const asking = await fixture.server(
      { AZURE_SUBSCRIPTION_ID: SUB, AZOPS_AUDIT_LOG: audit },
      {
        onElicit: (message) => {
          prompts.push(message);
          return answer === 'accept' ? { action: 'accept', content: { confirm: true } } : { action: 'decline' };
        },
      },
    );
    try {
      const declined = await counting('acr_get_credentials', { resource_group: SHARED, registry_name: BASIC, reveal: true }, asking);
      assert.equal(declined.isError, true);
      assert.match(
        declined.text,
        /^Nothing was done: the user declined\. \(Container registry admin credentials .* reveal=true shows the registry admin passwords in full/,
      );
      assert.deepEqual(declined.requests, []);
      answer = 'accept';
      const shown = await counting('acr_get_credentials', { resource_group: SHARED, registry_name: BASIC, reveal: true }, asking);
      assert.equal(shown.isError, false, shown.text);
      revealed.push(shown.text, JSON.stringify(shown.structured));
      assert.deepEqual(
        (shown.structured.passwords as { value: string }[]).map((p) => p.value),
        passwordsOf(BASIC),
      );
      assert.equal(shown.structured.revealed, true);
      assert.equal(prompts.length, 2);
      assert.ok(shown.requests.some((r) => r.method === 'POST' && r.path.endsWith('/listCredentials')));
      const lines = readFileSync(audit, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { tool: string; outcome: string; arguments: { reveal?: boolean } });
      assert.deepEqual(
        lines.map((l) => [l.tool, l.outcome, l.arguments.reveal]),
        [
          ['acr_get_credentials', 'declined', true],
          ['acr_get_credentials', 'started', true],
          ['acr_get_credentials', 'succeeded', true],
        ],
      );
      const auditText = readFileSync(audit, 'utf8');
      for (const password of passwordsOf(BASIC)) {
        assert.ok(!auditText.includes(password), 'a password reached the audit file');
        assert.ok(!asking.stderr().includes(password), 'a password reached the log');
      }
    } finally {
      await asking.close();
    }
  });

  test('reveal=true is refused under AZOPS_CONFIRM=always without elicitation; masked still works there', async () => {
    const strict = await fixture.server({ AZURE_SUBSCRIPTION_ID: SUB, AZOPS_CONFIRM: 'always' });
    try {
      const refused = await counting('acr_get_credentials', { resource_group: SHARED, registry_name: BASIC, reveal: true }, strict);
      assert.equal(refused.isError, true);
      assert.match(refused.text, /^Refused: this operation needs confirmation/);
      assert.deepEqual(refused.requests, []);
      const masked = await strict.call('acr_get_credentials', { resource_group: SHARED, registry_name: BASIC });
      assert.equal(masked.isError, false, masked.text);
    } finally {
      await strict.close();
    }
  });

  test('hidden in read-only mode (listCredentials is a POST that Reader may not make)', async () => {
    const readOnly = await fixture.server({ AZURE_SUBSCRIPTION_ID: SUB, AZOPS_READ_ONLY: 'true' });
    try {
      const result = await counting('acr_get_credentials', { resource_group: SHARED, registry_name: BASIC }, readOnly);
      assert.equal(result.isError, true);
      assert.match(result.text, /read-only mode/);
      assert.deepEqual(result.requests, []);
    } finally {
      await readOnly.close();
    }
  });

  test('with the admin user disabled: a clear error that points to a managed identity, and no listCredentials', async () => {
    const result = await counting('acr_get_credentials', { resource_group: SHARED, registry_name: PREMIUM });
    assert.equal(result.isError, true);
    assert.match(
      result.text,
      /admin user of registry azopsdemopremium is disabled.*webapp_grant_cr_access.*acr_update_registry admin_enabled=true/s,
    );
    assert.ok(!result.requests.some((r) => r.path.endsWith('/listCredentials')));
  });
});

describe('repositories and tags (data plane, with the session credential)', () => {
  test('repositories: most recently pushed first, with counts, the newest digest and size; bounded, across pages', async () => {
    const result = await counting('acr_list_repositories', { resource_group: SHARED, registry_name: BASIC, limit: 2 });
    assert.equal(result.isError, false, result.text);
    const rows = result.structured.items as {
      name: string;
      tagCount: number;
      lastUpdated: string;
      latestDigest: string;
      latestSizeBytes: number;
    }[];
    const registry = ensureRegistry(fixture.azure.state, BASIC);
    const expected = [...registry.repositories.values()].sort((a, b) => b.lastUpdateTime.localeCompare(a.lastUpdateTime));
    assert.deepEqual(
      rows.map((r) => r.name),
      expected.slice(0, 2).map((r) => r.name),
    );
    assert.equal(result.structured.total, expected.length);
    assert.match(String(result.structured.hint), /Showing 2 of 3/);
    const newest = [...expected[0]!.manifests.values()].sort((a, b) => b.lastUpdateTime.localeCompare(a.lastUpdateTime))[0]!;
    assert.deepEqual(
      [rows[0]!.latestDigest, rows[0]!.latestSizeBytes, rows[0]!.tagCount],
      [newest.digest, newest.imageSize, expected[0]!.tags.size],
    );
    const catalogPages = result.requests.filter((r) => r.path === '/acr/v1/_catalog');
    assert.ok(catalogPages.length >= 3, `the catalog is read page by page (${catalogPages.length})`);
    // The SDK exchanged the Entra token for an ACR token at the registry; nothing went to a guessed host.
    assert.ok(result.requests.some((r) => r.host === `${BASIC}.azurecr.io` && r.path === '/oauth2/exchange'));
  });

  test('tags: newest image first, each with digest, size and platform; total from the repository', async () => {
    const result = await server.call('acr_list_tags', {
      resource_group: SHARED,
      registry_name: BASIC,
      repository: 'web/frontend',
      limit: 2,
    });
    assert.equal(result.isError, false, result.text);
    const repository = ensureRegistry(fixture.azure.state, BASIC).repositories.get('web/frontend')!;
    const rows = result.structured.items as { name: string; digest: string; sizeBytes: number; os: string }[];
    assert.deepEqual(
      rows.map((r) => r.name),
      ['1.1.0', 'latest'],
    );
    for (const row of rows) {
      const tag = repository.tags.get(row.name)!;
      assert.equal(row.digest, tag.digest);
      assert.equal(row.sizeBytes, repository.manifests.get(tag.digest)!.imageSize);
      assert.equal(row.os, 'linux');
    }
    assert.equal(result.structured.total, 3);
    assert.ok(result.text.includes(rows[0]!.digest));
  });

  test('a repository name that breaks the Docker rule is refused; an unknown one is a 404', async () => {
    const bad = await counting('acr_list_tags', { resource_group: SHARED, registry_name: BASIC, repository: 'Web/../x' });
    assert.equal(bad.isError, true);
    assert.deepEqual(bad.requests, []);
    const unknown = await server.call('acr_list_tags', { resource_group: SHARED, registry_name: BASIC, repository: 'web/nothing' });
    assert.equal(unknown.isError, true);
    assert.match(unknown.text, /404 NAME_UNKNOWN\): repository name not known to registry/);
  });
});

describe('usage, quotas and network rules', () => {
  test('usage: storage, webhooks, scope maps and tokens against their limits', async () => {
    const result = await server.call('acr_show_usage', { resource_group: SHARED, registry_name: BASIC });
    assert.equal(result.isError, false, result.text);
    const usages = result.structured.usages as { name: string; limit: number; currentValue: number; unit: string }[];
    const size = [...ensureRegistry(fixture.azure.state, BASIC).repositories.values()]
      .flatMap((r) => [...r.manifests.values()])
      .reduce((sum, m) => sum + m.imageSize, 0);
    const sizeRow = usages.find((u) => u.name === 'Size')!;
    assert.deepEqual([sizeRow.currentValue, sizeRow.limit, sizeRow.unit], [size, 10 * 1024 ** 3, 'Bytes']);
    assert.deepEqual(
      usages.map((u) => u.name),
      ['Size', 'Webhooks', 'ScopeMaps', 'Tokens'],
    );
  });

  test('quotas: webhooks at the Basic limit, storage share, and replicas counted on Premium', async () => {
    const store = fixture.azure.state.resources;
    for (const [registry, type, name, location] of [
      [BASIC, 'webhooks', 'hookone', DEMO.location],
      [BASIC, 'webhooks', 'hooktwo', DEMO.location],
      [PREMIUM, 'replications', 'westus', 'westus'],
    ] as const) {
      const written = store.writeResource({
        path: {
          subscriptionId: SUB,
          resourceGroup: SHARED,
          namespace: 'Microsoft.ContainerRegistry',
          chain: [
            { type: 'registries', name: registry },
            { type, name },
          ],
        },
        body: { location, properties: {} },
        actor: ACTOR,
        mode: 'put',
      });
      assert.ok(!('code' in written));
    }
    const basic = await server.call('acr_show_quotas', { resource_group: SHARED, registry_name: BASIC });
    assert.equal(basic.isError, false, basic.text);
    assert.deepEqual(basic.structured.webhooks, { used: 2, limit: 2, note: 'at the Basic limit of 2; Standard allows 10' });
    assert.equal((basic.structured.storageGiB as { limit: number }).limit, 10);
    assert.match(basic.text, /geo-replication needs Premium; Basic has none/);
    const premium = await server.call('acr_show_quotas', { resource_group: SHARED, registry_name: PREMIUM });
    assert.deepEqual([premium.structured.sku, (premium.structured.geoReplications as { used: number }).used], ['Premium', 1]);
  });

  test('network rules are Premium only: a clear error for Basic, nothing changed', async () => {
    for (const [tool, args] of [
      ['acr_list_network_rules', {}],
      ['acr_update_network_rules', { default_action: 'Deny' }],
    ] as const) {
      const result = await counting(tool, { resource_group: SHARED, registry_name: BASIC, ...args });
      assert.equal(result.isError, true);
      assert.match(result.text, /needs the Premium SKU: .* azopsdemoacr is Basic/);
      assert.deepEqual(writes(result.requests), []);
    }
  });

  test('Deny keeps the IP rules; Deny with no allow rule is refused unless confirmed', async () => {
    const result = await counting('acr_update_network_rules', { resource_group: SHARED, registry_name: PREMIUM, default_action: 'Deny' });
    assert.equal(result.isError, false, result.text);
    assert.deepEqual(result.structured.after, {
      defaultAction: 'Deny',
      ipRules: [{ ipAddressOrRange: '203.0.113.0/24', action: 'Allow' }],
      publicNetworkAccess: 'Enabled',
      trustedServicesBypass: 'AzureServices',
    });
    assert.deepEqual(
      writes(result.requests).map((r) => r.method),
      ['PATCH'],
    );
    const listed = await server.call('acr_list_network_rules', { resource_group: SHARED, registry_name: PREMIUM });
    assert.match(listed.text, /default Deny; allowed IP ranges 203\.0\.113\.0\/24/);

    addRegistry(SUB, WEST, 'azopsopenacr', { sku: { name: 'Premium' } });
    const refused = await counting('acr_update_network_rules', {
      resource_group: WEST,
      registry_name: 'azopsopenacr',
      default_action: 'Deny',
    });
    assert.equal(refused.isError, true);
    assert.match(refused.text, /^Refused: Deny with no IP rule would lock every public client out of azopsopenacr/);
    assert.deepEqual(writes(refused.requests), []);
    const confirmed = await server.call('acr_update_network_rules', {
      resource_group: WEST,
      registry_name: 'azopsopenacr',
      default_action: 'Deny',
      confirm_lockout: true,
    });
    assert.equal(confirmed.isError, false, confirmed.text);
    assert.equal((confirmed.structured.after as { defaultAction: string }).defaultAction, 'Deny');
  });
});

describe('the client cache', () => {
  test('set_subscription and account_clear never leave a stale ACR client; acr_reset_client drops only the ACR clients', async () => {
    addRegistry(PROD, DEMO.resourceGroups.prod, 'azopsprodacr', { sku: { name: 'Standard' } });
    const own = await fixture.server({ AZURE_SUBSCRIPTION_ID: SUB });
    try {
      const dev = await own.call('acr_list_registries', {});
      assert.ok(!dev.text.includes('azopsprodacr'), dev.text);
      assert.equal((await own.call('set_subscription', { subscription_id: PROD })).isError, false);
      const prod = await own.call('acr_list_registries', {});
      assert.ok(prod.text.includes('azopsprodacr') && !prod.text.includes(BASIC), prod.text);
      await own.call('list_resource_groups', {});
      const reset = await own.call('acr_reset_client', {});
      assert.equal(reset.isError, false, reset.text);
      assert.equal(reset.structured.dropped, 1, 'only the ACR client of the prod subscription was cached');
      assert.match(reset.text, /cleared/);
      const again = await own.call('acr_reset_client', {});
      assert.equal(again.structured.dropped, 0);
      // account_clear drops them with the credential: the next call builds new ones.
      await own.call('acr_show_registry', { resource_group: DEMO.resourceGroups.prod, registry_name: 'azopsprodacr' });
      assert.equal((await own.call('account_clear', {})).isError, false);
      assert.equal((await own.call('acr_reset_client', {})).structured.dropped, 0);
    } finally {
      await own.close();
    }
  });
});
