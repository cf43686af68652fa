// consentFor: a tool that is not destructive asks for consent for the calls it names (reveal=true), through the
// same path as destructive tools: elicitation when the client has it, AZOPS_CONFIRM otherwise; the reason comes
// first in the prompt; other calls run without a prompt; calls that asked are audited even from a read tool.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { InMemoryTransport } from '@modelcontextprotocol/client';
import { loadConfig } from '../../src/config.js';
import { createAzopsServer } from '../../src/server.js';
import { defineTool, defineToolset } from '../../src/tools/define.js';
import { testClient, type ElicitAnswer } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp.js';

let handled = 0;
const { tools } = defineToolset('local', 'Test tools.', [
  defineTool({
    name: 'show_secret',
    title: 'Show a secret (test tool)',
    description: 'Shows a secret masked, or in full with reveal=true; a stand-in for tools that reveal secrets.',
    access: 'read',
    consentFor: ({ reveal }) => (reveal ? 'reveal=true shows the secret in full.' : undefined),
    inputSchema: z.object({ reveal: z.boolean().default(false).describe('Show it in full.') }),
    example: {},
    outputSchema: z.object({ value: z.string() }),
    async handler({ reveal }) {
      handled++;
      return { data: { value: reveal ? 'the-full-secret' : 'the-f...cret' }, text: 'shown' };
    },
  }),
]);

async function serve(env: Record<string, string>, onElicit?: (message: string) => ElicitAnswer) {
  const config = loadConfig({}, env, tempDir('cwd'));
  const azops = createAzopsServer(config, { tools, writeLog: () => {} });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await azops.createMcpServer().connect(serverSide);
  const client = testClient(onElicit);
  await client.connect(clientSide);
  return client;
}

test('consentFor: no prompt when it names no reason; the reason is in the prompt; a refusal runs nothing', async () => {
  const audit = join(tempDir('consent-when'), 'audit.jsonl');
  const prompts: string[] = [];
  let answer: ElicitAnswer = { action: 'decline' };
  const client = await serve({ AZOPS_AUDIT_LOG: audit }, (message) => (prompts.push(message), answer));
  handled = 0;
  const masked = await client.callTool({ name: 'show_secret', arguments: {} });
  assert.equal(masked.isError, undefined);
  assert.deepEqual([prompts.length, handled], [0, 1]);

  const declined = await client.callTool({ name: 'show_secret', arguments: { reveal: true } });
  assert.equal(declined.isError, true);
  assert.equal(handled, 1, 'the handler did not run');
  assert.match(
    prompts[0]!,
    /^Show a secret \(test tool\) \(show_secret\) with reveal=true .* reveal=true shows the secret in full\. Proceed\?$/,
  );

  answer = { action: 'accept', content: { confirm: true } };
  const accepted = await client.callTool({ name: 'show_secret', arguments: { reveal: true } });
  assert.equal(accepted.isError, undefined);
  assert.deepEqual(accepted.structuredContent, { value: 'the-full-secret' });
  assert.deepEqual([prompts.length, handled], [2, 2]);
  await client.close();

  // A read tool's plain calls are not audited; the calls that needed consent are, like changes.
  const outcomes = readFileSync(audit, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { outcome: string }).outcome);
  assert.deepEqual(outcomes, ['declined', 'started', 'succeeded']);
});

test('consentFor without elicitation follows AZOPS_CONFIRM: always refuses, auto and never proceed', async () => {
  for (const [mode, refused] of [
    ['always', true],
    ['auto', false],
    ['never', false],
  ] as const) {
    const client = await serve({ AZOPS_CONFIRM: mode });
    handled = 0;
    const result = await client.callTool({ name: 'show_secret', arguments: { reveal: true } });
    assert.equal(result.isError === true, refused, mode);
    assert.equal(handled, refused ? 0 : 1, mode);
    if (refused) assert.match(JSON.stringify(result.content), /Refused: this operation needs confirmation/);
    await client.close();
  }
});
