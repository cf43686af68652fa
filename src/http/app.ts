// The HTTP endpoint as a web-standard fetch handler: DNS-rebinding checks, the protected-resource metadata,
// authentication, then the MCP request to the right protocol era. 2026-07-28 requests go to the SDK's per-request
// handler (createMcpHandler); 2025-era requests to a session of their own (HttpSessions).
import {
  createMcpHandler,
  hostHeaderValidationResponse,
  isLegacyRequest,
  originValidationResponse,
  type AuthInfo,
  type McpHttpHandler,
} from '@modelcontextprotocol/server';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { hostAllowList, originAllowList, type HttpConfig } from '../config-http.js';
import type { AzopsServer } from '../server.js';
import type { AzureSession } from '../azure/session.js';
import { createAuthenticator, type Authenticator, type Caller } from './auth.js';
import { HttpSessions, rpcError } from './sessions.js';

export const MCP_PATH = '/mcp';
const METADATA_PATHS = new Set(['/.well-known/oauth-protected-resource', `/.well-known/oauth-protected-resource${MCP_PATH}`]);

/** A 2026-07-28 caller with the Azure session its requests act through. */
type SessionCaller = Caller & { extra: { session: AzureSession } };

export interface McpHttpApp {
  /**
   * What the request line and headers alone decide, before any body is read: the answer to send (refused Host or
   * Origin, the metadata document, 401/403, 404, shutting down), or the authenticated caller.
   */
  admit(request: Request): Promise<Response | Caller>;
  /** The MCP request of a caller `admit` let in (given as `authInfo`); admitted here when not given. */
  fetch(request: Request, options?: { authInfo?: AuthInfo }): Promise<Response>;
  /** Refuse new requests from now on (503), while those in progress go on. */
  stopAccepting(): void;
  /** Ends every session and in-flight exchange. */
  close(): Promise<void>;
  sessions: HttpSessions;
}

export function createMcpHttpApp(azops: AzopsServer, config: HttpConfig, httpClient: HttpClient | undefined): McpHttpApp {
  const onError = (error: Error) => azops.logger.warning(`http: ${error.message}`);
  const hosts = hostAllowList(config);
  const origins = originAllowList(config);
  const authenticator: Authenticator = createAuthenticator(config, azops.session.config.cloud, httpClient);
  const sessions = new HttpSessions(
    azops,
    { maxSessions: config.maxSessions, idleMs: config.sessionIdleMs, maxBodyBytes: config.maxBodyBytes },
    onError,
  );
  const modern: McpHttpHandler = createMcpHandler(
    // The caller's Azure session was found (or refused) before the request got here: see fetch below.
    ({ authInfo }) => azops.createMcpServer((authInfo as SessionCaller).extra.session),
    { legacy: 'reject', maxRequestBodySize: config.maxBodyBytes, onerror: onError },
  );
  let accepting = true;

  async function admit(request: Request): Promise<Response | Caller> {
    const rejected = hostHeaderValidationResponse(request, hosts) ?? originValidationResponse(request, origins);
    if (rejected) return rejected;
    const url = new URL(request.url);
    const resource = new URL(MCP_PATH, publicOrigin(request, url));
    if (METADATA_PATHS.has(url.pathname)) {
      const metadata = authenticator.metadata(resource);
      if (!metadata) return new Response('Not Found', { status: 404 });
      if (request.method !== 'GET') return new Response('Method Not Allowed', { status: 405, headers: { allow: 'GET' } });
      return Response.json(metadata, { headers: { 'cache-control': 'max-age=3600' } });
    }
    if (url.pathname !== MCP_PATH) return new Response('Not Found', { status: 404 });
    if (!accepting) return rpcError(503, -32000, 'The server is shutting down.', { 'retry-after': '5', connection: 'close' });
    return authenticator.authenticate(request, resource);
  }

  return {
    sessions,
    stopAccepting: () => void (accepting = false),
    async close() {
      accepting = false;
      await Promise.allSettled([modern.close(), sessions.closeAll()]);
    },
    admit,
    async fetch(request, options = {}) {
      const caller = (options.authInfo as Caller | undefined) ?? (await admit(request));
      if (caller instanceof Response) return caller;
      if (await isLegacyRequest(request, undefined, { maxRequestBodySize: config.maxBodyBytes })) return sessions.handle(request, caller);
      const session = sessions.callerSession(caller);
      if (session instanceof Response) return session;
      const withSession: SessionCaller = { ...caller, extra: { ...caller.extra, session } };
      return modern.fetch(request, { authInfo: withSession });
    },
  };
}

/**
 * The origin clients called: behind a reverse proxy that ends TLS the request arrives as http://, and the proxy's
 * X-Forwarded-Proto says the client used https. The metadata must name that URL (RFC 9728: clients compare the
 * resource with the URL they called). Only the scheme is taken from it; the host is the Host header, checked above.
 */
function publicOrigin(request: Request, url: URL): string {
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return proto === 'https' || proto === 'http' ? `${proto}://${url.host}` : url.origin;
}
