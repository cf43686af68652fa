import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listedTools, SNAPSHOT_DIR } from '../../scripts/tool-snapshots.js';
import { allTools } from '../../src/tools/index.js';
import { catalogEntry } from '../../src/mcp/catalog.js';

test("each tool's tools/list entry matches its snapshot (npm run snapshots:update rewrites them after a reviewed change)", async () => {
  const tools = await listedTools();
  const files = existsSync(SNAPSHOT_DIR) ? readdirSync(SNAPSHOT_DIR).sort() : [];
  assert.deepEqual(files, tools.map((t) => `${t.name}.json`).sort(), 'one snapshot per tool, and none for a tool that is gone');
  for (const { name, json } of tools)
    assert.equal(json, readFileSync(join(SNAPSHOT_DIR, `${name}.json`), 'utf8'), `${name} changed what clients see`);
});

test('the catalogue the build wrote (dist/catalog.json, served by tools/list) is what the tool definitions give', () => {
  const built = JSON.parse(readFileSync(new URL('../../catalog.json', import.meta.url), 'utf8')) as { tools: unknown[] };
  assert.deepEqual(built.tools, JSON.parse(JSON.stringify(allTools.map(catalogEntry))), 'stale catalogue: run npm run build');
});
