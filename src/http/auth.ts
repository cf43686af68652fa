// Who may call the HTTP endpoint: nobody checked (loopback only), a static bearer token, or Entra ID access tokens
// for this server's app registration. Verification failures become the SDK's 401/403 bearer challenges, which point
// at the protected-resource metadata document.
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  bearerAuthChallengeResponse,
  getOAuthProtectedResourceMetadataUrl,
  OAuthError,
  OAuthErrorCode,
  verifyBearerToken,
  type AuthInfo,
  type OAuthTokenVerifier,
} from '@modelcontextprotocol/server';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { EntraAuthConfig, HttpConfig } from '../config-http.js';
import type { Cloud } from '../config.js';

/** The caller as the rest of the server sees it: `extra.principal` keys per-caller state and binds prompts to the caller. */
export type Caller = AuthInfo & { extra: { principal: string } };

export interface Authenticator {
  /** The verified caller, or the response to send instead (401/403 with a `WWW-Authenticate` challenge). */
  authenticate(request: Request, resourceUrl: URL): Promise<Caller | Response>;
  /** The RFC 9728 protected-resource metadata for this endpoint; undefined when no authentication is configured. */
  metadata(resourceUrl: URL): Record<string, unknown> | undefined;
}

const ANONYMOUS: Caller = { token: '', clientId: 'anonymous', scopes: [], extra: { principal: 'anonymous' } };
const DAY_SECONDS = 86_400;

export function createAuthenticator(config: HttpConfig, cloud: Cloud, httpClient: HttpClient | undefined): Authenticator {
  if (config.auth === 'none') return { authenticate: async () => ANONYMOUS, metadata: () => undefined };
  const verifier = config.auth === 'token' ? staticTokenVerifier(config.token!) : entraVerifier(config.entra!, cloud, httpClient);
  // Checked on every token; not what a client should ask Entra for (an app role, or a bare scope name Entra refuses).
  const requiredScopes = config.entra?.requiredRole ? [config.entra.requiredRole] : undefined;
  const authorizationServer = config.entra ? `${cloud.authorityHost}/${config.entra.tenantId}/v2.0` : undefined;
  // What the challenge tells a client to request: this app's `.default` scope, as the metadata document says.
  const challengeScopes = config.entra ? [defaultScope(config.entra)] : undefined;
  return {
    async authenticate(request, resourceUrl) {
      const resourceMetadataUrl = getOAuthProtectedResourceMetadataUrl(resourceUrl);
      try {
        const info = await verifyBearerToken(request.headers.get('authorization'), { verifier, requiredScopes, resourceMetadataUrl });
        return info as Caller;
      } catch (error) {
        return bearerAuthChallengeResponse(error, { requiredScopes: challengeScopes, resourceMetadataUrl });
      }
    },
    metadata(resourceUrl) {
      return {
        resource: resourceUrl.href,
        resource_name: 'azops-mcp',
        bearer_methods_supported: ['header'],
        ...(authorizationServer ? { authorization_servers: [authorizationServer] } : {}),
        ...(config.entra ? { scopes_supported: [defaultScope(config.entra)] } : {}),
      };
    },
  };
}

/** AZOPS_HTTP_TOKEN: compared as SHA-256 digests in constant time, so neither content nor length leaks through timing. */
function staticTokenVerifier(expected: string): OAuthTokenVerifier {
  const expectedDigest = createHash('sha256').update(expected).digest();
  return {
    async verifyAccessToken(token) {
      const digest = createHash('sha256').update(token).digest();
      if (!timingSafeEqual(digest, expectedDigest)) throw new OAuthError(OAuthErrorCode.InvalidToken, 'The bearer token is not valid.');
      return {
        token,
        clientId: 'AZOPS_HTTP_TOKEN',
        scopes: [],
        expiresAt: Math.floor(Date.now() / 1000) + DAY_SECONDS,
        extra: { principal: 'token' },
      };
    },
  };
}

/**
 * Entra ID access tokens: RS256 signature against the tenant's published keys (fetched through the Azure SDK's
 * HTTP pipeline, cached, and fetched again when a token names a key not seen yet, which is how Entra rotates them),
 * issuer (v1 or v2 endpoint of the configured tenant), audience, expiry and not-before, and the tenant claim.
 */
function entraVerifier(entra: EntraAuthConfig, cloud: Cloud, httpClient: HttpClient | undefined): OAuthTokenVerifier {
  const keysUrl = `${cloud.authorityHost}/${entra.tenantId}/discovery/v2.0/keys`;
  const issuers = [`${cloud.authorityHost}/${entra.tenantId}/v2.0`, `https://${v1IssuerHost(cloud)}/${entra.tenantId}/`];
  let jose: Promise<{ verify: (token: string) => Promise<Record<string, unknown>>; keysUnavailable: (e: unknown) => boolean }> | undefined;
  const load = () =>
    (jose ??= (async () => {
      const { createRemoteJWKSet, customFetch, jwtVerify, errors } = await import('jose');
      const { fetchThroughPipeline, KeyFetchError } = await import('./pipeline-fetch.js');
      const keys = createRemoteJWKSet(new URL(keysUrl), {
        [customFetch]: fetchThroughPipeline(httpClient),
        cacheMaxAge: 60 * 60 * 1000,
        cooldownDuration: 5 * 1000,
        timeoutDuration: 10 * 1000,
      });
      return {
        verify: async (token: string) =>
          (
            await jwtVerify(token, keys, {
              issuer: issuers,
              audience: entra.audiences,
              algorithms: ['RS256'],
              clockTolerance: 30,
              requiredClaims: ['exp', 'tid', 'oid'],
            })
          ).payload as Record<string, unknown>,
        keysUnavailable: (e: unknown) => e instanceof KeyFetchError || e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid,
      };
    })());
  return {
    async verifyAccessToken(token) {
      // A failed import (a broken install) is tried again on the next request rather than remembered.
      const { verify, keysUnavailable } = await load().catch((error: unknown) => {
        jose = undefined;
        throw error;
      });
      let claims: Record<string, unknown>;
      try {
        claims = await verify(token);
      } catch (error) {
        // A key set that cannot be fetched is this server's problem; anything else is the token's. The reason is safe
        // to show (jose names the failed check, never the token).
        if (keysUnavailable(error))
          throw new OAuthError(OAuthErrorCode.ServerError, `The tenant's signing keys could not be fetched from ${keysUrl}.`);
        throw new OAuthError(OAuthErrorCode.InvalidToken, `The access token was refused: ${(error as Error).message}.`);
      }
      if (String(claims.tid).toLowerCase() !== entra.tenantId)
        throw new OAuthError(OAuthErrorCode.InvalidToken, 'The access token was issued for another tenant.');
      const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
      const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [];
      // An access token for an API carries the caller's permissions (delegated scp or application roles); an ID
      // token or other token for this audience carries neither and is not a way in.
      if (!roles.length && !scopes.length)
        throw new OAuthError(
          OAuthErrorCode.InvalidToken,
          'The token carries no scp or roles claim: it is not an access token for this API.',
        );
      const subject = typeof claims.oid === 'string' ? claims.oid : '';
      if (!subject) throw new OAuthError(OAuthErrorCode.InvalidToken, 'The access token names no caller (oid).');
      return {
        token,
        clientId: String(claims.appid ?? claims.azp ?? ''),
        scopes: [...roles, ...scopes],
        expiresAt: Number(claims.exp),
        extra: { principal: `entra:${entra.tenantId}:${subject}` },
      };
    },
  };
}

/** The scope a client requests for this server: its application ID URI (or client id) with `/.default`. */
function defaultScope(entra: EntraAuthConfig): string {
  return `${entra.audiences[0]!.replace(/\/+$/, '')}/.default`;
}

/** Where Entra's v1.0 tokens say they come from: sts.windows.net, or the national cloud's own. */
function v1IssuerHost(cloud: Cloud): string {
  return cloud.authorityHost.endsWith('.chinacloudapi.cn') ? 'sts.chinacloudapi.cn' : 'sts.windows.net';
}
