import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { loadConfig } from '../../src/config.js';
import { createAzopsServer } from '../../src/server.js';
import { defineTool, defineToolset } from '../../src/tools/define.js';
import { maskArguments } from '../../src/safety/audit.js';
import { RateLimiter } from '../../src/safety/rate-limit.js';
import { tempDir } from '../helpers/temp.js';

test('maskArguments hides secret-looking fields only', () => {
  assert.deepEqual(
    maskArguments({ password: 'p@ss', registry_password: 'x', client_secret: 's', name: 'web', value: 'v', empty_key: '' }),
    {
      password: '****',
      registry_password: '****',
      client_secret: '****',
      name: 'web',
      value: 'v',
      empty_key: '',
    },
  );
});

test('an audited write call writes its secrets masked, through the real MCP path', async () => {
  const path = join(tempDir('audit-unit'), 'audit.jsonl');
  const { tools } = defineToolset('local', 'Test tools.', [
    defineTool({
      name: 'set_secret_value',
      title: 'Set a secret (test tool)',
      description: 'Stores a secret; a stand-in for tools that take passwords.',
      access: 'write',
      inputSchema: z.object({ name: z.string().describe('Name.'), password: z.string().describe('Secret.') }),
      example: { name: 'db', password: 'not-a-secret' },
      outputSchema: z.object({ stored: z.boolean() }),
      async handler() {
        return { data: { stored: true }, text: 'stored' };
      },
    }),
  ]);
  const config = loadConfig({}, { AZOPS_AUDIT_LOG: path }, tempDir('cwd'));
  const azops = createAzopsServer(config, { tools, writeLog: () => {} });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await azops.createMcpServer().connect(serverSide);
  const client = new Client({ name: 't', version: '1' });
  await client.connect(clientSide);
  const result = await client.callTool({ name: 'set_secret_value', arguments: { name: 'db', password: 'hunter2-very-secret' } });
  assert.equal(result.isError, undefined);
  await client.close();
  const text = readFileSync(path, 'utf8');
  assert.ok(!text.includes('hunter2-very-secret'));
  const lines = text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { arguments: Record<string, string>; outcome: string; access: string });
  assert.deepEqual(
    lines.map((l) => l.outcome),
    ['started', 'succeeded'],
  );
  for (const line of lines) {
    assert.deepEqual(line.arguments, { name: 'db', password: '****' });
    assert.equal(line.access, 'write');
  }
});

test('RateLimiter allows a burst, refuses a turn further away than the longest wait, then refills', async () => {
  let now = 0;
  const limiter = new RateLimiter(60, 2, 500, () => now);
  const never = new AbortController().signal;
  await limiter.acquire(never);
  await limiter.acquire(never);
  await assert.rejects(limiter.acquire(never), /wait would exceed 1s.*Retry in 1s/);
  now += 1000;
  let waited: number | undefined;
  await limiter.acquire(never, (ms) => (waited = ms));
  assert.equal(waited, undefined, 'a refilled token needs no wait');
});

test('RateLimiter makes a call over the burst wait its turn; a cancelled wait gives the turn back', async () => {
  const limiter = new RateLimiter(600, 1, 5000);
  const never = new AbortController().signal;
  await limiter.acquire(never);
  const waits: number[] = [];
  const started = Date.now();
  await limiter.acquire(never, (ms) => waits.push(ms));
  assert.ok(waits[0]! > 50 && waits[0]! <= 100, `told of a ~100 ms wait (${waits[0]})`);
  assert.ok(Date.now() - started >= 50, 'it really waited');

  const cancel = new AbortController();
  const cancelled = limiter.acquire(cancel.signal, (ms) => waits.push(ms));
  cancel.abort();
  await assert.rejects(cancelled, { name: 'AbortError' });
  await limiter.acquire(never, (ms) => waits.push(ms));
  assert.ok(waits[2]! <= waits[1]!, `the cancelled turn was given back (${waits[1]} then ${waits[2]})`);
});
