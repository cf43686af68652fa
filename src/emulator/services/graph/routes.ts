// Microsoft Graph v1.0 directory reads: users, groups (and members), applications, service
// principals, organization and /me, with $filter, $select, $top, $orderby, $search, $count and paging.
// Routes match the path prefix /v1.0/ on any host (graph.microsoft.com in process, the loopback origin
// over sockets). Writes are in writes.ts.
import { graphTimestamp, type DirectoryKind, type DirectoryObject } from './directory.js';
import { ENTITY, knownProperties, project, toGraph } from './shapes.js';
import { FilterSyntaxError, matchesFilter, parseFilter } from './odata.js';
import type { Router } from '../../core/router.js';
import type { EmulatorResponse } from '../../core/types.js';
import { contextUrl, graphError, graphJson, graphPage, graphRoute, type GraphContext } from './http.js';
import { denied, permitted, type GraphOperation } from './permissions.js';

/** The read permission each kind of directory object needs. */
const READ: Record<DirectoryKind, GraphOperation> = {
  user: 'users.read',
  group: 'groups.read',
  application: 'applications.read',
  servicePrincipal: 'servicePrincipals.read',
};

export function registerGraphRoutes(router: Router): void {
  for (const kind of ['user', 'group', 'application', 'servicePrincipal'] as const) {
    const set = ENTITY[kind].set;
    router.add('GET', `/v1.0/${set}`, graphRoute(permitted(READ[kind], (ctx) => listObjects(ctx, kind))));
    router.add('GET', `/v1.0/${set}/$count`, graphRoute(permitted(READ[kind], (ctx) => countObjects(ctx, kind))));
    router.add('GET', `/v1.0/${set}/:id`, graphRoute(permitted(READ[kind], (ctx) => getObject(ctx, kind, ctx.params['id'] ?? ''))));
  }
  router.add('GET', '/v1.0/groups/:id/members', graphRoute(permitted('groups.read', (ctx) => relatedObjects(ctx, 'members'))));
  router.add('GET', '/v1.0/users/:id/memberOf', graphRoute(permitted('users.read', (ctx) => relatedObjects(ctx, 'memberOf'))));
  // /me needs only the signed-in user's own consent (User.Read), which every delegated token here carries.
  router.add('GET', '/v1.0/me', graphRoute(me));
  router.add('GET', '/v1.0/organization', graphRoute(permitted('organization.read', organization)));
  // Alternate keys (`/applications(appId='…')`) and Graph's answer to unknown segments.
  router.add('GET', '/v1.0/:segment', graphRoute(alternateKey));
}

export function notFound(ctx: GraphContext, id: string): EmulatorResponse {
  return graphError(
    ctx,
    ctx.requestId,
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** An object of this kind in the caller's tenant, by id (or, for users, by userPrincipalName). */
export function findObject(ctx: GraphContext, kind: DirectoryKind, id: string): DirectoryObject | undefined {
  if (kind === 'user') return ctx.state.directory.findUser(id, ctx.caller.tenantId);
  const found = ctx.state.directory.get(id);
  return found?.kind === kind && found.tenantId.toLowerCase() === ctx.caller.tenantId.toLowerCase() ? found : undefined;
}

interface Query {
  select: string[] | undefined;
  count: boolean;
  apply: (items: Record<string, unknown>[]) => Record<string, unknown>[];
}

/** Validates the OData options with Graph's rules for directory objects. */
function parseQuery(ctx: GraphContext, kind: DirectoryKind): Query | EmulatorResponse {
  const query = ctx.url.searchParams;
  const eventual = ctx.headers['consistencylevel']?.toLowerCase() === 'eventual';
  const fail = (status: number, code: string, message: string): EmulatorResponse => graphError(ctx, ctx.requestId, status, code, message);
  const known = knownProperties(kind).map((name) => name.toLowerCase());
  const typeName = ENTITY[kind].type;
  const count = query.get('$count')?.toLowerCase() === 'true';
  if (count && !eventual) return fail(400, 'Request_BadRequest', '$count is not currently supported.');
  const selectText = query.get('$select');
  const select = selectText
    ? selectText
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean)
    : undefined;
  const unknownSelect = select?.find((name) => !known.includes(name.toLowerCase()));
  if (unknownSelect) return fail(400, 'BadRequest', `Could not find a property named '${unknownSelect}' on type '${typeName}'.`);
  const steps: ((items: Record<string, unknown>[]) => Record<string, unknown>[])[] = [];

  const filterText = query.get('$filter');
  if (filterText) {
    let parsed;
    try {
      parsed = parseFilter(filterText);
    } catch (error) {
      const detail = error instanceof FilterSyntaxError ? error.message : String(error);
      return fail(400, 'BadRequest', `Invalid filter clause: ${detail}`);
    }
    const unknownProperty = parsed.properties.find((name) => !known.includes(name.toLowerCase()));
    if (unknownProperty) {
      return fail(
        400,
        'Request_UnsupportedQuery',
        `Unsupported or invalid query filter clause specified for property '${unknownProperty}' of resource '${typeName.split('.').at(-1) ?? typeName}'.`,
      );
    }
    if (parsed.advancedOperator && !(eventual && count)) {
      return fail(
        400,
        'Request_UnsupportedQuery',
        `Operator '${parsed.advancedOperator}' is not supported because the required parameters might be missing. Try adding $count with a value of true and setting the ConsistencyLevel header to eventual.`,
      );
    }
    steps.push((items) => items.filter((item) => matchesFilter(parsed.root, item)));
  }

  const search = query.get('$search');
  if (search) {
    if (!eventual)
      return fail(
        400,
        'Request_BadRequest',
        "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
      );
    const terms = [...search.matchAll(/"([^":]+):([^"]*)"/g)].map((match) => ({
      property: (match[1] as string).trim(),
      term: (match[2] as string).toLowerCase(),
    }));
    if (terms.length === 0)
      return fail(400, 'Request_UnsupportedQuery', "Syntax error: character '\"' is not valid at position 0 in '$search'.");
    const any = /"\s+OR\s+"/.test(search);
    // Graph's $search matches the start of any word in the property.
    const hit = (item: Record<string, unknown>, property: string, term: string): boolean => {
      const key = Object.keys(item).find((name) => name.toLowerCase() === property.toLowerCase());
      const value = key ? item[key] : undefined;
      return (
        typeof value === 'string' &&
        value
          .toLowerCase()
          .split(/[^a-z0-9]+/)
          .some((word) => word.startsWith(term))
      );
    };
    steps.push((items) =>
      items.filter((item) => (any ? terms.some((t) => hit(item, t.property, t.term)) : terms.every((t) => hit(item, t.property, t.term)))),
    );
  }

  const orderby = query.get('$orderby');
  if (orderby) {
    const match = /^\s*(displayName|userPrincipalName|createdDateTime)(?:\s+(asc|desc))?\s*$/i.exec(orderby);
    if (!match) return fail(400, 'Request_UnsupportedQuery', 'Sorting not supported for current query.');
    const key = (match[1] as string).toLowerCase();
    const prop = knownProperties(kind).find((name) => name.toLowerCase() === key);
    if (!prop) return fail(400, 'Request_UnsupportedQuery', 'Sorting not supported for current query.');
    const direction = match[2]?.toLowerCase() === 'desc' ? -1 : 1;
    steps.push((items) =>
      [...items].sort((a, b) => direction * String(a[prop] ?? '').localeCompare(String(b[prop] ?? ''), 'en', { sensitivity: 'base' })),
    );
  }
  return { select, count, apply: (items) => steps.reduce((current, step) => step(current), items) };
}

function contextFragment(set: string, select: string[] | undefined, entity = false): string {
  return `${set}${select ? `(${select.join(',')})` : ''}${entity ? '/$entity' : ''}`;
}

function listObjects(ctx: GraphContext, kind: DirectoryKind): EmulatorResponse {
  const query = parseQuery(ctx, kind);
  if ('status' in query) return query;
  const items = query.apply(ctx.state.directory.list(kind, ctx.caller.tenantId).map(toGraph));
  const projected = items.map((item) => project(item, query.select ?? ENTITY[kind].defaults));
  return graphPage(ctx, contextUrl(ctx, contextFragment(ENTITY[kind].set, query.select)), projected, query.count);
}

function countObjects(ctx: GraphContext, kind: DirectoryKind): EmulatorResponse {
  if (ctx.headers['consistencylevel']?.toLowerCase() !== 'eventual') {
    return graphError(ctx, ctx.requestId, 400, 'Request_BadRequest', '$count is not currently supported.');
  }
  const query = parseQuery(ctx, kind);
  if ('status' in query) return query;
  const total = query.apply(ctx.state.directory.list(kind, ctx.caller.tenantId).map(toGraph)).length;
  return { status: 200, headers: { 'content-type': 'text/plain;charset=utf-8' }, body: String(total) };
}

export function entityResponse(
  ctx: GraphContext,
  object: DirectoryObject,
  status = 200,
  headers: Record<string, string> = {},
): EmulatorResponse {
  const query = parseQuery(ctx, object.kind);
  if ('status' in query) return query;
  const context = contextUrl(ctx, contextFragment(ENTITY[object.kind].set, query.select, true));
  return graphJson(
    status,
    { '@odata.context': context, ...project(toGraph(object), query.select ?? ENTITY[object.kind].defaults) },
    headers,
  );
}

function getObject(ctx: GraphContext, kind: DirectoryKind, id: string): EmulatorResponse {
  const found = findObject(ctx, kind, id);
  return found ? entityResponse(ctx, found) : notFound(ctx, id);
}

/** Directory-object collections carry each item's @odata.type (they mix kinds). */
function relatedObjects(ctx: GraphContext, relation: 'members' | 'memberOf'): EmulatorResponse {
  const id = ctx.params['id'] ?? '';
  const owner = findObject(ctx, relation === 'members' ? 'group' : 'user', id);
  if (!owner) return notFound(ctx, id);
  const directory = ctx.state.directory;
  const related =
    relation === 'members' && owner.kind === 'group'
      ? owner.members.map((member) => directory.get(member)).filter((object): object is DirectoryObject => object !== undefined)
      : directory
          .list('group', ctx.caller.tenantId)
          .filter((group) => group.members.some((member) => member.toLowerCase() === owner.id.toLowerCase()));
  const select = ctx.url.searchParams
    .get('$select')
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const items = related.map((object) => ({
    '@odata.type': `#${ENTITY[object.kind].type}`,
    ...project(toGraph(object), select ?? ENTITY[object.kind].defaults),
  }));
  return graphPage(ctx, contextUrl(ctx, 'directoryObjects'), items, false);
}

function me(ctx: GraphContext): EmulatorResponse {
  if (ctx.caller.principal.type !== 'User') {
    return graphError(ctx, ctx.requestId, 400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
  }
  const user = ctx.state.directory.findUser(ctx.caller.principal.objectId, ctx.caller.tenantId);
  return user ? entityResponse(ctx, user) : notFound(ctx, ctx.caller.principal.objectId);
}

function organization(ctx: GraphContext): EmulatorResponse {
  const tenant = ctx.state.tenants.get(ctx.caller.tenantId.toLowerCase());
  const value = tenant
    ? [
        {
          id: tenant.tenantId,
          deletedDateTime: null,
          businessPhones: [],
          city: null,
          country: null,
          countryLetterCode: tenant.countryCode,
          createdDateTime: graphTimestamp(new Date('2019-06-03T17:20:00Z')),
          displayName: tenant.displayName,
          onPremisesSyncEnabled: null,
          postalCode: null,
          preferredLanguage: 'en',
          state: null,
          street: null,
          technicalNotificationMails: [`admin@${tenant.defaultDomain}`],
          tenantType: 'AAD',
          assignedPlans: [],
          provisionedPlans: [],
          verifiedDomains: tenant.domains.map((name) => ({
            capabilities: 'Email, OfficeCommunicationsOnline',
            isDefault: name === tenant.defaultDomain,
            isInitial: name.endsWith('.onmicrosoft.com'),
            name,
            type: 'Managed',
          })),
        },
      ]
    : [];
  return graphJson(200, { '@odata.context': contextUrl(ctx, 'organization'), value });
}

/** OData key forms: `applications(appId='…')`, `servicePrincipals(appId='…')`, and `users('…')` (Graph's form for a UPN starting with `$`). */
function alternateKey(ctx: GraphContext): EmulatorResponse {
  const segment = ctx.params['segment'] ?? '';
  const user = /^users\('((?:[^']|'')*)'\)$/i.exec(segment);
  if (user) {
    const key = (user[1] as string).replaceAll("''", "'");
    return denied(ctx, 'users.read') ?? getObject(ctx, 'user', key);
  }
  const match = /^(applications|servicePrincipals)\(appId='([^']*)'\)$/i.exec(segment);
  if (!match) return graphError(ctx, ctx.requestId, 400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
  const kind = (match[1] as string).toLowerCase() === 'applications' ? 'application' : 'servicePrincipal';
  const refused = denied(ctx, READ[kind]);
  if (refused) return refused;
  const appId = (match[2] as string).toLowerCase();
  const found = ctx.state.directory.list(kind, ctx.caller.tenantId).find((object) => object.appId.toLowerCase() === appId);
  return found ? entityResponse(ctx, found) : notFound(ctx, `appId=${match[2] as string}`);
}
