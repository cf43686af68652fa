// Fault injection for reliability tests: throttling, 5xx, dropped connections, slow answers and bodies,
// malformed answers, lists that never end, token expiry and revocation mid-session, each on the requests a
// rule matches and for a limited number of times.
//   const handle = azure.faults.add({ path: '/subscriptions', fault: { kind: 'throttle', retryAfterSeconds: 1 } });
//   ... handle.remove();  azure.faults.clear();
import { withArmHeaders } from './arm.js';
import { armError, entraError, identityEndpointError, jsonResponse } from './errors.js';
import type { EmulatorAbortSignal, EmulatorResponse, RouteContext } from './types.js';

export type Fault =
  /** 429, with Retry-After when `retryAfterSeconds` is given, in the dialect of the endpoint hit (ARM, Entra or managed identity). */
  | { kind: 'throttle'; retryAfterSeconds?: number }
  /** A server error in ARM's shape (Entra's for token paths), with request ids. */
  | { kind: 'status'; status: 500 | 502 | 503; code?: string; message?: string }
  /** Any ARM error (4xx or 5xx) with this code and message, as ARM words it: `{"error":{"code","message"}}`. */
  | { kind: 'armError'; status: number; code: string; message: string }
  /** The connection is torn down with no response at all. */
  | { kind: 'drop' }
  /** Answers normally, `ms` later (or as soon as the client gives up). */
  | { kind: 'delay'; ms: number }
  /** The status line and headers at once, the body `ms` later (or when the client gives up). */
  | { kind: 'slowBody'; ms: number }
  /** This answer instead of Azure's: a truncated JSON page, an HTML page from a proxy, an empty body. */
  | { kind: 'body'; status: number; body: string; contentType?: string }
  /** A list page with no rows and a link to yet another page, each link new, so the list never ends. */
  | { kind: 'endlessPages' }
  /** Every token issued so far expires just before this request is handled. */
  | { kind: 'expireTokens' }
  /** Every token issued so far is revoked (unknown to Azure from now on) just before this request is handled. */
  | { kind: 'revokeTokens' };

export interface FaultRule {
  method?: string;
  /** A string must equal the URL path; a RegExp is tested against it. Both ignore case. */
  path: RegExp | string;
  /** Host name, or host:port, as the client addressed it (e.g. management.azure.com). */
  host?: string;
  /** How many matching requests get the fault (default 1; Infinity for all). */
  times?: number;
  /** How many matching requests pass untouched before the fault applies (default 0): page 2 of a list, say. */
  skip?: number;
  fault: Fault;
}

export interface FaultHandle {
  /** Matching requests that got the fault so far. */
  readonly hits: number;
  /** Of those, the ones a `delay` held until the client gave up on them (closed the connection). */
  readonly abandoned: number;
  remove(): void;
}

/**
 * Thrown by EmulatedAzure.handle() for a `drop` fault: the transport must end the connection without
 * answering (the HTTPS server destroys the socket, the in-process client throws ECONNRESET).
 */
export class ConnectionDropped extends Error {
  override name = 'ConnectionDropped';
  constructor() {
    super('emulator fault: connection dropped');
  }
}

interface ActiveRule {
  method?: string;
  path: RegExp | string;
  host?: string;
  remaining: number;
  skip: number;
  hits: number;
  abandoned: number;
  fault: Fault;
}

export class FaultInjector {
  private readonly rules: ActiveRule[] = [];
  /** Ends each `delay` still running. */
  private readonly delays = new Set<() => void>();

  add(rule: FaultRule): FaultHandle {
    const times = rule.times ?? 1;
    if (!(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times > 0))) {
      throw new RangeError('times must be a positive integer or Infinity');
    }
    validateFault(rule.fault);
    const skip = rule.skip ?? 0;
    if (!(Number.isInteger(skip) && skip >= 0)) throw new RangeError('skip must be an integer >= 0');
    const active: ActiveRule = {
      method: rule.method?.toUpperCase(),
      // A RegExp keeps its source but always ignores case and never carries lastIndex state.
      path:
        typeof rule.path === 'string'
          ? normalisePath(rule.path)
          : new RegExp(rule.path.source, `${rule.path.flags.replace(/[gyi]/g, '')}i`),
      host: rule.host?.toLowerCase(),
      remaining: times,
      skip,
      hits: 0,
      abandoned: 0,
      fault: rule.fault,
    };
    this.rules.push(active);
    return {
      get hits() {
        return active.hits;
      },
      get abandoned() {
        return active.abandoned;
      },
      remove: () => {
        const index = this.rules.indexOf(active);
        if (index >= 0) this.rules.splice(index, 1);
      },
    };
  }

  /** Removes every rule and ends the delays still running (their requests go on unfaulted), so nothing is left waiting. */
  clear(): void {
    this.rules.length = 0;
    for (const end of [...this.delays]) end();
  }

  /**
   * Applies the first matching rule: a response to send instead of the real one, `undefined` to go on
   * handling (after a delay or token expiry), a `{ bodyDelayMs }` for the real answer with a slow body, or a
   * thrown ConnectionDropped.
   */
  async apply(ctx: RouteContext, signal?: EmulatorAbortSignal): Promise<EmulatorResponse | { bodyDelayMs: number } | undefined> {
    const rule = this.rules.find((candidate) => matches(candidate, ctx));
    if (!rule) return undefined;
    if (rule.skip > 0) {
      rule.skip -= 1;
      return undefined;
    }
    rule.hits += 1;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules.splice(this.rules.indexOf(rule), 1);
    const { fault } = rule;
    ctx.record.fault = describe(fault);
    switch (fault.kind) {
      case 'throttle':
        return throttled(ctx, fault.retryAfterSeconds);
      case 'status':
        return serverError(ctx, fault);
      case 'armError':
        return withArmHeaders(ctx, armError(fault.status, fault.code, fault.message));
      case 'drop':
        throw new ConnectionDropped();
      case 'delay':
        await this.delay(fault.ms, signal);
        if (signal?.aborted) rule.abandoned += 1;
        return undefined;
      case 'slowBody':
        return { bodyDelayMs: fault.ms };
      case 'body':
        return withArmHeaders(ctx, {
          status: fault.status,
          headers: fault.contentType ? { 'content-type': fault.contentType } : {},
          body: fault.body,
        });
      case 'endlessPages': {
        const next = new URL(ctx.url);
        next.searchParams.set('$skiptoken', `endless-${rule.hits}`);
        return withArmHeaders(ctx, jsonResponse(200, { value: [], nextLink: next.href }));
      }
      case 'expireTokens':
        ctx.state.tokens.expireAll();
        return undefined;
      case 'revokeTokens':
        ctx.state.tokens.revokeAll();
        return undefined;
    }
  }

  private async delay(ms: number, signal: EmulatorAbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return;
    const ended = new AbortController();
    const end = (): void => ended.abort();
    this.delays.add(end);
    signal?.addEventListener('abort', end);
    try {
      await sleep(ms, ended.signal);
    } finally {
      this.delays.delete(end);
      signal?.removeEventListener('abort', end);
    }
  }
}

function matches(rule: ActiveRule, request: RouteContext): boolean {
  if (rule.method && rule.method !== request.method) return false;
  if (rule.host && rule.host !== request.url.host.toLowerCase() && rule.host !== request.url.hostname.toLowerCase()) return false;
  const path = request.url.pathname;
  return typeof rule.path === 'string' ? rule.path === normalisePath(path) : rule.path.test(path);
}

function normalisePath(path: string): string {
  return path.toLowerCase().replace(/\/+$/, '') || '/';
}

function validateFault(fault: Fault): void {
  if (fault.kind === 'throttle' && fault.retryAfterSeconds !== undefined && !(fault.retryAfterSeconds >= 0))
    throw new RangeError('retryAfterSeconds must be >= 0');
  if ((fault.kind === 'delay' || fault.kind === 'slowBody') && !(Number.isFinite(fault.ms) && fault.ms >= 0))
    throw new RangeError(`${fault.kind} ms must be a finite number >= 0`);
  if (fault.kind === 'body' && !(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599))
    throw new RangeError('body status must be 100-599');
  if (fault.kind === 'status' && ![500, 502, 503].includes(fault.status)) throw new RangeError('status must be 500, 502 or 503');
  if (fault.kind === 'armError' && !(Number.isInteger(fault.status) && fault.status >= 400 && fault.status <= 599))
    throw new RangeError('armError status must be 400-599');
}

function describe(fault: Fault): string {
  switch (fault.kind) {
    case 'throttle':
      return fault.retryAfterSeconds === undefined ? 'throttle' : `throttle ${fault.retryAfterSeconds}s`;
    case 'status':
    case 'armError':
      return `status ${fault.status}`;
    case 'delay':
    case 'slowBody':
      return `${fault.kind} ${fault.ms}ms`;
    case 'body':
      return `body ${fault.status}`;
    default:
      return fault.kind;
  }
}

type Plane = 'entra' | 'identity' | 'arm';

/** Which service's error dialect a path speaks. */
function planeOf(path: string): Plane {
  if (/\/oauth2\/|\/\.well-known\/|\/discovery\//i.test(path)) return 'entra';
  if (/^\/(msi|metadata\/identity)\//i.test(path)) return 'identity';
  return 'arm';
}

function throttled(ctx: RouteContext, retryAfterSeconds: number | undefined): EmulatorResponse {
  const retryAfter: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  switch (planeOf(ctx.url.pathname)) {
    case 'entra': {
      const response = entraError(
        ctx,
        429,
        'temporarily_unavailable',
        90055,
        'The tenant has been throttled since there are too many requests. Retry the request after the time in the Retry-After header.',
      );
      return { ...response, headers: { ...response.headers, ...retryAfter } };
    }
    case 'identity': {
      const response = identityEndpointError(429, 'too_many_requests', 'Too many requests; retry later.');
      return { ...response, headers: { ...response.headers, ...retryAfter } };
    }
    case 'arm':
      return withArmHeaders(
        ctx,
        armError(
          429,
          'TooManyRequests',
          `The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00. For more information, see - https://aka.ms/srpthrottlinglimits`,
          retryAfter,
        ),
      );
  }
}

const STATUS_DEFAULTS: Record<500 | 502 | 503, { code: string; message: string }> = {
  500: {
    code: 'InternalServerError',
    message: 'Encountered internal server error. Diagnostic information: timestamp, subscription id, tracking id, request correlation id.',
  },
  502: { code: 'BadGateway', message: 'The gateway did not receive a response from the backend service within the specified time period.' },
  503: { code: 'ServiceUnavailable', message: 'The service is currently unavailable. Please try again later.' },
};

function serverError(ctx: RouteContext, fault: Extract<Fault, { kind: 'status' }>): EmulatorResponse {
  const defaults = STATUS_DEFAULTS[fault.status];
  const code = fault.code ?? defaults.code;
  const message = fault.message ?? defaults.message;
  if (planeOf(ctx.url.pathname) === 'entra') return entraError(ctx, fault.status, 'temporarily_unavailable', 90033, message);
  return withArmHeaders(ctx, armError(fault.status, code, message));
}

/** Resolves after `ms`, or at once when the client aborts (the transport then reports the abort). */
export function sleep(ms: number, signal: EmulatorAbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}
