// Issue 12, the standing fault matrix: each Azure failure the emulator can inject, one row each, against one server.
// Every row ends with a clear answer (a result, or a short error saying what happened and what to do) within the
// call's deadline, and the server answers the next call. In process, plus the socket-level faults over real HTTPS.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, SEED, type Fault, type FaultRule } from '../../src/emulator/index.js';
import { startInProcessFixture, type InProcessFixture } from '../helpers/in-process.js';
import { startAzureFixture, type AzureFixture } from '../helpers/azure-fixture.js';
import { spawnServer, warmUp, type RunningServer } from '../helpers/server-process.js';

// API_TIMEOUT=1: every request gets 1 s, the call as a whole 2 s (API_TIMEOUT plus one capped retry wait).
const env = { AZURE_SUBSCRIPTION_ID: DEMO.devSubscriptionId, API_TIMEOUT: '1', API_RETRY_DELAY: '0.05' };
const DEADLINE_MS = 2000;
/** Scheduling slack on a busy 2-core machine. */
const SLACK_MS = 2500;
const INTERNAL_TEXT =
  /TypeError|ReferenceError|SyntaxError|Cannot read propert|is not a function|is not iterable|Unexpected token|at \S+\.js:\d+/;

const LIST = /\/resourcegroups$/i;
const TOKEN = `/${SEED.tenantId}/oauth2/v2.0/token`;
const always = Number.POSITIVE_INFINITY;

interface Row {
  name: string;
  rules: (Omit<FaultRule, 'fault'> & { fault: Fault })[];
  /** Undefined: the call succeeds (the fault was recovered from); otherwise the error text it must match. */
  error?: RegExp;
  /** Forget the token first, so the call has to ask the token endpoint. */
  coldToken?: boolean;
}

const rows: Row[] = [
  {
    name: '429 with Retry-After, once: waited out and retried',
    rules: [{ path: LIST, fault: { kind: 'throttle', retryAfterSeconds: 1 } }],
  },
  {
    name: '429 with a long Retry-After, always: stops at the deadline naming the throttling',
    rules: [{ path: LIST, times: always, fault: { kind: 'throttle', retryAfterSeconds: 120 } }],
    error: /^Stopped after 2s, the limit for one tool call .*429/,
  },
  {
    name: '429 without Retry-After, always: retried with backoff, then Azure’s throttling message',
    rules: [{ path: LIST, times: always, fault: { kind: 'throttle' } }],
    error: /^Azure is throttling requests \(429 TooManyRequests\): .* Wait a moment and try again\./,
  },
  { name: '500, once: retried', rules: [{ path: LIST, fault: { kind: 'status', status: 500 } }] },
  {
    name: '500, always: Azure’s error after the retries',
    rules: [{ path: LIST, times: always, fault: { kind: 'status', status: 500 } }],
    error: /^Azure returned 500 InternalServerError: Encountered internal server error/,
  },
  {
    name: '503, always: Azure’s error after the retries',
    rules: [{ path: LIST, times: always, fault: { kind: 'status', status: 503 } }],
    error: /^Azure returned 503 ServiceUnavailable: The service is currently unavailable/,
  },
  { name: 'connection reset, once: retried', rules: [{ path: LIST, fault: { kind: 'drop' } }] },
  {
    name: 'connection reset, always: could not reach Azure, with what to check',
    rules: [{ path: LIST, times: always, fault: { kind: 'drop' } }],
    error: /^Could not reach Azure for GET \/subscriptions\/[^ ]+\/resourcegroups: socket hang up\. Check the network, proxy settings/,
  },
  {
    name: 'an answer slower than API_TIMEOUT: names the request',
    rules: [{ path: LIST, times: always, fault: { kind: 'delay', ms: 30_000 } }],
    error: /^Azure did not answer GET \/subscriptions\/[^ ]+\/resourcegroups within 1s \(API_TIMEOUT\)/,
  },
  {
    name: 'a body slower than API_TIMEOUT: names the request',
    rules: [{ path: LIST, times: always, fault: { kind: 'slowBody', ms: 30_000 } }],
    error: /^Azure did not answer GET \/subscriptions\/[^ ]+\/resourcegroups within 1s \(API_TIMEOUT\)/,
  },
  {
    name: 'pages each inside API_TIMEOUT, too slow together: stops at the deadline naming the page it waited for',
    rules: [{ path: LIST, times: always, fault: { kind: 'delay', ms: 700 } }],
    error:
      /^Stopped after 2s, .*: it was still waiting for Azure's answer to GET \/subscriptions\/[^ ]+\/resourcegroups .*It had fetched 2 pages/,
  },
  {
    name: 'a malformed (truncated) JSON body: explained, never an internal error',
    rules: [
      {
        path: LIST,
        times: always,
        fault: { kind: 'body', status: 200, body: '{"value": [{"id": "/subscri', contentType: 'application/json' },
      },
    ],
    error: /^Azure's answer to GET \/subscriptions\/[^ ]+\/resourcegroups \(200, application\/json, 27 bytes\) could not be read/,
  },
  {
    name: 'an HTML error page from a proxy: explained with its status',
    rules: [
      {
        path: LIST,
        times: always,
        fault: { kind: 'body', status: 502, body: '<html><body>Bad gateway</body></html>', contentType: 'text/html' },
      },
    ],
    error:
      /^Azure returned 502 with text\/html instead of Azure's error format for GET \/subscriptions\/[^ ]+\/resourcegroups: a proxy or gateway may have answered/,
  },
  {
    name: 'a list that never ends: stopped at the page cap or the deadline, saying how to narrow it',
    rules: [{ path: LIST, times: always, fault: { kind: 'endlessPages' } }],
    error: /longer than 1000 pages; stopped there\. Narrow the call|^Stopped after 2s, .*It had fetched \d+ pages/,
  },
  {
    name: 'a stuck token endpoint: names the endpoint that did not answer',
    coldToken: true,
    rules: [{ path: TOKEN, times: always, fault: { kind: 'delay', ms: 30_000 } }],
    error: /the token endpoint https:\/\/login\.microsoftonline\.com\/[^ ]+ did not answer within 1s \(API_TIMEOUT\)/,
  },
  {
    name: 'a throttled token endpoint: retried, then the sign-in error',
    coldToken: true,
    rules: [{ path: TOKEN, times: always, fault: { kind: 'throttle', retryAfterSeconds: 1 } }],
    error: /Service principal [^ ]+ \(tenant [^ )]+\) could not authenticate|^Stopped after 2s, .*a token from the token endpoint/,
  },
  { name: 'a revoked token: dropped, and the call retried with a fresh one', rules: [{ path: LIST, fault: { kind: 'revokeTokens' } }] },
  { name: 'an expired token: dropped, and the call retried with a fresh one', rules: [{ path: LIST, fault: { kind: 'expireTokens' } }] },
  {
    name: 'a token Azure keeps rejecting: says so and how to sign in again',
    rules: [
      {
        path: LIST,
        times: always,
        fault: { kind: 'armError', status: 401, code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' },
      },
    ],
    error: /^Azure rejected the credentials \(401 InvalidAuthenticationToken\): The access token is invalid\. Sign in again/,
  },
];

describe('fault matrix, in process (list_resource_groups against each fault)', () => {
  let fixture: InProcessFixture;
  let server: RunningServer;
  before(async () => {
    // One resource group per page: the four of the demo subscription take four requests.
    fixture = await startInProcessFixture({ demo: true, pageSize: 1 });
    server = await fixture.server(env);
    await warmUp(server);
  });
  after(async () => {
    await server.close();
    fixture.assertNoLeaks();
    await fixture.close();
  });

  for (const row of rows) {
    test(row.name, async () => {
      if (row.coldToken) assert.equal((await server.call('account_clear')).isError, false);
      const handles = row.rules.map((rule) => fixture.azure.faults.add(rule));
      const started = Date.now();
      let result;
      try {
        result = await server.call('list_resource_groups');
      } finally {
        for (const handle of handles) handle.remove();
      }
      const elapsed = Date.now() - started;
      assert.ok(
        handles.every((h) => h.hits > 0),
        'the fault was hit',
      );
      assert.ok(elapsed < DEADLINE_MS + SLACK_MS, `answered after ${elapsed} ms, past the ${DEADLINE_MS} ms deadline`);
      assert.doesNotMatch(result.text, INTERNAL_TEXT);
      if (row.error) {
        assert.equal(result.isError, true, `expected an error, got: ${result.text}`);
        assert.match(result.text, row.error);
      } else {
        assert.equal(result.isError, false, result.text);
        assert.equal((result.structured.items as unknown[]).length, result.structured.shown);
      }
      // The next call, with the fault gone, is served normally: nothing is stuck or poisoned.
      const next = await server.call('list_resource_groups');
      assert.equal(next.isError, false, `the call after the fault failed: ${next.text}`);
    });
  }
});

describe('fault matrix, over a real socket (HTTPS on loopback, server over stdio)', () => {
  let fixture: AzureFixture;
  let server: RunningServer;
  before(async () => {
    fixture = await startAzureFixture({ demo: true });
    server = await spawnServer(fixture.env('service-principal', env));
    await warmUp(server);
  });
  after(async () => {
    await server.close();
    fixture.assertNoLeaks();
    await fixture.close();
  });

  const socketRows: Row[] = [
    {
      name: 'the socket destroyed with no answer, always',
      rules: [{ path: LIST, times: always, fault: { kind: 'drop' } }],
      error: /^Could not reach Azure for GET \/subscriptions\/[^ ]+\/resourcegroups: .*\. Check the network, proxy settings/,
    },
    {
      name: 'headers at once, the body slower than API_TIMEOUT',
      rules: [{ path: LIST, times: always, fault: { kind: 'slowBody', ms: 30_000 } }],
      error: /^Azure did not answer GET \/subscriptions\/[^ ]+\/resourcegroups within 1s \(API_TIMEOUT\)/,
    },
  ];
  for (const row of socketRows) {
    test(row.name, async () => {
      const handles = row.rules.map((rule) => fixture.azure.faults.add(rule));
      const started = Date.now();
      let result;
      try {
        result = await server.call('list_resource_groups');
      } finally {
        for (const handle of handles) handle.remove();
      }
      const elapsed = Date.now() - started;
      assert.ok(elapsed < DEADLINE_MS + SLACK_MS, `answered after ${elapsed} ms`);
      assert.equal(result.isError, true, result.text);
      assert.match(result.text, row.error!);
      const next = await server.call('list_resource_groups');
      assert.equal(next.isError, false, `the call after the fault failed: ${next.text}`);
    });
  }
});
