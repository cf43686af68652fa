// The emulated cloud's data: directories, principals, subscriptions, who may read what, and the
// token registry. Each EmulatedAzure owns a fresh copy, so a test may change it freely; later
// features (resource groups, resources, role assignments) add their collections here.
import { REGIONS, type Region } from './locations.js';
import { SEED, TENANT_SEED, type SubscriptionState, type TenantSeed } from './seed.js';
import { TokenRegistry } from './tokens.js';
import { AuthorizationState } from '../services/authorization/state.js';
import { DirectoryState } from '../services/graph/directory.js';
import { ManagementGroupState } from '../services/management-groups/state.js';
import { AppConfigState } from '../services/appconfiguration/state.js';
import { RegistryState } from '../services/containerregistry/state.js';
import { ResourceStore } from './resources/store.js';

export type Principal =
  | { type: 'ServicePrincipal'; objectId: string; tenantId: string; displayName: string; clientId: string; clientSecret: string }
  | { type: 'User'; objectId: string; tenantId: string; displayName: string; upn: string }
  | { type: 'ManagedIdentity'; objectId: string; tenantId: string; displayName: string; clientId: string; resourceId: string };

export interface Tenant extends TenantSeed {
  domains: string[];
}

export interface Subscription {
  subscriptionId: string;
  displayName: string;
  tenantId: string;
  state: SubscriptionState;
  authorizationSource: string;
  managedByTenants: { tenantId: string }[];
  subscriptionPolicies: { locationPlacementId: string; quotaId: string; spendingLimit: 'On' | 'Off' | 'CurrentPeriodOff' };
  tags: Record<string, string>;
}

export class EmulatorState {
  /** By lower-case tenant id. */
  readonly tenants = new Map<string, Tenant>();
  /** By lower-case object id. */
  readonly principals = new Map<string, Principal>();
  /** By lower-case subscription id. */
  readonly subscriptions = new Map<string, Subscription>();
  /** Principal object id (lower-case) → subscription ids (lower-case) it may read. */
  readonly readAccess = new Map<string, Set<string>>();
  readonly regions: Region[] = [...REGIONS];
  /** The secret App Service puts in IDENTITY_HEADER; its token endpoint demands it back. */
  appServiceIdentityHeader: string = SEED.managedIdentity.identityHeader;
  readonly tokens: TokenRegistry;
  /** Role definitions and role assignments (Microsoft.Authorization). */
  readonly authorization = new AuthorizationState();
  /** The management-group tree above the subscriptions. */
  readonly managementGroups = new ManagementGroupState();
  /** Entra ID directory objects as Microsoft Graph serves them. */
  readonly directory = new DirectoryState();
  /** App Configuration stores' key-values and access keys ({store}.azconfig.io). */
  readonly appConfig = new AppConfigState();
  /** Container registries' repositories, admin credentials and ACR tokens ({name}.azurecr.io). */
  readonly registries = new RegistryState();
  /** Azure Resource Manager: resource groups, resources, locks, activity log, long-running operations. */
  readonly resources = new ResourceStore(this);

  constructor(tokenLifetimeSeconds: number) {
    this.tokens = new TokenRegistry(tokenLifetimeSeconds);
    seedState(this);
  }

  addPrincipal(principal: Principal): void {
    this.principals.set(principal.objectId.toLowerCase(), principal);
  }

  addSubscription(subscription: Subscription): void {
    this.subscriptions.set(subscription.subscriptionId.toLowerCase(), subscription);
  }

  grantRead(principalObjectId: string, subscriptionId: string): void {
    const key = principalObjectId.toLowerCase();
    const granted = this.readAccess.get(key) ?? new Set<string>();
    granted.add(subscriptionId.toLowerCase());
    this.readAccess.set(key, granted);
  }

  canRead(principalObjectId: string, subscriptionId: string): boolean {
    return this.readAccess.get(principalObjectId.toLowerCase())?.has(subscriptionId.toLowerCase()) ?? false;
  }

  /** Entra accepts a tenant by GUID or by any of its verified domains. */
  findTenant(idOrDomain: string): Tenant | undefined {
    const wanted = idOrDomain.toLowerCase();
    return (
      this.tenants.get(wanted) ??
      [...this.tenants.values()].find((tenant) => tenant.domains.some((domain) => domain.toLowerCase() === wanted))
    );
  }

  findServicePrincipal(clientId: string, tenantId: string): Extract<Principal, { type: 'ServicePrincipal' }> | undefined {
    for (const principal of this.principals.values()) {
      if (principal.type === 'ServicePrincipal' && sameId(principal.clientId, clientId) && sameId(principal.tenantId, tenantId)) return principal;
    }
    return undefined;
  }

  findManagedIdentity(): Extract<Principal, { type: 'ManagedIdentity' }> | undefined {
    for (const principal of this.principals.values()) if (principal.type === 'ManagedIdentity') return principal;
    return undefined;
  }

  findUser(upn: string): Extract<Principal, { type: 'User' }> | undefined {
    for (const principal of this.principals.values()) {
      if (principal.type === 'User' && principal.upn.toLowerCase() === upn.toLowerCase()) return principal;
    }
    return undefined;
  }

  /** What ARM lists at GET /subscriptions: readable ones in the token's tenant, in insertion order. */
  listReadableSubscriptions(principalObjectId: string, tokenTenantId: string): Subscription[] {
    return [...this.subscriptions.values()].filter(
      (sub) => sub.tenantId === tokenTenantId && this.canRead(principalObjectId, sub.subscriptionId),
    );
  }
}

function seedState(state: EmulatorState): void {
  for (const tenant of TENANT_SEED) {
    state.tenants.set(tenant.tenantId.toLowerCase(), { ...tenant, domains: [tenant.defaultDomain] });
  }
  const sp = SEED.servicePrincipal;
  const user = SEED.cliUser;
  const mi = SEED.managedIdentity;
  const home = SEED.tenantId;
  state.addPrincipal({ type: 'ServicePrincipal', objectId: sp.objectId, tenantId: home, displayName: sp.displayName, clientId: sp.clientId, clientSecret: sp.clientSecret });
  state.addPrincipal({ type: 'User', objectId: user.objectId, tenantId: home, displayName: user.name, upn: user.upn });
  state.addPrincipal({ type: 'ManagedIdentity', objectId: mi.objectId, tenantId: home, displayName: 'azops-app', clientId: mi.clientId, resourceId: mi.resourceId });

  const readable = SEED.subscriptions.map((sub, index) => ({ ...sub, quotaId: index === 0 ? 'MSDN_2014-09-01' : 'PayAsYouGo_2014-09-01' }));
  const hidden = { id: SEED.inaccessibleSubscriptionId, name: 'Contoso Finance (restricted)', tenantId: home, state: 'Enabled' as const, quotaId: 'EnterpriseAgreement_2014-09-01' };
  for (const sub of [...readable, hidden]) {
    state.addSubscription({
      subscriptionId: sub.id,
      displayName: sub.name,
      tenantId: sub.tenantId,
      state: sub.state,
      authorizationSource: 'RoleBased',
      managedByTenants: [],
      subscriptionPolicies: {
        locationPlacementId: 'Public_2014-09-01',
        quotaId: sub.quotaId,
        spendingLimit: sub.quotaId.startsWith('MSDN') ? 'On' : 'Off',
      },
      tags: { environment: sub.name.split(' ')[1]?.toLowerCase() ?? 'none', costCenter: 'CC-1234' },
    });
  }
  for (const principal of state.principals.values()) {
    for (const sub of SEED.subscriptions) state.grantRead(principal.objectId, sub.id);
  }
}

/** Entra and ARM compare GUIDs case-insensitively. */
function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
