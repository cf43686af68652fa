// Access-token minting and the registry ARM consults to authenticate bearer tokens.
// Tokens look like Entra v1 access tokens (same claims) but carry a random signature: nothing in the
// SDK verifies signatures client-side, and the emulator trusts only its own registry.
import type { Principal } from './identities.js';
import { base64url, nowSeconds, randomBase64url } from './util.js';

export type TokenKind = 'client_credentials' | 'managed_identity' | 'az_cli';

export interface TokenGrant {
  readonly token: string;
  readonly kind: TokenKind;
  readonly principal: Principal;
  readonly tenantId: string;
  /** The `aud` claim: the resource the token was requested for. */
  readonly audience: string;
  readonly issuedAt: number;
  /** Epoch seconds; mutable so that tests can expire tokens early. */
  expiresAt: number;
}

export type TokenLookup = { status: 'valid'; grant: TokenGrant } | { status: 'expired'; grant: TokenGrant } | { status: 'unknown' };

/** Key id in token headers and in the JWKS document. */
export const SIGNING_KEY_ID = 'emulated-azure-key-1';

/** Client id of the Azure CLI application; real `az` user tokens carry it as `appid`. */
const AZURE_CLI_APP_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

export class TokenRegistry {
  /** Every access token string ever issued, for leak checks. */
  readonly issued = new Set<string>();
  /** Successful token issuances, by kind. */
  readonly counts: Record<TokenKind, number> = { client_credentials: 0, managed_identity: 0, az_cli: 0 };
  private readonly grants = new Map<string, TokenGrant>();

  constructor(private readonly lifetimeSeconds: number) {}

  issue(request: { kind: TokenKind; principal: Principal; tenantId: string; audience: string }): TokenGrant {
    const issuedAt = nowSeconds();
    const expiresAt = issuedAt + this.lifetimeSeconds;
    const token = mintJwt(request.principal, request.tenantId, request.audience, issuedAt, expiresAt);
    const grant: TokenGrant = { ...request, token, issuedAt, expiresAt };
    this.grants.set(token, grant);
    this.issued.add(token);
    this.counts[request.kind] += 1;
    return grant;
  }

  lookup(token: string): TokenLookup {
    const grant = this.grants.get(token);
    if (!grant) return { status: 'unknown' };
    return grant.expiresAt <= nowSeconds() ? { status: 'expired', grant } : { status: 'valid', grant };
  }

  /** Revokes every token issued so far: Azure no longer knows them (clients' caches still hold them). */
  revokeAll(): void {
    this.grants.clear();
  }

  /** Makes every token issued so far expired as of now (clients' caches still hold them). */
  expireAll(): void {
    const past = nowSeconds() - 1;
    for (const grant of this.grants.values()) grant.expiresAt = Math.min(grant.expiresAt, past);
  }
}

function mintJwt(principal: Principal, tenantId: string, audience: string, iat: number, exp: number): string {
  const issuer = `https://sts.windows.net/${tenantId}/`;
  const common = {
    aud: audience,
    iss: issuer,
    iat,
    nbf: iat,
    exp,
    aio: randomBase64url(24),
    idp: issuer,
    oid: principal.objectId,
    rh: `0.${randomBase64url(30)}.`,
    sub: principal.objectId,
    tid: tenantId,
    // Entra's unique token identifier; also what makes two tokens for the same request differ.
    uti: randomBase64url(16),
    ver: '1.0',
  };
  const identityClaims =
    principal.type === 'User'
      ? {
          idtyp: 'user',
          acr: '1',
          amr: ['pwd', 'mfa'],
          appid: AZURE_CLI_APP_ID,
          appidacr: '0',
          name: principal.displayName,
          scp: 'user_impersonation',
          unique_name: principal.upn,
          upn: principal.upn,
        }
      : {
          idtyp: 'app',
          appid: principal.clientId,
          appidacr: principal.type === 'ServicePrincipal' ? '1' : '2',
          ...(principal.type === 'ManagedIdentity' ? { xms_mirid: principal.resourceId } : {}),
        };
  const header = { typ: 'JWT', alg: 'RS256', x5t: SIGNING_KEY_ID, kid: SIGNING_KEY_ID };
  const payload = { ...common, ...identityClaims, xms_tcdt: 1600000000 };
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}.${randomBase64url(256)}`;
}
