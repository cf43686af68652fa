// Issue 12, part 1: waits are bounded. A Retry-After that asks for an hour, a token endpoint that does not answer,
// and a token Azure has revoked each end with a clear answer in seconds, and the server keeps serving.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, SEED } from '../../src/emulator/index.js';
import { startInProcessFixture, type InProcessFixture } from '../helpers/in-process.js';
import { warmUp } from '../helpers/server-process.js';

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
    // Warm up (SDK modules, token): the call deadline (4 s here) must measure the wait, not a cold start.
    await warmUp(server);
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
    // Modules loaded, then the token forgotten: the call below has to ask the token endpoint, and only that is slow.
    await warmUp(server);
    assert.equal((await server.call('account_clear')).isError, false);
    // Every token request is stuck while the rule lasts (a straggler from an earlier test must not use it up).
    const stuck = fixture.azure.faults.add({
      path: `/${SEED.tenantId}/oauth2/v2.0/token`,
      times: Number.POSITIVE_INFINITY,
      fault: { kind: 'delay', ms: 5000 },
    });
    const started = Date.now();
    const first = await server.call('list_resource_groups');
    stuck.remove();
    assert.equal(first.isError, true, first.text);
    assert.match(first.text, /the token endpoint https:\/\/login\.microsoftonline\.com\/.* did not answer within 1s \(API_TIMEOUT\)/);
    assert.ok(Date.now() - started < 4000, `answered after ${Date.now() - started} ms`);
    assert.ok(stuck.hits >= 1);
    // The server gave up on the token request, not just stopped waiting for it: the connection is closed well
    // before the endpoint would have answered (5 s).
    for (const until = Date.now() + 3000; stuck.abandoned === 0 && Date.now() < until;) await new Promise((r) => setTimeout(r, 50));
    assert.ok(stuck.abandoned >= 1, 'the stuck token request is still open');
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

// Issue 12: one deadline for the whole call (API_TIMEOUT plus one capped retry wait: 4 s with API_TIMEOUT=2).
test('a call Azure keeps throttling ends at its deadline, naming the throttled request, instead of waiting out every retry', async () => {
  const server = await fixture.server(env);
  try {
    await warmUp(server);
    const throttle = fixture.azure.faults.add({
      path: /\/resourcegroups$/i,
      times: Number.POSITIVE_INFINITY,
      fault: { kind: 'throttle', retryAfterSeconds: 25 },
    });
    const started = Date.now();
    const result = await server.call('list_resource_groups');
    const elapsed = Date.now() - started;
    throttle.remove();
    assert.equal(result.isError, true, result.text);
    assert.match(result.text, /^Stopped after 4s, the limit for one tool call \(API_TIMEOUT 2s plus 2s for retries\)/);
    assert.match(result.text, /429 .*GET \/subscriptions\/[^ ]+\/resourcegroups/);
    assert.ok(elapsed >= 3800 && elapsed < 5500, `answered after ${elapsed} ms (3 retries of the capped 2 s wait would take 6 s)`);
    assert.ok(throttle.hits >= 2 && throttle.hits <= 3, `${throttle.hits} attempts`);
    assert.equal((await server.call('list_resource_groups')).isError, false, 'the server keeps serving');
  } finally {
    await server.close();
  }
});

test('a list whose pages are each slow ends at the call deadline, naming the page it was waiting for and how far it got', async () => {
  const slow = await startInProcessFixture({ demo: true, pageSize: 1 });
  const server = await slow.server(env);
  try {
    await warmUp(server);
    // Each page answers in 1.5 s, inside API_TIMEOUT, but the list as a whole would take far longer.
    const pages = slow.azure.faults.add({
      path: /\/resourcegroups$/i,
      times: Number.POSITIVE_INFINITY,
      fault: { kind: 'delay', ms: 1500 },
    });
    const started = Date.now();
    const result = await server.call('list_resource_groups');
    const elapsed = Date.now() - started;
    pages.remove();
    assert.equal(result.isError, true, result.text);
    assert.match(
      result.text,
      /Stopped after 4s.*it was still waiting for Azure's answer to GET \/subscriptions\/[^ ]+\/resourcegroups \(\d/,
    );
    assert.match(result.text, /It had fetched 2 pages of a list\./);
    assert.ok(elapsed >= 3800 && elapsed < 5500, `answered after ${elapsed} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(pages.hits, 3, 'the third page was in flight; none was asked for after the deadline');
    assert.equal((await server.call('list_resource_groups')).isError, false, 'the server keeps serving');
  } finally {
    await server.close();
    await slow.close();
  }
});

test("a wait on a long-running operation follows OPERATION_TIMEOUT, not the call's own deadline", async () => {
  const lro = await startInProcessFixture({ demo: true, lroDurationMs: 6000, lroRetryAfterSeconds: 1 });
  const server = await lro.server({ ...env, API_TIMEOUT: '1', OPERATION_TIMEOUT: '20' });
  try {
    await warmUp(server, 'list_vms', { resource_group: DEMO.resourceGroups.compute });
    const started = Date.now();
    const result = await server.call('start_vm', { resource_group: DEMO.resourceGroups.compute, vm_name: DEMO.vms.deallocated });
    const elapsed = Date.now() - started;
    assert.equal(result.isError, false, result.text);
    assert.equal(result.structured.outcome, 'succeeded', result.text);
    assert.ok(elapsed >= 5500, `the operation took ${elapsed} ms, three times the call deadline of 2 s`);
  } finally {
    await server.close();
    await lro.close();
  }
});

// Issue 12: auth_status asks Azure whether it accepts the token, instead of trusting the token cache.
test('auth_status: a token Azure has revoked is replaced by a fresh one, and the fresh one is what it reports', async () => {
  const server = await fixture.server(env);
  try {
    const first = await server.call('auth_status');
    assert.equal(first.structured.authenticated, true, first.text);
    assert.equal(first.structured.tokenAccepted, true);
    const tokensBefore = tokenRequests();
    fixture.azure.faults.add({ path: '/subscriptions', fault: { kind: 'revokeTokens' } });
    const second = await server.call('auth_status');
    assert.equal(second.structured.authenticated, true, second.text);
    assert.match(second.text, /^Authenticated with Service principal as .*; Azure Resource Manager accepted the token\./);
    assert.equal(tokenRequests() - tokensBefore, 1, 'the revoked token was replaced');
    const last = fixture.azure.requests.filter((r) => r.path === '/subscriptions').at(-1);
    assert.ok(last?.tokenKind, 'the check that passed was made with a token Azure knows');
  } finally {
    await server.close();
  }
});

test('auth_status: a token Azure keeps rejecting is reported as not authenticated, with Azure’s reason, never as "Authenticated"', async () => {
  const server = await fixture.server(env);
  try {
    assert.equal((await server.call('auth_status')).structured.authenticated, true, 'signed in at first');
    // Every token is refused from now on (a revoked identity, a token for the wrong tenant): even a fresh one.
    const reject = fixture.azure.faults.add({
      path: '/subscriptions',
      times: Number.POSITIVE_INFINITY,
      fault: { kind: 'armError', status: 401, code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' },
    });
    const status = await server.call('auth_status');
    reject.remove();
    assert.equal(status.isError, false, 'auth_status never fails outright');
    assert.equal(status.structured.authenticated, false, status.text);
    assert.equal(status.structured.tokenAccepted, false);
    assert.equal(status.structured.method, 'Service principal', 'it still says who the token was for');
    assert.match(String(status.structured.problem), /401 InvalidAuthenticationToken/);
    assert.doesNotMatch(status.text, /Authenticated with/);
    assert.match(status.text, /^Not authenticated: Service principal issued a token for .*, but Azure Resource Manager rejected it\./);
    assert.equal(reject.hits, 2, 'one check, retried once with a fresh token');
    assert.equal((await server.call('auth_status')).structured.authenticated, true, 'and honest again once Azure accepts it');
  } finally {
    await server.close();
  }
});
