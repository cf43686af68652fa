// The HTTP transport's limits (body size, sessions, idle expiry) and its graceful stop.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rawPost, startHttpFixture, type HttpFixture } from '../helpers/http-server.js';

describe('limits', () => {
  let fixture: HttpFixture;
  before(async () => {
    fixture = await startHttpFixture({
      AZOPS_HTTP_MAX_SESSIONS: '2',
      AZOPS_HTTP_SESSION_IDLE_SECONDS: '1',
      AZOPS_HTTP_MAX_BODY_BYTES: '4096',
    });
  });
  after(() => fixture.close());

  test('a body over AZOPS_HTTP_MAX_BODY_BYTES is refused with 413 before it is parsed', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { padding: 'x'.repeat(8000) } });
    assert.equal((await rawPost(fixture.url, {}, big)).status, 413);
    assert.equal((await rawPost(fixture.url, {})).status, 200, 'a small initialize still works');
  });

  test('at most AZOPS_HTTP_MAX_SESSIONS sessions; idle ones expire and make room', async () => {
    // The initialize above may have left a session; let it expire first.
    await new Promise((r) => setTimeout(r, 2500));
    const a = await fixture.connect();
    const b = await fixture.connect();
    const full = await rawPost(fixture.url, {});
    assert.equal(full.status, 503);
    assert.match(((await full.json()) as { error: { message: string } }).error.message, /at most 2 \(AZOPS_HTTP_MAX_SESSIONS\)/);
    // Both fall idle for longer than a second: expired, their ids are unknown, and a new session fits.
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(fixture.http.app.sessions.counts.sessions, 0);
    await assert.rejects(a.call('health_check'));
    const c = await fixture.connect();
    assert.equal((await c.call('health_check')).isError, false);
    await Promise.all([a.close(), b.close(), c.close()].map((p) => p.catch(() => {})));
  });
});

describe('graceful stop', () => {
  let fixture: HttpFixture;
  before(async () => {
    // Operations take 1.5 s: a start_vm is in flight while the server stops.
    fixture = await startHttpFixture({}, { lroDurationMs: 1500, lroRetryAfterSeconds: 1 });
  });
  after(() => fixture.close());

  test('a call in progress finishes; new requests are refused meanwhile; then everything is closed', async () => {
    const client = await fixture.connect({ era: 'modern' });
    const running = client.call('start_vm', { resource_group: 'rg-compute', vm_name: 'vm-batch-01' });
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(fixture.http.inFlight() >= 1, 'the call should be in flight');
    const stopping = fixture.http.close(10_000);
    await new Promise((r) => setTimeout(r, 100));
    const refused = await rawPost(fixture.url, {}).then(
      (r) => r.status,
      () => 0,
    );
    assert.ok(refused === 503 || refused === 0, `a new request during the stop got ${refused}`);
    // A request that still reaches the app (on a connection already open) is told to come back later.
    const late = await fixture.http.app.fetch(new Request(fixture.url, { method: 'POST', headers: { host: fixture.url.host } }));
    assert.equal(late.status, 503);
    assert.equal(late.headers.get('retry-after'), '5');
    const result = await running;
    assert.equal(result.isError, false, result.text);
    assert.match(result.text, /vm-batch-01/);
    assert.equal(await stopping, 0, 'no request should have been cut off');
    await assert.rejects(fetch(fixture.url, { method: 'POST' }), 'the listener should be closed');
    await client.close().catch(() => {});
  });

  test('an open subscriptions/listen stream is not work in progress: the stop does not wait for it', async () => {
    const other = await startHttpFixture({});
    const client = await other.connect({ era: 'modern' });
    const subscription = await client.client.listen({ toolsListChanged: true });
    assert.equal(other.http.inFlight(), 0, 'a listen stream counted as a request in progress');
    const started = Date.now();
    assert.equal(await other.http.close(10_000), 0);
    assert.ok(Date.now() - started < 3000, `the stop waited ${Date.now() - started} ms for the listen stream`);
    await subscription.close().catch(() => {});
    await client.close().catch(() => {});
    await other.close();
  });

  test('a call still running at the deadline is cut off and counted', async () => {
    const other = await startHttpFixture({}, { lroDurationMs: 5000, lroRetryAfterSeconds: 1 });
    const client = await other.connect();
    const running = client.call('start_vm', { resource_group: 'rg-compute', vm_name: 'vm-batch-01' }).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    assert.equal(await other.http.close(500), 1);
    assert.ok(Date.now() - started < 3000, 'the stop should not wait past its deadline');
    // The client's request was cut off with its connection; closing the client ends the wait for an answer.
    await client.close().catch(() => {});
    assert.ok((await running) instanceof Error, 'a call cut off cannot have a result');
    await other.close();
  });
});

describe('idle expiry', () => {
  test('a session whose call outlasts the idle limit is not expired under it; once idle, it is', async () => {
    // Operations take 3 s, sessions expire after 1 s idle (checked every 0.5 s).
    const fixture = await startHttpFixture({ AZOPS_HTTP_SESSION_IDLE_SECONDS: '1' }, { lroDurationMs: 3000, lroRetryAfterSeconds: 1 });
    try {
      const client = await fixture.connect({ era: 'legacy' });
      const result = await client.call('start_vm', { resource_group: 'rg-compute', vm_name: 'vm-batch-01' });
      assert.equal(result.isError, false, result.text);
      assert.equal(fixture.http.app.sessions.counts.sessions, 1);
      await new Promise((r) => setTimeout(r, 2000));
      assert.equal(fixture.http.app.sessions.counts.sessions, 0);
      await client.close().catch(() => {});
    } finally {
      await fixture.close();
    }
  });
});
