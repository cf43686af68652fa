// The data-plane side of the sandbox's demo estate: App Configuration key-values (labels dev/prod and
// none, a feature flag, a Key Vault reference, a locked key, secret-like values; a second store with
// access keys disabled) and the container registry's
// repositories and tags. The ARM estate creates the matching store and registry resources; either
// seed may run first, since both sides go through ensureAppConfigStore / ensureRegistry.
import { ensureAppConfigStore, setKeyValue } from '../services/appconfiguration/state.js';
import { ensureRegistry, pushImage } from '../services/containerregistry/state.js';
import type { EmulatedAzure } from '../emulated-azure.js';
import { DEMO_IDENTITY } from './identity.js';
import { DEMO } from './names.js';

const FEATURE_FLAG = 'application/vnd.microsoft.appconfig.ff+json;charset=utf-8';
const KEY_VAULT_REF = 'application/vnd.microsoft.appconfig.keyvaultref+json;charset=utf-8';

/** Made-up secrets in the demo store, which the tools must mask (the tests look for them in every output). */
export const DEMO_SECRETS = {
  storageConnectionString:
    'DefaultEndpointsProtocol=https;AccountName=azopsdemodata;AccountKey=ZGVtby1vbmx5LW5vdC1hLXJlYWwta2V5LWF6b3BzLWRlbW8tZGF0YQ==;EndpointSuffix=core.windows.net',
  redisConnection: 'azops-cache.redis.cache.windows.net:6380,password=demoOnlyRedisPassw0rd,ssl=True,abortConnect=False',
  paymentsApiKey: 'pk_demo_5f1c2e9a7b3d4c6e8f0a1b2c3d4e5f60',
} as const;

function flag(id: string, description: string, enabled: boolean): string {
  return JSON.stringify({ id, description, enabled, conditions: { client_filters: [] } });
}

export function seedDataPlaneDemoEstate(azure: EmulatedAzure): void {
  const store = ensureAppConfigStore(azure.state, DEMO.appConfigStore, { resourceId: DEMO_IDENTITY.appConfigResourceId });
  const set = (
    key: string,
    label: string | null,
    value: string,
    extra: { contentType?: string; tags?: Record<string, string>; locked?: boolean } = {},
  ): void => void setKeyValue(store, { key, label, value, ...extra });
  set('app:title', null, 'Contoso Web');
  set('app:title', 'dev', 'Contoso Web (dev)');
  set('app:title', 'prod', 'Contoso Web');
  set('app:api:baseUrl', 'dev', `https://${DEMO.webApps.running}.azurewebsites.net/api`);
  set('app:api:baseUrl', 'prod', `https://${DEMO.webApps.prod}.azurewebsites.net/api`);
  set('app:logging:level', null, 'Information');
  set('app:logging:level', 'dev', 'Debug', { tags: { owner: 'web-team' } });
  set('app:logging:level', 'prod', 'Warning', { tags: { owner: 'web-team' } });
  set('app:cache:ttlSeconds', null, '300');
  set('app:checkout:settings', null, JSON.stringify({ currency: 'USD', maxItems: 50 }), { contentType: 'application/json' });
  set('app:db:password', 'prod', JSON.stringify({ uri: 'https://azops-demo-kv.vault.azure.net/secrets/db-password' }), {
    contentType: KEY_VAULT_REF,
  });
  set('app:db:connectionTimeoutSeconds', 'prod', '30', { locked: true, tags: { changeControl: 'CAB-1042' } });
  set('.appconfig.featureflag/beta', 'dev', flag('beta', 'Beta features for internal testers.', true), { contentType: FEATURE_FLAG });
  set('.appconfig.featureflag/beta', 'prod', flag('beta', 'Beta features for internal testers.', false), { contentType: FEATURE_FLAG });
  set('.appconfig.featureflag/new-checkout', null, flag('new-checkout', 'The redesigned checkout flow.', false), {
    contentType: FEATURE_FLAG,
  });
  // Secret-like values, kept in plain text as they too often are: one by its key's name, one by its shape.
  set('app:storage:connectionString', 'prod', DEMO_SECRETS.storageConnectionString);
  set('app:cache:redis', 'prod', DEMO_SECRETS.redisConnection);

  const secure = ensureAppConfigStore(azure.state, DEMO.appConfigSecureStore, { resourceId: DEMO_IDENTITY.appConfigSecureResourceId });
  secure.disableLocalAuth = true;
  setKeyValue(secure, { key: 'payments:provider', value: 'contoso-pay' });
  setKeyValue(secure, { key: 'payments:apiKey', value: DEMO_SECRETS.paymentsApiKey });
  setKeyValue(secure, {
    key: 'payments:webhookSecret',
    value: JSON.stringify({ uri: 'https://azops-demo-kv.vault.azure.net/secrets/payments-webhook' }),
    contentType: KEY_VAULT_REF,
  });

  const registry = ensureRegistry(azure.state, DEMO.registry, { resourceId: DEMO_IDENTITY.registryResourceId });
  // Pushed a week apart, oldest first, so time ordering and "latest" mean something.
  let day = 0;
  for (const [repository, tags] of Object.entries(DEMO.registryRepositories) as [string, readonly string[]][]) {
    let previousDigest: string | undefined;
    for (const tag of tags) {
      const at = new Date(Date.UTC(2026, 9, 1 + day * 7, 14, 30)).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
      day += 1;
      // `latest` points at the newest version's image, as a CI pipeline tags it.
      const pushed = pushImage(registry, {
        repository,
        tag,
        at,
        digest: tag === 'latest' ? previousDigest : undefined,
        imageSize: 48_000_000 + day * 1_250_000,
      });
      previousDigest = pushed.digest;
    }
  }
}
