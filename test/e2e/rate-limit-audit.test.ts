import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED } from '../../src/emulator/index.js';
import { fixtureForFile } from '../helpers/azure-fixture.js';
import { spawnServer, type ElicitAnswer } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp.js';

const fixture = fixtureForFile();
const env = fixture.env;
const UNKNOWN_ASSIGNMENT = '0f0e0d0c-0b0a-4909-8807-060504030201';

describe('rate limit and audit trail', () => {
  test('a call whose turn is further away than RATE_LIMIT_MAX_WAIT_SECONDS is refused with when to retry, and nothing reaches Azure', async () => {
    const server = await spawnServer(
      env({
        RATE_LIMIT_ENABLED: 'true',
        RATE_LIMIT_BURST_SIZE: '3',
        RATE_LIMIT_REQUESTS_PER_MINUTE: '1',
        RATE_LIMIT_MAX_WAIT_SECONDS: '5',
      }),
    );
    try {
      for (let i = 0; i < 3; i++) assert.equal((await server.call('list_subscriptions')).isError, false);
      const before = fixture.azure.requests.length;
      const started = Date.now();
      const refused = await server.call('list_subscriptions');
      assert.equal(refused.isError, true);
      assert.match(
        refused.text,
        /^Rate limit reached \(1 calls per minute, bursts of 3\) and the wait would exceed 5s; nothing was sent to Azure\. Retry in (5[5-9]|60)s\./,
      );
      assert.ok(Date.now() - started < 2000, 'refused at once, not after waiting');
      assert.equal(fixture.azure.requests.length, before);
    } finally {
      await server.close();
    }
  });

  test('with the default rate limit, 20 parallel calls all succeed: calls over the burst wait their turn, with progress', async () => {
    const server = await spawnServer(env({ RATE_LIMIT_ENABLED: 'true' }));
    try {
      const started = Date.now();
      const progress: string[] = [];
      const calls = Array.from({ length: 20 }, (_, i) =>
        server.client.callTool(
          { name: 'list_subscriptions', arguments: {} },
          i === 19 ? { onprogress: (p) => progress.push(p.message ?? '') } : {},
        ),
      );
      const results = await Promise.all(calls);
      const elapsed = Date.now() - started;
      assert.deepEqual(
        results.map((r) => r.isError === true),
        Array(20).fill(false),
        JSON.stringify(results.find((r) => r.isError)),
      );
      // 10 at once, then one a second (60 per minute): the last call waited about ten seconds.
      assert.ok(elapsed >= 8000, `20 calls took only ${elapsed} ms, so the limiter did not hold them back`);
      assert.ok(
        progress.some((m) => /^Rate limit: waiting \d+s for a free slot\.$/.test(m)),
        JSON.stringify(progress),
      );
    } finally {
      await server.close();
    }
  });

  test('RATE_LIMIT_ENABLED=false turns it off', async () => {
    const server = await spawnServer(env({ RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_BURST_SIZE: '1' }));
    try {
      for (let i = 0; i < 3; i++) assert.equal((await server.call('health_check')).isError, false);
    } finally {
      await server.close();
    }
  });

  test('audit fails closed: with AZOPS_AUDIT_LOG unwritable a write is refused before anything is sent; reads still work', async () => {
    const notADirectory = join(tempDir('audit'), 'file');
    writeFileSync(notADirectory, '');
    const path = join(notADirectory, 'audit.jsonl');
    const server = await spawnServer(env({ AZOPS_AUDIT_LOG: path, AZOPS_CONFIRM: 'never' }));
    try {
      assert.equal((await server.call('list_subscriptions')).isError, false, 'reads are not audited, so they still work');
      const before = fixture.azure.requests.length;
      const refused = await server.call('create_role_assignment', { principal_id: SEED.cliUser.objectId, role_definition_name: 'Reader' });
      assert.equal(refused.isError, true, refused.text);
      assert.match(refused.text, /^Refused: the audit log \(AZOPS_AUDIT_LOG=.*\) cannot be written \(ENOTDIR\).*Nothing was sent to Azure/);
      assert.equal(fixture.azure.requests.length, before, 'the emulator saw a request');
    } finally {
      await server.close();
    }
  });

  test('a change is audited before it is sent (started) and after (its outcome); a malformed consent answer is a refusal, audited', async () => {
    const path = join(tempDir('audit'), 'audit.jsonl');
    let answer: ElicitAnswer = { action: 'accept', content: { confirm: true } };
    const server = await spawnServer(env({ AZOPS_AUDIT_LOG: path }), { onElicit: () => answer });
    try {
      // This fixture's service principal may not assign roles: Azure refuses, and the outcome says so.
      const denied = await server.call('create_role_assignment', { principal_id: SEED.cliUser.objectId, role_definition_name: 'Reader' });
      assert.equal(denied.isError, true, denied.text);
      assert.match(denied.text, /^Permission denied \(403/);
      answer = { action: 'accept', content: { confirm: 'yes please' } };
      const odd = await server.call('create_role_assignment', { principal_id: SEED.cliUser.objectId, role_definition_name: 'Reader' });
      assert.equal(odd.isError, true, 'an answer that is not a yes must not count as one');
      assert.match(odd.text, /^Nothing was done/);
    } finally {
      await server.close();
    }
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((l) => `${String(l.tool)} ${String(l.outcome)}`),
      ['create_role_assignment started', 'create_role_assignment failed', 'create_role_assignment declined'],
    );
    assert.deepEqual(lines[0]!.requestIds, [], 'started is written before any request');
    assert.ok((lines[1]!.requestIds as string[]).length > 0, "the outcome carries Azure's request ids");
    assert.equal(statSync(path).mode & 0o777, 0o600, 'only the owner can read the audit log');
  });

  test('write and destructive calls append one JSON line each; reads do not', async () => {
    const path = join(tempDir('audit'), 'audit.jsonl');
    const server = await spawnServer(env({ AZOPS_AUDIT_LOG: path }), { onElicit: () => ({ action: 'decline' }) });
    try {
      await server.call('list_subscriptions');
      await server.call('delete_role_assignment', { assignment_id: UNKNOWN_ASSIGNMENT });
      await server.call('create_role_assignment', { principal_id: SEED.cliUser.objectId, role_definition_name: 'Reader' });
    } finally {
      await server.close();
    }
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.equal(lines[0]!.tool, 'delete_role_assignment');
    assert.equal(lines[0]!.outcome, 'declined');
    assert.equal(lines[0]!.subscription, SEED.subscriptions[0]!.id);
    assert.deepEqual(lines[0]!.arguments, { assignment_id: UNKNOWN_ASSIGNMENT });
    assert.equal(lines[1]!.tool, 'create_role_assignment');
    assert.ok(typeof lines[1]!.time === 'string' && !Number.isNaN(Date.parse(lines[1]!.time as string)));
  });
});
