import type { TokenCredential } from '@azure/core-auth';
import type { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { ManagementLockClient } from '@azure/arm-locks';
import type { MonitorClient } from '@azure/arm-monitor';
import type { ManagementGroupsAPI } from '@azure/arm-managementgroups';
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { StorageManagementClient } from '@azure/arm-storage';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { ArmClientOptions, AzureSession } from './session.js';
import { SubscriptionNotSetError } from './errors.js';

// One accessor per SDK client. Each imports its package on first use so start-up loads no Azure SDK, and
// subscription-scoped clients are cached per subscription (set_subscription drops them anyway).

export interface Scoped<T> {
  client: T;
  subscriptionId: string;
}

/** The subscription a subscription-scoped tool acts on; when none is set, says which ones exist. */
export async function requireSubscription(session: AzureSession): Promise<string> {
  const active = session.subscription;
  if (active) return active.id;
  let visible: string;
  try {
    const client = await subscriptionClient(session);
    const names: string[] = [];
    for await (const s of client.subscriptions.list()) names.push(`${s.displayName} (${s.subscriptionId}, ${s.state})`);
    visible = names.length ? `The credential can see: ${names.join('; ')}.` : 'The credential can see no subscription.';
  } catch (error) {
    visible = `Listing the subscriptions the credential can see failed too: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
  throw new SubscriptionNotSetError(
    `No subscription is selected. ${visible} Call set_subscription with one of these ids, or set AZURE_SUBSCRIPTION_ID in the environment or .env and restart.`,
  );
}

async function subscriptionScoped<T>(
  session: AzureSession,
  name: string,
  create: (credential: TokenCredential, subscriptionId: string, options: ArmClientOptions) => Promise<T>,
): Promise<Scoped<T>> {
  const subscriptionId = await requireSubscription(session);
  const client = await session.client(`${name}:${subscriptionId}`, (credential, options) => create(credential, subscriptionId, options));
  return { client, subscriptionId };
}

export function subscriptionClient(session: AzureSession): Promise<SubscriptionClient> {
  return session.client('subscriptions', async (credential, options) => {
    const { SubscriptionClient } = await import('@azure/arm-resources-subscriptions');
    return new SubscriptionClient(credential, options);
  });
}

export function managementGroupsClient(session: AzureSession): Promise<ManagementGroupsAPI> {
  return session.client('managementgroups', async (credential, options) => {
    const { ManagementGroupsAPI } = await import('@azure/arm-managementgroups');
    return new ManagementGroupsAPI(credential, { ...options, $host: options.endpoint });
  });
}

export const resourcesClient = (session: AzureSession) =>
  subscriptionScoped<ResourceManagementClient>(session, 'resources', async (credential, subscriptionId, options) => {
    const { ResourceManagementClient } = await import('@azure/arm-resources');
    return new ResourceManagementClient(credential, subscriptionId, options);
  });

export const locksClient = (session: AzureSession) =>
  subscriptionScoped<ManagementLockClient>(session, 'locks', async (credential, subscriptionId, options) => {
    const { ManagementLockClient } = await import('@azure/arm-locks');
    return new ManagementLockClient(credential, subscriptionId, { ...options, $host: options.endpoint });
  });

export const monitorClient = (session: AzureSession) =>
  subscriptionScoped<MonitorClient>(session, 'monitor', async (credential, subscriptionId, options) => {
    const { MonitorClient } = await import('@azure/arm-monitor');
    return new MonitorClient(credential, subscriptionId, options);
  });

export const authorizationClient = (session: AzureSession) =>
  subscriptionScoped<AuthorizationManagementClient>(session, 'authorization', async (credential, subscriptionId, options) => {
    const { AuthorizationManagementClient } = await import('@azure/arm-authorization');
    return new AuthorizationManagementClient(credential, subscriptionId, { ...options, $host: options.endpoint });
  });

export const computeClient = (session: AzureSession) =>
  subscriptionScoped<ComputeManagementClient>(session, 'compute', async (credential, subscriptionId, options) => {
    const { ComputeManagementClient } = await import('@azure/arm-compute');
    return new ComputeManagementClient(credential, subscriptionId, options);
  });

export const storageClient = (session: AzureSession) =>
  subscriptionScoped<StorageManagementClient>(session, 'storage', async (credential, subscriptionId, options) => {
    const { StorageManagementClient } = await import('@azure/arm-storage');
    return new StorageManagementClient(credential, subscriptionId, options);
  });

export const networkClient = (session: AzureSession) =>
  subscriptionScoped<NetworkManagementClient>(session, 'network', async (credential, subscriptionId, options) => {
    const { NetworkManagementClient } = await import('@azure/arm-network');
    return new NetworkManagementClient(credential, subscriptionId, options);
  });
