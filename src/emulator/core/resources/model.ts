// Types of the resource store: resource groups, resources, who acted, and what each resource type
// adds to the generic behaviour (defaults, derived properties, actions, long-running operations).
import type { TokenGrant } from '../tokens.js';
import type { ResourcePath } from './ids.js';
import type { ResourceStore } from './store.js';

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

/** What an action (POST .../{name}/{action}) or a view (GET .../{name}/{view}) answers. */
export type ActionResult =
  | { kind: 'response'; status: number; body?: unknown }
  | { kind: 'error'; error: ArmErrorInfo }
  /** A long-running action: `begin` applies the transition now, `apply`/`revert` when it ends. */
  | { kind: 'operation'; begin: () => void; apply: () => void; revert: () => void };

export interface ActionRequest {
  store: ResourceStore;
  resource: StoredResource;
  body: unknown;
  query: URLSearchParams;
}

export interface ActionSpec {
  /** Blocked by ReadOnly locks and recorded in the activity log (listKeys is too, as in Azure). */
  handle(request: ActionRequest): ActionResult;
}

/** A list of one type: VirtualMachines_List (in a group) or VirtualMachines_ListAll (in the subscription). */
export interface ListRequest {
  store: ResourceStore;
  scope: 'group' | 'subscription';
  query: URLSearchParams;
  resources: StoredResource[];
  options: SerializeOptions;
}

/** What a type-specific list answers: ARM's error for options the API refuses, or the items to page. */
export type ListResult = { kind: 'error'; error: ArmErrorInfo } | { kind: 'items'; resources: StoredResource[]; serialize(resource: StoredResource): Doc };

export interface Envelope {
  /** Emit `type` (default true; the network examples omit it on subnets and peerings). */
  type?: boolean;
  /** `always` emits `tags: {}` when none are set (default: only when set). */
  tags?: 'always' | 'when-set';
  systemData?: boolean;
  /** Emit properties.provisioningState (default true). */
  provisioningState?: boolean;
}

export interface ResourceBehaviour {
  /** Canonical full type. */
  type: string;
  /** How PUT/PATCH and DELETE run; absent → synchronous. `async` adds Azure-AsyncOperation. */
  lro?: { write?: 'async' | 'location'; delete?: 'async' | 'location' };
  /** Tracked resources require a location (default: top-level types). */
  tracked?: boolean;
  envelope?: Envelope;
  /** Properties kept from the previous version when a PUT replaces the resource. */
  readOnly?: readonly string[];
  /** Service-side defaults, applied when the resource is created. */
  defaults?(resource: StoredResource, store: ResourceStore): void;
  /** Properties computed from the others, refreshed on every write and insert. */
  derive?(resource: StoredResource, store: ResourceStore): void;
  validate?(resource: StoredResource, store: ResourceStore, previous: StoredResource | undefined): ArmErrorInfo | undefined;
  /** Read-time additions that depend on other resources (embedded children, back references). */
  decorate?(body: Doc, resource: StoredResource, store: ResourceStore, options: SerializeOptions): void;
  /** After a write is stored (children to sync, data-plane state to create). */
  afterWrite?(resource: StoredResource, store: ResourceStore, context: { created: boolean; actor: Actor }): void;
  afterDelete?(resource: StoredResource, store: ResourceStore): void;
  /** POST actions by lower-case name. */
  actions?: Record<string, ActionSpec>;
  /** Lists of the type, when its API checks query options or shapes the items (default: every resource, serialized). */
  list?(request: ListRequest): ListResult;
  /** GET sub-resources by lower-case name (instanceView, listUsages). */
  views?: Record<string, ActionSpec>;
  /** The 409 for an operation on the resource named `name` that collides with one in progress. */
  conflict?(name: string, operation: string, running: string): ArmErrorInfo;
}
