import { z } from 'zod';
import type { AzureSession } from '../../azure/session.js';
import type { CredentialMethod, IssuedToken } from '../../azure/credentials.js';
import { decodeClaims } from '../../azure/token.js';

export const identitySchema = z.object({
  type: z.enum(['user', 'servicePrincipal', 'managedIdentity']).describe('Kind of identity signed in.'),
  name: z.string().nullable().describe('User principal name, or application id for applications.'),
  appId: z.string().nullable().describe('Application (client) id, for service principals and managed identities.'),
  objectId: z.string().nullable().describe('Object id of the signed-in principal.'),
  tenantId: z.string().nullable().describe('Tenant that issued the token.'),
});
export type Identity = z.infer<typeof identitySchema>;

export function identityFromToken(issued: IssuedToken): Identity {
  const claims = decodeClaims(issued.token.token);
  const type = claims.identityType === 'user' ? 'user' : issued.method === 'Managed identity' ? 'managedIdentity' : 'servicePrincipal';
  return {
    type,
    name: claims.userName ?? claims.appId ?? null,
    appId: claims.appId ?? null,
    objectId: claims.objectId ?? null,
    tenantId: claims.tenantId ?? null,
  };
}

/** A token for Azure Resource Manager, with the method that issued it. */
export function armToken(session: AzureSession, signal?: AbortSignal): Promise<IssuedToken> {
  return session.credential.getTokenWithMethod(session.config.cloud.resourceManagerScope, { abortSignal: signal });
}

export const methodSchema = z.enum(['Service principal', 'Azure CLI', 'Managed identity'] satisfies CredentialMethod[]);
