import { z } from 'zod';
import type { AuthorizationManagementClient, RoleDefinition } from '@azure/arm-authorization';
import { defineTool } from '../define.js';
import { authorizationClient } from '../../azure/clients.js';
import { bounded, limitInput, listOutput, listText } from '../list.js';
import { subscriptionScope } from '../arm-common.js';

const roleRow = z.object({
  name: z.string().describe('Role name, e.g. Contributor.'),
  id: z.string().describe('Role definition GUID.'),
  type: z.string().describe('BuiltInRole or CustomRole.'),
  description: z.string(),
});
type RoleRow = z.infer<typeof roleRow>;

export function toRoleRow(role: RoleDefinition): RoleRow {
  return {
    name: role.roleName ?? '',
    id: role.name ?? '',
    type: role.roleType ?? '',
    description: (role.description ?? '').split('\n')[0]!.trim(),
  };
}

/** Every role definition visible at a scope (built-in and custom). */
export async function roleDefinitionsAt(
  client: AuthorizationManagementClient,
  scope: string,
  signal?: AbortSignal,
): Promise<RoleDefinition[]> {
  const roles: RoleDefinition[] = [];
  for await (const role of client.roleDefinitions.list(scope, { abortSignal: signal })) roles.push(role);
  return roles;
}

export const listRoleDefinitions = defineTool({
  name: 'list_role_definitions',
  title: 'List role definitions',
  description:
    'Lists the built-in and custom Azure RBAC roles available in the active subscription: name, id, type and a one-line description.',
  access: 'read',
  example: { name_contains: 'Reader' },
  inputSchema: z.object({
    name_contains: z.string().trim().min(1).optional().describe('Only roles whose name contains this text (case-insensitive).'),
    type: z.enum(['all', 'BuiltInRole', 'CustomRole']).default('all').describe('Only built-in or only custom roles (default all).'),
    limit: limitInput(100),
  }),
  outputSchema: listOutput(roleRow),
  async handler({ name_contains, type, limit }, { session, signal }) {
    const { client, subscriptionId } = await authorizationClient(session);
    const needle = name_contains?.toLowerCase();
    const rows = (await roleDefinitionsAt(client, subscriptionScope(subscriptionId), signal))
      .map(toRoleRow)
      .filter((r) => (type === 'all' || r.type === type) && (!needle || r.name.toLowerCase().includes(needle)))
      .sort((a, b) => a.name.localeCompare(b.name));
    const data = bounded(rows, limit, 'narrow with name_contains or type');
    const where = [
      name_contains ? `named like '${name_contains}'` : '',
      type === 'all' ? '' : `of type ${type}`,
      `in subscription ${subscriptionId}`,
    ]
      .filter(Boolean)
      .join(' ');
    return { data, text: listText('role definitions', where, data, (r) => `${r.name} (${r.type}, ${r.id}): ${r.description}`) };
  },
});
