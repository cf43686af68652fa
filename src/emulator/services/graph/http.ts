// What every Microsoft Graph route shares: bearer authentication for the Graph audience, Graph's
// response headers and error body, @odata.context URLs and paging with an absolute @odata.nextLink.
import type { TokenGrant } from '../../core/tokens.js';
import type { EmulatorResponse, RouteContext, RouteHandler } from '../../core/types.js';
import { newGuid, nowSeconds } from '../../core/util.js';

export interface GraphContext extends RouteContext {
  readonly caller: TokenGrant;
  readonly requestId: string;
}

export type GraphHandler = (ctx: GraphContext) => EmulatorResponse | Promise<EmulatorResponse>;

/** Graph's resource URI, its app id, and the emulator's own origin (loopback tests). */
const GRAPH_AUDIENCES = ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000'];
const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const DIAGNOSTIC = JSON.stringify({
  ServerInfo: { DataCenter: 'East US', Slice: 'E', Ring: '5', ScaleUnit: '001', RoleInstance: 'EMULATED-GRAPH', ADSiteName: 'EUS' },
});

export function graphRoute(handler: GraphHandler): RouteHandler {
  return async (ctx) => {
    const requestId = newGuid();
    const caller = authenticate(ctx, requestId);
    if ('status' in caller) return caller;
    return withGraphHeaders(ctx, requestId, await handler({ ...ctx, caller, requestId }));
  };
}

function authenticate(ctx: RouteContext, requestId: string): TokenGrant | EmulatorResponse {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(ctx.headers['authorization'] ?? '')?.[1];
  const fail = (message: string): EmulatorResponse => {
    const response = graphError(ctx, requestId, 401, 'InvalidAuthenticationToken', message);
    response.headers['www-authenticate'] =
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';
    return response;
  };
  if (!token) return fail('Access token is empty.');
  const found = ctx.state.tokens.lookup(token);
  if (found.status === 'unknown') return fail('Access token validation failure.');
  if (found.status === 'expired') return fail('Lifetime validation failed, the token is expired.');
  const audience = found.grant.audience.replace(/\/+$/, '');
  if (![...GRAPH_AUDIENCES, ctx.url.origin].includes(audience)) return fail('Access token validation failure. Invalid audience.');
  return found.grant;
}

function withGraphHeaders(ctx: RouteContext, requestId: string, response: EmulatorResponse): EmulatorResponse {
  return {
    ...response,
    headers: {
      'cache-control': 'no-cache',
      'strict-transport-security': 'max-age=31536000',
      'request-id': requestId,
      'client-request-id': ctx.headers['client-request-id'] ?? requestId,
      'x-ms-ags-diagnostic': DIAGNOSTIC,
      'x-ms-resource-unit': '1',
      ...response.headers,
    },
  };
}

export function graphJson(status: number, body: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, headers: { 'content-type': ODATA_JSON, 'odata-version': '4.0', ...headers }, body: JSON.stringify(body) };
}

export function graphNoContent(): EmulatorResponse {
  return { status: 204, headers: {}, body: '' };
}

/** Graph's error body; `innerError` repeats the request ids, as graph.microsoft.com does. */
export function graphError(ctx: RouteContext, requestId: string, status: number, code: string, message: string): EmulatorResponse {
  const body = {
    error: {
      code,
      message,
      innerError: {
        date: new Date(nowSeconds() * 1000).toISOString().slice(0, 19),
        'request-id': requestId,
        'client-request-id': ctx.headers['client-request-id'] ?? requestId,
      },
    },
  };
  return withGraphHeaders(ctx, requestId, { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** `https://graph.microsoft.com/v1.0/$metadata#users(displayName,mail)` on the origin called. */
export function contextUrl(ctx: RouteContext, fragment: string): string {
  return `${ctx.url.origin}/v1.0/$metadata#${fragment}`;
}

/** One page of a collection; `$top` sets the page size (Graph's default is 100). */
export function graphPage(ctx: GraphContext, context: string, items: Record<string, unknown>[], count: boolean): EmulatorResponse {
  const query = ctx.url.searchParams;
  const top = query.get('$top');
  const pageSize = top === null ? ctx.options.pageSize : Number(top);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 999) {
    return graphError(
      ctx,
      ctx.requestId,
      400,
      'Request_BadRequest',
      `Invalid page size specified: '${top ?? ''}'. Must be between 1 and 999 inclusive.`,
    );
  }
  const skipToken = query.get('$skiptoken');
  const offset = skipToken === null ? 0 : decodeSkipToken(skipToken);
  if (offset === undefined)
    return graphError(
      ctx,
      ctx.requestId,
      400,
      'Directory_InvalidSkipToken',
      'The specified page token value has expired and can no longer be included in your request.',
    );
  const body: Record<string, unknown> = { '@odata.context': context };
  if (count) body['@odata.count'] = items.length;
  if (offset + pageSize < items.length) {
    const next = new URL(ctx.url.href);
    next.searchParams.set('$skiptoken', Buffer.from(JSON.stringify({ offset: offset + pageSize })).toString('base64url'));
    body['@odata.nextLink'] = next.href;
  }
  body['value'] = items.slice(offset, offset + pageSize);
  return graphJson(200, body);
}

function decodeSkipToken(token: string): number | undefined {
  try {
    const offset = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown }).offset;
    return typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 ? offset : undefined;
  } catch {
    return undefined;
  }
}

/** JSON object body, or undefined when the body is not one. */
export function jsonObjectBody(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body || '{}');
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
