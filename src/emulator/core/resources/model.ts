// Types of the resource store's data: resource groups, resources, who acted, and how a resource is
// wrapped on the wire. What a resource type adds to the generic behaviour (ResourceBehaviour) is in
// store.ts, next to the store that runs it.
import type { TokenGrant } from '../tokens.js';
import type { ResourcePath } from './ids.js';

export type Doc = Record<string, unknown>;

export interface ArmErrorInfo {
  status: number;
  code: string;
  message: string;
}

/** Who made a change: systemData and the activity log name them. */
export interface Actor {
  /** UPN for users, application (client) id for service principals and managed identities. */
  name: string;
  type: 'User' | 'Application' | 'ManagedIdentity';
  objectId: string;
  tenantId: string;
  grant?: TokenGrant;
}

export interface ResourceGroup {
  subscriptionId: string;
  name: string;
  location: string;
  tags?: Record<string, string>;
  managedBy?: string;
  provisioningState: 'Succeeded' | 'Deleting';
  createdAt: string;
}

export interface ChangeStamp {
  at: string;
  by: string;
  byType: Actor['type'];
}

/** Hidden per-type state that is not part of the resource's document. */
export interface ResourceRuntime {
  /** VMs: running, stopped, deallocated, or a transition (starting, stopping, deallocating). */
  powerState?: string;
  /** App Service sites: Running or Stopped. */
  siteState?: 'Running' | 'Stopped';
  /** Peerings: once connected, a vanished remote side shows as Disconnected. */
  everConnected?: boolean;
  /** Storage account keys. */
  keys?: { keyName: string; value: string; creationTime: string }[];
}

export interface StoredResource {
  /** Canonical id, casing as created. */
  id: string;
  path: ResourcePath;
  /** Full type, canonical casing: Microsoft.Network/virtualNetworks/subnets. */
  type: string;
  name: string;
  parentKey?: string;
  location?: string;
  tags?: Record<string, string>;
  /** The rest of the wire body: properties, sku, kind, zones, identity, plan, ... */
  doc: Doc & { properties: Doc };
  provisioningState: string;
  created: ChangeStamp;
  modified: ChangeStamp;
  runtime: ResourceRuntime;
}

export interface SerializeOptions {
  /** `$expand` values, lower-case (instanceview, userdata, createdtime, ...). */
  expand: string[];
}

export interface Envelope {
  /** Emit `type` (default true; the network examples omit it on subnets and peerings). */
  type?: boolean;
  /** `always` emits `tags: {}` when none are set (default: only when set). */
  tags?: 'always' | 'when-set';
  systemData?: boolean;
  /** Emit properties.provisioningState (default true). */
  provisioningState?: boolean;
}
