import type { ToolDefinition } from '../tools/define.js';
import type { Toolset } from '../config-safety.js';

/** Tools that only report on the signed-in identity itself (subscriptions, tenants, tokens): no role needed. */
export const ANY_SIGNED_IN_IDENTITY = 'any signed-in identity';
/** Tools that never call Azure. */
export const NO_ROLE = 'none';

/**
 * Built-in roles narrower than Contributor that allow a toolset's changes. Toolsets not listed fall back to
 * Contributor. Data-plane tools (blob contents, registry images, configuration values) need data roles that
 * do not follow from the toolset: such a tool sets `role` itself.
 */
const CHANGE_ROLES: Partial<Record<Toolset, string>> = {
  compute: 'Virtual Machine Contributor',
  storage: 'Storage Account Contributor',
  network: 'Network Contributor',
  appservice: 'Website Contributor',
};

/**
 * The least Azure role a tool needs at the scope it acts on, as the README's tool table shows it. It is derived
 * here, in one place, from the tool's access and toolset: reads need Reader, changes need Contributor or the
 * narrower built-in role for the toolset. A tool sets `role` only where this would be wrong, such as the
 * RBAC tools (role assignments are writes that Contributor may not make).
 */
export function requiredRole(tool: Pick<ToolDefinition, 'name' | 'toolset' | 'access' | 'openWorld' | 'role'>): string {
  if (tool.role) return tool.role;
  if (tool.openWorld === false || tool.toolset === 'local') return NO_ROLE;
  if (tool.toolset === 'account') return ANY_SIGNED_IN_IDENTITY;
  if (tool.toolset === 'entra') {
    // Microsoft Graph, not Azure RBAC: reading the directory needs Directory Readers (members have it by default).
    if (tool.access === 'read') return 'Directory Readers (Microsoft Entra)';
    throw new Error(`${tool.name}: an Entra tool that changes the directory must name its Entra role (set role on the tool)`);
  }
  if (tool.access === 'read') return 'Reader';
  return CHANGE_ROLES[tool.toolset] ?? 'Contributor';
}
