// The Container Registry data plane (https://{registry}.azurecr.io, @azure/container-registry and the
// Docker registry API): token endpoints, the /v2/ ping, catalogs, repositories, tags and manifests.
// Repository names may contain `/`; they arrive either encoded (`web%2Ffrontend`, the SDK) or raw
// (`web/frontend`, docker), so repository routes are registered for names up to four segments deep.
import { accessToken, acrError, authorizeRegistry, exchange } from './auth.js';
import type { AcrAccess, ChangeableAttributes, Registry, RegistryRepository, RegistryTag } from './state.js';
import type { Router } from '../../core/router.js';
import type { EmulatorResponse, RouteContext } from '../../core/types.js';
import { newGuid } from '../../core/util.js';
import { onHost } from '../../core/data-plane-host.js';

const SUFFIX = '.azurecr.io';
const MAX_DEPTH = 4;
type RegistryHandler = (ctx: RouteContext, registry: Registry) => EmulatorResponse;
type RepoHandler = (ctx: RouteContext, registry: Registry, repository: RegistryRepository) => EmulatorResponse;

export function registerAcrDataRoutes(router: Router): void {
  const route = (handler: RegistryHandler) => onHost(SUFFIX, (ctx, name) => withRegistry(ctx, name, handler));
  router.add('POST', '/oauth2/exchange', route(exchange));
  router.add('POST', '/oauth2/token', route(accessToken));
  router.add('GET', '/oauth2/token', route(accessToken));
  router.add(
    'GET',
    '/v2',
    route((ctx, registry) => authorizeRegistry(ctx, registry, undefined) ?? json({})),
  );
  router.add(
    'GET',
    '/acr/v1/_catalog',
    route((ctx, registry) => catalog(ctx, registry, '/acr/v1/_catalog')),
  );
  router.add(
    'GET',
    '/v2/_catalog',
    route((ctx, registry) => catalog(ctx, registry, '/v2/_catalog')),
  );
  for (let depth = 1; depth <= MAX_DEPTH; depth++) {
    const repo = Array.from({ length: depth }, (_, index) => `:r${index + 1}`).join('/');
    const repoRoute = (action: string, handler: RepoHandler) => route((ctx, registry) => withRepository(ctx, registry, action, handler));
    router.add(
      'GET',
      `/acr/v1/${repo}`,
      repoRoute('metadata_read', (_ctx, registry, repository) => json(repositoryAttributes(registry, repository))),
    );
    router.add('PATCH', `/acr/v1/${repo}`, repoRoute('metadata_write', updateRepository));
    router.add('DELETE', `/acr/v1/${repo}`, repoRoute('delete', deleteRepository));
    router.add('GET', `/acr/v1/${repo}/_tags`, repoRoute('metadata_read', listTags));
    router.add(
      'GET',
      `/acr/v1/${repo}/_tags/:tag`,
      repoRoute('metadata_read', (ctx, registry, repository) =>
        withTag(ctx, registry, repository, (tag) =>
          json({ registry: registry.loginServer, imageName: repository.name, tag: tagAttributes(tag) }),
        ),
      ),
    );
    router.add('PATCH', `/acr/v1/${repo}/_tags/:tag`, repoRoute('metadata_write', updateTag));
    router.add('DELETE', `/acr/v1/${repo}/_tags/:tag`, repoRoute('delete', deleteTag));
    router.add('GET', `/acr/v1/${repo}/_manifests`, repoRoute('metadata_read', listManifests));
    router.add('GET', `/v2/${repo}/tags/list`, repoRoute('pull', listTagNames));
    router.add('DELETE', `/v2/${repo}/manifests/:reference`, repoRoute('delete', deleteManifest));
  }
}

function withRegistry(ctx: RouteContext, name: string, handler: RegistryHandler): EmulatorResponse {
  const registry = ctx.state.registries.registries.get(name);
  const response = registry
    ? handler(ctx, registry)
    : acrError(
        404,
        'NAME_UNKNOWN',
        `No container registry '${name}' exists in the emulator (in Azure, '${name}${SUFFIX}' would not resolve).`,
      );
  const headers = {
    'x-ms-correlation-request-id': newGuid(),
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'docker-distribution-api-version': 'registry/2.0',
  };
  return { ...response, headers: { ...headers, ...response.headers } };
}

/** The repository named by the `:rN` path segments; authorization comes first, as in ACR. */
function withRepository(ctx: RouteContext, registry: Registry, action: string, handler: RepoHandler): EmulatorResponse {
  const name = Array.from({ length: MAX_DEPTH }, (_, index) => ctx.params[`r${index + 1}`])
    .filter((part): part is string => part !== undefined)
    .join('/');
  const denied = authorizeRegistry(ctx, registry, { type: 'repository', name, actions: [action] });
  if (denied) return denied;
  const repository = registry.repositories.get(name);
  if (!repository) return acrError(404, 'NAME_UNKNOWN', 'repository name not known to registry', { name });
  return handler(ctx, registry, repository);
}

function withTag(
  ctx: RouteContext,
  registry: Registry,
  repository: RegistryRepository,
  handler: (tag: RegistryTag) => EmulatorResponse,
): EmulatorResponse {
  const name = ctx.params['tag'] ?? '';
  const tag = repository.tags.get(name);
  return tag ? handler(tag) : acrError(404, 'TAG_UNKNOWN', 'the specified tag does not exist', { name: repository.name, tag: name });
}

function json(body: unknown, status = 200): EmulatorResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}

function attributes(source: ChangeableAttributes): ChangeableAttributes {
  return {
    deleteEnabled: source.deleteEnabled,
    writeEnabled: source.writeEnabled,
    readEnabled: source.readEnabled,
    listEnabled: source.listEnabled,
  };
}

function tagAttributes(tag: RegistryTag): Record<string, unknown> {
  return {
    name: tag.name,
    digest: tag.digest,
    createdTime: tag.createdTime,
    lastUpdateTime: tag.lastUpdateTime,
    signed: false,
    changeableAttributes: attributes(tag),
  };
}

function repositoryAttributes(registry: Registry, repository: RegistryRepository): Record<string, unknown> {
  return {
    registry: registry.loginServer,
    imageName: repository.name,
    createdTime: repository.createdTime,
    lastUpdateTime: repository.lastUpdateTime,
    manifestCount: repository.manifests.size,
    tagCount: repository.tags.size,
    changeableAttributes: { ...attributes(repository), teleportEnabled: false },
  };
}

/**
 * Docker-style paging: `n` items after the one named `last` (or, when it is gone, after every key up
 * to it), and a relative `Link: <...>; rel="next"` header while more remain.
 */
function pageOf<T>(
  ctx: RouteContext,
  items: T[],
  keyOf: (item: T) => string,
  path: string,
): { page: T[]; headers: Record<string, string> } | EmulatorResponse {
  const query = ctx.url.searchParams;
  const nText = query.get('n');
  const n = nText === null ? ctx.options.pageSize : Number(nText);
  if (!Number.isInteger(n) || n < 1) return acrError(400, 'PAGINATION_NUMBER_INVALID', 'invalid number of results requested', { n: nText });
  const last = query.get('last');
  const index = last === null ? -1 : items.findIndex((item) => keyOf(item) === last);
  const rest = last === null || index >= 0 ? items.slice(index + 1) : items.filter((item) => keyOf(item) > last);
  const page = rest.slice(0, n);
  const headers: Record<string, string> = {};
  if (rest.length > n) {
    const next = new URLSearchParams({ last: keyOf(page[page.length - 1] as T), n: String(n), orderby: query.get('orderby') ?? '' });
    headers['link'] = `<${path}?${next.toString()}>; rel="next"`;
  }
  return { page, headers };
}

function catalog(ctx: RouteContext, registry: Registry, path: string): EmulatorResponse {
  const needed: AcrAccess = { type: 'registry', name: 'catalog', actions: ['*'] };
  const denied = authorizeRegistry(ctx, registry, needed);
  if (denied) return denied;
  const names = [...registry.repositories.values()]
    .filter((repository) => repository.listEnabled)
    .map((repository) => repository.name)
    .sort();
  const result = pageOf(ctx, names, (name) => name, path);
  if ('status' in result) return result;
  return { ...json({ repositories: result.page }), headers: { 'content-type': 'application/json; charset=utf-8', ...result.headers } };
}

/** Name order by default; `orderby=timedesc|timeasc` sorts by last update (last then names a tag). */
function sortedTags(ctx: RouteContext, repository: RegistryRepository): RegistryTag[] {
  const tags = [...repository.tags.values()];
  const order = ctx.url.searchParams.get('orderby')?.toLowerCase();
  if (order === 'timedesc') return tags.sort((a, b) => b.lastUpdateTime.localeCompare(a.lastUpdateTime) || a.name.localeCompare(b.name));
  if (order === 'timeasc') return tags.sort((a, b) => a.lastUpdateTime.localeCompare(b.lastUpdateTime) || a.name.localeCompare(b.name));
  return tags.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function listTags(ctx: RouteContext, registry: Registry, repository: RegistryRepository): EmulatorResponse {
  const result = pageOf(ctx, sortedTags(ctx, repository), (tag) => tag.name, `/acr/v1/${repository.name}/_tags`);
  if ('status' in result) return result;
  const body = { registry: registry.loginServer, imageName: repository.name, tags: result.page.map(tagAttributes) };
  return { ...json(body), headers: { 'content-type': 'application/json; charset=utf-8', ...result.headers } };
}

function listTagNames(ctx: RouteContext, _registry: Registry, repository: RegistryRepository): EmulatorResponse {
  const result = pageOf(ctx, sortedTags(ctx, repository), (tag) => tag.name, `/v2/${repository.name}/tags/list`);
  if ('status' in result) return result;
  return {
    ...json({ name: repository.name, tags: result.page.map((tag) => tag.name) }),
    headers: { 'content-type': 'application/json; charset=utf-8', ...result.headers },
  };
}

function listManifests(ctx: RouteContext, registry: Registry, repository: RegistryRepository): EmulatorResponse {
  const manifests = [...repository.manifests.values()];
  const order = ctx.url.searchParams.get('orderby')?.toLowerCase();
  if (order === 'timedesc') manifests.sort((a, b) => b.lastUpdateTime.localeCompare(a.lastUpdateTime));
  else if (order === 'timeasc') manifests.sort((a, b) => a.lastUpdateTime.localeCompare(b.lastUpdateTime));
  else manifests.sort((a, b) => a.digest.localeCompare(b.digest));
  const result = pageOf(ctx, manifests, (manifest) => manifest.digest, `/acr/v1/${repository.name}/_manifests`);
  if ('status' in result) return result;
  const items = result.page.map((manifest) => ({
    digest: manifest.digest,
    imageSize: manifest.imageSize,
    createdTime: manifest.createdTime,
    lastUpdateTime: manifest.lastUpdateTime,
    architecture: manifest.architecture,
    os: manifest.os,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    configMediaType: 'application/vnd.docker.container.image.v1+json',
    tags: [...repository.tags.values()]
      .filter((tag) => tag.digest === manifest.digest)
      .map((tag) => tag.name)
      .sort(),
    changeableAttributes: attributes(manifest),
  }));
  return {
    ...json({ registry: registry.loginServer, imageName: repository.name, manifests: items }),
    headers: { 'content-type': 'application/json; charset=utf-8', ...result.headers },
  };
}

/** PATCH bodies carry any of the four changeable attributes. */
function applyAttributes(ctx: RouteContext, target: ChangeableAttributes): EmulatorResponse | undefined {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(ctx.body || '{}') as Record<string, unknown>;
  } catch {
    return acrError(400, 'BAD_REQUEST', 'The request body is not valid JSON.');
  }
  for (const name of ['deleteEnabled', 'writeEnabled', 'readEnabled', 'listEnabled'] as const) {
    if (typeof body[name] === 'boolean') target[name] = body[name];
  }
  return undefined;
}

function updateRepository(ctx: RouteContext, registry: Registry, repository: RegistryRepository): EmulatorResponse {
  return applyAttributes(ctx, repository) ?? json(repositoryAttributes(registry, repository));
}

function updateTag(ctx: RouteContext, registry: Registry, repository: RegistryRepository): EmulatorResponse {
  return withTag(
    ctx,
    registry,
    repository,
    (tag) => applyAttributes(ctx, tag) ?? json({ registry: registry.loginServer, imageName: repository.name, tag: tagAttributes(tag) }),
  );
}

function denied(): EmulatorResponse {
  return acrError(405, 'DENIED', 'The operation is disallowed on this registry, repository or image.');
}

function deleteRepository(_ctx: RouteContext, registry: Registry, repository: RegistryRepository): EmulatorResponse {
  if (!repository.deleteEnabled) return denied();
  registry.repositories.delete(repository.name);
  return json({ manifestsDeleted: [...repository.manifests.keys()], tagsDeleted: [...repository.tags.keys()] }, 202);
}

function deleteTag(ctx: RouteContext, registry: Registry, repository: RegistryRepository): EmulatorResponse {
  return withTag(ctx, registry, repository, (tag) => {
    if (!tag.deleteEnabled) return denied();
    repository.tags.delete(tag.name);
    return { status: 202, headers: {}, body: '' };
  });
}

function deleteManifest(ctx: RouteContext, _registry: Registry, repository: RegistryRepository): EmulatorResponse {
  const digest = ctx.params['reference'] ?? '';
  const manifest = repository.manifests.get(digest);
  if (!manifest) return acrError(404, 'MANIFEST_UNKNOWN', 'manifest unknown', { name: repository.name, reference: digest });
  if (!manifest.deleteEnabled) return denied();
  repository.manifests.delete(digest);
  for (const tag of [...repository.tags.values()]) if (tag.digest === digest) repository.tags.delete(tag.name);
  return { status: 202, headers: {}, body: '' };
}
