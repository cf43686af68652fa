import type { WebSiteManagementClient } from '@azure/arm-appservice';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { AzureSession } from './session.js';
import { requireSubscription, type Scoped } from './clients.js';

// App Service's SDK client, imported on first use and cached per subscription like those in clients.ts.

export async function appServiceClient(session: AzureSession): Promise<Scoped<WebSiteManagementClient>> {
  const subscriptionId = await requireSubscription(session);
  const client = await session.client(`appservice:${subscriptionId}`, async (credential, options) => {
    const { WebSiteManagementClient } = await import('@azure/arm-appservice');
    return new WebSiteManagementClient(credential, subscriptionId, options);
  });
  return { client, subscriptionId };
}

/**
 * A network client for a given subscription: a subnet for VNet integration may live in another subscription
 * than the active one (its id says which). Same cache as clients.ts's network client for the active one.
 */
export function networkClientIn(session: AzureSession, subscriptionId: string): Promise<NetworkManagementClient> {
  return session.client(`network:${subscriptionId}`, async (credential, options) => {
    const { NetworkManagementClient } = await import('@azure/arm-network');
    return new NetworkManagementClient(credential, subscriptionId, options);
  });
}
