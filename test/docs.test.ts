import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { allTools } from '../src/tools/index.js';
import { renderToolTable, withToolTable } from '../src/docs/tool-table.js';

test('the README tool table matches the tool list (run npm run docs:tools when this fails)', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  assert.equal(withToolTable(readme, allTools), readme);
});

test('the table lists every tool with its optional parameters marked', () => {
  const table = renderToolTable(allTools);
  for (const tool of allTools) assert.ok(table.includes(`| \`${tool.name}\` |`), tool.name);
  assert.match(table, /\| `set_subscription` \| account \| read \| `subscription_id` \|/);
  assert.match(table, /\| `account_get_access_token` \| account \| read \| `resource\?` \|/);
});
