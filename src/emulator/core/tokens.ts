// Access-token minting and the registry ARM consults to authenticate bearer tokens.
// Tokens look like Entra v1 access tokens (same claims). Those for Azure's own services carry a random signature:
// nothing in the SDK verifies them client-side, and the emulator trusts only its own registry. Those for an
// application's own API (audience `api://...` or an app id), which that API verifies against the tenant's published
// keys, are signed for real (RS256) with a key the JWKS endpoint publishes.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Principal } from './identities.js';
import { base64url, isGuid, nowSeconds, randomBase64url } from './util.js';

export type TokenKind = 'client_credentials' | 'managed_identity' | 'az_cli';

/** Claims Entra adds for an application's API: app roles granted to the caller, delegated scopes. */
export type TokenVersion = '1.0' | '2.0';

export interface ApiClaims {
  roles?: string[];
  scp?: string;
}

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

  /** The keys tokens for applications' APIs are signed with (made on first use: an RSA key takes a moment). */
  readonly signingKeys = new SigningKeys();

  /** `lifetimeSeconds` overrides the emulator's (negative: a token that has already expired, for tests). */
  issue(request: {
    kind: TokenKind;
    principal: Principal;
    tenantId: string;
    audience: string;
    claims?: ApiClaims;
    lifetimeSeconds?: number;
    /** Entra's v2.0 token format (the app registration's accessTokenAcceptedVersion 2); v1.0 otherwise. */
    version?: TokenVersion;
  }): TokenGrant {
    const { claims, lifetimeSeconds, version, ...grantFields } = request;
    const issuedAt = nowSeconds();
    const expiresAt = issuedAt + (lifetimeSeconds ?? this.lifetimeSeconds);
    const signer = isApiAudience(request.audience) ? this.signingKeys.current() : undefined;
    const token = mintJwt(request.principal, request.tenantId, request.audience, issuedAt, expiresAt, claims ?? {}, signer, version);
    const grant: TokenGrant = { ...grantFields, token, issuedAt, expiresAt };
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

/** An application's own API, as opposed to an Azure service: `api://...`, or the app's client id. */
export function isApiAudience(audience: string): boolean {
  return audience.startsWith('api://') || isGuid(audience);
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** The public half as a JWK, as the JWKS endpoint publishes it. */
  jwk: Record<string, unknown>;
}

/** The tenant's token-signing keys: the current one signs; the one before stays published (as Entra overlaps them). */
export class SigningKeys {
  private keys: SigningKey[] = [];
  private generation = 0;

  current(): SigningKey {
    if (!this.keys.length) this.rotate();
    return this.keys[0]!;
  }

  /** A new signing key from now on (Entra rotates its keys every few weeks); the previous one stays in the JWKS. */
  rotate(): SigningKey {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = `emulated-azure-api-key-${++this.generation}`;
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid, x5t: kid, use: 'sig', kty: 'RSA' };
    this.keys = [{ kid, privateKey, jwk }, ...this.keys.slice(0, 1)];
    return this.keys[0]!;
  }

  /** The published keys; none until a token for an API is first issued or the keys are first asked for. */
  published(): Record<string, unknown>[] {
    this.current();
    return this.keys.map((k) => k.jwk);
  }
}

function mintJwt(
  principal: Principal,
  tenantId: string,
  audience: string,
  iat: number,
  exp: number,
  claims: ApiClaims,
  signer: SigningKey | undefined,
  version: TokenVersion = '1.0',
): string {
  const issuer = version === '2.0' ? `https://login.microsoftonline.com/${tenantId}/v2.0` : `https://sts.windows.net/${tenantId}/`;
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
    ver: version,
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
  const kid = signer?.kid ?? SIGNING_KEY_ID;
  const header = { typ: 'JWT', alg: 'RS256', x5t: kid, kid };
  // v2.0 names the client azp (and its authentication azpacr) where v1.0 says appid (appidacr).
  const { appid, appidacr, ...rest } = identityClaims;
  const client = version === '2.0' ? { azp: appid, azpacr: appidacr } : { appid, appidacr };
  const payload = { ...common, ...rest, ...client, ...claims, xms_tcdt: 1600000000 };
  const signed = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = signer ? base64url(sign('sha256', Buffer.from(signed), signer.privateKey)) : randomBase64url(256);
  return `${signed}.${signature}`;
}
