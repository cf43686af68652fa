// The server over Streamable HTTP with a static bearer token: who gets in, DNS-rebinding protection, per-session
// state, concurrency, and consent on both protocol eras (2026-07-28 multi-round-trip, 2025-11-25 elicitation).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { Client, StreamableHTTPClientTransport, type InputRequiredResult } from '@modelcontextprotocol/client';
import { SEED } from '../../src/emulator/index.js';
import { ERAS, PROTOCOL, rawPost, startHttpFixture, type HttpFixture } from '../helpers/http-server.js';

const TOKEN = 'test-token-0123456789abcdef';
const [SUB_DEV, SUB_PROD] = SEED.subscriptions.map((s) => s.id) as [string, string];
const UNKNOWN_ASSIGNMENT = '0f0e0d0c-0b0a-4909-8807-060504030201';
const deleteCall = { name: 'delete_role_assignment', arguments: { assignment_id: UNKNOWN_ASSIGNMENT } };

let fixture: HttpFixture;
before(async () => {
  fixture = await startHttpFixture({ AZOPS_HTTP_TOKEN: TOKEN, AZOPS_HTTP_ALLOWED_ORIGINS: 'app.example.test' });
});
after(() => fixture.close());

/** Requests that reached Azure's role assignments: what a destructive call sends only once allowed. */
const authorizationDeletes = () => fixture.azure.requests.filter((r) => /Microsoft\.Authorization\/roleAssignments/i.test(r.path)).length;

describe('authentication', () => {
  test('no token: 401 with a bearer challenge naming the protected-resource metadata, which describes this endpoint', async () => {
    const response = await rawPost(fixture.url, {});
    assert.equal(response.status, 401);
    const challenge = response.headers.get('www-authenticate') ?? '';
    assert.match(challenge, /^Bearer /);
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
    assert.equal(metadataUrl, new URL('/.well-known/oauth-protected-resource/mcp', fixture.url).href);
    for (const path of [metadataUrl!, new URL('/.well-known/oauth-protected-resource', fixture.url).href]) {
      const metadata = await fetch(path);
      assert.equal(metadata.status, 200, path);
      const document = (await metadata.json()) as Record<string, unknown>;
      assert.equal(document.resource, fixture.url.href);
      assert.deepEqual(document.bearer_methods_supported, ['header']);
    }
  });

  test('behind a proxy that ends TLS (X-Forwarded-Proto: https) the challenge and the metadata name the https URL', async () => {
    // RFC 9728: a client compares the metadata's resource with the URL it called, which is the proxy's https one.
    const viaProxy = new URL(fixture.url.href.replace(/^http:/, 'https:'));
    const response = await rawPost(fixture.url, { 'x-forwarded-proto': 'https' });
    assert.equal(response.status, 401);
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(response.headers.get('www-authenticate') ?? '')?.[1];
    assert.equal(metadataUrl, new URL('/.well-known/oauth-protected-resource/mcp', viaProxy).href);
    const metadata = await fetch(new URL('/.well-known/oauth-protected-resource/mcp', fixture.url), {
      headers: { 'x-forwarded-proto': 'https' },
    });
    assert.equal(((await metadata.json()) as Record<string, unknown>).resource, viaProxy.href);
    // Anything but http or https is ignored.
    const odd = await fetch(new URL('/.well-known/oauth-protected-resource/mcp', fixture.url), {
      headers: { 'x-forwarded-proto': 'gopher' },
    });
    assert.equal(((await odd.json()) as Record<string, unknown>).resource, fixture.url.href);
  });

  test('a wrong token: 401, and a real client cannot connect; the token never appears in the logs', async () => {
    for (const token of ['wrong-token-0123456789abcdef', `${TOKEN}x`, TOKEN.slice(0, -1)]) {
      const response = await rawPost(fixture.url, { authorization: `Bearer ${token}` });
      assert.equal(response.status, 401, token);
      assert.match(response.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    }
    await assert.rejects(fixture.connect({ token: 'wrong-token-0123456789abcdef' }));
    await assert.rejects(fixture.connect({ era: 'modern', token: 'wrong-token-0123456789abcdef' }));
    const good = await fixture.connect({ token: TOKEN });
    assert.equal((await good.call('health_check')).isError, false);
    await good.close();
    assert.ok(!fixture.logs().includes(TOKEN), 'the bearer token appeared in a log line');
  });

  test('a refused request is answered from its headers: an unauthenticated body over the limit gets 401, not read (413)', async () => {
    const huge = 'x'.repeat(1_200_000); // over AZOPS_HTTP_MAX_BODY_BYTES (1 MiB by default)
    const anonymous = await rawPost(fixture.url, {}, huge);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('connection'), 'close');
    const foreign = await rawPost(fixture.url, { authorization: `Bearer ${TOKEN}`, origin: 'https://evil.example' }, huge);
    assert.equal(foreign.status, 403);
    // With a valid token the body is read, and refused for its size.
    assert.equal((await rawPost(fixture.url, { authorization: `Bearer ${TOKEN}` }, huge)).status, 413);
  });

  test('a foreign Origin or Host is refused with 403 before authentication (DNS rebinding); allowed ones pass', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const foreign = await rawPost(fixture.url, { ...auth, origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    const nullOrigin = await rawPost(fixture.url, { ...auth, origin: 'null' });
    assert.equal(nullOrigin.status, 403);
    for (const origin of ['http://localhost:3000', 'https://app.example.test']) {
      const allowed = await rawPost(fixture.url, { ...auth, origin });
      assert.equal(allowed.status, 200, origin);
    }
    // fetch always sends the real Host; a rebinding attacker's page sends its own name.
    const badHost = await new Promise<number>((resolve, reject) =>
      request(fixture.url, { method: 'GET', headers: { host: `attacker.example:${fixture.url.port}`, ...auth } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end(),
    );
    assert.equal(badHost, 403);
    const client = await fixture.connect({ token: TOKEN, headers: { origin: 'https://evil.example' } }).catch((e: Error) => e);
    assert.ok(client instanceof Error, 'a client sending a foreign Origin must not get in');
  });

  test('a session belongs to whoever opened it: a request with an unknown session id gets 404', async () => {
    const response = await rawPost(
      fixture.url,
      { authorization: `Bearer ${TOKEN}`, 'mcp-session-id': 'not-a-session' },
      {
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/list',
      },
    );
    assert.equal(response.status, 404);
  });
});

describe('protocol versions', () => {
  test('an initialize for each older version the SDK serves gets that version back (2025-11-25 back to 2024-11-05)', async () => {
    for (const version of ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05']) {
      const response = await rawPost(
        fixture.url,
        { authorization: `Bearer ${TOKEN}` },
        {
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
        },
      );
      assert.equal(response.status, 200, version);
      assert.ok(response.headers.get('mcp-session-id'), `${version}: a session id`);
      assert.match(await response.text(), new RegExp(`"protocolVersion":"${version}"`), version);
    }
  });
});

describe('tools over HTTP', () => {
  test("the local toolset (this machine's Docker and host) is neither listed nor callable unless named", async () => {
    const client = await fixture.connect({ token: TOKEN });
    try {
      const { tools } = await client.client.listTools();
      const names = tools.map((t) => t.name);
      assert.ok(names.includes('list_vms') && names.includes('health_check'));
      for (const name of ['list_containers', 'get_system_metrics', 'restart_container']) assert.ok(!names.includes(name), name);
      const refused = await client.call('list_containers');
      assert.equal(refused.isError, true);
      assert.match(refused.text, /leaves out local .*Add the local toolset/);
    } finally {
      await client.close();
    }
  });
});

describe('sessions', () => {
  test('two sessions with different subscriptions do not interfere', async () => {
    const [a, b] = await Promise.all([fixture.connect({ token: TOKEN }), fixture.connect({ token: TOKEN })]);
    try {
      assert.equal((await a.call('set_subscription', { subscription_id: SUB_PROD })).isError, false);
      const [inA, inB] = await Promise.all([a.call('list_resource_groups'), b.call('list_resource_groups')]);
      assert.match(inA.text, new RegExp(`subscription ${SUB_PROD}`));
      assert.match(inB.text, new RegExp(`subscription ${SUB_DEV}`));
      assert.equal(((await b.call('auth_status')).structured.subscription as { id: string }).id, SUB_DEV);
      assert.equal(((await a.call('account_show')).structured as { id: string }).id, SUB_PROD);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test("account_clear in one session drops that session's state, not the credential every caller shares", async () => {
    const [a, b] = await Promise.all([fixture.connect({ token: TOKEN }), fixture.connect({ token: TOKEN })]);
    try {
      assert.equal((await b.call('list_resource_groups')).isError, false);
      const tokens = () => Object.values(fixture.azure.tokenRequests).reduce((sum, n) => sum + n, 0);
      const tokensBefore = tokens();
      const cleared = await a.call('account_clear');
      assert.deepEqual(cleared.structured.cleared, ['subscription override', 'Azure SDK clients']);
      assert.match(cleared.text, /credential, shared by every caller over HTTP, was kept/);
      assert.equal((await a.call('list_resource_groups')).isError, false);
      assert.equal((await b.call('list_resource_groups')).isError, false);
      assert.equal(tokens(), tokensBefore, 'no caller had to sign in again');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test("a call's log lines reach its client as MCP log messages, above the level the client set", async () => {
    const client = await fixture.connect({ token: TOKEN });
    try {
      const messages: { level: string; data: unknown }[] = [];
      client.client.setNotificationHandler(
        'notifications/message',
        (n) => void messages.push({ level: n.params.level, data: n.params.data }),
      );
      await client.client.setLoggingLevel('info');
      await client.call(deleteCall.name, deleteCall.arguments);
      // No elicitation in this client and AZOPS_CONFIRM=auto: the info line says so; the failure is a warning.
      assert.ok(
        messages.some((m) => m.level === 'info' && /delete_role_assignment: client-side approval/.test(String(m.data))),
        JSON.stringify(messages),
      );
      assert.ok(
        messages.some((m) => m.level === 'warning' && /delete_role_assignment failed/.test(String(m.data))),
        JSON.stringify(messages),
      );
      messages.length = 0;
      await client.client.setLoggingLevel('error');
      await client.call(deleteCall.name, deleteCall.arguments);
      assert.deepEqual(messages, []);
    } finally {
      await client.close();
    }
  });

  test('100 concurrent calls from 10 sessions (both protocol eras) all succeed, each in its own subscription', async () => {
    const sessions = await Promise.all(
      Array.from({ length: 10 }, (_, i) => fixture.connect({ token: TOKEN, era: i % 2 ? 'modern' : 'legacy' })),
    );
    try {
      // The legacy sessions alternate subscriptions; the modern ones share the token's caller state and stay in dev.
      await Promise.all(sessions.map((s, i) => (i % 4 === 0 ? s.call('set_subscription', { subscription_id: SUB_PROD }) : undefined)));
      const results = await Promise.all(
        sessions.flatMap((s, i) => Array.from({ length: 10 }, () => s.call('list_resource_groups').then((r) => ({ r, i })))),
      );
      assert.equal(results.length, 100);
      for (const { r, i } of results) {
        assert.equal(r.isError, false, r.text);
        const expected = i % 4 === 0 ? SUB_PROD : SUB_DEV;
        assert.match(r.text, new RegExp(`subscription ${expected}`), `session ${i}`);
      }
      assert.equal(fixture.http.app.sessions.counts.sessions >= 5, true);
    } finally {
      await Promise.all(sessions.map((s) => s.close()));
    }
  });
});

describe('consent on both protocol eras', () => {
  for (const era of ERAS) {
    test(`${PROTOCOL[era]}: the prompt shows the call; accepting runs it, declining does nothing`, async () => {
      const prompts: string[] = [];
      const accepting = await fixture.connect({
        era,
        token: TOKEN,
        onElicit: (message) => (prompts.push(message), { action: 'accept', content: { confirm: true } }),
      });
      const declining = await fixture.connect({ era, token: TOKEN, onElicit: () => ({ action: 'decline' }) });
      try {
        const before = authorizationDeletes();
        const accepted = await accepting.call(deleteCall.name, deleteCall.arguments);
        assert.equal(prompts.length, 1);
        assert.match(prompts[0]!, new RegExp(`delete_role_assignment.*assignment_id=${UNKNOWN_ASSIGNMENT}.*subscription ${SUB_DEV}`));
        assert.match(accepted.text, /No role assignment named/);
        assert.ok(authorizationDeletes() > before, 'accepted: the call should reach Azure');
        const middle = authorizationDeletes();
        const declined = await declining.call(deleteCall.name, deleteCall.arguments);
        assert.equal(declined.isError, true);
        assert.match(declined.text, /^Nothing was done: the user declined/);
        assert.equal(authorizationDeletes(), middle, 'declined: nothing may reach Azure');
      } finally {
        await Promise.all([accepting.close(), declining.close()]);
      }
    });
  }

  test('2026-07-28: an answer counts only with the prompt state minted for this call, and only once', async () => {
    const client = new Client(
      { name: 'manual', version: '1' },
      {
        versionNegotiation: { mode: { pin: PROTOCOL.modern } },
        inputRequired: { autoFulfill: false },
        capabilities: { elicitation: { form: {} } },
      },
    );
    await client.connect(
      new StreamableHTTPClientTransport(fixture.url, { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } }),
    );
    const yes = { confirm: { action: 'accept', content: { confirm: true } } };
    const call = (params: Record<string, unknown>) =>
      client.callTool({ ...deleteCall, ...params } as never, { allowInputRequired: true }) as Promise<
        InputRequiredResult | { content: { text: string }[] }
      >;
    try {
      const before = authorizationDeletes();
      const first = (await call({})) as InputRequiredResult;
      assert.equal(first.resultType, 'input_required');
      assert.ok(first.requestState && first.inputRequests?.confirm);
      // A made-up answer without the server's state is not consent: the prompt comes back, nothing is sent.
      assert.equal(((await call({ inputResponses: yes })) as InputRequiredResult).resultType, 'input_required');
      // The state for other arguments does not carry over.
      const other: unknown = await client.callTool(
        {
          name: deleteCall.name,
          arguments: { assignment_id: '0f0e0d0c-0b0a-4909-8807-0605040302ff' },
          inputResponses: yes,
          requestState: first.requestState,
        } as never,
        { allowInputRequired: true },
      );
      assert.equal((other as InputRequiredResult).resultType, 'input_required');
      assert.equal(authorizationDeletes(), before);
      // The real round runs the call once; replaying it asks again.
      const done = (await call({ inputResponses: yes, requestState: first.requestState })) as { content: { text: string }[] };
      assert.match(done.content[0]!.text, /No role assignment named/);
      assert.equal(authorizationDeletes(), before + 1);
      assert.equal(
        ((await call({ inputResponses: yes, requestState: first.requestState })) as InputRequiredResult).resultType,
        'input_required',
      );
      // A tampered state is refused outright.
      await assert.rejects(call({ inputResponses: yes, requestState: `${first.requestState}x` }), /requestState/i);
      assert.equal(authorizationDeletes(), before + 1);
    } finally {
      await client.close();
    }
  });

  for (const era of ERAS) {
    test(`${PROTOCOL[era]}: a long-running call reports progress`, async () => {
      const client = await fixture.connect({ era, token: TOKEN });
      try {
        const progress: string[] = [];
        const result = await client.client.callTool(
          { name: 'restart_vm', arguments: { resource_group: 'rg-compute', vm_name: 'vm-web-01' } },
          { onprogress: (p) => void progress.push(String(p.message)) },
        );
        assert.notEqual(result.isError, true, JSON.stringify(result.content));
        assert.ok(progress.length > 0, 'no progress notification arrived');
      } finally {
        await client.close();
      }
    });
  }
});

describe('AZOPS_CONFIRM over HTTP, for clients that cannot show a prompt', () => {
  test('always: a destructive call is refused on both protocol eras, saying how to allow it; nothing reaches Azure', async () => {
    const strict = await startHttpFixture({ AZOPS_HTTP_TOKEN: TOKEN, AZOPS_CONFIRM: 'always' });
    try {
      for (const era of ERAS) {
        const client = await strict.connect({ token: TOKEN, era });
        try {
          const result = await client.call(deleteCall.name, deleteCall.arguments);
          assert.equal(result.isError, true, era);
          assert.match(
            result.text,
            /cannot show a confirmation prompt .*AZOPS_CONFIRM \(environment\) is "always"\. Nothing was done/,
            era,
          );
        } finally {
          await client.close();
        }
      }
      assert.equal(strict.azure.requests.filter((r) => /roleAssignments/i.test(r.path)).length, 0);
    } finally {
      await strict.close();
    }
  });
});
