// The emulated cloud: the composition root. It builds the state, the resource catalog, the route
// table and the snapshot parts from the core and the list of services (services/index.ts), and holds
// the transport-agnostic request handler that the HTTPS server and the in-process HttpClient both call.
import { armRoute, withArmHeaders } from './core/arm.js';
import { armError, jsonResponse } from './core/errors.js';
import { FaultInjector } from './core/faults.js';
import { ResourceCatalog } from './core/resources/catalog.js';
import { failNextOperation, type PlannedFailure } from './core/resources/failures.js';
import { ResourceStore } from './core/resources/store.js';
import { Router } from './core/router.js';
import { exportEmulatorState, importEmulatorState, type EmulatorSnapshot, type SnapshotPart } from './core/snapshot.js';
import { createEmulatorState, type EmulatorState } from './core/state.js';
import { isApiAudience, type ApiClaims, type TokenGrant, type TokenVersion } from './core/tokens.js';
import { SEED } from './core/seed.js';
import type { Principal } from './core/identities.js';
import type {
  EmulatorHandler,
  EmulatorOptions,
  EmulatorRequest,
  EmulatorResponse,
  RecordedRequest,
  RouteContext,
  TokenKind,
} from './core/types.js';
import { SERVICES } from './services/index.js';

const DEFAULT_OPTIONS: Required<EmulatorOptions> = {
  pageSize: 100,
  tokenLifetimeSeconds: 3600,
  lroDurationMs: 0,
  lroRetryAfterSeconds: 0,
  requestLogLimit: Infinity,
};

/** What the services say about ARM resource types and providers (the same for every instance: it holds no state). */
const CATALOG = new ResourceCatalog(
  SERVICES.flatMap((service) => service.resourceTypes ?? []),
  SERVICES.flatMap((service) => service.namespaces ?? []),
);
const SNAPSHOT_PARTS: readonly SnapshotPart[] = SERVICES.flatMap((service) => (service.snapshot ? [service.snapshot] : []));

export class EmulatedAzure implements EmulatorHandler {
  readonly options: Required<EmulatorOptions>;
  /** The core (tenants, principals, subscriptions, tokens) and every service's part, by name (see core/state.ts). */
  readonly state: EmulatorState;
  /** Every service's routes (services/<service>/); a test may add its own. */
  readonly router = new Router();
  /** Every request handled, in order (the latest `requestLogLimit` of them). */
  readonly requests: RecordedRequest[] = [];
  /** Every access token string ever issued, for leak checks. */
  readonly issuedTokens: Set<string>;
  /** Token requests served (tokens issued), by kind. */
  readonly tokenRequests: Record<TokenKind, number>;
  /** Injected failures (throttling, 5xx, drops, delays, token expiry) for reliability tests. */
  readonly faults = new FaultInjector();

  constructor(options: EmulatorOptions = {}) {
    this.options = Object.freeze({ ...DEFAULT_OPTIONS, ...withoutUndefined(options) });
    if (!Number.isInteger(this.options.pageSize) || this.options.pageSize < 1) throw new RangeError('pageSize must be a positive integer');
    if (!(this.options.tokenLifetimeSeconds > 0)) throw new RangeError('tokenLifetimeSeconds must be positive');
    if (!(this.options.requestLogLimit >= 0)) throw new RangeError('requestLogLimit must be >= 0');
    if (!(this.options.lroDurationMs >= 0) || !(this.options.lroRetryAfterSeconds >= 0))
      throw new RangeError('lroDurationMs and lroRetryAfterSeconds must be >= 0');
    this.state = createEmulatorState(this.options.tokenLifetimeSeconds, [
      (state) => ({ resources: new ResourceStore(state, CATALOG) }),
      ...SERVICES.flatMap((service) => (service.state ? [service.state] : [])),
    ]);
    this.issuedTokens = this.state.tokens.issued;
    this.tokenRequests = this.state.tokens.counts;
    for (const service of SERVICES) service.routes?.(this.router);
  }

  /** Transport-agnostic core. `url` is absolute (https://host:port/path?query); body is the raw text. */
  async handle(req: EmulatorRequest): Promise<EmulatorResponse> {
    const url = new URL(req.url);
    const method = req.method.toUpperCase();
    const headers = lowerCaseKeys(req.headers);
    const record: RecordedRequest = { method, host: url.host, path: url.pathname, query: Object.fromEntries(url.searchParams) };
    this.requests.push(record);
    // Trimmed in batches, so a capped log costs no more per request than an unbounded one.
    const limit = this.options.requestLogLimit;
    if (this.requests.length > limit + Math.min(limit, 1000)) this.requests.splice(0, this.requests.length - limit);
    // Before authentication, so that an expireTokens fault applies to this very request.
    const injected = await this.faults.apply(
      { method, url, headers, body: req.body ?? '', params: {}, state: this.state, options: this.options, record, caller: undefined },
      req.signal,
    );
    if (injected && 'status' in injected) return injected;
    const response = await this.route(method, url, headers, req.body ?? '', record);
    return injected ? { ...response, bodyDelayMs: injected.bodyDelayMs } : response;
  }

  private async route(
    method: string,
    url: URL,
    headers: Record<string, string>,
    body: string,
    record: RecordedRequest,
  ): Promise<EmulatorResponse> {
    const caller = this.validBearer(headers['authorization']);
    if (caller) {
      record.tokenKind = caller.kind;
      record.principalId = caller.principal.objectId;
    }
    const base = { method, url, headers, body, state: this.state, options: this.options, record, caller };
    const match = this.router.match(method, url.pathname);
    try {
      if (match.kind === 'found') return await match.handler({ ...base, params: match.params });
      const ctx: RouteContext = { ...base, params: {} };
      if (match.kind === 'not-found') return await armRoute(notFound)(ctx);
      const allow = match.allowed.join(', ');
      const message = `The requested resource does not support http method '${method}'.`;
      if (match.plane === 'arm') return await armRoute(() => armError(405, 'MethodNotAllowed', message, { allow }))(ctx);
      return jsonResponse(405, { error: 'method_not_allowed', error_description: message }, { allow });
    } catch (error) {
      // A bug in a route must show up in the test that hit it, not as a hang or a socket reset.
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      return withArmHeaders({ ...base, params: {} }, armError(500, 'InternalServerError', `Emulator route failed: ${detail}`));
    }
  }

  /** Makes the next matching ARM operation fail (resource id or type; see core/resources/failures.ts). */
  failNextOperation(target: string, failure: PlannedFailure, options: { operation?: string } = {}): void {
    failNextOperation(this.state, target, failure, options);
  }

  /**
   * The mutable state (estate, RBAC, directory, data planes) as plain JSON; see core/snapshot.ts for what is in
   * it. Long-running operations still in progress are ended first, as if their time had come.
   */
  exportState(): EmulatorSnapshot {
    return exportEmulatorState(this.state, SNAPSHOT_PARTS);
  }

  /** Replaces the mutable state with an exported one; throws SnapshotError (changing nothing) when it is not one. */
  importState(snapshot: unknown): void {
    importEmulatorState(this.state, snapshot, SNAPSHOT_PARTS);
  }

  /**
   * An access token for an application's own API (audience `api://...` or its client id), as Entra issues one to
   * a caller of that API: signed with the tenant's current key (published at /{tenant}/discovery/v2.0/keys), with
   * the caller's app roles or delegated scopes. The caller defaults to the seeded service principal;
   * `lifetimeSeconds` below zero gives a token that has already expired.
   */
  issueApiToken(
    options: { audience: string; principal?: Principal; tenantId?: string; lifetimeSeconds?: number; version?: TokenVersion } & ApiClaims,
  ): string {
    const { audience, principal, tenantId, lifetimeSeconds, version, ...claims } = options;
    if (!isApiAudience(audience))
      throw new RangeError(`${audience} is an Azure service, not an application's API (api://... or a client id)`);
    const tenant = tenantId ?? SEED.tenantId;
    const caller = principal ?? this.state.findServicePrincipal(SEED.servicePrincipal.clientId, tenant);
    if (!caller) throw new RangeError(`no principal given, and the seeded service principal is not in tenant ${tenant}`);
    return this.state.tokens.issue({
      kind: 'client_credentials',
      principal: caller,
      tenantId: tenant,
      audience,
      claims,
      lifetimeSeconds,
      version,
    }).token;
  }

  /** Entra rotates its signing keys: tokens for APIs are signed with a new key from now on (the old one stays published). */
  rotateSigningKey(): void {
    this.state.tokens.signingKeys.rotate();
  }

  /** Makes every token issued so far expired as of now. */
  expireAllTokens(): void {
    this.state.tokens.expireAll();
  }

  private validBearer(authorization: string | undefined): TokenGrant | undefined {
    const token = /^Bearer\s+(\S+)/i.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    const found = this.state.tokens.lookup(token);
    return found.status === 'valid' ? found.grant : undefined;
  }
}

/** ARM's answer for paths no route claims (after authentication, as ARM does). */
function notFound(ctx: { url: URL; apiVersion: string }): EmulatorResponse {
  const path = ctx.url.pathname;
  const provider = /\/providers\/([^/]+)\/([^/]+)/i.exec(path);
  if (provider) {
    return armError(
      404,
      'InvalidResourceType',
      `The resource type '${provider[2]}' could not be found in the namespace '${provider[1]}' for api version '${ctx.apiVersion}'.`,
    );
  }
  return armError(404, 'NotFound', `The requested path '${path}' was not found.`);
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lowered[name.toLowerCase()] = value;
  return lowered;
}

function withoutUndefined(options: EmulatorOptions): EmulatorOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
