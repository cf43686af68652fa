// The emulated cloud's data. The core holds who exists and may sign in: tenants, principals,
// subscriptions, who may read which, regions and the token registry. Every other part (the ARM
// resource store, RBAC, the directory, data planes) is declared on EmulatorStateParts by the module
// that owns it, with a `declare module` next to its state class, and attached when the state is
// composed (see createEmulatorState and EmulatedService.state). Each EmulatedAzure owns a fresh
// state, so a test may change it freely.
import type { Principal, Subscription, Tenant } from './identities.js';
import { REGIONS, type Region } from './locations.js';
import { SEED, TENANT_SEED } from './seed.js';
import { TokenRegistry } from './tokens.js';

export type { Principal, Subscription, Tenant } from './identities.js';

/**
 * The parts of the state that are not the core, one field per part. Empty here: each owner adds its
 * field with `declare module '<path to>/core/state.js' { interface EmulatorStateParts { ... } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging, see above
export interface EmulatorStateParts {}

/** The whole state: the core and every part. */
export type EmulatorState = CoreState & EmulatorStateParts;

/** Makes one or more parts of the state; it may keep `state` (the whole, complete once every part is made). */
export type StatePartFactory = (state: EmulatorState) => Partial<EmulatorStateParts>;

/** The core, then each part in order. */
export function createEmulatorState(tokenLifetimeSeconds: number, parts: readonly StatePartFactory[]): EmulatorState {
  // Typed as the whole from the start: the parts are attached just below, before anyone reads them.
  const state = new CoreState(tokenLifetimeSeconds) as EmulatorState;
  for (const part of parts) Object.assign(state, part(state));
  return state;
}

export class CoreState {
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
      if (principal.type === 'ServicePrincipal' && sameId(principal.clientId, clientId) && sameId(principal.tenantId, tenantId))
        return principal;
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

function seedState(state: CoreState): void {
  for (const tenant of TENANT_SEED) {
    state.tenants.set(tenant.tenantId.toLowerCase(), { ...tenant, domains: [tenant.defaultDomain] });
  }
  const sp = SEED.servicePrincipal;
  const user = SEED.cliUser;
  const mi = SEED.managedIdentity;
  const home = SEED.tenantId;
  state.addPrincipal({
    type: 'ServicePrincipal',
    objectId: sp.objectId,
    tenantId: home,
    displayName: sp.displayName,
    clientId: sp.clientId,
    clientSecret: sp.clientSecret,
  });
  state.addPrincipal({ type: 'User', objectId: user.objectId, tenantId: home, displayName: user.name, upn: user.upn });
  state.addPrincipal({
    type: 'ManagedIdentity',
    objectId: mi.objectId,
    tenantId: home,
    displayName: 'azops-app',
    clientId: mi.clientId,
    resourceId: mi.resourceId,
  });

  const readable = SEED.subscriptions.map((sub, index) => ({ ...sub, quotaId: index === 0 ? 'MSDN_2014-09-01' : 'PayAsYouGo_2014-09-01' }));
  const hidden = {
    id: SEED.inaccessibleSubscriptionId,
    name: 'Contoso Finance (restricted)',
    tenantId: home,
    state: 'Enabled' as const,
    quotaId: 'EnterpriseAgreement_2014-09-01',
  };
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
