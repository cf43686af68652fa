// Issue 12, part 1: waits are bounded. A Retry-After that asks for an hour, a token endpoint that does not answer,
// and a token Azure has revoked each end with a clear answer in seconds, and the server keeps serving.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, SEED } from '../../src/emulator/index.js';
import { startInProcessFixture, type InProcessFixture } from '../helpers/in-process.js';

let fixture: InProcessFixture;
before(async () => {
  fixture = await startInProcessFixture({ demo: true });
});
after(async () => {
  await fixture.close();
  fixture.assertNoLeaks();
});

const env = { AZURE_SUBSCRIPTION_ID: DEMO.devSubscriptionId, API_TIMEOUT: '2', API_RETRY_DELAY: '0.05' };
const tokenRequests = () => fixture.azure.requests.filter((r) => /\/oauth2\/v2\.0\/token$/.test(r.path)).length;

test('Retry-After: 3600 is capped: the call retries after API_TIMEOUT and succeeds, instead of hanging for an hour', async () => {
  const server = await fixture.server(env);
  try {
    const throttle = fixture.azure.faults.add({ path: /\/resourcegroups$/i, fault: { kind: 'throttle', retryAfterSeconds: 3600 } });
    const started = Date.now();
    const result = await server.call('list_resource_groups');
    const elapsed = Date.now() - started;
    assert.equal(result.isError, false, result.text);
    assert.equal(throttle.hits, 1, 'Azure throttled the first attempt');
    assert.ok(elapsed >= 1500 && elapsed < 8000, `the retry waited the capped 2 s, not the hour asked for (${elapsed} ms)`);
  } finally {
    await server.close();
  }
});

test('a token endpoint that does not answer fails within API_TIMEOUT, naming it; the next call is not stuck behind it', async () => {
  const server = await fixture.server({ ...env, API_TIMEOUT: '1' });
  try {
    const stuck = fixture.azure.faults.add({ path: `/${SEED.tenantId}/oauth2/v2.0/token`, fault: { kind: 'delay', ms: 5000 } });
    const started = Date.now();
    const first = await server.call('list_resource_groups');
    assert.equal(first.isError, true, first.text);
    assert.match(first.text, /the token endpoint https:\/\/login\.microsoftonline\.com\/.* did not answer within 1s \(API_TIMEOUT\)/);
    assert.ok(Date.now() - started < 4000, `answered after ${Date.now() - started} ms`);
    assert.equal(stuck.hits, 1);
    const second = await server.call('list_resource_groups');
    assert.equal(second.isError, false, `a later call shared the stuck request: ${second.text}`);
  } finally {
    await server.close();
  }
});

test('a token Azure rejects before its expiry is dropped and the request retried once with a fresh one', async () => {
  const server = await fixture.server(env);
  try {
    assert.equal((await server.call('list_resource_groups')).isError, false);
    const tokensBefore = tokenRequests();
    // Azure now considers every token issued so far expired, while the server's caches still hold one.
    fixture.azure.faults.add({ path: /\/resourcegroups$/i, fault: { kind: 'expireTokens' } });
    const result = await server.call('list_resource_groups');
    assert.equal(result.isError, false, result.text);
    assert.equal(tokenRequests() - tokensBefore, 1, 'one fresh token was fetched');
    const again = await server.call('list_vms', { resource_group: DEMO.resourceGroups.compute });
    assert.equal(again.isError, false, `later calls use the fresh token: ${again.text}`);
    assert.equal(tokenRequests() - tokensBefore, 1, 'and no more');
  } finally {
    await server.close();
  }
});

test('a list whose next-page link loops ends with a clear error after one round, and the server keeps serving', async () => {
  let looping = true;
  const loops = await startInProcessFixture({
    demo: true,
    pageSize: 1,
    // An Azure whose resource-group pages always link back to the first page.
    wrapHttpClient: (client) => ({
      async sendRequest(request) {
        const response = await client.sendRequest(request);
        if (looping && /\/resourcegroups\?/i.test(request.url) && response.bodyAsText) {
          const page = JSON.parse(response.bodyAsText) as { nextLink?: string };
          page.nextLink = request.url.replace(/&\$skiptoken=[^&]*/i, '');
          response.bodyAsText = JSON.stringify(page);
        }
        return response;
      },
    }),
  });
  const server = await loops.server(env);
  try {
    const pagesBefore = loops.azure.requests.filter((r) => /\/resourcegroups$/i.test(r.path)).length;
    const result = await server.call('list_resource_groups');
    assert.equal(result.isError, true, result.text);
    assert.match(result.text, /link to a page it had already returned.*stopped after \d+ pages/);
    const pages = loops.azure.requests.filter((r) => /\/resourcegroups$/i.test(r.path)).length - pagesBefore;
    assert.ok(pages <= 3, `${pages} pages fetched`);
    looping = false;
    assert.equal((await server.call('list_resource_groups')).isError, false, 'the server keeps serving');
  } finally {
    await server.close();
    await loops.close();
  }
});

test('an HTML or empty 200 answer from a proxy in the way is a short, actionable error, never an internal one', async () => {
  let body: string | undefined;
  const broken = await startInProcessFixture({
    demo: true,
    wrapHttpClient: (client) => ({
      async sendRequest(request) {
        const response = await client.sendRequest(request);
        if (body !== undefined && /\/resourcegroups\?/i.test(request.url)) {
          response.bodyAsText = body;
          response.headers.set('content-type', body.startsWith('<') ? 'text/html' : 'application/json');
        }
        return response;
      },
    }),
  });
  const server = await broken.server(env);
  try {
    for (const answer of ['<html><body>Proxy login required</body></html>', '', '{}', 'null']) {
      body = answer;
      const result = await server.call('list_resource_groups');
      assert.equal(result.isError, true, `${JSON.stringify(answer)} was taken as a list: ${result.text}`);
      assert.doesNotMatch(
        result.text,
        /Cannot read properties|is not a function|is not iterable|Unexpected token|undefined/,
        JSON.stringify(answer),
      );
      assert.match(result.text, /Azure's answer .* could not be read/, JSON.stringify(answer));
    }
    body = undefined;
    assert.equal((await server.call('list_resource_groups')).isError, false, 'the server keeps serving');
  } finally {
    await server.close();
    await broken.close();
  }
});
