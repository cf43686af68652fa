// Who may do what in Microsoft Graph. An app-only caller (service principal, managed identity) needs one of the
// application permissions Graph documents for the operation, granted with admin consent; a signed-in user acts
// with the default user permissions (members read the directory and register applications) plus the directory
// roles held. Otherwise Graph answers 403 Authorization_RequestDenied, "Insufficient privileges to complete the
// operation." (the error Graph documents for missing permissions).
import type { EmulatorResponse } from '../../core/types.js';
import { graphError, type GraphContext, type GraphHandler } from './http.js';

export type GraphOperation =
  | 'users.read'
  | 'users.write'
  | 'groups.read'
  | 'groups.write'
  | 'applications.read'
  | 'applications.create'
  | 'applications.write'
  | 'servicePrincipals.read'
  | 'organization.read';

const DIRECTORY_READ = ['Directory.Read.All', 'Directory.ReadWrite.All'];

/** The application permissions that allow each operation (Graph's permission tables, least to most privileged). */
const APPLICATION_PERMISSIONS: Record<GraphOperation, string[]> = {
  'users.read': ['User.Read.All', 'User.ReadWrite.All', ...DIRECTORY_READ],
  'users.write': ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
  'groups.read': ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', ...DIRECTORY_READ],
  'groups.write': ['Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  'applications.read': ['Application.Read.All', 'Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All', ...DIRECTORY_READ],
  'applications.create': ['Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All'],
  'applications.write': ['Application.ReadWrite.All'],
  'servicePrincipals.read': ['Application.Read.All', 'Application.ReadWrite.All', ...DIRECTORY_READ],
  'organization.read': ['Organization.Read.All', 'Organization.ReadWrite.All', ...DIRECTORY_READ],
};

const ADMIN = 'Global Administrator';
/** Directory roles a user needs beyond the default member permissions; `member` = any member may. */
const USER_ROLES: Record<GraphOperation, 'member' | string[]> = {
  'users.read': 'member',
  'users.write': ['User Administrator', ADMIN],
  'groups.read': 'member',
  'groups.write': ['Groups Administrator', ADMIN],
  'applications.read': 'member',
  'applications.create': 'member',
  'applications.write': ['Application Administrator', 'Cloud Application Administrator', ADMIN],
  'servicePrincipals.read': 'member',
  'organization.read': 'member',
};

function allowed(ctx: GraphContext, operation: GraphOperation): boolean {
  const { principal } = ctx.caller;
  const object = ctx.state.directory.get(principal.objectId);
  if (principal.type === 'User') {
    if (object?.kind !== 'user') return false;
    const roles = object.directoryRoles ?? [];
    const needed = USER_ROLES[operation];
    if (roles.includes(ADMIN)) return true;
    if (needed === 'member') return object.userType === 'Member' || operation === 'organization.read';
    return needed.some((role) => roles.includes(role));
  }
  const granted = object?.kind === 'servicePrincipal' ? (object.graphPermissions ?? []) : [];
  return APPLICATION_PERMISSIONS[operation].some((permission) => granted.includes(permission));
}

export function denied(ctx: GraphContext, operation: GraphOperation): EmulatorResponse | undefined {
  if (allowed(ctx, operation)) return undefined;
  return graphError(ctx, ctx.requestId, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}

/** The handler, behind the permission check for its operation. */
export function permitted(operation: GraphOperation, handler: GraphHandler): GraphHandler {
  return (ctx) => denied(ctx, operation) ?? handler(ctx);
}
