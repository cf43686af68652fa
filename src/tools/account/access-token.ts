import { z } from 'zod';
import { defineTool } from '../define.js';
import type { Cloud } from '../../config.js';
import { UserFacingError } from '../../azure/errors.js';
import { decodeClaims, maskToken } from '../../azure/token.js';

const ALIASES = ['arm', 'keyvault', 'storage', 'graph'] as const;

/** Accepts a short alias, a resource URL or a `.default` scope and returns the scope to request. */
export function resolveScope(resource: string | undefined, cloud: Cloud): string {
  const value = resource?.trim();
  if (!value) return cloud.resourceManagerScope;
  const alias: Record<(typeof ALIASES)[number], string> = {
    arm: cloud.resourceManagerScope,
    keyvault: `${cloud.keyVaultResource}/.default`,
    storage: `${cloud.storageResource}/.default`,
    graph: `${cloud.microsoftGraph}/.default`,
  };
  // Only the aliases themselves: '__proto__' or 'constructor' must not find Object.prototype's members.
  const key = value.toLowerCase();
  const known = Object.hasOwn(alias, key) ? alias[key as (typeof ALIASES)[number]] : undefined;
  if (known) return known;
  if (!/^(https?:\/\/|api:\/\/)/i.test(value)) {
    throw new UserFacingError(`resource '${value}' is not a URL, a scope or one of the aliases ${ALIASES.join(', ')}.`);
  }
  return value.endsWith('/.default') ? value : `${value.replace(/\/+$/, '')}/.default`;
}

export const accountGetAccessToken = defineTool({
  name: 'account_get_access_token',
  title: 'Get an access token (masked)',
  description:
    'Like `az account get-access-token`: obtains a token for Azure Resource Manager (default) or another resource and shows it masked (first 8 and last 4 characters), with its length, expiry, subscription, tenant, resource and type. The full token is never shown.',
  access: 'read',
  example: { resource: 'graph' },
  inputSchema: z.object({
    resource: z
      .string()
      .optional()
      .describe(
        'Resource URL (https://vault.azure.net), scope (…/.default) or alias: arm, keyvault, storage, graph. Default: Azure Resource Manager of the configured cloud.',
      ),
  }),
  outputSchema: z.object({
    accessToken: z.string().describe('The token, masked.'),
    length: z.number(),
    expiresOn: z.string(),
    subscription: z.string().nullable(),
    tenant: z.string().nullable(),
    resource: z.string().describe('The scope the token was requested for.'),
    tokenType: z.string(),
    method: z.string().describe('The credential that issued it.'),
  }),
  async handler({ resource }, { session, config, signal }) {
    const scope = resolveScope(resource, config.cloud);
    const issued = await session.credential.getTokenWithMethod(scope, { abortSignal: signal });
    const token = issued.token.token;
    const data = {
      accessToken: maskToken(token),
      length: token.length,
      expiresOn: new Date(issued.token.expiresOnTimestamp).toISOString(),
      subscription: session.subscription?.id ?? null,
      tenant: decodeClaims(token).tenantId ?? config.tenantId ?? null,
      resource: scope,
      tokenType: issued.token.tokenType ?? 'Bearer',
      method: issued.method,
    };
    return {
      data,
      text: `${data.tokenType} token for ${scope} from ${data.method}: ${data.accessToken} (${data.length} characters), expires ${data.expiresOn}. Tenant ${data.tenant ?? 'unknown'}.`,
    };
  },
});
