import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allTools } from '../../src/tools/index.js';
import { annotationsFor } from '../../src/tools/define.js';
import { TOOLSETS } from '../../src/config-safety.js';

test('every tool has a unique valid name, a toolset, an access level and described fields', () => {
  const names = new Set<string>();
  for (const tool of allTools) {
    assert.match(tool.name, /^[a-zA-Z0-9_]{1,64}$/);
    assert.ok(!names.has(tool.name), `duplicate ${tool.name}`);
    names.add(tool.name);
    assert.ok(TOOLSETS.includes(tool.toolset), `${tool.name} toolset`);
    assert.ok(['read', 'write', 'destructive'].includes(tool.access));
    assert.ok(tool.description.length > 20, `${tool.name} description`);
    for (const [field, schema] of Object.entries(tool.inputSchema.shape)) {
      assert.ok((schema as { description?: string }).description, `${tool.name}.${field} has no description`);
    }
  }
});

test('annotations follow access', () => {
  assert.deepEqual(annotationsFor({ access: 'read' }), {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  });
  assert.deepEqual(annotationsFor({ access: 'write' }), {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  });
  assert.deepEqual(annotationsFor({ access: 'destructive', openWorld: false }), {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: false,
  });
});

test('the account tools of the original server are all here with their parameter names', () => {
  const byName = new Map(allTools.map((t) => [t.name, Object.keys(t.inputSchema.shape)]));
  const expected: Record<string, string[]> = {
    auth_status: [],
    set_subscription: ['subscription_id'],
    account_show: [],
    account_clear: [],
    account_get_access_token: ['resource'],
    list_subscriptions: ['limit'],
    list_locations: ['limit'],
    list_tenants: ['limit'],
    health_check: [],
  };
  for (const [name, params] of Object.entries(expected)) assert.deepEqual(byName.get(name), params, name);
});

test('no read-only selection ever exposes a tool that is not read', async () => {
  const { selectTools } = await import('../../src/mcp/select.js');
  const { loadConfig } = await import('../../src/config.js');
  for (const toolsets of ['all', 'compute', 'governance,storage']) {
    const config = loadConfig({ switches: { readOnly: true, toolsets } }, {}, process.cwd());
    const { exposed, refused } = selectTools(allTools, config.safety);
    assert.ok(exposed.length > 0);
    for (const tool of exposed) assert.equal(tool.access, 'read', `${tool.name} exposed in read-only mode`);
    for (const tool of allTools.filter((t) => t.access !== 'read')) assert.ok(refused.has(tool.name), `${tool.name} should be refused`);
  }
});

test('every tool has an example its own input schema accepts (the sandbox test runs them all)', () => {
  for (const tool of allTools) {
    const parsed = tool.inputSchema.safeParse(tool.example);
    assert.ok(parsed.success, `${tool.name} example: ${parsed.success ? '' : parsed.error.message}`);
  }
});

test('a toolset is a folder: each toolset in the list has src/tools/<name>/index.ts, and its tools carry its name', async () => {
  const { existsSync } = await import('node:fs');
  const { toolsets } = await import('../../src/tools/index.js');
  const { REPO_ROOT } = await import('../helpers/repo-root.js');
  const names = toolsets.map((t) => t.name);
  assert.equal(new Set(names).size, names.length, 'a toolset is listed twice');
  for (const toolset of toolsets) {
    assert.ok(existsSync(new URL(`src/tools/${toolset.name}/index.ts`, REPO_ROOT)), `no folder for toolset ${toolset.name}`);
    for (const tool of toolset.tools) assert.equal(tool.toolset, toolset.name, tool.name);
  }
});
