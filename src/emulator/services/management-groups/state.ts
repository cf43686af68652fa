// The management-group hierarchy: each tenant has a root group whose id is the tenant id (as in
// Azure); a subscription not placed anywhere sits directly under its tenant's root.
import { TENANT_SEED } from '../../core/seed.js';
import type { Subscription } from '../../core/identities.js';
import { byLowerId, pairs, records, replace, type SnapshotPart } from '../../core/snapshot.js';
import type { EmulatorState } from '../../core/state.js';

export interface ManagementGroup {
  id: string;
  tenantId: string;
  displayName: string;
  /** Undefined for a tenant root group. */
  parentId: string | undefined;
  version: number;
  updatedTime: string;
  updatedBy: string;
}

/** Who "last changed" seeded groups: Azure shows an object id here. */
const SYSTEM_UPDATER = '00000000-0000-0000-0000-000000000000';

export class ManagementGroupState {
  /** By lower-case group id. */
  readonly groups = new Map<string, ManagementGroup>();
  /** Lower-case subscription id → parent group id; absent means the tenant root. */
  readonly subscriptionParents = new Map<string, string>();

  constructor() {
    for (const tenant of TENANT_SEED) {
      this.groups.set(tenant.tenantId.toLowerCase(), {
        id: tenant.tenantId,
        tenantId: tenant.tenantId,
        displayName: 'Tenant Root Group',
        parentId: undefined,
        version: 1,
        updatedTime: '2026-01-05T09:00:00.0000000Z',
        updatedBy: SYSTEM_UPDATER,
      });
    }
  }

  get(id: string): ManagementGroup | undefined {
    return this.groups.get(id.toLowerCase());
  }

  /** Creates (or renames and moves) a group; the parent defaults to the tenant root. */
  upsert(id: string, displayName: string, parentId: string, updatedBy = SYSTEM_UPDATER): ManagementGroup {
    const parent = this.get(parentId);
    if (!parent) throw new Error(`management group '${parentId}' does not exist`);
    const existing = this.get(id);
    const group: ManagementGroup = {
      id: existing?.id ?? id,
      tenantId: parent.tenantId,
      displayName,
      parentId: parent.id,
      version: (existing?.version ?? 0) + 1,
      updatedTime: new Date().toISOString().replace(/\.(\d{3})Z$/, '.$10000Z'),
      updatedBy,
    };
    this.groups.set(id.toLowerCase(), group);
    return group;
  }

  moveSubscription(subscriptionId: string, groupId: string): void {
    if (!this.get(groupId)) throw new Error(`management group '${groupId}' does not exist`);
    this.subscriptionParents.set(subscriptionId.toLowerCase(), groupId);
  }

  /** The group directly above a subscription (its tenant root unless moved), if the subscription exists. */
  parentOfSubscription(state: EmulatorState, subscriptionId: string): string | undefined {
    const placed = this.subscriptionParents.get(subscriptionId.toLowerCase());
    if (placed) return this.get(placed)?.id;
    return state.subscriptions.get(subscriptionId.toLowerCase())?.tenantId;
  }

  /** The group and every group above it, nearest first. */
  ancestry(groupId: string | undefined): string[] {
    const chain: string[] = [];
    let current = groupId === undefined ? undefined : this.get(groupId);
    while (current && !chain.includes(current.id)) {
      chain.push(current.id);
      current = current.parentId === undefined ? undefined : this.get(current.parentId);
    }
    return chain;
  }

  childGroups(groupId: string): ManagementGroup[] {
    return [...this.groups.values()].filter((group) => group.parentId?.toLowerCase() === groupId.toLowerCase());
  }

  childSubscriptions(state: EmulatorState, groupId: string): Subscription[] {
    return [...state.subscriptions.values()].filter(
      (sub) => this.parentOfSubscription(state, sub.subscriptionId)?.toLowerCase() === groupId.toLowerCase(),
    );
  }

  /** Subscriptions anywhere below a group. */
  subscriptionsUnder(state: EmulatorState, groupId: string): Subscription[] {
    return [...state.subscriptions.values()].filter((sub) =>
      this.ancestry(this.parentOfSubscription(state, sub.subscriptionId)).some((id) => id.toLowerCase() === groupId.toLowerCase()),
    );
  }
}

declare module '../../core/state.js' {
  interface EmulatorStateParts {
    /** The management-group tree above the subscriptions. */
    readonly managementGroups: ManagementGroupState;
  }
}

declare module '../../core/snapshot.js' {
  interface EmulatorSnapshot {
    managementGroups: ManagementGroup[];
    /** [subscription id, management group id] for subscriptions not directly under their tenant root. */
    subscriptionParents: [string, string][];
  }
}

export const MANAGEMENT_GROUPS_SNAPSHOT: SnapshotPart = {
  save: ({ managementGroups }) => ({
    managementGroups: [...managementGroups.groups.values()],
    subscriptionParents: [...managementGroups.subscriptionParents],
  }),
  check(value) {
    records(value.managementGroups, 'managementGroups', { id: 'string', tenantId: 'string', displayName: 'string' });
    pairs(value.subscriptionParents, 'subscriptionParents', 'string');
  },
  load({ managementGroups }, snapshot) {
    replace(
      managementGroups.groups,
      byLowerId(snapshot.managementGroups, (g) => g.id),
    );
    replace(managementGroups.subscriptionParents, new Map(snapshot.subscriptionParents.map(([sub, group]) => [sub.toLowerCase(), group])));
  },
};
