/** The access-token claims azops-mcp reports (never the token itself). */
export interface TokenClaims {
  tenantId?: string;
  objectId?: string;
  appId?: string;
  userName?: string;
  identityType?: 'user' | 'app';
  audience?: string;
}

/** Reads a JWT's payload without verifying it: only to describe who we are, never to trust. */
export function decodeClaims(token: string): TokenClaims {
  const payload = token.split('.')[1];
  if (!payload) return {};
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
  const str = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);
  const userName = str('upn') ?? str('unique_name') ?? str('preferred_username') ?? str('email');
  const idtyp = str('idtyp');
  return {
    tenantId: str('tid'),
    objectId: str('oid'),
    appId: str('appid') ?? str('azp'),
    userName,
    identityType: idtyp === 'app' || idtyp === 'user' ? idtyp : userName ? 'user' : 'app',
    audience: str('aud'),
  };
}

/** First 8 and last 4 characters; a token of 16 characters or fewer shows nothing at all. */
export function maskToken(token: string): string {
  return token.length <= 16 ? '****' : `${token.slice(0, 8)}...${token.slice(-4)}`;
}
