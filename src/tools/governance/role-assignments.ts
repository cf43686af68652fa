import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AuthorizationManagementClient, RoleAssignment, RoleDefinition } from '@azure/arm-authorization';
import { defineTool } from '../define.js';
import { authorizationClient } from '../../azure/clients.js';
import { isAzureError, UserFacingError } from '../../azure/errors.js';
import { GUID_PATTERN } from '../../util/guid.js';
import { bounded, limitInput, listOutput, listText } from '../list.js';
import { armScopeInput, optionalResourceGroupInput, parsedInput, resourceGroupScope, subscriptionScope } from '../arm-common.js';
import { parseRoleAssignmentId } from '../../azure/arm-names.js';
import { roleDefinitionsAt } from './role-definitions.js';
import { closeMatches } from '../../util/close-matches.js';

const principalIdInput = z
  .string()
  .trim()
  .regex(GUID_PATTERN, 'principal_id must be the object id (GUID) of a user, group or service principal')
  .describe('Object id of the user, group or service principal.');

const assignmentRow = z.object({
  id: z.string().describe('Full role assignment id.'),
  name: z.string().describe('Assignment GUID.'),
  role: z.string().describe('Role name.'),
  roleDefinitionId: z.string(),
  principalId: z.string(),
  principalType: z.string().nullable(),
  scope: z.string(),
});
type AssignmentRow = z.infer<typeof assignmentRow>;

const roleGuid = (roleDefinitionId: string) => roleDefinitionId.split('/').pop()!.toLowerCase();

function toAssignmentRow(a: RoleAssignment, roleNames: Map<string, string>): AssignmentRow {
  const roleDefinitionId = a.roleDefinitionId ?? '';
  return {
    id: a.id ?? '',
    name: a.name ?? '',
    role: roleNames.get(roleGuid(roleDefinitionId)) ?? roleGuid(roleDefinitionId),
    roleDefinitionId,
    principalId: a.principalId ?? '',
    principalType: a.principalType ?? null,
    scope: a.scope ?? '',
  };
}

const nameIndex = (roles: RoleDefinition[]) => new Map(roles.map((r) => [(r.name ?? '').toLowerCase(), r.roleName ?? '']));

/** scope: `scope` (already parsed and rebuilt), else the resource group, else the subscription, as the original server chose it. */
function targetScope(subscriptionId: string, resourceGroup?: string, scope?: string): string {
  if (scope) return scope;
  return resourceGroup ? resourceGroupScope(subscriptionId, resourceGroup) : subscriptionScope(subscriptionId);
}

async function findRole(
  client: AuthorizationManagementClient,
  scope: string,
  roleName: string,
  signal: AbortSignal,
): Promise<RoleDefinition> {
  const roles = await roleDefinitionsAt(client, scope, signal);
  const exact = roles.find((r) => r.roleName?.toLowerCase() === roleName.toLowerCase());
  if (exact) return exact;
  const suggestions = closeMatches(
    roleName,
    roles.map((r) => r.roleName ?? ''),
  );
  throw new UserFacingError(
    `No role named '${roleName}' at scope ${scope}.${suggestions.length ? ` Close matches: ${suggestions.join(', ')}.` : ''} list_role_definitions lists every role.`,
  );
}

export const createRoleAssignment = defineTool({
  name: 'create_role_assignment',
  title: 'Assign a role',
  description:
    'Grants a principal an Azure RBAC role at a scope: `scope` if given, else the resource group, else the subscription. The role is found by its name at that scope. Changes who can do what.',
  access: 'destructive',
  example: { principal_id: '3a1d0000-0000-4000-8000-0000000000b3', role_definition_name: 'Reader', resource_group: 'rg-web' },
  role: 'User Access Administrator or Owner',
  inputSchema: z.object({
    principal_id: principalIdInput,
    role_definition_name: z.string().trim().min(1).describe('Role name, e.g. Reader, Contributor, AcrPull.'),
    resource_group: optionalResourceGroupInput,
    scope: armScopeInput(['root', 'managementGroup', 'subscription', 'resourceGroup', 'resource'])
      .optional()
      .describe('Full scope (ARM id of a subscription, resource group, resource or management group); overrides resource_group.'),
  }),
  outputSchema: z.object({
    created: z.boolean().describe('False when the assignment already existed.'),
    assignment: assignmentRow.nullable(),
    message: z.string(),
  }),
  async handler({ principal_id, role_definition_name, resource_group, scope }, { session, signal }) {
    const { client, subscriptionId } = await authorizationClient(session);
    const target = targetScope(subscriptionId, resource_group, scope);
    const role = await findRole(client, target, role_definition_name, signal);
    const names = new Map([[(role.name ?? '').toLowerCase(), role.roleName ?? '']]);
    const params = { roleDefinitionId: role.id!, principalId: principal_id };
    const created = await client.roleAssignments.create(target, randomUUID(), params, { abortSignal: signal }).catch((error: unknown) => {
      if (isAzureError(error, 409, 'RoleAssignmentExists')) return undefined;
      throw error;
    });
    if (created) {
      const assignment = toAssignmentRow(created, names);
      const message = `Assigned ${assignment.role} to ${principal_id} at ${target} (assignment ${assignment.name}).`;
      return { data: { created: true, assignment, message }, text: message };
    }
    let existing: AssignmentRow | null = null;
    for await (const a of client.roleAssignments.listForScope(target, {
      filter: `principalId eq '${principal_id}'`,
      abortSignal: signal,
    })) {
      if (a.scope?.toLowerCase() === target.toLowerCase() && roleGuid(a.roleDefinitionId ?? '') === (role.name ?? '').toLowerCase())
        existing = toAssignmentRow(a, names);
    }
    const message = `${principal_id} already has ${role.roleName} at ${target}${existing ? ` (assignment ${existing.name})` : ''}; nothing changed.`;
    return { data: { created: false, assignment: existing, message }, text: message };
  },
});

/** A GUID (looked up later), or a full id parsed strictly and rebuilt. */
const assignmentIdInput = parsedInput((value) => (GUID_PATTERN.test(value) ? value.toLowerCase() : parseRoleAssignmentId(value).id));

export const deleteRoleAssignment = defineTool({
  name: 'delete_role_assignment',
  title: 'Remove a role assignment',
  description:
    'Removes an Azure RBAC role assignment, given its full id or its GUID name (looked up in the active subscription). Changes who can do what.',
  access: 'destructive',
  example: { assignment_id: '441eda04-2626-4068-a0d3-e53ed18c3dd3' },
  role: 'User Access Administrator or Owner',
  inputSchema: z.object({
    assignment_id: assignmentIdInput.describe(
      'Full role assignment id (/…/providers/Microsoft.Authorization/roleAssignments/<guid>) or just the GUID.',
    ),
  }),
  outputSchema: z.object({ deleted: assignmentRow }),
  async handler({ assignment_id }, { session, signal }) {
    const { client, subscriptionId } = await authorizationClient(session);
    let id = assignment_id;
    if (GUID_PATTERN.test(assignment_id)) {
      let found: string | undefined;
      for await (const a of client.roleAssignments.listForSubscription({ abortSignal: signal })) {
        if (a.name?.toLowerCase() === assignment_id.toLowerCase()) found = a.id;
      }
      if (!found) {
        throw new UserFacingError(
          `No role assignment named ${assignment_id} in subscription ${subscriptionId}. list_role_assignments_for_principal shows assignments; give the full id for one at management-group scope.`,
        );
      }
      id = parseRoleAssignmentId(found).id;
    }
    const before = await client.roleAssignments.getById(id, { abortSignal: signal });
    const roles = await roleDefinitionsAt(client, subscriptionScope(subscriptionId), signal);
    await client.roleAssignments.deleteById(id, { abortSignal: signal });
    const deleted = toAssignmentRow(before, nameIndex(roles));
    return {
      data: { deleted },
      text: `Removed ${deleted.role} from ${deleted.principalId} at ${deleted.scope} (assignment ${deleted.name}).`,
    };
  },
});

const principalAssignmentRow = assignmentRow.extend({
  inherited: z.boolean().describe('True when assigned at a higher scope than the one asked about.'),
});

/** An assignment is inherited when its scope is strictly above the scope asked about. */
function isInherited(assignmentScope: string, queryScope: string): boolean {
  const a = assignmentScope.toLowerCase().replace(/\/+$/, '');
  const q = queryScope.toLowerCase();
  if (a === q) return false;
  return a === '' || a.startsWith('/providers/microsoft.management/managementgroups/') || q.startsWith(`${a}/`);
}

export const listRoleAssignmentsForPrincipal = defineTool({
  name: 'list_role_assignments_for_principal',
  title: "List a principal's role assignments",
  description:
    'Lists the roles a user, group or service principal holds in the active subscription (or one resource group): role names, scopes, and whether each is inherited from a higher scope.',
  access: 'read',
  example: { principal_id: 'c11e0000-0000-4000-8000-0000000000b2' },
  inputSchema: z.object({ principal_id: principalIdInput, resource_group: optionalResourceGroupInput, limit: limitInput() }),
  outputSchema: listOutput(principalAssignmentRow),
  async handler({ principal_id, resource_group, limit }, { session, signal }) {
    const { client, subscriptionId } = await authorizationClient(session);
    const scope = targetScope(subscriptionId, resource_group);
    const filter = `principalId eq '${principal_id}'`;
    const assignments = resource_group
      ? client.roleAssignments.listForResourceGroup(resource_group, { filter, abortSignal: signal })
      : client.roleAssignments.listForSubscription({ filter, abortSignal: signal });
    const found: RoleAssignment[] = [];
    for await (const a of assignments) found.push(a);
    const names = nameIndex(found.length ? await roleDefinitionsAt(client, subscriptionScope(subscriptionId), signal) : []);
    const rows = found.map((a) => ({ ...toAssignmentRow(a, names), inherited: isInherited(a.scope ?? '', scope) }));
    const data = bounded(rows, limit, resource_group ? undefined : 'narrow with resource_group');
    const where = resource_group ? `resource group ${resource_group}` : `subscription ${subscriptionId}`;
    // The full id: delete_role_assignment takes it for any scope (the GUID alone only within the subscription).
    return {
      data,
      text: listText(
        `role assignments of ${principal_id}`,
        `in ${where}`,
        data,
        (r) => `${r.role} at ${r.scope}${r.inherited ? ' (inherited)' : ''}: ${r.id}`,
      ),
    };
  },
});
