// Authentication on an App Configuration store's data plane: Entra bearer tokens (audience
// https://azconfig.io or https://{store}.azconfig.io, plus Azure RBAC data actions when the store
// has an ARM resource id), or the access-key HMAC-SHA256 scheme of @azure/app-configuration:
//   Authorization: HMAC-SHA256 Credential={key id}&SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={sig}
//   sig = base64(HMAC-SHA256(base64decode(secret), "{VERB}\n{path?query}\n{values of the signed headers, ';'-joined}"))
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { hasPermission } from '../authorization/state.js';
import type { EmulatorResponse, RouteContext } from '../../core/types.js';
import type { AppConfigStore } from './state.js';

export type AppConfigAccess = 'read' | 'write' | 'delete';

/** Requests may be at most this far from the x-ms-date they were signed with (the service allows 15 minutes). */
const CLOCK_SKEW_MS = 15 * 60 * 1000;

/** undefined when the caller may do `access` on the store; otherwise the 401/403 to send. */
export function authorizeAppConfig(ctx: RouteContext, store: AppConfigStore, access: AppConfigAccess): EmulatorResponse | undefined {
  const header = ctx.headers['authorization'] ?? '';
  if (/^HMAC-SHA256\s/i.test(header)) return checkHmac(ctx, store, header, access);
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (!token) return unauthorized('');
  const found = ctx.state.tokens.lookup(token);
  if (found.status === 'unknown') return unauthorized('Invalid token');
  if (found.status === 'expired') return unauthorized('The access token has expired');
  const audience = found.grant.audience.replace(/\/+$/, '').toLowerCase();
  const accepted = ['https://azconfig.io', store.endpoint.toLowerCase(), ctx.url.origin.toLowerCase()];
  if (!accepted.includes(audience)) return unauthorized('Invalid audience');
  if (store.resourceId) {
    const action = `Microsoft.AppConfiguration/configurationStores/keyValues/${access}`;
    if (!hasPermission(ctx.state, found.grant.principal.objectId, store.resourceId, action, 'dataAction')) {
      return {
        status: 403,
        headers: { 'content-type': 'application/problem+json; charset=utf-8' },
        body: JSON.stringify({
          type: 'https://azconfig.io/errors/forbidden',
          title: 'Forbidden',
          detail: `The principal '${found.grant.principal.objectId}' does not have permission to perform '${action}'.`,
          status: 403,
        }),
      };
    }
  }
  return undefined;
}

function checkHmac(ctx: RouteContext, store: AppConfigStore, header: string, access: AppConfigAccess): EmulatorResponse | undefined {
  const fields = new Map<string, string>();
  for (const part of header.replace(/^HMAC-SHA256\s+/i, '').split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('credential');
  const signedHeaders = fields.get('signedheaders');
  const signature = fields.get('signature');
  if (!credential || !signedHeaders || !signature) return unauthorized('Invalid Authorization header', 'HMAC-SHA256');
  if (store.disableLocalAuth) return unauthorized('Access key authentication is disabled for this store', 'HMAC-SHA256');
  const key = store.keys.find((candidate) => candidate.id === credential);
  if (!key) return unauthorized('Invalid Credential', 'HMAC-SHA256');

  const names = signedHeaders.toLowerCase().split(';');
  if (!names.includes('host') || !names.includes('x-ms-content-sha256') || !(names.includes('x-ms-date') || names.includes('date'))) {
    return unauthorized('Host, x-ms-content-sha256 and x-ms-date (or Date) must be signed', 'HMAC-SHA256');
  }
  const date = Date.parse(ctx.headers['x-ms-date'] ?? ctx.headers['date'] ?? '');
  if (Number.isNaN(date) || Math.abs(Date.now() - date) > CLOCK_SKEW_MS) return unauthorized('The access token has expired', 'HMAC-SHA256');
  const bodyHash = createHash('sha256').update(ctx.body, 'utf8').digest('base64');
  if (ctx.headers['x-ms-content-sha256'] !== bodyHash) return unauthorized('Invalid x-ms-content-sha256', 'HMAC-SHA256');

  const values = names.map((name) => (name === 'host' ? ctx.url.host : (ctx.headers[name] ?? '')));
  const stringToSign = `${ctx.method}\n${ctx.url.pathname}${ctx.url.search}\n${values.join(';')}`;
  const expected = createHmac('sha256', Buffer.from(key.value, 'base64')).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return unauthorized('Invalid Signature', 'HMAC-SHA256');
  if (key.readOnly && access !== 'read') {
    return {
      status: 403,
      headers: { 'content-type': 'application/problem+json; charset=utf-8' },
      body: JSON.stringify({
        type: 'https://azconfig.io/errors/forbidden',
        title: 'Forbidden',
        detail: 'The access key is read-only.',
        status: 403,
      }),
    };
  }
  return undefined;
}

/** The service's 401: no body, the reason in WWW-Authenticate (both schemes are offered). */
function unauthorized(description: string, scheme: 'HMAC-SHA256' | 'Bearer' = 'Bearer'): EmulatorResponse {
  const detail = description ? ` error="invalid_token", error_description="${description}"` : '';
  const challenge = scheme === 'HMAC-SHA256' ? `HMAC-SHA256${detail}, Bearer` : `HMAC-SHA256, Bearer${detail}`;
  return { status: 401, headers: { 'www-authenticate': challenge }, body: '' };
}
