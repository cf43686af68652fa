import type { PipelinePolicy, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';

/**
 * Each attempt of a request ends after `timeoutMs` (API_TIMEOUT) unless it set its own timeout: Node's HTTP client
 * would otherwise wait for an endpoint that never answers as long as the connection stays up.
 */
export function requestTimeoutPolicy(timeoutMs: number): PipelinePolicy {
  return {
    name: 'azopsRequestTimeout',
    sendRequest: (request, next) => {
      if (!request.timeout) request.timeout = timeoutMs;
      return next(request);
    },
  };
}

const RETRY_AFTER_HEADERS: [name: string, unitMs: number][] = [
  ['retry-after-ms', 1],
  ['x-ms-retry-after-ms', 1],
  ['retry-after', 1000],
];

/**
 * Caps every wait Azure asks for (Retry-After on 429 and 503) at `capMs`: the SDK's retry policy honours the
 * header as given, and a `Retry-After: 3600` would hang the call for an hour. Runs per attempt, inside the
 * retry loop, so the retry policy only ever sees the capped value.
 */
export function retryAfterCapPolicy(capMs: number): PipelinePolicy {
  return {
    name: 'azopsRetryAfterCap',
    async sendRequest(request, next) {
      const response = await next(request);
      for (const [header, unitMs] of RETRY_AFTER_HEADERS) {
        const value = response.headers.get(header);
        if (value === undefined) continue;
        const seconds = Number(value);
        const waitMs = Number.isFinite(seconds) ? seconds * unitMs : Date.parse(value) - Date.now();
        if (!(waitMs <= capMs)) response.headers.set(header, String(Math.ceil(capMs / unitMs)));
      }
      return response;
    },
  };
}

/** ARM's codes for a token it no longer accepts (revoked, or expired before our cached expiry). */
const REJECTED_TOKEN = /^(ExpiredAuthenticationToken|InvalidAuthenticationToken)$/;

function rejectedToken(response: PipelineResponse): boolean {
  if (response.status !== 401) return false;
  try {
    const code = (JSON.parse(response.bodyAsText ?? '') as { error?: { code?: unknown } }).error?.code;
    if (typeof code === 'string') return REJECTED_TOKEN.test(code);
  } catch {
    // Not JSON: fall back to the challenge header.
  }
  return /error="invalid_token"/i.test(response.headers.get('www-authenticate') ?? '');
}

export interface TokenRefresher {
  /** A token for the scope, never one served from a cache that Azure has just rejected. */
  refresh(): Promise<string>;
  /** Told once a rejection has been seen, so later calls start with fresh clients. */
  rejected(): void;
}

/**
 * After Azure rejects a token that was still valid by its expiry (revoked, or the identity changed), drops it,
 * gets a fresh one and sends the request once more. It sits after the SDK's bearer-token policy, whose own
 * cache would otherwise keep sending the rejected token until it expires.
 */
export function rejectedTokenPolicy(refresher: TokenRefresher): PipelinePolicy {
  const retried = new WeakSet<PipelineRequest>();
  return {
    name: 'azopsRejectedTokenRetry',
    async sendRequest(request, next) {
      const response = await next(request);
      if (retried.has(request) || !rejectedToken(response)) return response;
      retried.add(request);
      refresher.rejected();
      request.headers.set('authorization', `Bearer ${await refresher.refresh()}`);
      return next(request);
    },
  };
}
