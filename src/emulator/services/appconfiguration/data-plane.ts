// The App Configuration data plane (https://{store}.azconfig.io, @azure/app-configuration): key-values
// with key/label filters, etags and conditional requests, locks, labels and keys. Any api-version
// the SDK sends is accepted (1.0, 2023-10-01, 2023-11-01, 2024-09-01, ...).
import { createHash } from 'node:crypto';
import { authorizeAppConfig, type AppConfigAccess } from './auth.js';
import { kvId, setKeyValue, type AppConfigKeyValue, type AppConfigStore } from './state.js';
import type { Router } from '../../core/router.js';
import type { EmulatorResponse, RouteContext } from '../../core/types.js';
import { newGuid } from '../../core/util.js';
import { onHost } from '../../core/data-plane-host.js';

const SUFFIX = '.azconfig.io';
const KV_TYPE = 'application/vnd.microsoft.appconfig.kv+json; charset=utf-8';
const KVSET_TYPE = 'application/vnd.microsoft.appconfig.kvset+json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';
const KV_FIELDS = ['etag', 'key', 'label', 'content_type', 'value', 'tags', 'locked', 'last_modified'];

type StoreHandler = (ctx: RouteContext, store: AppConfigStore) => EmulatorResponse;

export function registerAppConfigDataRoutes(router: Router): void {
  const route = (access: AppConfigAccess, handler: StoreHandler) => onHost(SUFFIX, (ctx, name) => withStore(ctx, name, access, handler));
  router.add('GET', '/kv', route('read', listKeyValues));
  router.add('GET', '/kv/:key', route('read', getKeyValue));
  router.add('PUT', '/kv/:key', route('write', putKeyValue));
  router.add('DELETE', '/kv/:key', route('delete', deleteKeyValue));
  router.add(
    'PUT',
    '/locks/:key',
    route('write', (ctx, store) => setLock(ctx, store, true)),
  );
  router.add(
    'DELETE',
    '/locks/:key',
    route('write', (ctx, store) => setLock(ctx, store, false)),
  );
  router.add(
    'GET',
    '/labels',
    route('read', (ctx, store) => listNames(ctx, store, 'label')),
  );
  router.add(
    'GET',
    '/keys',
    route('read', (ctx, store) => listNames(ctx, store, 'key')),
  );
}

function withStore(ctx: RouteContext, name: string, access: AppConfigAccess, handler: StoreHandler): EmulatorResponse {
  const requestId = newGuid();
  const headers: Record<string, string> = {
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': requestId,
    ...(ctx.headers['x-ms-client-request-id'] ? { 'x-ms-client-request-id': ctx.headers['x-ms-client-request-id'] } : {}),
    'strict-transport-security': 'max-age=15724800; includeSubDomains',
  };
  const store = ctx.state.appConfig.stores.get(name);
  // In Azure the host name would not resolve; say so instead of failing obscurely.
  const response = !store
    ? problem(
        404,
        'not-found',
        `No App Configuration store '${name}' exists in the emulator (in Azure, '${name}${SUFFIX}' would not resolve).`,
      )
    : (authorizeAppConfig(ctx, store, access) ?? handler(ctx, store));
  // Consistency token clients echo back (the SDK's syncTokenPolicy): "{id}={value};sn={sequence}".
  if (store)
    headers['sync-token'] =
      `${createHash('sha256').update(store.name).digest('base64url').slice(0, 8)}=${Buffer.from(`0:${store.sequence}`).toString('base64')};sn=${store.sequence}`;
  return { ...response, headers: { ...headers, ...response.headers } };
}

/** The service's RFC 7807 error. */
function problem(status: number, type: string, title: string, extra: Record<string, unknown> = {}): EmulatorResponse {
  return {
    status,
    headers: { 'content-type': PROBLEM_TYPE },
    body: JSON.stringify({ type: `https://azconfig.io/errors/${type}`, title, ...extra, status }),
  };
}

function empty(status: number, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, headers, body: '' };
}

function toWire(kv: AppConfigKeyValue, select: string[] | undefined): Record<string, unknown> {
  const full: Record<string, unknown> = {
    etag: kv.etag,
    key: kv.key,
    label: kv.label,
    content_type: kv.contentType,
    value: kv.value,
    tags: { ...kv.tags },
    locked: kv.locked,
    last_modified: kv.lastModified,
  };
  return select ? Object.fromEntries(KV_FIELDS.filter((field) => select.includes(field)).map((field) => [field, full[field]])) : full;
}

/** `$select` (the SDK sends `$Select`); undefined means all fields. */
function selectParam(ctx: RouteContext): string[] | undefined | EmulatorResponse {
  const entry = [...ctx.url.searchParams].find(([name]) => name.toLowerCase() === '$select');
  if (!entry) return undefined;
  const fields = entry[1]
    .split(',')
    .map((field) => field.trim().toLowerCase())
    .filter(Boolean);
  const bad = fields.find((field) => !KV_FIELDS.includes(field));
  return bad
    ? problem(400, 'invalid-argument', `Invalid request parameter '$select'`, { name: '$select', detail: `Unsupported field '${bad}'.` })
    : fields;
}

/**
 * A key or label filter: comma-separated alternatives, each exact or a prefix ending in `*`;
 * `\` escapes `*`, `,` and `\`; for labels `\0` is the null label.
 */
function parseFilterList(text: string, param: 'key' | 'label'): ((value: string | null) => boolean) | EmulatorResponse {
  const alternatives: { text: string | null; prefix: boolean }[] = [];
  let current = '';
  let prefix = false;
  const flush = (): void => {
    alternatives.push({ text: param === 'label' && current === '\u0000' ? null : current, prefix });
    current = '';
    prefix = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (prefix)
      return problem(400, 'invalid-argument', `Invalid request parameter '${param}'`, {
        name: param,
        detail: `${param}(${i}): '*' is only allowed at the end of a filter`,
      });
    if (ch === '\\' && text[i + 1] === '0' && param === 'label') {
      current += '\u0000';
      i++;
      continue;
    }
    if (ch === '\\' && i + 1 < text.length) {
      current += text[i + 1];
      i++;
      continue;
    }
    if (ch === ',') {
      flush();
      continue;
    }
    if (ch === '*') {
      prefix = true;
      continue;
    }
    current += ch;
  }
  flush();
  // A lone `*` matches everything, the null label included.
  return (value) =>
    alternatives.some((alt) => {
      if (alt.text === null) return value === null;
      if (alt.prefix && alt.text === '') return true;
      return value !== null && (alt.prefix ? value.startsWith(alt.text) : value === alt.text);
    });
}

function listKeyValues(ctx: RouteContext, store: AppConfigStore): EmulatorResponse {
  const query = ctx.url.searchParams;
  const select = selectParam(ctx);
  if (select && !Array.isArray(select)) return select;
  const keyFilter = parseFilterList(query.get('key') ?? '*', 'key');
  if (typeof keyFilter !== 'function') return keyFilter;
  const labelFilter = parseFilterList(query.get('label') ?? '*', 'label');
  if (typeof labelFilter !== 'function') return labelFilter;
  const tagFilters = query.getAll('tags').map((pair) => pair.split('=')) as [string, string | undefined][];
  const items = [...store.keyValues.values()]
    .filter((kv) => keyFilter(kv.key) && labelFilter(kv.label) && tagFilters.every(([name, value]) => kv.tags[name] === (value ?? '')))
    .sort((a, b) => (a.key === b.key ? (a.label ?? '').localeCompare(b.label ?? '') : a.key < b.key ? -1 : 1));
  return page(
    ctx,
    '/kv',
    items.map((kv) => toWire(kv, select)),
    KVSET_TYPE,
  );
}

/** One page; `after` is an opaque continuation token, `@nextLink` and `Link` are relative. */
function page(ctx: RouteContext, path: string, items: Record<string, unknown>[], contentType: string): EmulatorResponse {
  const after = ctx.url.searchParams.get('after');
  const offset = after === null ? 0 : Number.parseInt(Buffer.from(after, 'base64').toString('utf8'), 10);
  if (!Number.isInteger(offset) || offset < 0)
    return problem(400, 'invalid-argument', "Invalid request parameter 'after'", { name: 'after' });
  const end = offset + ctx.options.pageSize;
  const body: Record<string, unknown> = { items: items.slice(offset, end) };
  const headers: Record<string, string> = { 'content-type': contentType };
  if (end < items.length) {
    // `after` goes last, as the service puts it: the SDK reads the token with `new URLSearchParams(nextLink)`,
    // which would take a leading `/kv?after` for the parameter's name.
    const next = new URLSearchParams(ctx.url.search);
    next.delete('after');
    next.append('after', Buffer.from(String(end)).toString('base64'));
    const link = `${path}?${next.toString()}`;
    body['@nextLink'] = link;
    headers['link'] = `<${link}>; rel="next"`;
  }
  const text = JSON.stringify(body);
  // A page has an etag too: clients re-list with If-None-Match to learn whether anything changed.
  const etag = `"${createHash('sha256').update(text).digest('base64url')}"`;
  if (ctx.headers['if-none-match'] === etag) return empty(304, { etag });
  return { status: 200, headers: { ...headers, etag }, body: text };
}

function targetOf(
  ctx: RouteContext,
  store: AppConfigStore,
): { key: string; label: string | null; existing: AppConfigKeyValue | undefined } {
  const key = ctx.params['key'] ?? '';
  const labelParam = ctx.url.searchParams.get('label');
  const label = labelParam === null || labelParam === '' || labelParam === '\u0000' || labelParam === '\\0' ? null : labelParam;
  return { key, label, existing: store.keyValues.get(kvId(key, label)) };
}

/** If-Match / If-None-Match against the current etag ("*" = exists); the failure status, if any. */
function preconditionFails(ctx: RouteContext, existing: AppConfigKeyValue | undefined): boolean {
  const strip = (value: string): string => value.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  const ifMatch = ctx.headers['if-match'];
  const ifNoneMatch = ctx.headers['if-none-match'];
  if (ifMatch !== undefined && !(existing && (strip(ifMatch) === '*' || strip(ifMatch) === existing.etag))) return true;
  if (ifNoneMatch !== undefined && ctx.method !== 'GET' && existing && (strip(ifNoneMatch) === '*' || strip(ifNoneMatch) === existing.etag))
    return true;
  return false;
}

function kvResponse(kv: AppConfigKeyValue, status = 200, select?: string[]): EmulatorResponse {
  return {
    status,
    headers: { 'content-type': KV_TYPE, etag: `"${kv.etag}"`, 'last-modified': new Date(kv.lastModified).toUTCString() },
    body: JSON.stringify(toWire(kv, select)),
  };
}

function getKeyValue(ctx: RouteContext, store: AppConfigStore): EmulatorResponse {
  const select = selectParam(ctx);
  if (select && !Array.isArray(select)) return select;
  const { existing } = targetOf(ctx, store);
  if (!existing) return empty(404);
  const ifNoneMatch = ctx.headers['if-none-match']?.replace(/^"|"$/g, '');
  if (ifNoneMatch !== undefined && (ifNoneMatch === '*' || ifNoneMatch === existing.etag))
    return empty(304, { etag: `"${existing.etag}"` });
  if (preconditionFails(ctx, existing)) return empty(412);
  return kvResponse(existing, 200, select);
}

function keyLocked(key: string): EmulatorResponse {
  return problem(409, 'key-locked', `Modifing key '${key}' is not allowed`, {
    name: key,
    detail: 'The key is read-only. To allow modification unlock it first.',
  });
}

function putKeyValue(ctx: RouteContext, store: AppConfigStore): EmulatorResponse {
  const { key, label, existing } = targetOf(ctx, store);
  if (key === '.' || key === '..' || key.includes('%'))
    return problem(400, 'invalid-argument', "Invalid request parameter 'key'", { name: 'key', detail: `key: '${key}' is not a valid key` });
  if (preconditionFails(ctx, existing)) return empty(412);
  if (existing?.locked) return keyLocked(key);
  let body: { value?: unknown; content_type?: unknown; tags?: unknown };
  try {
    body = JSON.parse(ctx.body || '{}') as typeof body;
  } catch {
    return problem(400, 'invalid-request-body', 'Invalid request body', { detail: 'The request body is not valid JSON.' });
  }
  const tags =
    body.tags && typeof body.tags === 'object'
      ? Object.fromEntries(Object.entries(body.tags as Record<string, unknown>).map(([name, value]) => [name, String(value)]))
      : {};
  const kv = setKeyValue(store, {
    key,
    label,
    value: typeof body.value === 'string' ? body.value : null,
    contentType: typeof body.content_type === 'string' ? body.content_type : null,
    tags,
  });
  return kvResponse(kv);
}

function deleteKeyValue(ctx: RouteContext, store: AppConfigStore): EmulatorResponse {
  const { key, label, existing } = targetOf(ctx, store);
  if (preconditionFails(ctx, existing)) return empty(412);
  if (!existing) return empty(204);
  if (existing.locked) return keyLocked(key);
  store.keyValues.delete(kvId(key, label));
  store.sequence += 1;
  return kvResponse(existing);
}

function setLock(ctx: RouteContext, store: AppConfigStore, locked: boolean): EmulatorResponse {
  const { existing } = targetOf(ctx, store);
  if (!existing) return empty(404);
  if (preconditionFails(ctx, existing)) return empty(412);
  existing.locked = locked;
  existing.etag = createHash('sha256').update(`${existing.etag}|${locked}`).digest('base64url');
  store.sequence += 1;
  return kvResponse(existing);
}

/** GET /labels (`name` filter, null label included) and GET /keys. */
function listNames(ctx: RouteContext, store: AppConfigStore, kind: 'label' | 'key'): EmulatorResponse {
  const filter = parseFilterList(ctx.url.searchParams.get('name') ?? '*', kind);
  if (typeof filter !== 'function') return filter;
  const names = new Map<string, string | null>();
  for (const kv of store.keyValues.values()) {
    const name = kind === 'label' ? kv.label : kv.key;
    if (filter(name)) names.set(name ?? '\u0000', name);
  }
  const sorted = [...names.values()].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
  return page(
    ctx,
    kind === 'label' ? '/labels' : '/keys',
    sorted.map((name) => ({ name })),
    `application/vnd.microsoft.appconfig.${kind}set+json; charset=utf-8`,
  );
}
