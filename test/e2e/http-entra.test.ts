// The server over Streamable HTTP with Entra ID authentication: tokens the emulated Entra signs for this server's
// app registration, checked against its published keys (signature, issuer, audience, expiry, tenant, role), and
// per-caller state for 2026-07-28 clients, which have no sessions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED } from '../../src/emulator/index.js';
import { rawPost, startHttpFixture, type HttpFixture } from '../helpers/http-server.js';

const AUDIENCE = 'api://azops-mcp-test';
const ROLE = 'Azops.Operate';
const [SUB_DEV, SUB_PROD] = SEED.subscriptions.map((s) => s.id) as [string, string];

let fixture: HttpFixture;
before(async () => {
  fixture = await startHttpFixture({
    AZOPS_HTTP_AUTH: 'entra',
    AZOPS_HTTP_ENTRA_TENANT_ID: SEED.tenantId,
    AZOPS_HTTP_ENTRA_AUDIENCE: AUDIENCE,
    AZOPS_HTTP_ENTRA_REQUIRED_ROLE: ROLE,
  });
});
after(() => fixture.close());

const token = (options: Parameters<HttpFixture['azure']['issueApiToken']>[0] = { audience: AUDIENCE, roles: [ROLE] }) =>
  fixture.azure.issueApiToken(options);
const status = async (bearer: string) => (await rawPost(fixture.url, { authorization: `Bearer ${bearer}` })).status;

describe('Entra ID access tokens', () => {
  test('a valid token for this app with the role: tools work on both protocol eras', async () => {
    for (const era of ['legacy', 'modern'] as const) {
      const client = await fixture.connect({ era, token: token() });
      try {
        const result = await client.call('list_resource_groups');
        assert.equal(result.isError, false, result.text);
        assert.match(result.text, new RegExp(`subscription ${SUB_DEV}`));
      } finally {
        await client.close();
      }
    }
  });

  test("Entra's v2.0 token format (issuer login.microsoftonline.com/{tenant}/v2.0, azp) is accepted as well as v1.0", async () => {
    const v2 = token({ audience: AUDIENCE, roles: [ROLE], version: '2.0' });
    const claims = JSON.parse(Buffer.from(v2.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    assert.equal(claims.iss, `https://login.microsoftonline.com/${SEED.tenantId}/v2.0`);
    assert.equal(claims.ver, '2.0');
    assert.equal(claims.azp, SEED.servicePrincipal.clientId);
    assert.equal(await status(v2), 200);
    const client = await fixture.connect({ era: 'modern', token: v2 });
    try {
      assert.equal((await client.call('list_resource_groups')).isError, false);
    } finally {
      await client.close();
    }
    // The other tenant's v2.0 issuer is not this server's.
    const other = fixture.azure.state.findServicePrincipal(SEED.servicePrincipal.clientId, SEED.tenantId)!;
    const foreign = token({ audience: AUDIENCE, roles: [ROLE], version: '2.0', principal: other, tenantId: SEED.otherTenantId });
    assert.equal(await status(foreign), 401);
  });

  test('expired, wrong audience, other tenant, unsigned or re-signed tokens: 401 invalid_token', async () => {
    const other = fixture.azure.state.findServicePrincipal(SEED.servicePrincipal.clientId, SEED.tenantId)!;
    const valid = token();
    const [header, payload] = valid.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: [ROLE, 'Admin'] })).toString('base64url')}.${valid.split('.')[2]}`;
    const cases: Record<string, string> = {
      expired: token({ audience: AUDIENCE, roles: [ROLE], lifetimeSeconds: -600 }),
      'wrong audience': token({ audience: 'api://some-other-app', roles: [ROLE] }),
      'another tenant': token({ audience: AUDIENCE, roles: [ROLE], principal: other, tenantId: SEED.otherTenantId }),
      'an Azure service token (random signature)': fixture.azure.state.tokens.issue({
        kind: 'client_credentials',
        principal: other,
        tenantId: SEED.tenantId,
        audience: 'https://management.azure.com',
      }).token,
      'claims changed after signing': forged,
      'not a JWT': 'definitely-not-a-jwt',
      // Signed for this app, but with neither scp nor roles: not an access token for this API (an ID token, say).
      'no scp or roles': token({ audience: AUDIENCE }),
    };
    for (const [what, bearer] of Object.entries(cases)) {
      const response = await rawPost(fixture.url, { authorization: `Bearer ${bearer}` });
      assert.equal(response.status, 401, what);
      assert.match(response.headers.get('www-authenticate') ?? '', /error="invalid_token"/, what);
      assert.match(response.headers.get('www-authenticate') ?? '', /resource_metadata="/, what);
    }
    await assert.rejects(fixture.connect({ era: 'modern', token: cases.expired }));
  });

  test('a valid token without the required role: 403 insufficient_scope; a delegated scope of that name also counts', async () => {
    const response = await rawPost(fixture.url, { authorization: `Bearer ${token({ audience: AUDIENCE, roles: ['Other.Role'] })}` });
    assert.equal(response.status, 403);
    const challenge = response.headers.get('www-authenticate') ?? '';
    assert.match(challenge, /error="insufficient_scope"/);
    // The scope a client can ask Entra for (the app's .default), not the bare role name, which Entra would refuse.
    assert.match(challenge, new RegExp(`scope="${AUDIENCE}/\\.default"`));
    assert.doesNotMatch(challenge, new RegExp(ROLE));
    const user = fixture.azure.state.findUser(SEED.cliUser.upn)!;
    assert.equal(await status(token({ audience: AUDIENCE, principal: user, scp: `User.Read ${ROLE}` })), 200);
  });

  test('the metadata names the tenant as authorization server', async () => {
    const metadata = (await (await fetch(new URL('/.well-known/oauth-protected-resource/mcp', fixture.url))).json()) as Record<
      string,
      unknown
    >;
    assert.deepEqual(metadata.authorization_servers, [`https://login.microsoftonline.com/${SEED.tenantId}/v2.0`]);
    assert.equal(metadata.resource, fixture.url.href);
  });

  test('signing keys rotate: a token signed with a new key is accepted once the keys are fetched again', async () => {
    assert.equal(await status(token()), 200);
    const keyRequests = () => fixture.azure.requests.filter((r) => r.path.endsWith('/discovery/v2.0/keys')).length;
    const before = keyRequests();
    fixture.azure.rotateSigningKey();
    // An unknown key id makes the verifier fetch the keys again, at most once per 5 s cooldown: ask until accepted.
    let accepted = false;
    for (let i = 0; i < 15 && !accepted; i++) {
      accepted = (await status(token())) === 200;
      if (!accepted) await new Promise((r) => setTimeout(r, 1000));
    }
    assert.ok(accepted, 'a token signed with the rotated key was never accepted');
    assert.ok(keyRequests() > before, 'the keys were not fetched again');
  });
});

describe('per-caller state', () => {
  test('2026-07-28 callers (no sessions) each keep their own subscription; a 2025 session cannot be used by another caller', async () => {
    const user = fixture.azure.state.findUser(SEED.cliUser.upn)!;
    const appToken = token();
    const userToken = token({ audience: AUDIENCE, principal: user, scp: ROLE });
    const app = await fixture.connect({ era: 'modern', token: appToken });
    const person = await fixture.connect({ era: 'modern', token: userToken });
    const legacy = await fixture.connect({ era: 'legacy', token: appToken });
    try {
      await app.call('set_subscription', { subscription_id: SUB_PROD });
      assert.match((await app.call('list_resource_groups')).text, new RegExp(`subscription ${SUB_PROD}`));
      assert.match((await person.call('list_resource_groups')).text, new RegExp(`subscription ${SUB_DEV}`));
      assert.match((await legacy.call('list_resource_groups')).text, new RegExp(`subscription ${SUB_DEV}`));
      // A second connection of the same caller sees the caller's choice.
      const again = await fixture.connect({ era: 'modern', token: appToken });
      assert.match((await again.call('list_resource_groups')).text, new RegExp(`subscription ${SUB_PROD}`));
      await again.close();

      const sessionId = (legacy.client.transport as { sessionId?: string } | undefined)?.sessionId;
      assert.ok(sessionId, 'the 2025 client has a session id');
      const hijack = await rawPost(
        fixture.url,
        { authorization: `Bearer ${userToken}`, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
        { jsonrpc: '2.0', id: 9, method: 'tools/list' },
      );
      assert.equal(hijack.status, 404, "another caller's session id must not work");
    } finally {
      await Promise.all([app.close(), person.close(), legacy.close()]);
    }
  });
});
