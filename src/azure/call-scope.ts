import { AsyncLocalStorage } from 'node:async_hooks';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

type AbortSignalLike = NonNullable<Parameters<PipelinePolicy['sendRequest']>[0]['abortSignal']>;
import { UserFacingError, type ResponseNote } from './errors.js';

/** Something a tool call is waiting for, to name it when the call runs out of time. */
interface Wait {
  what: () => string;
  since: number;
}

/**
 * What the Azure pipeline knows about the tool call a request belongs to: the request ids Azure returned (for the
 * audit log), the call's cancellation and deadline, the page links seen (so paging is bounded whatever the SDK
 * does), and what the call is waiting for (so a call that runs out of time can say what was slow).
 */
export interface CallScope {
  requestIds: string[];
  /** Azure's last answer in this call, to explain one the SDK could not read. */
  lastResponse?: ResponseNote;
  /** Aborted when the client cancels the call or its deadline passes. */
  signal?: AbortSignal;
  pageLinks: Set<string>;
  /** What the call is waiting for now; the newest is the innermost (a token inside a request, say). */
  waits: Set<Wait>;
  /** The last answer to any attempt, retries included (the retry policy hides all but the last from lastResponse). */
  lastAttempt?: { method: string; path: string; status: number; at: number };
  /** Whether a request that can change Azure (anything but GET and HEAD) was sent. */
  sentChange: boolean;
  deadline?: Deadline;
}

const scopes = new AsyncLocalStorage<CallScope>();

/** Pages one tool call may fetch, over all its lists; a tenant with more asks for a narrower call. */
export const MAX_PAGES_PER_CALL = 1000;

/** The longest single wait between retries, whatever Azure's Retry-After says (see retryAfterCapPolicy). */
export const MAX_RETRY_WAIT_MS = 10_000;

/** The longest wait between two attempts of one request: API_TIMEOUT, at most MAX_RETRY_WAIT_MS. */
export function maxRetryWaitMs(config: { apiTimeoutMs: number }): number {
  return Math.min(config.apiTimeoutMs, MAX_RETRY_WAIT_MS);
}

/**
 * How long one tool call may take as a whole (token requests, retries and their waits, every page): one request's
 * API_TIMEOUT plus one capped retry wait, so 40 s by default, under the 60 s most MCP clients wait. A wait on a
 * long-running operation follows OPERATION_TIMEOUT instead (see extendCallDeadline).
 */
export function callDeadlineMs(config: { apiTimeoutMs: number }): number {
  return config.apiTimeoutMs + maxRetryWaitMs(config);
}

/** The answer when a call runs out of time; the message says what it was waiting for. */
export class CallDeadlineError extends UserFacingError {
  override name = 'CallDeadlineError';
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10}s`;

class Deadline {
  /** Rejects with CallDeadlineError when the time is up; never resolves. */
  readonly passed: Promise<never>;
  private timer?: NodeJS.Timeout;
  private at: number;
  private fail!: (error: Error) => void;

  constructor(
    private readonly limitMs: number,
    private readonly explain: (limitMs: number) => string,
    private readonly controller: AbortController,
  ) {
    this.at = Date.now() + limitMs;
    this.passed = new Promise<never>((_, reject) => (this.fail = reject));
    this.passed.catch(() => {});
    this.schedule();
  }

  /** Moves the deadline to at least `ms` from now, plus the call's own allowance for what follows. */
  extend(ms: number): void {
    const at = Date.now() + ms + this.limitMs;
    if (at <= this.at || this.controller.signal.aborted) return;
    this.at = at;
    this.schedule();
  }

  clear(): void {
    clearTimeout(this.timer);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const error = new CallDeadlineError(this.explain(this.limitMs));
      this.fail(error);
      this.controller.abort(error);
    }, this.at - Date.now());
  }
}

/** The answer for a call that ran out of time: what it was waiting for, and what to do. */
function deadlineMessage(scope: CallScope, limitMs: number, apiTimeoutMs: number): string {
  const now = Date.now();
  const newest = [...scope.waits].at(-1);
  const attempt = scope.lastAttempt;
  let what: string;
  if (newest) what = `it was still waiting for ${newest.what()} (${seconds(now - newest.since)})`;
  else if (attempt && (attempt.status === 429 || attempt.status >= 500))
    what = `Azure answered ${attempt.status} to ${attempt.method} ${attempt.path} and the call was waiting to try again`;
  else what = 'the tool had not finished its own work';
  const pages = scope.pageLinks.size ? ` It had fetched ${scope.pageLinks.size} pages of a list.` : '';
  const change = scope.sentChange ? ' A change Azure had already accepted may still complete: check the resource before trying again.' : '';
  return (
    `Stopped after ${seconds(limitMs)}, the limit for one tool call (API_TIMEOUT ${seconds(apiTimeoutMs)} plus ${seconds(limitMs - apiTimeoutMs)} for retries): ${what}.${pages}` +
    ` Azure or the network is slow or not answering; try again, narrow the call, or raise API_TIMEOUT.${change}`
  );
}

export interface CallScopeOptions {
  /** The client's cancellation. */
  signal?: AbortSignal;
  /** The configuration the deadline derives from; without it the call has none. */
  config?: { apiTimeoutMs: number };
}

/**
 * Runs one tool call in its scope. `run` gets the signal to pass on: it aborts when the client cancels or the
 * deadline passes. The result settles by the deadline whatever the tool is stuck on (a token request shared with
 * other calls, a retry wait, a page): then it rejects with CallDeadlineError naming what was slow, and the signal
 * stops the rest of the work.
 */
export function withCallScope<T>(
  options: CallScopeOptions,
  run: (signal: AbortSignal) => Promise<T>,
): { scope: CallScope; result: Promise<T> } {
  const scope: CallScope = { requestIds: [], pageLinks: new Set(), waits: new Set(), sentChange: false };
  const { config } = options;
  // One controller for the call, aborted by the client's cancel or the deadline. Not AbortSignal.any: on Node 20 a
  // signal it makes from a longer-lived one stays referenced by it, and 10,000 calls grew the heap by 30 MB.
  const controller = new AbortController();
  const unlink = follow(options.signal, controller);
  scope.signal = controller.signal;
  const deadline = config
    ? new Deadline(callDeadlineMs(config), (limitMs) => deadlineMessage(scope, limitMs, config.apiTimeoutMs), controller)
    : undefined;
  scope.deadline = deadline;
  const running = scopes.run(scope, () => run(controller.signal));
  // Once the deadline has answered, whatever the abandoned work throws is of no interest.
  running.catch(() => {});
  const result = (deadline ? Promise.race([running, deadline.passed]) : running).finally(() => {
    deadline?.clear();
    unlink();
  });
  return { scope, result };
}

/** Aborts `controller` when `signal` aborts, until the returned function is called. */
function follow(signal: AbortSignalLike | undefined, controller: AbortController): () => void {
  if (!signal) return () => {};
  if (signal.aborted) {
    controller.abort((signal as AbortSignal).reason);
    return () => {};
  }
  const abort = () => controller.abort((signal as AbortSignal).reason);
  signal.addEventListener('abort', abort, { once: true });
  return () => signal.removeEventListener('abort', abort);
}

/**
 * Gives the current call `ms` more than its own deadline, for a wait with a documented limit of its own (the
 * long-running-operation waiter and OPERATION_TIMEOUT). Outside a tool call it does nothing.
 */
export function extendCallDeadline(ms: number): void {
  scopes.getStore()?.deadline?.extend(ms);
}

/** Records that the current call waits for `pending`, named by `what`, until it settles (see deadlineMessage). */
export function waitingFor<T>(what: () => string, pending: Promise<T>): Promise<T> {
  const scope = scopes.getStore();
  if (!scope) return pending;
  const wait: Wait = { what, since: Date.now() };
  scope.waits.add(wait);
  return pending.finally(() => scope.waits.delete(wait));
}

function aborted(): Error {
  return Object.assign(new Error('The operation was cancelled.'), { name: 'AbortError' });
}

/**
 * Hands the call's signal (cancel or deadline) to every request the SDK sends for it, so retries, their waits and
 * pagers stop with the call even where a tool did not pass its signal on. Runs once per request, before retries.
 */
export const callSignalPolicy: PipelinePolicy = {
  name: 'azopsCallSignal',
  async sendRequest(request, next) {
    const signal = scopes.getStore()?.signal;
    const own = request.abortSignal;
    if (!signal || own === signal) return next(request);
    if (signal.aborted) throw aborted();
    if (!own) {
      request.abortSignal = signal;
      return next(request);
    }
    // The request's own signal (a poller's, say) and the call's: either stops it.
    const both = new AbortController();
    const unlinkOwn = follow(own, both);
    const unlinkCall = follow(signal, both);
    request.abortSignal = both.signal;
    try {
      return await next(request);
    } finally {
      unlinkOwn();
      unlinkCall();
      request.abortSignal = own;
    }
  },
};

/**
 * Each attempt, retries included: what is in flight (for the deadline's answer), the status it got, and whether
 * the call sent a change. Runs per retry.
 */
export const attemptPolicy: PipelinePolicy = {
  name: 'azopsAttempt',
  async sendRequest(request, next) {
    const scope = scopes.getStore();
    if (!scope) return next(request);
    const method = request.method;
    const path = new URL(request.url).pathname;
    if (method !== 'GET' && method !== 'HEAD') scope.sentChange = true;
    let response;
    try {
      response = await waitingFor(() => `Azure's answer to ${method} ${path}`, next(request));
    } catch (error) {
      // The SDK's own request timeout (API_TIMEOUT) surfaces as a bare abort; the call was not cancelled.
      if ((error as Error)?.name === 'AbortError' && !scope.signal?.aborted && request.timeout > 0) {
        throw new UserFacingError(
          `Azure did not answer ${method} ${path} within ${seconds(request.timeout)} (API_TIMEOUT). Try again later, or raise API_TIMEOUT.`,
        );
      }
      throw error;
    }
    scope.lastAttempt = { method, path, status: response.status, at: Date.now() };
    return response;
  },
};

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
