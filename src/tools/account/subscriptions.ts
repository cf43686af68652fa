import { z } from 'zod';
import { defineTool } from '../define.js';
import { describeError } from '../../azure/errors.js';
import { subscriptionClient } from '../../azure/clients.js';
import { GUID_PATTERN } from '../../util/guid.js';
import { bounded, limitInput, listOutput, listText } from '../list.js';

export const setSubscription = defineTool({
  name: 'set_subscription',
  title: 'Set the active subscription',
  description:
    'Switches the subscription later tools act on, for this session only (a restart reverts to AZURE_SUBSCRIPTION_ID). Drops every cached Azure client, then checks the subscription with the Subscription API and reports its name and state, or warns when it is not found or not accessible.',
  access: 'read',
  example: { subscription_id: '5ab1c0de-0000-4000-8000-00000000a001' },
  inputSchema: z.object({
    subscription_id: z
      .string()
      .trim()
      .regex(GUID_PATTERN, 'subscription_id must be a subscription GUID like 00000000-0000-0000-0000-000000000000')
      .describe('Subscription id (GUID).'),
  }),
  outputSchema: z.object({
    subscriptionId: z.string(),
    previous: z.string().nullable().describe('The subscription that was active before.'),
    validated: z.boolean().describe('Whether the Subscription API confirmed the subscription.'),
    name: z.string().nullable(),
    state: z.string().nullable(),
    warning: z.string().nullable(),
  }),
  async handler({ subscription_id }, { session, signal }) {
    const id = subscription_id.toLowerCase();
    const previous = session.subscription?.id ?? null;
    session.setSubscription(id);
    try {
      const client = await subscriptionClient(session);
      const sub = await client.subscriptions.get(id, { abortSignal: signal });
      const data = {
        subscriptionId: id,
        previous,
        validated: true,
        name: sub.displayName ?? null,
        state: sub.state ?? null,
        warning: null,
      };
      return { data, text: `Active subscription is now ${data.name} (${id}), state ${data.state}. This lasts for this session only.` };
    } catch (error) {
      const warning = `The subscription is set, but it could not be confirmed: ${describeError(error)}`;
      const data = { subscriptionId: id, previous, validated: false, name: null, state: null, warning };
      return { data, text: `Active subscription is now ${id} (session only). Warning: ${warning}` };
    }
  },
});

const subscriptionRow = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  tenantId: z.string(),
  isActive: z.boolean(),
});

export const listSubscriptions = defineTool({
  name: 'list_subscriptions',
  title: 'List subscriptions',
  description: 'Lists the subscriptions the signed-in identity can see, marking the active one.',
  access: 'read',
  example: {},
  inputSchema: z.object({ limit: limitInput() }),
  outputSchema: listOutput(subscriptionRow),
  async handler({ limit }, { session, signal }) {
    const client = await subscriptionClient(session);
    const active = session.subscription?.id;
    const rows: z.infer<typeof subscriptionRow>[] = [];
    for await (const s of client.subscriptions.list({ abortSignal: signal })) {
      const id = s.subscriptionId ?? '';
      rows.push({ id, name: s.displayName ?? '', state: s.state ?? '', tenantId: s.tenantId ?? '', isActive: id === active });
    }
    // No input narrows this list; set_subscription takes any id shown.
    const data = bounded(rows, limit, undefined);
    const text = listText(
      'subscriptions',
      'visible to the signed-in identity',
      data,
      (s) => `${s.name}: ${s.id}, ${s.state}${s.isActive ? ' (active)' : ''}`,
    );
    return { data, text: active && !rows.some((r) => r.isActive) ? `${text}\nThe active subscription ${active} is not among them.` : text };
  },
});
