// Microsoft.Authorization role definitions and role assignments at any scope (package
// @azure/arm-authorization, api-version 2022-04-01). Patterns name Microsoft.Authorization
// literally, so the router prefers them to generic `/providers/:namespace/:type` routes.
import {
  addArmRoute,
  armPage,
  authorizationFailed,
  isResponse,
  resolveSubscription,
  type ArmContext,
  type ArmRouteOptions,
} from '../../core/arm.js';
import { armError, jsonResponse } from '../../core/errors.js';
import {
  assignRole,
  findDuplicateAssignment,
  findRoleDefinition,
  hasPermission,
  listRoleAssignments,
  removeRoleAssignment,
  roleAssignableAt,
  type AssignmentFilter,
  type RoleAssignment,
} from './state.js';
import type { RoleDefinition } from './role-definitions.js';
import {
  parseScope,
  scopeChain,
  scopeKey,
  scopeOfAuthorizationPath,
  scopePatternPrefixes,
  type ParsedScope,
} from '../management-groups/scopes.js';
import type { Router } from '../../core/router.js';
import type { EmulatorResponse } from '../../core/types.js';
import { isGuid } from '../../core/util.js';

const API_VERSIONS: ArmRouteOptions = {
  apiVersions: [
    '2022-04-01',
    '2022-05-01-preview',
    '2020-10-01-preview',
    '2020-08-01-preview',
    '2020-04-01-preview',
    '2018-09-01-preview',
    '2018-07-01',
    '2018-01-01-preview',
    '2017-05-01',
    '2015-07-01',
  ],
};
const PROVIDER = '/providers/Microsoft.Authorization';
const READ = 'Microsoft.Authorization/roleAssignments/read';
const WRITE = 'Microsoft.Authorization/roleAssignments/write';
const DELETE = 'Microsoft.Authorization/roleAssignments/delete';

export function registerAuthorizationRoutes(router: Router): void {
  for (const prefix of scopePatternPrefixes()) {
    addArmRoute(router, 'GET', `${prefix}${PROVIDER}/roleDefinitions`, listRoleDefinitions, API_VERSIONS);
    addArmRoute(router, 'GET', `${prefix}${PROVIDER}/roleDefinitions/:roleDefinitionId`, getRoleDefinition, API_VERSIONS);
    addArmRoute(router, 'GET', `${prefix}${PROVIDER}/roleAssignments`, listAssignments, API_VERSIONS);
    addArmRoute(router, 'GET', `${prefix}${PROVIDER}/roleAssignments/:roleAssignmentName`, getAssignment, API_VERSIONS);
    addArmRoute(router, 'PUT', `${prefix}${PROVIDER}/roleAssignments/:roleAssignmentName`, createAssignment, API_VERSIONS);
    addArmRoute(router, 'DELETE', `${prefix}${PROVIDER}/roleAssignments/:roleAssignmentName`, deleteAssignment, API_VERSIONS);
  }
}

/**
 * The scope of the request with ARM's checks in ARM's order: malformed → 400, unknown subscription
 * → 404, other tenant → 401, missing permission → 403, missing resource group / resource → 404.
 */
function resolveScope(ctx: ArmContext, action: string | undefined): ParsedScope | EmulatorResponse {
  const raw = scopeOfAuthorizationPath(ctx.url.pathname);
  const scope = parseScope(raw);
  if (!scope) return armError(400, 'InvalidScope', `The scope '${raw}' is not valid.`);
  if ('subscriptionId' in scope) {
    const sub = resolveSubscription(ctx, scope.subscriptionId, action ?? 'Microsoft.Authorization/roleDefinitions/read');
    if (isResponse(sub)) return sub;
  }
  if (scope.kind === 'managementGroup') {
    const group = ctx.state.managementGroups.get(scope.managementGroupId);
    if (!group || group.tenantId !== ctx.caller.tenantId)
      return authorizationFailed(ctx.caller, action ?? 'Microsoft.Authorization/roleDefinitions/read', scope.path);
  }
  if (action && !hasPermission(ctx.state, ctx.caller.principal.objectId, scope, action))
    return authorizationFailed(ctx.caller, action, scope.path);
  if (ctx.state.authorization.scopeExists(ctx.state, scope) === false) {
    if (scope.kind === 'resourceGroup')
      return armError(404, 'ResourceGroupNotFound', `Resource group '${scope.resourceGroup}' could not be found.`);
    if (scope.kind === 'resource') {
      const typePath = scope.typesAndNames.filter((_, index) => index % 2 === 0).join('/');
      const names = scope.typesAndNames.filter((_, index) => index % 2 === 1).join('/');
      return armError(
        404,
        'ResourceNotFound',
        `The Resource '${scope.provider}/${typePath}/${names}' under resource group '${scope.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      );
    }
  }
  return scope;
}

/** ARM names role definitions under the subscription when the scope is in one, else at the root. */
function roleDefinitionPath(scope: ParsedScope, roleId: string): string {
  const base = 'subscriptionId' in scope ? `/subscriptions/${scope.subscriptionId}` : '';
  return `${base}${PROVIDER}/roleDefinitions/${roleId}`;
}

/** Wire shape of GetRoleDefinitionByName.json. */
export function roleDefinitionToArm(role: RoleDefinition, scope: ParsedScope): Record<string, unknown> {
  return {
    properties: {
      roleName: role.roleName,
      type: role.type,
      description: role.description,
      assignableScopes: [...role.assignableScopes],
      permissions: role.permissions.map((permission) => ({
        actions: [...permission.actions],
        notActions: [...permission.notActions],
        dataActions: [...permission.dataActions],
        notDataActions: [...permission.notDataActions],
      })),
    },
    id: roleDefinitionPath(scope, role.id),
    type: 'Microsoft.Authorization/roleDefinitions',
    name: role.id,
  };
}

/** Wire shape of RoleAssignments_CreateForResourceGroup.json / _ListForScope.json. */
export function roleAssignmentToArm(assignment: RoleAssignment): Record<string, unknown> {
  const scope = parseScope(assignment.scope);
  const scopePath = assignment.scope === '/' ? '' : assignment.scope;
  return {
    properties: {
      roleDefinitionId: scope
        ? roleDefinitionPath(scope, assignment.roleDefinitionId)
        : `${PROVIDER}/roleDefinitions/${assignment.roleDefinitionId}`,
      principalId: assignment.principalId,
      principalType: assignment.principalType,
      scope: assignment.scope,
    },
    id: `${scopePath}${PROVIDER}/roleAssignments/${assignment.name}`,
    type: 'Microsoft.Authorization/roleAssignments',
    name: assignment.name,
  };
}

function listRoleDefinitions(ctx: ArmContext): EmulatorResponse {
  const scope = resolveScope(ctx, undefined);
  if (isResponse(scope)) return scope;
  const filter = ctx.url.searchParams.get('$filter');
  const clauses = filter ? filter.split(/\s+and\s+/i) : [];
  const conditions: ((role: RoleDefinition) => boolean)[] = [];
  for (const clause of clauses) {
    const match = /^\s*(roleName|type)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(clause);
    if (!match)
      return armError(
        400,
        'UnsupportedQuery',
        `The filter '${filter ?? ''}' is not supported. Supported filters are 'roleName eq '{value}'' and 'type eq 'BuiltInRole|CustomRole''.`,
      );
    const field = (match[1] as string).toLowerCase();
    const value = (match[2] as string).replace(/''/g, "'").toLowerCase();
    conditions.push((role) => (field === 'rolename' ? role.roleName : role.type).toLowerCase() === value);
  }
  const chain = scopeChain(ctx.state, scope);
  const roles = [...ctx.state.authorization.roleDefinitions.values()].filter(
    (role) =>
      (role.type === 'BuiltInRole' || role.assignableScopes.some((assignable) => chain.includes(scopeKey(assignable)))) &&
      conditions.every((test) => test(role)),
  );
  return armPage(
    ctx,
    roles.map((role) => roleDefinitionToArm(role, scope)),
  );
}

function getRoleDefinition(ctx: ArmContext): EmulatorResponse {
  const scope = resolveScope(ctx, undefined);
  if (isResponse(scope)) return scope;
  const id = ctx.params['roleDefinitionId'] ?? '';
  const role = findRoleDefinition(ctx.state, id);
  if (!role || (role.type === 'CustomRole' && !roleAssignableAt(ctx.state, role, scope))) {
    return armError(404, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${id}' does not exist.`);
  }
  return jsonResponse(200, roleDefinitionToArm(role, scope));
}

/** `atScope()`, `principalId eq '{id}'`, `assignedTo('{id}')`, joined by `and`. */
function parseAssignmentFilter(filter: string | null): AssignmentFilter | undefined {
  const result: AssignmentFilter = {};
  if (!filter) return result;
  for (const clause of filter.trim().split(/\s+and\s+/i)) {
    const principal = /^principalId\s+eq\s+'([^']*)'$/i.exec(clause.trim());
    const assignedTo = /^assignedTo\('([^']*)'\)$/i.exec(clause.trim());
    if (/^atScope\(\)$/i.test(clause.trim())) result.atScope = true;
    else if (principal) result.principalId = principal[1];
    else if (assignedTo) result.assignedTo = assignedTo[1];
    else return undefined;
  }
  return result;
}

function listAssignments(ctx: ArmContext): EmulatorResponse {
  const scope = resolveScope(ctx, READ);
  if (isResponse(scope)) return scope;
  const filterText = ctx.url.searchParams.get('$filter');
  const filter = parseAssignmentFilter(filterText);
  if (!filter) {
    return armError(
      400,
      'UnsupportedQuery',
      `The filter '${filterText ?? ''}' is not supported. Supported filters are either 'atScope()' or 'principalId eq '{value}' or assignedTo('{value}')'.`,
    );
  }
  return armPage(ctx, listRoleAssignments(ctx.state, scope, filter).map(roleAssignmentToArm));
}

/** The named assignment, if it exists at exactly this scope (ARM does not find it via another scope). */
function assignmentAt(ctx: ArmContext, scope: ParsedScope): RoleAssignment | undefined {
  const found = ctx.state.authorization.roleAssignments.get((ctx.params['roleAssignmentName'] ?? '').toLowerCase());
  return found && scopeKey(found.scope) === scopeKey(scope.path) ? found : undefined;
}

function getAssignment(ctx: ArmContext): EmulatorResponse {
  const scope = resolveScope(ctx, READ);
  if (isResponse(scope)) return scope;
  const found = assignmentAt(ctx, scope);
  if (!found)
    return armError(404, 'RoleAssignmentNotFound', `The role assignment '${ctx.params['roleAssignmentName'] ?? ''}' is not found.`);
  return jsonResponse(200, roleAssignmentToArm(found));
}

function deleteAssignment(ctx: ArmContext): EmulatorResponse {
  const scope = resolveScope(ctx, DELETE);
  if (isResponse(scope)) return scope;
  const found = assignmentAt(ctx, scope);
  // ARM answers a delete of nothing with 204 and no body (RoleAssignments_Delete.json).
  if (!found) return { status: 204, headers: {}, body: '' };
  removeRoleAssignment(ctx.state, found.name);
  return jsonResponse(200, roleAssignmentToArm(found));
}

interface AssignmentBody {
  properties?: { roleDefinitionId?: unknown; principalId?: unknown; principalType?: unknown; description?: unknown };
}

function createAssignment(ctx: ArmContext): EmulatorResponse {
  const name = ctx.params['roleAssignmentName'] ?? '';
  if (!isGuid(name))
    return armError(
      400,
      'InvalidRoleAssignmentId',
      `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
    );
  const scope = resolveScope(ctx, WRITE);
  if (isResponse(scope)) return scope;
  let body: AssignmentBody;
  try {
    body = JSON.parse(ctx.body || '{}') as AssignmentBody;
  } catch {
    return armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
  }
  const props = body.properties ?? {};
  const roleDefinitionId = typeof props.roleDefinitionId === 'string' ? props.roleDefinitionId : '';
  const principalId = typeof props.principalId === 'string' ? props.principalId : '';
  const role = findRoleDefinition(ctx.state, roleDefinitionId);
  if (!role || !roleAssignableAt(ctx.state, role, scope)) {
    const shown = roleDefinitionId.split('/').filter(Boolean).at(-1) ?? roleDefinitionId;
    return armError(400, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${shown}' does not exist.`);
  }
  const actualType = ctx.state.directory.principalType(principalId);
  if (!actualType || ctx.state.directory.get(principalId)?.tenantId !== ctx.caller.tenantId) {
    return armError(
      400,
      'PrincipalNotFound',
      `Principal ${principalId.replace(/-/g, '')} does not exist in the directory ${ctx.caller.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
    );
  }
  if (typeof props.principalType === 'string' && props.principalType !== actualType) {
    return armError(
      400,
      'UnmatchedPrincipalType',
      `The PrincipalId '${principalId.replace(/-/g, '')}' has type '${actualType}' , which is different from specified PrincipalType '${props.principalType}'.`,
    );
  }
  const existing = ctx.state.authorization.roleAssignments.get(name.toLowerCase());
  if (existing) {
    const same =
      scopeKey(existing.scope) === scopeKey(scope.path) &&
      existing.principalId.toLowerCase() === principalId.toLowerCase() &&
      existing.roleDefinitionId.toLowerCase() === role.id.toLowerCase();
    if (!same)
      return armError(
        400,
        'RoleAssignmentUpdateNotPermitted',
        'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
      );
    if (typeof props.description === 'string') existing.description = props.description;
    return jsonResponse(200, roleAssignmentToArm(existing));
  }
  if (findDuplicateAssignment(ctx.state, { scope: scope.path, roleDefinitionId: role.id, principalId })) {
    return armError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
  }
  const created = assignRole(ctx.state, {
    scope: scope.path,
    role: role.id,
    principalId,
    name,
    principalType: actualType,
    description: typeof props.description === 'string' ? props.description : null,
    createdBy: ctx.caller.principal.objectId,
  });
  return jsonResponse(201, roleAssignmentToArm(created));
}
