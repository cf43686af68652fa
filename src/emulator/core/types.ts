// Shared types of the emulator. Kept free of runtime code so every module can import them.
import type { EmulatorState } from './state.js';
import type { TokenGrant, TokenKind } from './tokens.js';

export type { TokenKind };

export interface EmulatorOptions {
  /** ARM list page size (default 100); tests set 1 to force several pages. */
  pageSize?: number;
  /** Lifetime of issued access tokens, in seconds (default 3600; Entra's `expires_in`). */
  tokenLifetimeSeconds?: number;
  /** How long ARM long-running operations take (default 0: done by the first poll; the sandbox uses 1500). */
  lroDurationMs?: number;
  /** Retry-After on LRO answers, in seconds (default 0: no header, so the SDK polls at its own interval). */
  lroRetryAfterSeconds?: number;
  /** How many requests `requests` keeps, the latest (default Infinity: tests read them all; a long-lived sandbox does not). */
  requestLogLimit?: number;
}

export interface RecordedRequest {
  method: string;
  host: string;
  path: string;
  query: Record<string, string>;
  /** Set when the request carried a bearer token this emulator issued and that is still valid. */
  tokenKind?: TokenKind;
  principalId?: string;
  /** The injected fault this request got (see faults.ts), e.g. 'throttle 1s', 'drop'. */
  fault?: string;
}

/** What reaches the transport-agnostic core: `url` is absolute, `body` the raw text. */
export interface EmulatorRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Fires when the client gives up on the request (a `delay` fault then stops waiting). */
  signal?: EmulatorAbortSignal;
}

/** The part of AbortSignal (and the SDK's AbortSignalLike) the emulator uses. */
export interface EmulatorAbortSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface EmulatorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Send the status line and headers at once and the body this much later (a `slowBody` fault). */
  bodyDelayMs?: number;
}

/** What a transport needs: the HTTPS server and the in-process HttpClient both hand requests to one. */
export interface EmulatorHandler {
  handle(req: EmulatorRequest): Promise<EmulatorResponse>;
}

export interface RouteContext {
  /** Upper-case HTTP method. */
  readonly method: string;
  readonly url: URL;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Values of the `:name` segments of the matched route pattern, URI-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly state: EmulatorState;
  readonly options: Readonly<Required<EmulatorOptions>>;
  readonly record: RecordedRequest;
  /** The valid bearer token presented, if any (ARM routes are only entered with one). */
  readonly caller: TokenGrant | undefined;
}

export type RouteHandler = (ctx: RouteContext) => EmulatorResponse | Promise<EmulatorResponse>;
