import { z } from 'zod';
import { defineTool } from '../define.js';
import { requireSubscription, subscriptionClient } from '../../azure/clients.js';
import { SANDBOX_NOTICE } from '../../sandbox-notice.js';
import { armToken, identityFromToken } from './identity.js';

export const accountShow = defineTool({
  name: 'account_show',
  title: 'Show the active subscription',
  description:
    'Shows the active subscription like `az account show`: name, id, tenant, state, environment (cloud), the signed-in user or application, home tenant, and the subscription policies.',
  access: 'read',
  example: {},
  inputSchema: z.object({}),
  outputSchema: z.object({
    name: z.string(),
    id: z.string(),
    tenantId: z.string(),
    homeTenantId: z.string(),
    state: z.string(),
    environmentName: z.string().describe('Cloud name, as az reports it.'),
    sandbox: z.boolean().describe('True in --sandbox mode: the built-in emulated Azure.'),
    isDefault: z.boolean(),
    source: z.string().describe('Where the active subscription was set.'),
    user: z.object({ name: z.string(), type: z.enum(['user', 'servicePrincipal']) }),
    managedByTenants: z.array(z.object({ tenantId: z.string() })),
    subscriptionPolicies: z
      .object({ locationPlacementId: z.string().optional(), quotaId: z.string().optional(), spendingLimit: z.string().optional() })
      .optional(),
  }),
  async handler(_input, { session, config, signal }) {
    const id = await requireSubscription(session);
    const client = await subscriptionClient(session);
    const [sub, issued] = await Promise.all([client.subscriptions.get(id, { abortSignal: signal }), armToken(session, signal)]);
    const identity = identityFromToken(issued);
    // az names a managed identity by kind rather than by id.
    const userName =
      identity.type === 'managedIdentity'
        ? config.clientId
          ? 'userAssignedIdentity'
          : 'systemAssignedIdentity'
        : (identity.name ?? identity.objectId ?? 'unknown');
    const policies = sub.subscriptionPolicies;
    const data = {
      name: sub.displayName ?? '',
      id: sub.subscriptionId ?? id,
      tenantId: sub.tenantId ?? identity.tenantId ?? '',
      homeTenantId: sub.tenantId ?? '',
      state: sub.state ?? '',
      environmentName: config.cloud.name,
      sandbox: config.sandbox,
      isDefault: true,
      source: session.subscription?.source ?? '',
      user: { name: userName, type: identity.type === 'user' ? ('user' as const) : ('servicePrincipal' as const) },
      managedByTenants: (sub.managedByTenants ?? []).map((t) => ({ tenantId: t.tenantId ?? '' })),
      ...(policies
        ? {
            subscriptionPolicies: {
              locationPlacementId: policies.locationPlacementId,
              quotaId: policies.quotaId,
              spendingLimit: policies.spendingLimit,
            },
          }
        : {}),
    };
    const text = [
      ...(config.sandbox ? [SANDBOX_NOTICE] : []),
      `${data.name} (${data.id})`,
      `State: ${data.state}. Tenant: ${data.tenantId}. Cloud: ${data.environmentName}.`,
      `Signed in as ${data.user.name} (${data.user.type}). Subscription set from ${data.source}.`,
    ].join('\n');
    return { data, text };
  },
});

export const accountClear = defineTool({
  name: 'account_clear',
  title: 'Clear cached credentials',
  description:
    'Like `az account clear`: forgets the subscription set in chat, the credential with its cached tokens, and every Azure client, so the next call authenticates from scratch. Does not sign out of the Azure CLI. Over HTTP the credential is shared by every caller and is kept.',
  access: 'read',
  example: {},
  inputSchema: z.object({}),
  outputSchema: z.object({
    cleared: z.array(z.string()).describe('What was dropped.'),
    subscription: z.string().nullable().describe('The subscription now active (from the environment or .env).'),
  }),
  async handler(_input, { session }) {
    const cleared = session.clear();
    const subscription = session.subscription?.id ?? null;
    const credential = cleared.includes('credential and token cache')
      ? 'cached credentials and tokens, and Azure clients. The next call re-authenticates.'
      : "and Azure clients. The server's credential, shared by every caller over HTTP, was kept.";
    return {
      data: { cleared, subscription },
      text: `Cleared the subscription override, ${credential} Active subscription: ${subscription ?? 'none'}.`,
    };
  },
});
