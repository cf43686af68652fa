// Issue 17, the Graph client: the session's credential with `<graph endpoint>/.default` for the configured cloud,
// the shared pipeline (Retry-After cap, rejected-token retry, request ids in the audit log), lazy creation,
// aad_reset_client and account_clear dropping it, bounded same-host paging, and no password in any output, log or
// audit line except the one generated result.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeClaims } from '../../src/azure/token.js';
import { startInProcessFixture, type InProcessFixture } from '../helpers/in-process.js';
import { transcript } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp.js';

const DOMAIN = 'contoso.onmicrosoft.com';

/** How Graph answers, when a test wants it to misbehave: rewrite a page's body. */
let rewritePage: ((url: URL, page: Record<string, unknown>) => Record<string, unknown>) | undefined;
let fixture: InProcessFixture;
before(async () => {
  fixture = await startInProcessFixture({
    demo: true,
    wrapHttpClient: (client) => ({
      async sendRequest(request) {
        const response = await client.sendRequest(request);
        const url = new URL(request.url);
        if (rewritePage && url.pathname === '/v1.0/groups' && response.bodyAsText) {
          response.bodyAsText = JSON.stringify(rewritePage(url, JSON.parse(response.bodyAsText) as Record<string, unknown>));
        }
        return response;
      },
    }),
  });
});
after(async () => {
  await fixture.close();
  fixture.assertNoLeaks();
});

/** Audiences of the tokens issued so far for a Graph endpoint. */
const graphTokens = (origin: string) => [...fixture.azure.issuedTokens].filter((t) => decodeClaims(t).audience === origin).length;

test('each cloud: the token is for <graph endpoint>/.default and requests go to that cloud’s Graph host', async () => {
  for (const [cloud, host] of [
    ['AzureCloud', 'graph.microsoft.com'],
    ['AzureUSGovernment', 'graph.microsoft.us'],
    ['AzureChinaCloud', 'microsoftgraph.chinacloudapi.cn'],
  ] as const) {
    const server = await fixture.server({ AZURE_CLOUD: cloud });
    try {
      const before = graphTokens(`https://${host}`);
      const from = fixture.azure.requests.length;
      const result = await server.call('aad_verify_tenant', {});
      assert.equal(result.isError, false, `${cloud}: ${result.text}`);
      assert.equal(graphTokens(`https://${host}`), before + 1, `${cloud}: one token with audience https://${host}`);
      const graph = fixture.azure.requests.slice(from).filter((r) => r.path.startsWith('/v1.0/'));
      assert.ok(
        graph.length >= 2 && graph.every((r) => r.host === host && r.tokenKind !== undefined),
        `${cloud}: ${JSON.stringify(graph)}`,
      );
    } finally {
      await server.close();
    }
  }
});

test('the client is created on first use and reused; aad_reset_client and account_clear each drop it with its token', async () => {
  const server = await fixture.server();
  try {
    const origin = 'https://graph.microsoft.com';
    const first = graphTokens(origin);
    const reset = await server.call('aad_reset_client', {});
    assert.equal(reset.structured.dropped, false, 'nothing to drop before the first Graph call');
    await server.call('aad_list_groups', {});
    await server.call('aad_list_groups', {});
    assert.equal(graphTokens(origin), first + 1, 'one token for both calls');
    const dropped = await server.call('aad_reset_client', {});
    assert.equal(dropped.structured.dropped, true);
    assert.match(dropped.text, /dropped; the next Entra ID call creates them afresh/);
    await server.call('aad_list_groups', {});
    assert.equal(graphTokens(origin), first + 2, 'a new client, with a new token, after aad_reset_client');
    assert.equal((await server.call('account_clear', {})).isError, false);
    await server.call('aad_list_groups', {});
    assert.equal(graphTokens(origin), first + 3, 'a new client, with a new token, after account_clear');
  } finally {
    await server.close();
  }
});

test('the shared pipeline: a throttled Graph call is retried (Retry-After capped); a rejected Graph token is renewed for the Graph scope', async () => {
  const server = await fixture.server({ API_TIMEOUT: '2' });
  try {
    const throttle = fixture.azure.faults.add({
      host: 'graph.microsoft.com',
      path: '/v1.0/groups',
      fault: { kind: 'throttle', retryAfterSeconds: 3600 },
    });
    const started = Date.now();
    const throttled = await server.call('aad_list_groups', {});
    assert.equal(throttled.isError, false, throttled.text);
    assert.equal(throttle.hits, 1);
    assert.ok(Date.now() - started < 8000, 'the hour Graph asked for was capped');

    const tokens = graphTokens('https://graph.microsoft.com');
    fixture.azure.faults.add({ host: 'graph.microsoft.com', path: '/v1.0/groups', fault: { kind: 'expireTokens' } });
    const renewed = await server.call('aad_list_groups', {});
    assert.equal(renewed.isError, false, renewed.text);
    assert.equal(graphTokens('https://graph.microsoft.com'), tokens + 1, 'a fresh Graph token, not an ARM one');
  } finally {
    await server.close();
  }
});

test('paging is bounded and stays on Graph’s host: a next link elsewhere is refused, endless empty pages stop', async () => {
  const server = await fixture.server();
  try {
    rewritePage = (_url, page) => ({ ...page, '@odata.nextLink': 'https://attacker.example/v1.0/groups?$skiptoken=x' });
    const elsewhere = await server.call('aad_list_groups', {});
    assert.equal(elsewhere.isError, true);
    assert.match(elsewhere.text, /next-page link to another host \(attacker\.example\); it was not followed/);
    assert.ok(!fixture.azure.requests.some((r) => r.host === 'attacker.example'));

    let served = 0;
    rewritePage = (url) => {
      served++;
      return { value: [], '@odata.nextLink': `${url.origin}/v1.0/groups?$top=50&page=${served}` };
    };
    const endless = await server.call('aad_list_groups', {});
    assert.equal(endless.isError, false, endless.text);
    assert.equal(served, 20, 'at most 20 pages');
    assert.equal(endless.structured.more, true);

    rewritePage = () => ({ unexpected: true });
    const unreadable = await server.call('aad_list_groups', {});
    assert.match(unreadable.text, /^Microsoft Graph's answer to GET \/groups could not be read/);
  } finally {
    rewritePage = undefined;
    await server.close();
  }
});

test('a list Graph will not count still answers, with the total unknown', async () => {
  const server = await fixture.server();
  try {
    const refuse = fixture.azure.faults.add({
      host: 'graph.microsoft.com',
      path: '/v1.0/users/$count',
      fault: { kind: 'armError', status: 400, code: 'Request_UnsupportedQuery', message: 'Unsupported query.' },
    });
    const result = await server.call('aad_list_users', { top: 5 });
    assert.equal(result.isError, false, result.text);
    assert.equal(refuse.hits, 1);
    assert.equal(result.structured.total, null);
    assert.equal(result.structured.more, true);
    assert.match(result.text, /^Users \(5 shown of more\):/);
    assert.match(String(result.structured.hint), /^Showing 5 of more\. Raise top/);
  } finally {
    await server.close();
  }
});

test('passwords: a given one is in no result, log, audit line or Graph URL; a generated one only in its one result text', async () => {
  const auditPath = join(tempDir('entra-audit'), 'audit.jsonl');
  const server = await fixture.server({ AZOPS_AUDIT_LOG: auditPath, AZOPS_CONFIRM: 'never', LOG_LEVEL: 'DEBUG' });
  const given = 'Leak7!check-Given-pw';
  let generated: string;
  const from = transcript.length;
  try {
    const withPassword = await server.call('aad_create_user', {
      display_name: 'Leak One',
      user_principal_name: `leak.one@${DOMAIN}`,
      password: given,
    });
    assert.equal(withPassword.isError, false, withPassword.text);
    const weak = await server.call('aad_create_user', {
      display_name: 'Leak Two',
      user_principal_name: `leak.two@${DOMAIN}`,
      password: 'weakweak',
    });
    assert.equal(weak.isError, true);
    const created = await server.call('aad_create_user', { display_name: 'Leak Three', user_principal_name: `leak.three@${DOMAIN}` });
    generated = /Temporary password \(shown this once; azops-mcp does not keep or log it\): (\S+)/.exec(created.text)?.[1] ?? '';
    assert.ok(generated.length >= 16, created.text);
    await server.call('aad_delete_user', { user_id: `leak.one@${DOMAIN}` });
  } finally {
    await server.close();
  }
  const said = transcript.slice(from).join('\n');
  const audit = readFileSync(auditPath, 'utf8');
  assert.match(audit, /"tool":"aad_create_user"/);
  assert.match(audit, /"password":"\*\*\*\*"/, 'the password argument is masked in the audit line');
  assert.match(audit, /"outcome":"succeeded","requestIds":\["[0-9a-f-]{36}"/, 'Graph request ids reach the audit log');
  for (const secret of [given, 'weakweak']) {
    assert.ok(!said.includes(secret), 'a given password in a result or log line');
    assert.ok(!audit.includes(secret), 'a given password in the audit log');
  }
  assert.equal(said.split(generated).length - 1, 1, 'the generated password appears once, in its result text');
  assert.ok(!audit.includes(generated), 'the generated password in the audit log');
  assert.ok(!JSON.stringify(fixture.azure.requests).includes(given), 'a password in a URL');
});
