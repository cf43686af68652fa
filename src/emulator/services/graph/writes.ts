// Microsoft Graph v1.0 directory writes: create/update/delete users, create/delete applications,
// delete groups, with Graph's validation messages.
import { graphTimestamp, newUser, type DirectoryApplication, type DirectoryKind, type DirectoryUser } from './directory.js';
import type { Router } from '../../core/router.js';
import type { EmulatorResponse } from '../../core/types.js';
import { newGuid } from '../../core/util.js';
import { entityResponse, findObject, notFound } from './routes.js';
import { graphError, graphNoContent, graphRoute, jsonObjectBody, type GraphContext } from './http.js';
import { permitted } from './permissions.js';

export function registerGraphWriteRoutes(router: Router): void {
  router.add('POST', '/v1.0/users', graphRoute(permitted('users.write', createUser)));
  router.add('PATCH', '/v1.0/users/:id', graphRoute(permitted('users.write', updateUser)));
  router.add('DELETE', '/v1.0/users/:id', graphRoute(permitted('users.write', (ctx) => deleteObject(ctx, 'user'))));
  router.add('DELETE', '/v1.0/groups/:id', graphRoute(permitted('groups.write', (ctx) => deleteObject(ctx, 'group'))));
  router.add('POST', '/v1.0/applications', graphRoute(permitted('applications.create', createApplication)));
  router.add('DELETE', '/v1.0/applications/:id', graphRoute(permitted('applications.write', (ctx) => deleteObject(ctx, 'application'))));
}

/** Properties a PATCH /users may set (others are read-only or unknown). */
const USER_WRITABLE: Record<string, 'string' | 'boolean' | 'strings'> = {
  displayName: 'string',
  givenName: 'string',
  surname: 'string',
  jobTitle: 'string',
  department: 'string',
  officeLocation: 'string',
  mobilePhone: 'string',
  preferredLanguage: 'string',
  usageLocation: 'string',
  mail: 'string',
  mailNickname: 'string',
  userPrincipalName: 'string',
  businessPhones: 'strings',
  accountEnabled: 'boolean',
};
const USER_READ_ONLY = new Set(['id', 'createdDateTime', 'userType', 'proxyAddresses', 'onPremisesSyncEnabled']);

function badRequest(ctx: GraphContext, message: string, code = 'Request_BadRequest'): EmulatorResponse {
  return graphError(ctx, ctx.requestId, 400, code, message);
}

function invalidValue(ctx: GraphContext, property: string, resource: string): EmulatorResponse {
  return badRequest(ctx, `Invalid value specified for property '${property}' of resource '${resource}'.`);
}

/** Graph's checks on a userPrincipalName: a verified domain of the tenant, unique in the directory. */
function checkUpn(ctx: GraphContext, upn: string, self?: DirectoryUser): EmulatorResponse | undefined {
  const domain = upn.split('@')[1]?.toLowerCase();
  const tenant = ctx.state.tenants.get(ctx.caller.tenantId.toLowerCase());
  if (!domain || !tenant?.domains.some((verified) => verified.toLowerCase() === domain)) {
    return badRequest(
      ctx,
      'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
    );
  }
  const clash = ctx.state.directory.findUser(upn, ctx.caller.tenantId);
  if (clash && clash !== self) return badRequest(ctx, 'Another object with the same value for property userPrincipalName already exists.');
  return undefined;
}

/** Entra's default password policy: 8+ characters from at least three of four character classes. */
function weakPassword(password: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length;
  return password.length < 8 || password.length > 256 || classes < 3;
}

function createUser(ctx: GraphContext): EmulatorResponse {
  const body = jsonObjectBody(ctx.body);
  if (!body)
    return badRequest(
      ctx,
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      'BadRequest',
    );
  for (const property of ['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName']) {
    const value = body[property];
    if (property === 'accountEnabled' ? typeof value !== 'boolean' : typeof value !== 'string' || value.length === 0)
      return invalidValue(ctx, property, 'User');
  }
  const password = (body['passwordProfile'] as { password?: unknown } | undefined)?.password;
  if (typeof password !== 'string') return invalidValue(ctx, 'passwordProfile', 'User');
  if (weakPassword(password))
    return badRequest(
      ctx,
      'The specified password does not comply with password complexity requirements. Please provide a different password.',
    );
  const upn = body['userPrincipalName'] as string;
  const upnProblem = checkUpn(ctx, upn);
  if (upnProblem) return upnProblem;
  const user = newUser({
    tenantId: ctx.caller.tenantId,
    displayName: body['displayName'] as string,
    userPrincipalName: upn,
    mailNickname: body['mailNickname'] as string,
  });
  const problem = applyUserFields(ctx, user, body, ['passwordProfile', 'forceChangePasswordNextSignIn']);
  if (problem) return problem;
  ctx.state.directory.add(user);
  const location = `https://graph.microsoft.com/v2/${ctx.caller.tenantId}/directoryObjects/${user.id}/Microsoft.DirectoryServices.User`;
  return entityResponse(ctx, user, 201, { location });
}

function updateUser(ctx: GraphContext): EmulatorResponse {
  const id = ctx.params['id'] ?? '';
  const user = findObject(ctx, 'user', id);
  if (user?.kind !== 'user') return notFound(ctx, id);
  const body = jsonObjectBody(ctx.body);
  if (!body)
    return badRequest(
      ctx,
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      'BadRequest',
    );
  if (typeof body['userPrincipalName'] === 'string') {
    const upnProblem = checkUpn(ctx, body['userPrincipalName'], user);
    if (upnProblem) return upnProblem;
  }
  // Validate everything before changing anything: Graph applies a PATCH whole or not at all.
  const draft = { ...user, businessPhones: [...user.businessPhones] };
  const problem = applyUserFields(ctx, draft, body, ['passwordProfile']);
  if (problem) return problem;
  Object.assign(user, draft);
  return graphNoContent();
}

/** Copies writable fields from a request body onto a user; `ignore` names accepted but not stored. */
function applyUserFields(
  ctx: GraphContext,
  user: DirectoryUser,
  body: Record<string, unknown>,
  ignore: string[],
): EmulatorResponse | undefined {
  for (const [name, value] of Object.entries(body)) {
    if (ignore.includes(name)) continue;
    if (USER_READ_ONLY.has(name)) return badRequest(ctx, `Property '${name}' is read-only and cannot be set.`);
    const type = USER_WRITABLE[name];
    if (!type) {
      return badRequest(
        ctx,
        `Property '${name}' does not exist on type 'microsoft.graph.user'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
        'BadRequest',
      );
    }
    const fits =
      type === 'boolean'
        ? typeof value === 'boolean'
        : type === 'strings'
          ? Array.isArray(value) && value.every((item) => typeof item === 'string')
          : typeof value === 'string' || (value === null && name !== 'displayName');
    if (!fits) return invalidValue(ctx, name, 'User');
    (user as unknown as Record<string, unknown>)[name] = value;
  }
  return undefined;
}

/** Writable properties of microsoft.graph.application (v1.0); `oauth2Permissions` is beta-era and not among them. */
const APPLICATION_PROPERTIES = new Set([
  'addIns',
  'api',
  'appRoles',
  'description',
  'displayName',
  'groupMembershipClaims',
  'identifierUris',
  'info',
  'isFallbackPublicClient',
  'keyCredentials',
  'notes',
  'optionalClaims',
  'parentalControlSettings',
  'passwordCredentials',
  'publicClient',
  'requiredResourceAccess',
  'serviceManagementReference',
  'signInAudience',
  'spa',
  'tags',
  'web',
]);
const SIGN_IN_AUDIENCES = ['AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount'];

function createApplication(ctx: GraphContext): EmulatorResponse {
  const body = jsonObjectBody(ctx.body);
  if (!body)
    return badRequest(
      ctx,
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      'BadRequest',
    );
  const unknown = Object.keys(body).find((name) => !APPLICATION_PROPERTIES.has(name));
  if (unknown) {
    return badRequest(
      ctx,
      `Property '${unknown}' does not exist on type 'microsoft.graph.application'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
      'BadRequest',
    );
  }
  const displayName = body['displayName'];
  if (typeof displayName !== 'string' || displayName.length === 0) return invalidValue(ctx, 'displayName', 'Application');
  const audience = body['signInAudience'];
  if (audience !== undefined && !(typeof audience === 'string' && SIGN_IN_AUDIENCES.includes(audience)))
    return invalidValue(ctx, 'signInAudience', 'Application');
  const tenant = ctx.state.tenants.get(ctx.caller.tenantId.toLowerCase());
  const strings = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  const web = body['web'] as { redirectUris?: unknown } | undefined;
  const app: DirectoryApplication = {
    kind: 'application',
    id: newGuid(),
    appId: newGuid(),
    tenantId: ctx.caller.tenantId,
    displayName,
    description: typeof body['description'] === 'string' ? body['description'] : null,
    signInAudience: typeof body['signInAudience'] === 'string' ? body['signInAudience'] : 'AzureADMyOrg',
    identifierUris: strings(body['identifierUris']),
    publisherDomain: tenant?.defaultDomain ?? 'contoso.onmicrosoft.com',
    redirectUris: strings(web?.redirectUris),
    tags: strings(body['tags']),
    createdDateTime: graphTimestamp(),
    passwordCredentials: [],
  };
  ctx.state.directory.add(app);
  const location = `https://graph.microsoft.com/v2/${ctx.caller.tenantId}/directoryObjects/${app.id}/Microsoft.DirectoryServices.Application`;
  return entityResponse(ctx, app, 201, { location });
}

function deleteObject(ctx: GraphContext, kind: DirectoryKind): EmulatorResponse {
  const id = ctx.params['id'] ?? '';
  const found = findObject(ctx, kind, id);
  if (!found) return notFound(ctx, id);
  // Role assignments of a deleted principal stay behind, as in Azure ("Identity not found").
  ctx.state.directory.remove(found.id);
  return graphNoContent();
}
