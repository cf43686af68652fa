import type { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { AzureSession } from './session.js';

// One accessor per SDK client; each imports its package on first use so start-up loads no Azure SDK.

export function subscriptionClient(session: AzureSession): Promise<SubscriptionClient> {
  return session.client('subscriptions', async (credential, options) => {
    const { SubscriptionClient } = await import('@azure/arm-resources-subscriptions');
    return new SubscriptionClient(credential, options);
  });
}
