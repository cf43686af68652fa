import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED } from '../../src/emulator/index.js';
import { startAzureFixture, type AzureFixture } from '../helpers/azure-fixture.js';
import { spawnServer } from '../helpers/server-process.js';

let fixture: AzureFixture;
before(async () => {
  fixture = await startAzureFixture();
});
after(async () => {
  fixture.assertNoLeaks();
  await fixture.close();
});

const subscription = () => ({ AZURE_SUBSCRIPTION_ID: SEED.subscriptions[0]!.id });

describe('credential priority', () => {
  test('service principal: all three variables set, it issues the token and is reported', async () => {
    const before = { ...fixture.azure.tokenRequests };
    const server = await spawnServer(fixture.env('service-principal', subscription()));
    try {
      const status = await server.call('auth_status');
      assert.equal(status.isError, false);
      assert.equal(status.structured.authenticated, true);
      assert.equal(status.structured.method, 'Service principal');
      const identity = status.structured.identity as Record<string, unknown>;
      assert.equal(identity.type, 'servicePrincipal');
      assert.equal(identity.appId, SEED.servicePrincipal.clientId);
      assert.equal(identity.tenantId, SEED.tenantId);
      assert.equal(fixture.azure.tokenRequests.client_credentials, before.client_credentials + 1);
      assert.equal(fixture.azure.tokenRequests.az_cli, before.az_cli, 'az must not be asked when a service principal is configured');
    } finally {
      await server.close();
    }
  });

  test('Azure CLI: no service principal, az signed in', async () => {
    const server = await spawnServer(fixture.env('azure-cli', subscription()));
    try {
      const status = await server.call('auth_status');
      assert.equal(status.structured.method, 'Azure CLI');
      const identity = status.structured.identity as Record<string, unknown>;
      assert.equal(identity.type, 'user');
      assert.equal(identity.name, SEED.cliUser.upn);
      assert.match(status.text, /Authenticated with Azure CLI/);
    } finally {
      await server.close();
    }
  });

  test('managed identity: az missing, the identity endpoint answers', async () => {
    const before = fixture.azure.tokenRequests.managed_identity;
    const server = await spawnServer(fixture.env('managed-identity', subscription()));
    try {
      const status = await server.call('auth_status');
      assert.equal(status.structured.method, 'Managed identity');
      assert.equal((status.structured.identity as Record<string, unknown>).type, 'managedIdentity');
      assert.equal(fixture.azure.tokenRequests.managed_identity, before + 1);
      const show = await server.call('account_show');
      assert.equal(show.isError, false, show.text);
      assert.deepEqual(show.structured.user, { name: 'systemAssignedIdentity', type: 'servicePrincipal' });
    } finally {
      await server.close();
    }
  });

  test('managed identity is used when az is installed but not signed in', async () => {
    const server = await spawnServer(
      fixture.env('managed-identity', { ...subscription(), PATH: fixture.env('azure-cli').PATH!, AZ_STANDIN_LOGGED_OUT: '1' }),
    );
    try {
      const status = await server.call('auth_status');
      assert.equal(status.structured.method, 'Managed identity');
    } finally {
      await server.close();
    }
  });
});

describe('failures', () => {
  test('a wrong service-principal secret is an error naming the service principal, with no fallback', async () => {
    const before = { ...fixture.azure.tokenRequests };
    const spawnsBefore = fixture.az.spawnCount();
    const server = await spawnServer(
      fixture.env('service-principal', { ...subscription(), AZURE_CLIENT_SECRET: 'definitely-the-wrong-secret' }),
    );
    try {
      const result = await server.call('list_subscriptions');
      assert.equal(result.isError, true);
      assert.match(result.text, new RegExp(`Service principal ${SEED.servicePrincipal.clientId}`));
      assert.match(result.text, /secret/i);
      const status = await server.call('auth_status');
      assert.equal(status.isError, false, 'auth_status never fails outright');
      assert.equal(status.structured.authenticated, false);
      assert.match(String(status.structured.problem), /AZURE_CLIENT_SECRET/);
      assert.equal(fixture.az.spawnCount(), spawnsBefore, 'az was spawned: the service principal fell back');
      assert.equal(fixture.azure.tokenRequests.az_cli, before.az_cli);
      assert.equal(fixture.azure.tokenRequests.managed_identity, before.managed_identity);
      assert.ok(!server.stderr().includes('definitely-the-wrong-secret'), 'the secret reached the log');
    } finally {
      await server.close();
    }
  });

  test('a partial service principal is reported at start-up and by auth_status', async () => {
    const server = await spawnServer(
      fixture.env('azure-cli', { ...subscription(), AZURE_CLIENT_ID: SEED.servicePrincipal.clientId, AZURE_TENANT_ID: SEED.tenantId }),
    );
    try {
      const status = await server.call('auth_status');
      assert.equal(status.structured.method, 'Azure CLI');
      const warnings = status.structured.warnings as string[];
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /Partial service principal.*AZURE_CLIENT_SECRET/);
      assert.match(server.stderr(), /WARNING azops-mcp: Partial service principal/);
    } finally {
      await server.close();
    }
  });

  test('nothing configured: one error listing each method, why it failed and the fix', async () => {
    const server = await spawnServer(fixture.env('none', subscription()));
    try {
      const result = await server.call('list_locations');
      assert.equal(result.isError, true);
      assert.match(result.text, /No Azure credential worked/);
      assert.match(result.text, /1\. Azure CLI: .*Fix: Install the Azure CLI/);
      assert.match(result.text, /2\. Managed identity: .*Fix: Managed identity exists only on Azure compute/);
      const status = await server.call('auth_status');
      assert.equal(status.structured.authenticated, false);
      assert.match(String(status.structured.problem), /Azure CLI.*\n.*Managed identity/);
    } finally {
      await server.close();
    }
  });
});

describe('token cache and account_clear', () => {
  test('az is spawned once per scope across many calls; account_clear forces a new token request', async () => {
    const spawnsBefore = fixture.az.spawnCount();
    const server = await spawnServer(fixture.env('azure-cli', subscription()));
    try {
      for (let i = 0; i < 8; i++) {
        const r = await server.call(i % 2 ? 'list_subscriptions' : 'list_locations');
        assert.equal(r.isError, false, r.text);
      }
      await server.call('auth_status');
      assert.equal(fixture.az.spawnCount() - spawnsBefore, 1, 'one az spawn for the ARM scope');
      await server.call('account_get_access_token', { resource: 'keyvault' });
      await server.call('account_get_access_token', { resource: 'https://vault.azure.net' });
      assert.equal(fixture.az.spawnCount() - spawnsBefore, 2, 'one more for the Key Vault scope, then cached');

      const tokensBefore = fixture.azure.tokenRequests.az_cli;
      const cleared = await server.call('account_clear');
      assert.equal(cleared.isError, false);
      await server.call('list_subscriptions');
      assert.equal(fixture.azure.tokenRequests.az_cli, tokensBefore + 1, 'account_clear must force a new token request');
    } finally {
      await server.close();
    }
  });

  test('account_clear drops the service principal token cache too', async () => {
    const server = await spawnServer(fixture.env('service-principal', subscription()));
    try {
      await server.call('list_subscriptions');
      await server.call('list_tenants');
      const before = fixture.azure.tokenRequests.client_credentials;
      await server.call('list_subscriptions');
      assert.equal(fixture.azure.tokenRequests.client_credentials, before, 'cached token reused');
      await server.call('account_clear');
      await server.call('list_subscriptions');
      assert.equal(fixture.azure.tokenRequests.client_credentials, before + 1);
    } finally {
      await server.close();
    }
  });
});

describe('Azure errors', () => {
  test('a token Azure no longer accepts is replaced once; when the fresh one is refused too, the 401 says to sign in again', async () => {
    const server = await spawnServer(fixture.env('service-principal', subscription()));
    try {
      assert.equal((await server.call('list_subscriptions')).isError, false);
      fixture.azure.expireAllTokens();
      const recovered = await server.call('list_subscriptions');
      assert.equal(recovered.isError, false, `a revoked token was not replaced: ${recovered.text}`);
      const always = fixture.azure.faults.add({ path: '/subscriptions', times: Number.POSITIVE_INFINITY, fault: { kind: 'expireTokens' } });
      const result = await server.call('list_subscriptions');
      always.remove();
      assert.equal(result.isError, true);
      assert.match(
        result.text,
        /^Azure rejected the credentials \(401 ExpiredAuthenticationToken\).*Sign in again.*account_clear.*request id [0-9a-f-]{36}/s,
      );
      await server.call('account_clear');
      const again = await server.call('list_subscriptions');
      assert.equal(again.isError, false, again.text);
    } finally {
      await server.close();
    }
  });
});
