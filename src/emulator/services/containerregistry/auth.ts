// Azure Container Registry's token service (the Docker registry token flow, as @azure/container-registry,
// docker and `az acr login` use it):
//   401 + WWW-Authenticate: Bearer realm="https://{host}/oauth2/token",service="{host}",scope="repository:web/frontend:pull"
//   POST /oauth2/exchange  grant_type=access_token&service&tenant&access_token={Entra token}   → {"refresh_token"}
//   POST /oauth2/token     grant_type=refresh_token&service&scope&refresh_token                 → {"access_token"}
//   POST /oauth2/token     grant_type=password&service&scope&username&password (admin user)     → {"access_token"}
//   GET  /oauth2/token?service&scope  with Basic admin credentials (or 00000000-…:{refresh token}) → {"access_token"}
// Access tokens carry only the actions the caller's Azure RBAC allows on the registry.
import { hasPermission } from '../authorization/state.js';
import type { EmulatorResponse, RouteContext } from '../../core/types.js';
import { base64url, newGuid, nowSeconds, randomBase64url } from '../../core/util.js';
import type { AcrAccess, AcrTokenGrant, Registry } from './state.js';

const REFRESH_LIFETIME = 3 * 60 * 60;
const ACCESS_LIFETIME = 75 * 60;
/** The user name `az acr login --expose-token` and docker use with a refresh token as password. */
export const ACR_TOKEN_USERNAME = '00000000-0000-0000-0000-000000000000';
const EXCHANGE_AUDIENCES = ['https://management.azure.com', 'https://management.core.windows.net', 'https://containerregistry.azure.net'];
/** RBAC action each registry-token action needs (legacy, non-ABAC registries). */
const RBAC_ACTION: Record<string, string> = {
  pull: 'Microsoft.ContainerRegistry/registries/pull/read',
  metadata_read: 'Microsoft.ContainerRegistry/registries/pull/read',
  push: 'Microsoft.ContainerRegistry/registries/push/write',
  metadata_write: 'Microsoft.ContainerRegistry/registries/push/write',
  delete: 'Microsoft.ContainerRegistry/registries/artifacts/delete',
  '*': 'Microsoft.ContainerRegistry/registries/pull/read',
};

export function acrError(
  status: number,
  code: string,
  message: string,
  detail: unknown = null,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'docker-distribution-api-version': 'registry/2.0', ...headers },
    body: JSON.stringify({ errors: [{ code, message, detail }] }),
  };
}

/** The 401 that starts the token flow; it names the scope the request needs. */
export function challenge(ctx: RouteContext, registry: Registry, needed: AcrAccess | undefined, presented: boolean): EmulatorResponse {
  const scope = needed ? `,scope="${needed.type}:${needed.name}:${needed.actions.join(',')}"` : '';
  const error = presented ? ',error="insufficient_scope"' : '';
  const header = `Bearer realm="${ctx.url.origin}/oauth2/token",service="${registry.loginServer}"${scope}${error}`;
  const detail = needed ? needed.actions.map((action) => ({ Type: needed.type, Name: needed.name, Action: action })) : null;
  return acrError(401, 'UNAUTHORIZED', 'authentication required, visit https://aka.ms/acr/authorization for more information.', detail, {
    'www-authenticate': header,
  });
}

/** undefined when the request's ACR access token grants `needed`; otherwise the challenge. */
export function authorizeRegistry(ctx: RouteContext, registry: Registry, needed: AcrAccess | undefined): EmulatorResponse | undefined {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(ctx.headers['authorization'] ?? '')?.[1];
  const grant = token ? ctx.state.registries.tokens.get(token) : undefined;
  const valid = grant?.kind === 'access' && grant.registry === registry.name && grant.expiresAt > nowSeconds();
  if (!valid) return challenge(ctx, registry, needed, false);
  if (!needed) return undefined;
  const granted = grant.access.some(
    (entry) =>
      entry.type === needed.type &&
      entry.name === needed.name &&
      needed.actions.every((action) => entry.actions.includes(action) || entry.actions.includes('*')),
  );
  return granted ? undefined : challenge(ctx, registry, needed, true);
}

function issue(ctx: RouteContext, registry: Registry, grant: Omit<AcrTokenGrant, 'expiresAt' | 'registry'>): string {
  const now = nowSeconds();
  const lifetime = grant.kind === 'refresh' ? REFRESH_LIFETIME : ACCESS_LIFETIME;
  const payload = {
    jti: newGuid(),
    sub: grant.subject,
    nbf: now - 300,
    exp: now + lifetime,
    iat: now - 300,
    iss: 'Azure Container Registry',
    aud: registry.loginServer,
    version: '1.0',
    grant_type: grant.kind === 'refresh' ? 'refresh_token' : 'access_token',
    ...(grant.tenantId ? { tenant: grant.tenantId } : {}),
    ...(grant.kind === 'access' ? { access: grant.access } : {}),
  };
  const token = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'EMUL:ATED:ACR0' }))}.${base64url(JSON.stringify(payload))}.${randomBase64url(256)}`;
  ctx.state.registries.tokens.set(token, { ...grant, registry: registry.name, expiresAt: now + lifetime });
  return token;
}

function json(body: unknown): EmulatorResponse {
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}

/** Parses `repository:web/frontend:pull,push registry:catalog:*` (space-separated scopes). */
export function parseScopes(text: string): AcrAccess[] {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((scope) => {
      const first = scope.indexOf(':');
      const last = scope.lastIndexOf(':');
      if (first < 0 || last <= first) return [];
      return [
        {
          type: scope.slice(0, first),
          name: scope.slice(first + 1, last),
          actions: scope
            .slice(last + 1)
            .split(',')
            .filter(Boolean),
        },
      ];
    });
}

/** What the subject may do of what it asked for; the admin user may do everything. */
function grantedAccess(ctx: RouteContext, registry: Registry, subject: string, requested: AcrAccess[]): AcrAccess[] {
  if (subject === 'admin' || !registry.resourceId) return requested;
  const resourceId = registry.resourceId;
  return requested
    .map((entry) => ({
      ...entry,
      actions: entry.actions.filter((action) =>
        hasPermission(ctx.state, subject, resourceId, RBAC_ACTION[action] ?? `Microsoft.ContainerRegistry/registries/${action}`),
      ),
    }))
    .filter((entry) => entry.actions.length > 0);
}

function checkService(form: URLSearchParams, registry: Registry): EmulatorResponse | undefined {
  const service = form.get('service');
  if (!service) return acrError(400, 'BAD_REQUEST', "Required parameter 'service' is missing.");
  if (service.toLowerCase() !== registry.loginServer)
    return acrError(401, 'UNAUTHORIZED', `The service '${service}' does not match the registry '${registry.loginServer}'.`);
  return undefined;
}

/** POST /oauth2/exchange: an Entra access token for an ACR refresh token. */
export function exchange(ctx: RouteContext, registry: Registry): EmulatorResponse {
  const form = new URLSearchParams(ctx.body);
  if (form.get('grant_type') !== 'access_token')
    return acrError(400, 'UNSUPPORTED_GRANT_TYPE', `The grant type '${form.get('grant_type') ?? ''}' is not supported.`);
  const badService = checkService(form, registry);
  if (badService) return badService;
  const found = ctx.state.tokens.lookup(form.get('access_token') ?? '');
  if (found.status !== 'valid')
    return acrError(401, 'UNAUTHORIZED', found.status === 'expired' ? 'The access token has expired.' : 'The access token is invalid.');
  const audience = found.grant.audience.replace(/\/+$/, '');
  if (![...EXCHANGE_AUDIENCES, ctx.url.origin].includes(audience))
    return acrError(401, 'UNAUTHORIZED', `The access token has an invalid audience '${found.grant.audience}'.`);
  const tenant = form.get('tenant');
  if (tenant && tenant.toLowerCase() !== found.grant.tenantId.toLowerCase())
    return acrError(401, 'UNAUTHORIZED', `The access token is from tenant '${found.grant.tenantId}', not '${tenant}'.`);
  const token = issue(ctx, registry, {
    kind: 'refresh',
    subject: found.grant.principal.objectId,
    tenantId: found.grant.tenantId,
    access: [],
  });
  return json({ refresh_token: token });
}

/** Who a refresh token or admin credentials stand for; undefined when they are not valid. */
function subjectFor(
  ctx: RouteContext,
  registry: Registry,
  username: string,
  password: string,
): { subject: string; tenantId: string | undefined } | undefined {
  if (username === ACR_TOKEN_USERNAME) {
    const grant = ctx.state.registries.tokens.get(password);
    const valid = grant?.kind === 'refresh' && grant.registry === registry.name && grant.expiresAt > nowSeconds();
    return valid ? { subject: grant.subject, tenantId: grant.tenantId } : undefined;
  }
  const admin =
    registry.adminUserEnabled &&
    username.toLowerCase() === registry.name &&
    registry.passwords.some((candidate) => candidate.value === password);
  return admin ? { subject: 'admin', tenantId: undefined } : undefined;
}

/** POST /oauth2/token (refresh_token or password grant) and GET /oauth2/token (Basic credentials). */
export function accessToken(ctx: RouteContext, registry: Registry): EmulatorResponse {
  const form = ctx.method === 'GET' ? ctx.url.searchParams : new URLSearchParams(ctx.body);
  const badService = checkService(form, registry);
  if (badService) return badService;
  let who: { subject: string; tenantId: string | undefined } | undefined;
  if (ctx.method === 'GET') {
    const basic = /^Basic\s+(\S+)$/i.exec(ctx.headers['authorization'] ?? '')?.[1];
    if (!basic) return challenge(ctx, registry, parseScopes(form.get('scope') ?? '')[0], false);
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    who = subjectFor(ctx, registry, decoded.slice(0, colon), decoded.slice(colon + 1));
  } else if (form.get('grant_type') === 'refresh_token') {
    who = subjectFor(ctx, registry, ACR_TOKEN_USERNAME, form.get('refresh_token') ?? '');
  } else if (form.get('grant_type') === 'password') {
    who = subjectFor(ctx, registry, form.get('username') ?? '', form.get('password') ?? '');
  } else {
    return acrError(400, 'UNSUPPORTED_GRANT_TYPE', `The grant type '${form.get('grant_type') ?? ''}' is not supported.`);
  }
  if (!who) return acrError(401, 'UNAUTHORIZED', 'authentication required, visit https://aka.ms/acr/authorization for more information.');
  const access = grantedAccess(ctx, registry, who.subject, parseScopes(form.getAll('scope').join(' ')));
  return json({ access_token: issue(ctx, registry, { kind: 'access', subject: who.subject, tenantId: who.tenantId, access }) });
}
