// Azure RBAC: role definitions, role assignments at any scope, inheritance down the scope tree and
// the permission check the emulator's routes use. Creating or deleting an assignment also updates
// which subscriptions the principal can see in GET /subscriptions (EmulatorState.readAccess), as in
// Azure, where any assignment inside a subscription makes it visible.
import { createHash } from 'node:crypto';
import { SEED } from '../../core/seed.js';
import { byLowerId, records, replace, type SnapshotPart } from '../../core/snapshot.js';
import type { EmulatorState } from '../../core/state.js';
import type { PrincipalType } from '../graph/directory.js';
import { BUILT_IN_ROLES, CUSTOM_VM_OPERATOR, ROLE_IDS, roleAllows, type RoleDefinition } from './role-definitions.js';
import { parseScope, scopeChain, scopeKey, type ParsedScope } from '../management-groups/scopes.js';

export interface RoleAssignment {
  /** The assignment's GUID (its `name`). */
  name: string;
  /** The scope path as created, e.g. `/subscriptions/{id}/resourceGroups/rg-web`. */
  scope: string;
  /** GUID of the role definition. */
  roleDefinitionId: string;
  principalId: string;
  principalType: PrincipalType;
  description: string | null;
  createdOn: string;
  createdBy: string | null;
}

/**
 * Whether a resource group or resource named by a scope exists: true/false when known, undefined when
 * nobody can tell (treated as existing).
 */
export type ScopeExistsHook = (state: EmulatorState, scope: ParsedScope) => boolean | undefined;

/** Asks the ARM resource store whether a resource group or resource exists (ARM's 404s). */
export const resourceStoreScopeExists: ScopeExistsHook = (state, scope) => {
  if (scope.kind === 'resourceGroup') return state.resources.getGroup(scope.subscriptionId, scope.resourceGroup) !== undefined;
  if (scope.kind === 'resource') return state.resources.get(scope.path) !== undefined;
  return undefined;
};

export class AuthorizationState {
  /** By lower-case role definition GUID. */
  readonly roleDefinitions = new Map<string, RoleDefinition>();
  /** By lower-case assignment GUID (unique across the tenant, as in Azure). */
  readonly roleAssignments = new Map<string, RoleAssignment>();
  /** Replaceable, e.g. by a test that wants every scope to exist. */
  scopeExists: ScopeExistsHook = resourceStoreScopeExists;

  constructor() {
    for (const role of [...BUILT_IN_ROLES, CUSTOM_VM_OPERATOR]) this.roleDefinitions.set(role.id.toLowerCase(), structuredClone(role));
    // The seed lets every seeded principal read the three seeded subscriptions; these Reader
    // assignments are what grants that in Azure, so role-assignment lists show them.
    const principals: [string, PrincipalType][] = [
      [SEED.servicePrincipal.objectId, 'ServicePrincipal'],
      [SEED.cliUser.objectId, 'User'],
      [SEED.managedIdentity.objectId, 'ServicePrincipal'],
    ];
    for (const [principalId, principalType] of principals) {
      for (const sub of SEED.subscriptions) {
        const name = stableGuid(`reader|${principalId}|${sub.id}`);
        this.roleAssignments.set(name, {
          name,
          scope: `/subscriptions/${sub.id}`,
          roleDefinitionId: ROLE_IDS.reader,
          principalId,
          principalType,
          description: null,
          createdOn: '2025-03-14T08:30:00.0000000Z',
          createdBy: null,
        });
      }
    }
  }
}

/** A role definition by GUID or by full id (`/.../providers/Microsoft.Authorization/roleDefinitions/{guid}`). */
export function findRoleDefinition(state: EmulatorState, idOrPath: string): RoleDefinition | undefined {
  const guid = idOrPath.split('/').filter(Boolean).at(-1) ?? '';
  return state.authorization.roleDefinitions.get(guid.toLowerCase());
}

export function findRoleByName(state: EmulatorState, roleName: string): RoleDefinition | undefined {
  return [...state.authorization.roleDefinitions.values()].find((role) => role.roleName.toLowerCase() === roleName.toLowerCase());
}

/** Custom roles apply only at or below one of their assignable scopes. */
export function roleAssignableAt(state: EmulatorState, role: RoleDefinition, scope: ParsedScope): boolean {
  const chain = scopeChain(state, scope);
  return role.assignableScopes.some((assignable) => chain.includes(scopeKey(assignable)));
}

/** The principal and every group it belongs to (assignments to a group apply to its members). */
export function principalAndGroups(state: EmulatorState, principalId: string): string[] {
  return [principalId.toLowerCase(), ...state.directory.groupsOf(principalId)];
}

/** Assignments that apply to a principal at a scope: its own and its groups', at the scope or above. */
export function effectiveAssignments(state: EmulatorState, principalId: string, scope: ParsedScope): RoleAssignment[] {
  const chain = scopeChain(state, scope);
  const ids = principalAndGroups(state, principalId);
  return [...state.authorization.roleAssignments.values()].filter(
    (assignment) => ids.includes(assignment.principalId.toLowerCase()) && chain.includes(scopeKey(assignment.scope)),
  );
}

/** Azure's RBAC decision for one control-plane action or data action. */
export function hasPermission(
  state: EmulatorState,
  principalId: string,
  scope: string | ParsedScope,
  action: string,
  kind: 'action' | 'dataAction' = 'action',
): boolean {
  const parsed = typeof scope === 'string' ? parseScope(scope) : scope;
  if (!parsed) return false;
  return effectiveAssignments(state, principalId, parsed).some((assignment) => {
    const role = findRoleDefinition(state, assignment.roleDefinitionId);
    return role !== undefined && roleAllows(role, action, kind);
  });
}

export interface AssignmentFilter {
  /** `atScope()`: only assignments at the scope or above it. */
  atScope?: boolean;
  /** `principalId eq '…'`: only this principal's own assignments. */
  principalId?: string;
  /** `assignedTo('…')`: the principal's assignments and its groups'. */
  assignedTo?: string;
}

/** What ARM lists at a scope: assignments at, above and (unless atScope) below it, filtered. */
export function listRoleAssignments(state: EmulatorState, scope: ParsedScope, filter: AssignmentFilter = {}): RoleAssignment[] {
  const chain = scopeChain(state, scope);
  const key = scopeKey(scope.path);
  const principals = filter.assignedTo ? principalAndGroups(state, filter.assignedTo) : undefined;
  return [...state.authorization.roleAssignments.values()].filter((assignment) => {
    if (filter.principalId && assignment.principalId.toLowerCase() !== filter.principalId.toLowerCase()) return false;
    if (principals && !principals.includes(assignment.principalId.toLowerCase())) return false;
    if (chain.includes(scopeKey(assignment.scope))) return true;
    if (filter.atScope) return false;
    const parsed = parseScope(assignment.scope);
    return parsed !== undefined && scopeChain(state, parsed).includes(key);
  });
}

/** An assignment with the same principal, role and scope, if one exists (Azure allows only one). */
export function findDuplicateAssignment(
  state: EmulatorState,
  candidate: Pick<RoleAssignment, 'scope' | 'roleDefinitionId' | 'principalId'>,
): RoleAssignment | undefined {
  return [...state.authorization.roleAssignments.values()].find(
    (existing) =>
      scopeKey(existing.scope) === scopeKey(candidate.scope) &&
      existing.roleDefinitionId.toLowerCase() === candidate.roleDefinitionId.toLowerCase() &&
      existing.principalId.toLowerCase() === candidate.principalId.toLowerCase(),
  );
}

export interface AssignRoleInput {
  scope: string;
  /** Role name ("Reader") or role definition GUID / full id. */
  role: string;
  principalId: string;
  /** Defaults to a fresh GUID. */
  name?: string;
  principalType?: PrincipalType;
  description?: string | null;
  createdBy?: string | null;
}

/**
 * Adds an assignment directly (seeds and tests; the ARM route validates first and then calls this).
 * An identical existing assignment is returned as it is.
 */
export function assignRole(state: EmulatorState, input: AssignRoleInput): RoleAssignment {
  const role = findRoleDefinition(state, input.role) ?? findRoleByName(state, input.role);
  if (!role) throw new Error(`no role definition '${input.role}'`);
  const parsed = parseScope(input.scope);
  if (!parsed) throw new Error(`'${input.scope}' is not an ARM scope`);
  const duplicate = findDuplicateAssignment(state, { scope: parsed.path, roleDefinitionId: role.id, principalId: input.principalId });
  if (duplicate) return duplicate;
  const assignment: RoleAssignment = {
    name: input.name ?? stableGuid(`${parsed.path}|${role.id}|${input.principalId}`.toLowerCase()),
    scope: parsed.path,
    roleDefinitionId: role.id,
    principalId: input.principalId,
    principalType: input.principalType ?? state.directory.principalType(input.principalId) ?? 'ServicePrincipal',
    description: input.description ?? null,
    createdOn: new Date().toISOString().replace(/Z$/, '0000Z'),
    createdBy: input.createdBy ?? null,
  };
  state.authorization.roleAssignments.set(assignment.name.toLowerCase(), assignment);
  for (const subscriptionId of subscriptionsTouched(state, parsed)) {
    for (const member of affectedPrincipals(state, assignment.principalId)) state.grantRead(member, subscriptionId);
  }
  return assignment;
}

/** Removes an assignment; subscriptions it alone made visible disappear from GET /subscriptions. */
export function removeRoleAssignment(state: EmulatorState, name: string): RoleAssignment | undefined {
  const assignment = state.authorization.roleAssignments.get(name.toLowerCase());
  if (!assignment) return undefined;
  state.authorization.roleAssignments.delete(name.toLowerCase());
  const parsed = parseScope(assignment.scope);
  if (!parsed) return assignment;
  for (const member of affectedPrincipals(state, assignment.principalId)) {
    const stillTouched = new Set(
      [...state.authorization.roleAssignments.values()]
        .filter((other) => principalAndGroups(state, member).includes(other.principalId.toLowerCase()))
        .flatMap((other) => {
          const otherScope = parseScope(other.scope);
          return otherScope ? subscriptionsTouched(state, otherScope) : [];
        }),
    );
    for (const subscriptionId of subscriptionsTouched(state, parsed)) {
      if (!stillTouched.has(subscriptionId)) state.readAccess.get(member.toLowerCase())?.delete(subscriptionId);
    }
  }
  return assignment;
}

/** Lower-case ids of the subscriptions at or below a scope. */
function subscriptionsTouched(state: EmulatorState, scope: ParsedScope): string[] {
  if (scope.kind === 'tenant') return [...state.subscriptions.keys()];
  if (scope.kind === 'managementGroup') {
    return state.managementGroups.subscriptionsUnder(state, scope.managementGroupId).map((sub) => sub.subscriptionId.toLowerCase());
  }
  return [scope.subscriptionId.toLowerCase()];
}

/** A group's assignment changes what its members see; anyone else's only their own. */
function affectedPrincipals(state: EmulatorState, principalId: string): string[] {
  return state.directory.get(principalId)?.kind === 'group' ? state.directory.transitiveMembers(principalId) : [principalId.toLowerCase()];
}

/** A GUID derived from text, so seeded assignments keep their names from run to run. */
export function stableGuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 17), 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

declare module '../../core/state.js' {
  interface EmulatorStateParts {
    /** Role definitions and role assignments (Microsoft.Authorization). */
    readonly authorization: AuthorizationState;
  }
}

declare module '../../core/snapshot.js' {
  interface EmulatorSnapshot {
    roleDefinitions: RoleDefinition[];
    roleAssignments: RoleAssignment[];
  }
}

export const AUTHORIZATION_SNAPSHOT: SnapshotPart = {
  save: ({ authorization }) => ({
    roleDefinitions: [...authorization.roleDefinitions.values()],
    roleAssignments: [...authorization.roleAssignments.values()],
  }),
  check(value) {
    records(value.roleDefinitions, 'roleDefinitions', {
      id: 'string',
      roleName: 'string',
      assignableScopes: 'array',
      permissions: 'array',
    });
    records(value.roleAssignments, 'roleAssignments', {
      name: 'string',
      scope: 'string',
      roleDefinitionId: 'string',
      principalId: 'string',
    });
  },
  load({ authorization }, snapshot) {
    replace(
      authorization.roleDefinitions,
      byLowerId(snapshot.roleDefinitions, (r) => r.id),
    );
    replace(
      authorization.roleAssignments,
      byLowerId(snapshot.roleAssignments, (a) => a.name),
    );
  },
};
