// Who exists in the emulated cloud: tenants, the principals that sign in, and the subscriptions they
// see. Types only, so the token registry and the state can both name them.
import type { SubscriptionState, TenantSeed } from './seed.js';

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
