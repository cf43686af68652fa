import { z } from 'zod';
import { defineTool } from '../define.js';
import { describeError, isAzureError } from '../../azure/errors.js';
import { subscriptionClient } from '../../azure/clients.js';
import type { AzureSession } from '../../azure/session.js';
import { SANDBOX_NOTICE } from '../../sandbox-notice.js';
import { armToken, identityFromToken, identitySchema, methodSchema } from './identity.js';

export const authStatus = defineTool({
  name: 'auth_status',
  title: 'Authentication status',
  description:
    'Shows how azops-mcp is authenticated with Azure: the credential method that actually issued the token, whether a token could be obtained and Azure Resource Manager accepts it (one cheap call) and when it expires, the signed-in identity (user or application, object id, tenant), the active subscription and where it was set, and the cloud. Never fails: when not authenticated it says why and how to fix it.',
  access: 'read',
  example: {},
  inputSchema: z.object({}),
  outputSchema: z.object({
    mode: z.enum(['azure', 'sandbox']).describe('sandbox: the built-in emulated Azure (--sandbox); nothing real is read or changed.'),
    authenticated: z.boolean().describe('Whether a token could be obtained and Azure Resource Manager accepted it.'),
    tokenAccepted: z
      .boolean()
      .nullable()
      .describe('Whether Azure Resource Manager accepted the token (one cheap call); null when no token was issued or ARM did not answer.'),
    method: methodSchema.nullable().describe('The credential that issued the token (null when none did).'),
    configured: z.string().describe('What will be tried, in order.'),
    tokenExpiresOn: z.string().nullable().describe('Token expiry, ISO 8601.'),
    identity: identitySchema.nullable(),
    subscription: z.object({
      id: z.string().nullable(),
      source: z.string().describe('Where the active subscription came from.'),
    }),
    cloud: z.string().describe('Azure cloud name.'),
    resourceManager: z.string().describe('Azure Resource Manager endpoint.'),
    problem: z.string().nullable().describe('Why authentication failed and how to fix it.'),
    warnings: z.array(z.string()).describe('Configuration problems that do not stop the server.'),
    readOnly: z.boolean().describe('Whether read-only mode is on (tools that change Azure are refused).'),
  }),
  async handler(_input, { session, config, signal }) {
    const subscription = session.subscription;
    const base = {
      mode: config.sandbox ? ('sandbox' as const) : ('azure' as const),
      configured: session.credential.plan,
      subscription: {
        id: subscription?.id ?? null,
        source: subscription?.source ?? 'not set (set AZURE_SUBSCRIPTION_ID or call set_subscription)',
      },
      cloud: config.cloud.name,
      resourceManager: config.cloud.resourceManager,
      warnings: config.findings,
      readOnly: config.safety.readOnly.on,
    };
    let data;
    try {
      await armToken(session, signal);
      // A token is not proof: Azure may have revoked it, or it may be for the wrong tenant or audience.
      const check = await armCheck(session, signal);
      // The check may have replaced a token Azure rejected with a fresh one: report the one now in use.
      const issued = await armToken(session, signal);
      data = {
        ...base,
        authenticated: check.accepted === true,
        tokenAccepted: check.accepted,
        method: issued.method,
        tokenExpiresOn: new Date(issued.token.expiresOnTimestamp).toISOString(),
        identity: identityFromToken(issued),
        problem: check.problem,
      };
    } catch (error) {
      data = {
        ...base,
        authenticated: false,
        tokenAccepted: null,
        method: null,
        tokenExpiresOn: null,
        identity: null,
        problem: describeError(error),
      };
    }
    const who = data.identity
      ? `${data.identity.name ?? data.identity.objectId} (${data.identity.type}, tenant ${data.identity.tenantId})`
      : '';
    const lines = data.authenticated
      ? [`Authenticated with ${data.method} as ${who}; Azure Resource Manager accepted the token.`, `Token expires ${data.tokenExpiresOn}.`]
      : data.tokenAccepted === false
        ? [`Not authenticated: ${data.method} issued a token for ${who}, but Azure Resource Manager rejected it. ${data.problem}`]
        : data.method
          ? [`Not confirmed: ${data.method} issued a token for ${who}, but Azure Resource Manager could not confirm it. ${data.problem}`]
          : [`Not authenticated. ${data.problem}`];
    if (config.sandbox) lines.unshift(SANDBOX_NOTICE);
    lines.push(`Subscription: ${data.subscription.id ?? 'none'} (${data.subscription.source}). Cloud: ${data.cloud}.`);
    lines.push(`Configured: ${data.configured}.`);
    if (data.readOnly) lines.push(`Read-only mode is ON (set by ${config.safety.readOnly.how}): tools that change Azure are refused.`);
    for (const warning of data.warnings) lines.push(`Warning: ${warning}`);
    return { data, text: lines.join('\n') };
  },
});

/**
 * One cheap Azure Resource Manager call with the token (the first page of the subscriptions it can see): true when
 * ARM accepts it, false when ARM rejects it (401, even after a fresh token), null when ARM did not answer.
 */
async function armCheck(session: AzureSession, signal: AbortSignal): Promise<{ accepted: boolean | null; problem: string | null }> {
  try {
    const client = await subscriptionClient(session);
    await client.subscriptions.list({ abortSignal: signal }).byPage().next();
    return { accepted: true, problem: null };
  } catch (error) {
    return { accepted: isAzureError(error, 401) ? false : null, problem: describeError(error) };
  }
}
