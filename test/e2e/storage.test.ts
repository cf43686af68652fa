// Issue 5, storage side: list_storage_accounts (subscription-wide and by group, across pages) and
// get_storage_status with its security posture, through a real MCP client against the emulated Azure.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, type RecordedRequest } from '../../src/emulator/index.js';
import { startInProcessFixture, type InProcessFixture } from '../helpers/in-process.js';
import { type RunningServer } from '../helpers/server-process.js';

const SUB = DEMO.devSubscriptionId;
const SHARED = DEMO.resourceGroups.shared;
const [DATA, LOGS] = DEMO.storageAccounts;
/** Added by this test: one more account in another group, and one in the production subscription. */
const EXTRA = 'azopsextraweb';
const PROD_ACCOUNT = 'azopsprodonly';

let fixture: InProcessFixture;
let server: RunningServer;

function addAccount(subscriptionId: string, resourceGroup: string, name: string): void {
  const written = fixture.azure.state.resources.writeResource({
    path: { subscriptionId, resourceGroup, namespace: 'Microsoft.Storage', chain: [{ type: 'storageAccounts', name }] },
    body: {
      location: 'westeurope',
      kind: 'BlobStorage',
      sku: { name: 'Standard_RAGRS' },
      properties: { accessTier: 'Hot', minimumTlsVersion: 'TLS1_2' },
    },
    actor: { name: 'test', type: 'User', objectId: '00000000-0000-0000-0000-000000000001', tenantId: DEMO.tenantId },
    mode: 'put',
  });
  assert.ok(!('code' in written), `could not add ${name}`);
}

before(async () => {
  // Pages of one account, so every list here also exercises nextLink.
  fixture = await startInProcessFixture({ demo: true, pageSize: 1 });
  addAccount(SUB, DEMO.resourceGroups.web, EXTRA);
  addAccount(DEMO.prodSubscriptionId, DEMO.resourceGroups.prod, PROD_ACCOUNT);
  server = await fixture.server({ AZURE_SUBSCRIPTION_ID: SUB });
});
after(async () => {
  await server?.close();
  fixture.assertNoLeaks();
  await fixture.close();
});

async function listed(
  args: Record<string, unknown>,
): Promise<{ rows: Record<string, unknown>[]; structured: Record<string, unknown>; text: string; requests: RecordedRequest[] }> {
  const from = fixture.azure.requests.length;
  const result = await server.call('list_storage_accounts', args);
  assert.equal(result.isError, false, result.text);
  const rows = (result.structured.items as Record<string, unknown>[]).slice().sort((a, b) => String(a.name).localeCompare(String(b.name)));
  return {
    rows,
    structured: result.structured,
    text: result.text,
    requests: fixture.azure.requests.slice(from).filter((r) => /\/providers\/Microsoft\.Storage\/storageAccounts$/i.test(r.path)),
  };
}

describe('list_storage_accounts', () => {
  test('subscription-wide: every account of the active subscription, with kind, SKU, location and state, across pages', async () => {
    const { rows, structured, text, requests } = await listed({});
    assert.deepEqual(
      rows.map(({ name, resourceGroup, kind, sku, location, state }) => ({ name, resourceGroup, kind, sku, location, state })),
      [
        { name: DATA, resourceGroup: SHARED, kind: 'StorageV2', sku: 'Standard_GRS', location: 'eastus', state: 'Succeeded' },
        { name: LOGS, resourceGroup: SHARED, kind: 'StorageV2', sku: 'Standard_LRS', location: 'eastus', state: 'Succeeded' },
        {
          name: EXTRA,
          resourceGroup: DEMO.resourceGroups.web,
          kind: 'BlobStorage',
          sku: 'Standard_RAGRS',
          location: 'westeurope',
          state: 'Succeeded',
        },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    );
    assert.equal(structured.total, 3);
    assert.ok(!rows.some((r) => r.name === PROD_ACCOUNT), 'an account of another subscription was listed');
    assert.match(text, new RegExp(`^Storage accounts in subscription ${SUB} \\(3\\):`));
    // The group get_storage_status needs is on the row; Succeeded, the normal state, is not repeated on every line.
    assert.match(text, new RegExp(`^- ${LOGS} \\(resource group ${SHARED}\\): StorageV2, Standard_LRS, eastus$`, 'm'));
    assert.equal(requests.length, 3, 'three pages of one');
    for (const r of requests) assert.equal(r.path, `/subscriptions/${SUB}/providers/Microsoft.Storage/storageAccounts`);
  });

  test("by resource group: only that group's accounts", async () => {
    const shared = await listed({ resource_group: SHARED });
    assert.deepEqual(
      shared.rows.map((r) => r.name),
      [DATA, LOGS],
    );
    assert.equal(shared.structured.total, 2);
    assert.match(shared.text, new RegExp(`^Storage accounts in resource group ${SHARED} \\(2\\):`));
    assert.ok(shared.requests.length >= 1);
    for (const r of shared.requests)
      assert.equal(r.path, `/subscriptions/${SUB}/resourceGroups/${SHARED}/providers/Microsoft.Storage/storageAccounts`);

    const web = await listed({ resource_group: DEMO.resourceGroups.web });
    assert.deepEqual(
      web.rows.map((r) => r.name),
      [EXTRA],
    );
    const compute = await listed({ resource_group: DEMO.resourceGroups.compute });
    assert.equal(compute.structured.total, 0);
    assert.deepEqual(compute.rows, []);
    assert.equal(compute.text, `No storage accounts in resource group ${DEMO.resourceGroups.compute}.`);
  });

  test('limit bounds the output and says how to narrow it', async () => {
    // Pages of one account: the second page says more exist, and no third page is fetched.
    const { structured, requests } = await listed({ limit: 1 });
    assert.equal(structured.more, true);
    assert.equal(structured.shown, 1);
    assert.match(String(structured.hint), /^Showing the first 1; more exist\. Raise limit \(up to 1000\) or narrow with resource_group\.$/);
    assert.equal(requests.length, 2, 'paging stopped at the limit');
    const all = await listed({ limit: 3 });
    assert.equal(all.structured.total, 3);
    assert.equal(all.structured.more, undefined);
  });

  test('a missing resource group is a 404 naming it', async () => {
    const result = await server.call('list_storage_accounts', { resource_group: 'rg-nope' });
    assert.equal(result.isError, true);
    assert.match(
      result.text,
      /^Not found \(404 ResourceGroupNotFound\): Resource group 'rg-nope' could not be found\./,
      "Azure's own message",
    );
  });
});

describe('get_storage_status', () => {
  test('azopsdemologs: kind, SKU, tier, endpoints, and a weak security posture with findings', async () => {
    const result = await server.call('get_storage_status', { resource_group: SHARED, account_name: LOGS });
    assert.equal(result.isError, false, result.text);
    const s = result.structured;
    assert.equal(s.name, LOGS);
    assert.equal(s.resourceGroup, SHARED);
    assert.equal(s.kind, 'StorageV2');
    assert.equal(s.sku, 'Standard_LRS');
    assert.equal(s.accessTier, 'Cool');
    assert.equal(s.state, 'Succeeded');
    assert.equal(s.location, 'eastus');
    const endpoints = s.endpoints as Record<string, string>;
    assert.equal(endpoints.blob, `https://${LOGS}.blob.core.windows.net/`);
    assert.equal(endpoints.file, `https://${LOGS}.file.core.windows.net/`);
    assert.equal(endpoints.dfs, `https://${LOGS}.dfs.core.windows.net/`);
    assert.deepEqual(s.security, {
      httpsOnly: false,
      minimumTlsVersion: 'TLS1_0',
      publicNetworkAccess: 'Enabled',
      firewallDefaultAction: 'Allow',
      allowBlobPublicAccess: true,
      allowSharedKeyAccess: true,
    });
    assert.deepEqual(s.findings, [
      'HTTP (not only HTTPS) traffic is allowed',
      'minimum TLS version is TLS1_0',
      'anonymous blob public access is allowed',
      'shared-key (account key) access is allowed',
      'reachable from all public networks (no firewall)',
    ]);
    assert.match(result.text, /^azopsdemologs in rg-shared: StorageV2, Standard_LRS, tier Cool, Succeeded, eastus\./);
    assert.match(result.text, /Endpoints: blob https:\/\/azopsdemologs\.blob\.core\.windows\.net\//);
    assert.match(
      result.text,
      /Security: HTTPS only false, min TLS TLS1_0, public network Enabled, blob public access true, shared key true\./,
    );
    assert.match(result.text, /Review: .*minimum TLS version is TLS1_0; anonymous blob public access is allowed/);
  });

  test('azopsdemodata: a well-configured account has no findings; its firewall limits public access', async () => {
    const result = await server.call('get_storage_status', { resource_group: SHARED, account_name: DATA });
    assert.equal(result.isError, false, result.text);
    const s = result.structured;
    assert.equal(s.kind, 'StorageV2');
    assert.equal(s.sku, 'Standard_GRS');
    assert.equal(s.accessTier, 'Hot');
    assert.equal((s.endpoints as Record<string, string>).blob, `https://${DATA}.blob.core.windows.net/`);
    assert.deepEqual(s.security, {
      httpsOnly: true,
      minimumTlsVersion: 'TLS1_2',
      publicNetworkAccess: 'Enabled',
      firewallDefaultAction: 'Deny',
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
    });
    assert.deepEqual(s.findings, []);
    assert.match(result.text, /public network Enabled \(selected networks only\)/);
    assert.match(result.text, /No security findings\.$/);
  });

  test('a missing account is a 404 naming it', async () => {
    const result = await server.call('get_storage_status', { resource_group: SHARED, account_name: 'azopsnope' });
    assert.equal(result.isError, true);
    assert.match(result.text, /^Not found \(404 ResourceNotFound\)/);
    assert.match(result.text, /azopsnope/);
  });

  test('both storage tools are read-only', async () => {
    const tools = new Map((await server.client.listTools()).tools.map((t) => [t.name, t]));
    for (const name of ['list_storage_accounts', 'get_storage_status']) {
      assert.equal(tools.get(name)?.annotations?.readOnlyHint, true, name);
      assert.equal(tools.get(name)?.annotations?.destructiveHint, false, name);
    }
  });
});
