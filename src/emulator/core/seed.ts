// The fixed identities and subscriptions every EmulatedAzure starts with. Tests and the server's own
// tests refer to these values, so they are stable GUIDs rather than random ones.

export type SubscriptionState = 'Enabled' | 'Disabled' | 'Warned' | 'PastDue' | 'Deleted';

export interface SeedSubscription {
  id: string;
  name: string;
  tenantId: string;
  state: 'Enabled' | 'Disabled' | 'Warned';
}

export interface Seed {
  /** Home tenant of every seeded principal. */
  tenantId: string;
  /** A second tenant the CLI user can see (GET /tenants), holding no subscriptions. */
  otherTenantId: string;
  /** Subscriptions every seeded principal can read; the first is 'Enabled'. */
  subscriptions: SeedSubscription[];
  /** Exists in the home tenant, but no principal may read it (403 AuthorizationFailed). */
  inaccessibleSubscriptionId: string;
  servicePrincipal: { clientId: string; clientSecret: string; objectId: string; displayName: string };
  cliUser: { upn: string; objectId: string; name: string };
  managedIdentity: { clientId: string; objectId: string; identityHeader: string; resourceId: string };
}

const HOME_TENANT = '72f988bf-0000-4000-8000-000000000001';

export const SEED: Readonly<Seed> = deepFreeze({
  tenantId: HOME_TENANT,
  otherTenantId: '72f988bf-0000-4000-8000-000000000002',
  subscriptions: [
    { id: '5ab1c0de-0000-4000-8000-00000000a001', name: 'Contoso Development', tenantId: HOME_TENANT, state: 'Enabled' },
    { id: '5ab1c0de-0000-4000-8000-00000000a002', name: 'Contoso Production', tenantId: HOME_TENANT, state: 'Enabled' },
    { id: '5ab1c0de-0000-4000-8000-00000000a003', name: 'Contoso Legacy', tenantId: HOME_TENANT, state: 'Disabled' },
  ],
  inaccessibleSubscriptionId: '5ab1c0de-0000-4000-8000-00000000dead',
  servicePrincipal: {
    clientId: '5e7a1ce0-0000-4000-8000-0000000000c1',
    // Shaped like a real Entra secret value ("xxx8Q~..."), clearly fake.
    clientSecret: 'Emu8Q~not-a-real-secret.0123456789abcdefghij',
    objectId: '5e7a1ce0-0000-4000-8000-0000000000b1',
    displayName: 'azops-emulated-sp',
  },
  cliUser: {
    upn: 'dev@contoso.onmicrosoft.com',
    objectId: 'c11e0000-0000-4000-8000-0000000000b2',
    name: 'Dana Developer',
  },
  managedIdentity: {
    clientId: '3a1d0000-0000-4000-8000-0000000000c3',
    objectId: '3a1d0000-0000-4000-8000-0000000000b3',
    identityHeader: 'emulated-identity-header-5c1f2b7e',
    resourceId: '/subscriptions/5ab1c0de-0000-4000-8000-00000000a001/resourceGroups/rg-apps/providers/Microsoft.Web/sites/azops-app',
  },
});

/** Directory details shown by GET /tenants and used in Entra error messages. */
export interface TenantSeed {
  tenantId: string;
  displayName: string;
  defaultDomain: string;
  countryCode: string;
  tenantCategory: 'Home' | 'ProjectedBy' | 'ManagedBy';
}

export const TENANT_SEED: readonly TenantSeed[] = deepFreeze([
  { tenantId: SEED.tenantId, displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com', countryCode: 'US', tenantCategory: 'Home' },
  {
    tenantId: SEED.otherTenantId,
    displayName: 'Fabrikam',
    defaultDomain: 'fabrikam.onmicrosoft.com',
    countryCode: 'GB',
    tenantCategory: 'ProjectedBy',
  },
]);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
