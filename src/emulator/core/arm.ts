// What every Azure Resource Manager route shares: bearer-token authentication, the api-version rule,
// ARM's response headers, paging, and subscription resolution with ARM's error precedence.
import { armError, jsonResponse } from './errors.js';
import type { Router } from './router.js';
import type { Subscription } from './state.js';
import type { TokenGrant } from './tokens.js';
import type { EmulatorResponse, RouteContext, RouteHandler } from './types.js';
import { armUtcTime, newGuid, nowSeconds } from './util.js';

export interface ArmContext extends RouteContext {
  readonly caller: TokenGrant;
  readonly apiVersion: string;
}

export type ArmHandler = (ctx: ArmContext) => EmulatorResponse | Promise<EmulatorResponse>;

export interface ArmRouteOptions {
  /** When given, other api-versions get ARM's 400 InvalidApiVersionParameter. */
  apiVersions?: readonly string[];
}

/** Audiences ARM accepts, plus the emulator's own origin (tests use `${httpsUrl}/.default`). */
const ARM_AUDIENCES = ['https://management.azure.com', 'https://management.core.windows.net'];

export function armRoute(handler: ArmHandler, options: ArmRouteOptions = {}): RouteHandler {
  return async (ctx) => withArmHeaders(ctx, await authenticateAndRun(ctx, handler, options));
}

async function authenticateAndRun(ctx: RouteContext, handler: ArmHandler, options: ArmRouteOptions): Promise<EmulatorResponse> {
  const caller = authenticate(ctx);
  if (isResponse(caller)) return caller;
  const apiVersion = ctx.url.searchParams.get('api-version');
  if (!apiVersion) {
    return armError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
  }
  if (options.apiVersions && !options.apiVersions.includes(apiVersion)) {
    return armError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${apiVersion}' is invalid. The supported versions are '${options.apiVersions.join(',')}'. The supported locations are ''.`,
    );
  }
  return handler({ ...ctx, caller, apiVersion });
}

function authenticate(ctx: RouteContext): TokenGrant | EmulatorResponse {
  const header = ctx.headers['authorization'];
  if (!header) {
    return unauthenticated(
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing.",
      "The authentication failed because of missing 'Authorization' header.",
    );
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!bearer?.[1]) {
    return unauthenticated(
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      "The authentication failed because of invalid 'Authorization' header.",
    );
  }
  const found = ctx.state.tokens.lookup(bearer[1]);
  if (found.status === 'unknown') {
    return unauthenticated('InvalidAuthenticationToken', 'The access token is invalid.', 'The access token is invalid.');
  }
  if (found.status === 'expired') {
    const message = `The access token expiry UTC time '${armUtcTime(found.grant.expiresAt)}' is earlier than current UTC time '${armUtcTime(nowSeconds())}'.`;
    return unauthenticated('ExpiredAuthenticationToken', message, 'The access token expiry time is earlier than the current time.');
  }
  const audience = found.grant.audience.replace(/\/+$/, '');
  if (![...ARM_AUDIENCES, ctx.url.origin].includes(audience)) {
    const allowed = ARM_AUDIENCES.flatMap((aud) => [`${aud}/`, aud])
      .map((aud) => `'${aud}'`)
      .join(',');
    return unauthenticated(
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${found.grant.audience}'. It should exactly match with one of the allowed audiences ${allowed}.`,
      'The access token audience is invalid.',
    );
  }
  return found.grant;
}

function unauthenticated(code: string, message: string, challengeDescription: string): EmulatorResponse {
  // ARM's challenge; it names no claims, so the SDK's CAE handling passes the 401 through.
  const challenge = `Bearer authorization_uri="https://login.windows.net/", error="invalid_token", error_description="${challengeDescription}"`;
  return armError(401, code, message, { 'www-authenticate': challenge });
}

export function withArmHeaders(ctx: RouteContext, response: EmulatorResponse): EmulatorResponse {
  const requestId = newGuid();
  const readsHeader = ctx.url.pathname.toLowerCase().startsWith('/subscriptions/')
    ? 'x-ms-ratelimit-remaining-subscription-reads'
    : 'x-ms-ratelimit-remaining-tenant-reads';
  return {
    ...response,
    headers: {
      'cache-control': 'no-cache',
      pragma: 'no-cache',
      expires: '-1',
      'x-content-type-options': 'nosniff',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-ms-request-id': requestId,
      'x-ms-correlation-request-id': ctx.headers['x-ms-correlation-request-id'] ?? requestId,
      'x-ms-routing-request-id': `LOCAL:${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}Z:${requestId}`,
      ...(ctx.method === 'GET' ? { [readsHeader]: '11999' } : {}),
      ...response.headers,
    },
  };
}

/**
 * One page of an ARM list. `nextLink` is absolute, on the origin the client called, keeps every
 * query parameter (api-version included) and carries an opaque `$skiptoken`.
 */
export function armPage<T>(
  ctx: ArmContext,
  items: readonly T[],
  map?: (item: T) => unknown,
  pageSize = ctx.options.pageSize,
): EmulatorResponse {
  const skipToken = ctx.url.searchParams.get('$skiptoken');
  const offset = skipToken === null ? 0 : decodeSkipToken(skipToken);
  if (offset === undefined) return armError(400, 'InvalidSkipToken', `The skip token '${skipToken}' is invalid.`);
  const end = offset + pageSize;
  // Only the page is mapped: lists of thousands of resources serialize one page per request.
  const page = items.slice(offset, end);
  const body: { value: unknown[]; nextLink?: string } = { value: map ? page.map(map) : page };
  if (end < items.length) {
    const next = new URL(ctx.url.href);
    next.searchParams.set('$skiptoken', Buffer.from(JSON.stringify({ offset: end })).toString('base64url'));
    body.nextLink = next.href;
  }
  return jsonResponse(200, body);
}

function decodeSkipToken(token: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    const offset = (parsed as { offset?: unknown }).offset;
    return typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 ? offset : undefined;
  } catch {
    return undefined;
  }
}

/** ARM's 403 text, naming the caller the way ARM does (app id or UPN, then object id). */
export function authorizationFailed(caller: TokenGrant, action: string, scope: string): EmulatorResponse {
  const principal = caller.principal;
  const client = principal.type === 'User' ? principal.upn : principal.clientId;
  return armError(
    403,
    'AuthorizationFailed',
    `The client '${client}' with object id '${principal.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

/**
 * Resolves a subscription for a caller with ARM's precedence: unknown → 404, token from another
 * tenant → 401, no read access → 403.
 */
export function resolveSubscription(ctx: ArmContext, subscriptionId: string, action: string): Subscription | EmulatorResponse {
  const subscription = ctx.state.subscriptions.get(subscriptionId.toLowerCase());
  if (!subscription) return armError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
  if (subscription.tenantId !== ctx.caller.tenantId) {
    return armError(
      401,
      'InvalidAuthenticationTokenTenant',
      `The access token is from the wrong issuer 'https://sts.windows.net/${ctx.caller.tenantId}/'. It must match the tenant 'https://sts.windows.net/${subscription.tenantId}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${subscription.tenantId}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.`,
    );
  }
  if (!ctx.state.canRead(ctx.caller.principal.objectId, subscription.subscriptionId)) {
    return authorizationFailed(ctx.caller, action, `/subscriptions/${subscriptionId}`);
  }
  return subscription;
}

export function isResponse(value: object): value is EmulatorResponse {
  return 'status' in value && 'body' in value;
}

/** Registers an ARM route: authenticated, api-version checked, ARM headers, ARM-style 405s. */
export function addArmRoute(router: Router, method: string, pattern: string, handler: ArmHandler, options: ArmRouteOptions = {}): void {
  router.add(method, pattern, armRoute(handler, options), 'arm');
}
