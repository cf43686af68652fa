import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listedTools, SNAPSHOT_DIR } from '../../scripts/tool-snapshots.js';
import { allTools } from '../../src/tools/index.js';
import { catalogEntry, jsonSchema } from '../../src/mcp/catalog.js';

test("each tool's tools/list entry matches its snapshot (npm run snapshots:update rewrites them after a reviewed change)", async () => {
  const tools = await listedTools();
  const files = existsSync(SNAPSHOT_DIR) ? readdirSync(SNAPSHOT_DIR).sort() : [];
  assert.deepEqual(files, tools.map((t) => `${t.name}.json`).sort(), 'one snapshot per tool, and none for a tool that is gone');
  for (const { name, json } of tools)
    assert.equal(json, readFileSync(join(SNAPSHOT_DIR, `${name}.json`), 'utf8'), `${name} changed what clients see`);
});

test('the catalogue the build wrote (dist/catalog.json, served by tools/list) is what the tool definitions give', () => {
  const text = readFileSync(new URL('../../catalog.json', import.meta.url), 'utf8');
  // ASCII only (escapes for the rest), which start-up reads and parses on the fast path.
  assert.doesNotMatch(text, /[^\t\n\r -~]/);
  const built = JSON.parse(text) as { tools: unknown[] };
  assert.deepEqual(built.tools, JSON.parse(JSON.stringify(allTools.map(catalogEntry))), 'stale catalogue: run npm run build');
});

test('output schemas reach clients for validation only: no field descriptions, open objects, fields named description kept', () => {
  const keywords = (schema: unknown, found: string[] = []): string[] => {
    if (!schema || typeof schema !== 'object') return found;
    const s = schema as Record<string, unknown>;
    if (typeof s.description === 'string') found.push('description');
    if (s.additionalProperties === false) found.push('additionalProperties:false');
    for (const sub of Object.values((s.properties ?? {}) as Record<string, unknown>)) keywords(sub, found);
    for (const key of ['items', 'additionalProperties']) keywords(s[key], found);
    for (const variant of [...((s.anyOf ?? []) as unknown[]), ...((s.oneOf ?? []) as unknown[])]) keywords(variant, found);
    return found;
  };
  const entries = allTools.map(catalogEntry);
  for (const entry of entries) assert.deepEqual(keywords(entry.listed.outputSchema), [], entry.name);
  // The definition keeps them for `call <tool> --help`; the listed schema keeps a field that is called description.
  assert.ok(keywords(jsonSchema(allTools.find((t) => t.name === 'vnet_show')!.outputSchema, 'output')).includes('description'));
  const groups = entries.find((e) => e.name === 'aad_list_groups')!.listed.outputSchema as {
    properties: { items: { items: { properties: Record<string, unknown> } } };
  };
  assert.deepEqual(groups.properties.items.items.properties.description, { type: ['string', 'null'] });
});
