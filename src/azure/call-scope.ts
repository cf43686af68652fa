import { AsyncLocalStorage } from 'node:async_hooks';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { UserFacingError, type ResponseNote } from './errors.js';

/**
 * What the Azure pipeline knows about the tool call a request belongs to: the request ids Azure returned (for the
 * audit log), the call's cancellation, and the page links seen, so paging is bounded whatever the SDK does.
 */
export interface CallScope {
  requestIds: string[];
  /** Azure's last answer in this call, to explain one the SDK could not read. */
  lastResponse?: ResponseNote;
  signal?: AbortSignal;
  pageLinks: Set<string>;
}

const scopes = new AsyncLocalStorage<CallScope>();

/** Pages one tool call may fetch, over all its lists; a tenant with more asks for a narrower call. */
export const MAX_PAGES_PER_CALL = 1000;

export function withCallScope<T>(signal: AbortSignal | undefined, run: () => Promise<T>): { scope: CallScope; result: Promise<T> } {
  const scope: CallScope = { requestIds: [], signal, pageLinks: new Set() };
  return { scope, result: scopes.run(scope, run) };
}

export const requestIdPolicy: PipelinePolicy = {
  name: 'azopsRequestIdCapture',
  async sendRequest(request, next) {
    const response = await next(request);
    const scope = scopes.getStore();
    const id = response.headers.get('x-ms-request-id') ?? response.headers.get('request-id');
    if (scope && id) scope.requestIds.push(id);
    if (scope) {
      const url = new URL(request.url);
      const contentType = response.headers.get('content-type');
      const bytes = Buffer.byteLength(response.bodyAsText ?? '');
      scope.lastResponse = {
        method: request.method,
        path: url.pathname,
        status: response.status,
        bytes,
        ...(contentType ? { contentType } : {}),
      };
    }
    return response;
  },
};

function aborted(): Error {
  return Object.assign(new Error('The operation was cancelled.'), { name: 'AbortError' });
}

/**
 * Stops a list that never ends: a page link Azure already gave (a loop), or more than MAX_PAGES_PER_CALL pages.
 * Also stops at once when the call is cancelled, even where an SDK pager does not pass the signal on.
 */
export const pagingGuardPolicy: PipelinePolicy = {
  name: 'azopsPagingGuard',
  async sendRequest(request, next) {
    const scope = scopes.getStore();
    if (scope?.signal?.aborted) throw aborted();
    const response = await next(request);
    const body = response.bodyAsText;
    if (!scope || request.method !== 'GET' || !body) return response;
    // The SDK parses the page itself; reading just the link keeps big pages from being parsed twice. ARM calls it
    // nextLink, Microsoft Graph @odata.nextLink.
    const literal = /"(?:@odata\.)?nextLink"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(body)?.[1];
    let nextLink: unknown;
    try {
      nextLink = literal && JSON.parse(literal);
    } catch {
      return response;
    }
    if (typeof nextLink !== 'string' || !nextLink) return response;
    if (scope.pageLinks.has(nextLink) || nextLink === request.url) {
      throw new UserFacingError(
        `Azure returned a link to a page it had already returned, so the list would never end; stopped after ${scope.pageLinks.size + 1} pages. Try again later, or narrow the call.`,
      );
    }
    scope.pageLinks.add(nextLink);
    if (scope.pageLinks.size >= MAX_PAGES_PER_CALL) {
      throw new UserFacingError(
        `The list is longer than ${MAX_PAGES_PER_CALL} pages; stopped there. Narrow the call (a resource group, a filter).`,
      );
    }
    return response;
  },
};
