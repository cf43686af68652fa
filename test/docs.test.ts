import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { allTools } from '../src/tools/index.js';
import { renderToolTable, withToolTable } from '../src/docs/tool-table.js';
import { ANY_SIGNED_IN_IDENTITY, NO_ROLE, requiredRole } from '../src/docs/roles.js';
import type { ToolDefinition } from '../src/tools/define.js';
import { REPO_ROOT } from './helpers/repo-root.js';

const byName = (name: string): ToolDefinition => allTools.find((t) => t.name === name) ?? assert.fail(`no tool ${name}`);

test('the README tool table matches the tool list (run npm run docs:tools when this fails)', () => {
  const readme = readFileSync(new URL('README.md', REPO_ROOT), 'utf8');
  assert.equal(withToolTable(readme, allTools), readme);
});

test('the table lists every tool with its role and its optional parameters marked', () => {
  const table = renderToolTable(allTools);
  for (const tool of allTools)
    assert.ok(table.includes(`| \`${tool.name}\` | ${tool.toolset} | ${tool.access} | ${requiredRole(tool)} |`), tool.name);
  assert.match(table, /\| `set_subscription` \| account \| read \| any signed-in identity \| `subscription_id` \|/);
  assert.match(table, /\| `account_get_access_token` \| account \| read \| any signed-in identity \| `resource\?` \|/);
});

test('roles: reads need Reader, changes the narrowest built-in role, RBAC changes User Access Administrator', () => {
  // Entra ID reads are Microsoft Graph, not Azure RBAC.
  const t = (toolset: string) => (toolset === 'entra' ? 'Directory Readers (Microsoft Entra)' : 'Reader');
  assert.equal(requiredRole(byName('health_check')), NO_ROLE);
  for (const tool of allTools.filter((t) => t.toolset === 'account' && t.openWorld !== false))
    assert.equal(requiredRole(tool), ANY_SIGNED_IN_IDENTITY, tool.name);
  for (const tool of allTools.filter(
    (t) => t.toolset !== 'account' && t.toolset !== 'local' && t.access === 'read' && t.openWorld !== false && !t.role,
  ))
    assert.equal(requiredRole(tool), t(tool.toolset), tool.name);
  assert.equal(requiredRole(byName('acr_reset_client')), NO_ROLE, 'it never calls Azure');
  // Data-plane reads name their data role themselves (Reader does not reach the data).
  assert.match(requiredRole(byName('appconfig_kv_list')), /^App Configuration Data Reader/);
  assert.equal(requiredRole(byName('appconfig_list')), 'Reader');
  // The local tools act on this machine, not on Azure: no Azure role, whatever their access.
  for (const tool of allTools.filter((t) => t.toolset === 'local')) assert.equal(requiredRole(tool), NO_ROLE, tool.name);
  for (const name of ['start_vm', 'stop_vm', 'restart_vm', 'deallocate_vm', 'scale_vmss'])
    assert.equal(requiredRole(byName(name)), 'Virtual Machine Contributor', name);
  for (const name of ['create_role_assignment', 'delete_role_assignment'])
    assert.equal(requiredRole(byName(name)), 'User Access Administrator or Owner', name);
  // Every change has a role other than Reader, and nothing is left unnamed.
  for (const tool of allTools) {
    const role = requiredRole(tool);
    assert.ok(role.length > 0, tool.name);
    if (tool.access !== 'read') assert.notEqual(role, 'Reader', tool.name);
  }
});

test('roles: the derivation for toolsets without tools yet', () => {
  const tool = (toolset: ToolDefinition['toolset'], access: ToolDefinition['access']) => ({ name: 'x', toolset, access });
  assert.equal(requiredRole(tool('network', 'write')), 'Network Contributor');
  assert.equal(requiredRole(tool('appservice', 'write')), 'Website Contributor');
  assert.equal(requiredRole(tool('acr', 'destructive')), 'Contributor');
  assert.equal(requiredRole(tool('appconfig', 'read')), 'Reader');
  assert.equal(requiredRole(tool('local', 'write')), NO_ROLE);
  assert.equal(requiredRole(tool('entra', 'read')), 'Directory Readers (Microsoft Entra)');
  assert.throws(() => requiredRole(tool('entra', 'write')), /must name its Entra role/);
  assert.equal(
    requiredRole({ ...tool('entra', 'write'), role: 'User Administrator (Microsoft Entra)' }),
    'User Administrator (Microsoft Entra)',
  );
});
