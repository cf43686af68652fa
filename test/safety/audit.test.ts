import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { loadConfig } from '../../src/config.js';
import { createAzopsServer } from '../../src/server.js';
import { defineTool } from '../../src/tools/define.js';
import { maskArguments } from '../../src/safety/audit.js';
import { RateLimiter } from '../../src/safety/rate-limit.js';
import { tempDir } from '../helpers/temp.js';

test('maskArguments hides secret-looking fields only', () => {
  assert.deepEqual(maskArguments({ password: 'p@ss', registry_password: 'x', client_secret: 's', name: 'web', value: 'v', empty_key: '' }), {
    password: '****', registry_password: '****', client_secret: '****', name: 'web', value: 'v', empty_key: '',
  });
});

test('an audited write call writes its secrets masked, through the real MCP path', async () => {
  const path = join(tempDir('audit-unit'), 'audit.jsonl');
  const setSecret = defineTool({
    name: 'set_secret_value',
    title: 'Set a secret (test tool)',
    description: 'Stores a secret; a stand-in for tools that take passwords.',
    toolset: 'local',
    access: 'write',
    inputSchema: z.object({ name: z.string().describe('Name.'), password: z.string().describe('Secret.') }),
    outputSchema: z.object({ stored: z.boolean() }),
    async handler() {
      return { data: { stored: true }, text: 'stored' };
    },
  });
  const config = loadConfig({}, { AZOPS_AUDIT_LOG: path }, tempDir('cwd'));
  const azops = createAzopsServer(config, { tools: [setSecret], writeLog: () => {} });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await azops.createMcpServer().connect(serverSide);
  const client = new Client({ name: 't', version: '1' });
  await client.connect(clientSide);
  const result = await client.callTool({ name: 'set_secret_value', arguments: { name: 'db', password: 'hunter2-very-secret' } });
  assert.equal(result.isError, undefined);
  await client.close();
  const text = readFileSync(path, 'utf8');
  assert.ok(!text.includes('hunter2-very-secret'));
  const line = JSON.parse(text.trim()) as { arguments: Record<string, string>; outcome: string; access: string };
  assert.deepEqual(line.arguments, { name: 'db', password: '****' });
  assert.equal(line.outcome, 'succeeded');
  assert.equal(line.access, 'write');
});

test('RateLimiter allows a burst, then refills at the per-minute rate', () => {
  let now = 0;
  const limiter = new RateLimiter(60, 2, () => now);
  assert.equal(limiter.take(), 0);
  assert.equal(limiter.take(), 0);
  assert.equal(limiter.take(), 1000);
  now += 1000;
  assert.equal(limiter.take(), 0);
});
