import type { AppConfigurationManagementClient, ConfigurationStore } from '@azure/arm-appconfiguration';
import type { AppConfigurationClient } from '@azure/app-configuration';
import type { ArmClientOptions, AzureSession } from './session.js';
import { requireSubscription, type Scoped } from './clients.js';
import { isAzureError, UserFacingError } from './errors.js';

// App Configuration: the management client (stores, access keys) and data-plane clients for a store's key-values,
// each imported on first use. A store's endpoint is resolved once per store name and subscription.

export const appConfigManagementClient = async (session: AzureSession): Promise<Scoped<AppConfigurationManagementClient>> => {
  const subscriptionId = await requireSubscription(session);
  const client = await session.client(`appconfig:${subscriptionId}`, async (credential, options) => {
    const { AppConfigurationManagementClient } = await import('@azure/arm-appconfiguration');
    return new AppConfigurationManagementClient(credential, subscriptionId, { ...options, $host: options.endpoint });
  });
  return { client, subscriptionId };
};

/** What the key-value tools need to know about a store. */
export interface AppConfigStoreRef {
  name: string;
  resourceGroup: string;
  id: string;
  /** https://{store}.azconfig.io */
  endpoint: string;
  /** False when the store disables access keys (disableLocalAuth): Entra ID is then the only way in. */
  localAuthEnabled: boolean;
}

const groupOf = (id: string | undefined): string => /\/resourceGroups\/([^/]+)/i.exec(id ?? '')?.[1] ?? '';

function toRef(store: ConfigurationStore): AppConfigStoreRef {
  if (!store.endpoint)
    throw new UserFacingError(
      `App Configuration store '${store.name}' has no endpoint yet (provisioning state ${store.provisioningState ?? 'unknown'}); try again when it has been created.`,
    );
  return {
    name: store.name ?? '',
    resourceGroup: groupOf(store.id),
    id: store.id ?? '',
    endpoint: store.endpoint.replace(/\/+$/, ''),
    localAuthEnabled: store.disableLocalAuth !== true,
  };
}

async function findStore(session: AzureSession, name: string, resourceGroup: string | undefined, signal?: AbortSignal) {
  const { client, subscriptionId } = await appConfigManagementClient(session);
  if (resourceGroup) return toRef(await client.configurationStores.get(resourceGroup, name, { abortSignal: signal }));
  // Store names are DNS labels: unique in Azure, compared without regard to case.
  let seen = 0;
  for await (const store of client.configurationStores.list({ abortSignal: signal })) {
    seen++;
    if (store.name?.toLowerCase() === name.toLowerCase()) return toRef(store);
  }
  throw new UserFacingError(
    `No App Configuration store named '${name}' in subscription ${subscriptionId} (${seen} store${seen === 1 ? '' : 's'} there). appconfig_list lists them; a store in another subscription needs set_subscription first.`,
  );
}

/**
 * The store's endpoint and settings, looked up through ARM once per store name (case-insensitive) in each
 * subscription; later calls in the session use the cached answer. A resource group that does not match the
 * cached one is checked again with Azure (the store may have been re-created), so a wrong group is never ignored.
 */
export async function resolveAppConfigStore(
  session: AzureSession,
  name: string,
  resourceGroup: string | undefined,
  signal?: AbortSignal,
): Promise<AppConfigStoreRef> {
  const subscriptionId = await requireSubscription(session);
  const ref = await session.client(`appconfig-store:${subscriptionId}:${name.toLowerCase()}`, () =>
    findStore(session, name, resourceGroup, signal),
  );
  if (!resourceGroup || ref.resourceGroup.toLowerCase() === resourceGroup.toLowerCase()) return ref;
  try {
    return await findStore(session, name, resourceGroup, signal);
  } catch (error) {
    if (!isAzureError(error, 404)) throw error;
    throw new UserFacingError(
      `App Configuration store '${ref.name}' is not in resource group '${resourceGroup}': it is in '${ref.resourceGroup}' (${ref.id}). Give that group, or leave resource_group out.`,
    );
  }
}

/** The options every data-plane client gets: the ARM ones minus the retry with a fresh ARM token (wrong audience here). */
function dataPlaneOptions(options: ArmClientOptions) {
  return {
    httpClient: options.httpClient,
    retryOptions: options.retryOptions,
    additionalPolicies: options.additionalPolicies.filter(({ policy }) => policy.name !== 'azopsRejectedTokenRetry'),
  };
}

/** A data-plane client for the store signed in with the session's Entra credential; one per endpoint. */
export function appConfigDataClient(session: AzureSession, endpoint: string): Promise<AppConfigurationClient> {
  return session.client(`appconfig-data:${endpoint.toLowerCase()}`, async (credential, options) => {
    const { AppConfigurationClient } = await import('@azure/app-configuration');
    return new AppConfigurationClient(endpoint, credential, dataPlaneOptions(options));
  });
}

/** Which access key a fallback used: its name only, never its id or secret. */
export interface AccessKeyClient {
  client: AppConfigurationClient;
  keyName: string;
}

/**
 * A data-plane client signed with one of the store's access keys, fetched through ARM (listKeys) for this call only:
 * a read-only key for reads when there is one, a read-write key otherwise. Nothing of the key is kept or returned.
 */
export async function appConfigAccessKeyClient(
  session: AzureSession,
  store: AppConfigStoreRef,
  purpose: 'read' | 'write',
  signal?: AbortSignal,
): Promise<AccessKeyClient> {
  const { client } = await appConfigManagementClient(session);
  const keys = [];
  for await (const key of client.configurationStores.listKeys(store.resourceGroup, store.name, { abortSignal: signal })) keys.push(key);
  const usable = keys.filter((key) => key.connectionString && (purpose === 'read' || !key.readOnly));
  const key = purpose === 'read' ? (usable.find((k) => k.readOnly) ?? usable[0]) : usable[0];
  if (!key?.connectionString)
    throw new UserFacingError(
      `ARM listed no ${purpose === 'read' ? '' : 'read-write '}access key for App Configuration store '${store.name}'.`,
    );
  const { AppConfigurationClient } = await import('@azure/app-configuration');
  return {
    client: new AppConfigurationClient(key.connectionString, dataPlaneOptions(session.armClientOptions())),
    keyName: key.name ?? 'unnamed',
  };
}
