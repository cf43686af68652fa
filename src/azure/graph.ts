// Microsoft Graph through the Azure SDK's own pipeline: a @azure/core-client ServiceClient with the session's
// credential and the same options and policies every ARM client gets (retries with the Retry-After cap, the
// request timeout, the rejected-token retry, request ids for the audit log, the paging guard, the proxy from
// the environment, and the sandbox's in-process httpClient). One HTTP stack, no extra dependency, loaded on
// first use. The token scope is `<Graph endpoint>/.default` of the configured cloud.
import type { ServiceClient } from '@azure/core-client';
import type { HttpMethods, PipelineResponse } from '@azure/core-rest-pipeline';
import type { AzureSession, ServiceTarget } from './session.js';
import { GraphRequestError, type GraphNeed } from './graph-errors.js';
import { UserFacingError } from './errors.js';

export { GraphRequestError, type GraphNeed } from './graph-errors.js';

/** The session's cache key for the Graph client (aad_reset_client drops it). */
export const GRAPH_CLIENT_KEY = 'graph';
/** Graph's own default page size for directory objects; larger lists take more pages. */
export const GRAPH_PAGE_SIZE = 100;
/** Pages one list may read, whatever Graph answers (an empty page with a next link still counts). */
const MAX_PAGES = 20;

export function graphTarget(session: AzureSession): ServiceTarget {
  const endpoint = session.config.cloud.microsoftGraph;
  return { endpoint, scope: `${endpoint}/.default` };
}

export interface GraphRequest {
  /** Already encoded (see graph-query.ts), starting with `/`, relative to `/v1.0`. */
  path: string;
  query?: Record<string, string | undefined>;
  /** What the caller needs to be allowed this, for the text of a 403. */
  need: GraphNeed;
  /** Sends `ConsistencyLevel: eventual`, which advanced queries and `$count` require. */
  eventual?: boolean;
  body?: unknown;
  signal?: AbortSignal;
}

export interface GraphList<T> {
  items: T[];
  /** Graph had more than `limit` (a next link remained, or a page held more). */
  more: boolean;
  /** `@odata.count` when Graph counted (advanced queries); undefined otherwise. */
  count?: number;
}

export class GraphClient {
  private readonly origin: string;

  constructor(
    private readonly service: ServiceClient,
    readonly endpoint: string,
  ) {
    this.origin = new URL(endpoint).origin;
  }

  url(path: string, query: Record<string, string | undefined> = {}): string {
    const url = new URL(`${this.endpoint}/v1.0${path}`);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, value);
    return url.href;
  }

  /** One entity (or a small collection such as /organization): a JSON object, or the call fails. */
  async get<T extends object>(request: GraphRequest): Promise<T> {
    return jsonObject<T>(await this.send('GET', this.url(request.path, request.query), request), 'GET', request.path);
  }

  async post<T extends object>(request: GraphRequest): Promise<T> {
    return jsonObject<T>(await this.send('POST', this.url(request.path, request.query), request), 'POST', request.path);
  }

  async delete(request: GraphRequest): Promise<void> {
    await this.send('DELETE', this.url(request.path, request.query), request);
  }

  /**
   * A collection, up to `limit` items: pages of at most GRAPH_PAGE_SIZE, following `@odata.nextLink` only to
   * Graph's own host (the link carries our bearer token) and never more than MAX_PAGES times.
   */
  async list<T>(request: GraphRequest, limit: number): Promise<GraphList<T>> {
    const pageSize = Math.min(limit, GRAPH_PAGE_SIZE);
    const query = { ...request.query, $top: String(pageSize), ...(request.eventual ? { $count: 'true' } : {}) };
    let next: string | undefined = this.url(request.path, query);
    const items: T[] = [];
    let count: number | undefined;
    for (let pages = 0; next && items.length < limit; pages++) {
      if (pages === MAX_PAGES) break;
      const page = jsonObject<{ value?: T[]; '@odata.nextLink'?: unknown; '@odata.count'?: unknown }>(
        await this.send('GET', next, request),
        'GET',
        request.path,
      );
      if (!Array.isArray(page.value)) throw unreadable('GET', request.path);
      items.push(...page.value);
      if (typeof page['@odata.count'] === 'number') count = page['@odata.count'];
      next = this.nextLink(page['@odata.nextLink']);
    }
    return { items: items.slice(0, limit), more: items.length > limit || next !== undefined, ...(count === undefined ? {} : { count }) };
  }

  /**
   * `/users/$count` with the same filter (an advanced query): how many a truncated list really has. Only a
   * courtesy: when Graph will not count, the list is still the answer and the total stays unknown.
   */
  async count(request: GraphRequest): Promise<number | undefined> {
    const { $filter, $search } = request.query ?? {};
    let text: unknown;
    try {
      text = await this.send('GET', this.url(`${request.path}/$count`, { $filter, $search }), { ...request, eventual: true });
    } catch (error) {
      if (error instanceof GraphRequestError) return undefined;
      throw error;
    }
    const value = Number(text);
    return typeof text === 'string' && Number.isInteger(value) && value >= 0 ? value : undefined;
  }

  private nextLink(link: unknown): string | undefined {
    if (link === undefined || link === null) return undefined;
    let url: URL | undefined;
    try {
      url = typeof link === 'string' ? new URL(link) : undefined;
    } catch {
      url = undefined;
    }
    if (url?.origin !== this.origin) {
      throw new UserFacingError(
        `Microsoft Graph gave a next-page link to another host (${url?.host ?? 'not a URL'}); it was not followed, since it would carry the access token there.`,
      );
    }
    return url.href;
  }

  private async send(method: HttpMethods, url: string, request: GraphRequest): Promise<unknown> {
    const { createPipelineRequest, createHttpHeaders } = await import('@azure/core-rest-pipeline');
    const headers = createHttpHeaders({ accept: 'application/json' });
    if (request.eventual) headers.set('ConsistencyLevel', 'eventual');
    const hasBody = request.body !== undefined && method !== 'GET';
    if (hasBody) headers.set('content-type', 'application/json');
    const pipelineRequest = createPipelineRequest({
      url,
      method,
      headers,
      abortSignal: request.signal,
      ...(hasBody ? { body: JSON.stringify(request.body) } : {}),
    });
    let response: PipelineResponse;
    try {
      response = await this.service.sendRequest(pipelineRequest);
    } catch (error) {
      // core-client's deserialization policy throws on a body labelled JSON that is not (a gateway's page).
      if (error instanceof Error && (error as { code?: string }).code === 'PARSE_ERROR') throw unreadable(method, request.path);
      throw error;
    }
    const text = response.bodyAsText ?? '';
    if (response.status >= 400) throw GraphRequestError.from(response.status, text, response.headers.get('request-id'), request.need);
    if (!text) return undefined;
    if (!/json/i.test(response.headers.get('content-type') ?? '')) return text;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw unreadable(method, request.path);
    }
  }
}

function unreadable(method: string, path: string): UserFacingError {
  return new UserFacingError(
    `Microsoft Graph's answer to ${method} ${path} could not be read: it is not what Graph sends. A proxy or gateway may have answered instead (check HTTPS_PROXY and NO_PROXY); otherwise try again.`,
  );
}

function jsonObject<T extends object>(value: unknown, method: string, path: string): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw unreadable(method, path);
  return value as T;
}

/** The session's Graph client, created on first use (core-client is imported then, not at start-up). */
export function graphClient(session: AzureSession): Promise<GraphClient> {
  const target = graphTarget(session);
  return session.client(
    GRAPH_CLIENT_KEY,
    async (credential, options) => {
      const { ServiceClient } = await import('@azure/core-client');
      const service = new ServiceClient({
        credential,
        credentialScopes: options.credentialScopes,
        endpoint: options.endpoint,
        retryOptions: options.retryOptions,
        httpClient: options.httpClient,
        additionalPolicies: options.additionalPolicies,
      });
      return new GraphClient(service, options.endpoint);
    },
    target,
  );
}

/** aad_reset_client: the client goes, and so does the Graph token, so permissions granted since take effect. */
export function resetGraphClient(session: AzureSession): boolean {
  session.credential.forget(graphTarget(session).scope);
  return session.dropClient(GRAPH_CLIENT_KEY);
}
