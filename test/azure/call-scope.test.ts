// The one deadline per tool call (issue 12): whatever the call waits for, its result settles by the deadline with a
// message naming what was slow, and the signal handed to the tool stops the rest of the work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { CallDeadlineError, callDeadlineMs, extendCallDeadline, waitingFor, withCallScope } from '../../src/azure/call-scope.js';

const never = new Promise<never>(() => {});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('the deadline is API_TIMEOUT plus one capped retry wait: 40 s by default, 4 s for API_TIMEOUT=2, 70 s for 60', () => {
  assert.equal(callDeadlineMs({ apiTimeoutMs: 30_000 }), 40_000);
  assert.equal(callDeadlineMs({ apiTimeoutMs: 2_000 }), 4_000);
  assert.equal(callDeadlineMs({ apiTimeoutMs: 60_000 }), 70_000);
});

test('a call stuck on something ends at its deadline, naming it, and its signal aborts', async () => {
  let seen: AbortSignal | undefined;
  const started = Date.now();
  const { result } = withCallScope({ config: { apiTimeoutMs: 100 } }, (signal) => {
    seen = signal;
    return waitingFor(() => 'a token from the token endpoint https://login.example/tenant', never);
  });
  await assert.rejects(result, (error: Error) => {
    assert.ok(error instanceof CallDeadlineError);
    assert.match(error.message, /^Stopped after 0\.2s, the limit for one tool call \(API_TIMEOUT 0\.1s plus 0\.1s for retries\)/);
    assert.match(error.message, /it was still waiting for a token from the token endpoint https:\/\/login\.example\/tenant \(0\.\ds\)/);
    return true;
  });
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 190 && elapsed < 600, `${elapsed} ms`);
  assert.equal(seen?.aborted, true, 'the tool is told to stop');
});

test('the newest wait is the one named (a token inside a request); with none, the tool itself is', async () => {
  const nested = withCallScope({ config: { apiTimeoutMs: 50 } }, () =>
    waitingFor(
      () => "Azure's answer to GET /subscriptions",
      (async () => {
        await sleep(1);
        return waitingFor(() => 'a token from az account get-access-token', never);
      })(),
    ),
  );
  await assert.rejects(nested.result, /waiting for a token from az account get-access-token/);
  const idle = withCallScope({ config: { apiTimeoutMs: 50 } }, () => never);
  await assert.rejects(idle.result, /the tool had not finished its own work/);
});

test('a waiter with its own documented limit extends the deadline; a call that finishes in time is untouched', async () => {
  const { result } = withCallScope({ config: { apiTimeoutMs: 50 } }, async (signal) => {
    extendCallDeadline(300);
    await sleep(250);
    return signal.aborted ? 'aborted' : 'done';
  });
  assert.equal(await result, 'done');
  const quick = withCallScope({ config: { apiTimeoutMs: 50 } }, async () => 'fast');
  assert.equal(await quick.result, 'fast');
});

test("the client's cancel reaches the tool through the same signal", async () => {
  const cancel = new AbortController();
  const { result } = withCallScope(
    { signal: cancel.signal, config: { apiTimeoutMs: 10_000 } },
    (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('stopped by cancel')))),
  );
  cancel.abort();
  await assert.rejects(result, /stopped by cancel/);
});

test('a finished call takes its listener off the client’s signal, so a long session does not pile them up', async () => {
  const client = new AbortController();
  for (let i = 0; i < 3; i++) {
    const { result } = withCallScope({ signal: client.signal, config: { apiTimeoutMs: 1000 } }, async (signal) => signal.aborted);
    assert.equal(await result, false);
  }
  assert.equal(EventEmitter.getEventListeners(client.signal, 'abort').length, 0);
});
