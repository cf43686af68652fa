// The Azure Resource Manager resource store: resource groups, resources (with their children),
// locks, the activity log and long-running operations, indexed for the lists ARM serves. Routes and
// seeds both write through `writeResource`, so a seeded resource looks like one created over HTTP.
// What a resource type adds to the generic behaviour (ResourceBehaviour, below) comes from the
// services, through the catalog the store is made with.
import type { EmulatorState } from '../state.js';
import { ActivityLog } from './activity-log.js';
import type { ResourceCatalog } from './catalog.js';
import { armTime, isDoc, mergePatch, normalizeTags, stableGuid } from './documents.js';
import { fullType, groupKey, idKey, normalizeLocation, parentPath, resourceId, type ResourcePath } from './ids.js';
import { LockStore, type ManagementLock } from './locks.js';
import { OperationTracker } from './lro.js';
import type { Actor, ArmErrorInfo, ChangeStamp, Doc, Envelope, ResourceGroup, SerializeOptions, StoredResource } from './model.js';

declare module '../state.js' {
  interface EmulatorStateParts {
    /** Azure Resource Manager: resource groups, resources, locks, activity log, long-running operations. */
    readonly resources: ResourceStore;
  }
}

export interface WriteInput {
  path: ResourcePath;
  /** The request body (PUT: the whole resource; PATCH: a merge patch). */
  body: Doc;
  actor: Actor;
  mode: 'put' | 'patch';
  provisioningState?: string;
  /** Skip create-time defaults: a resource inserted as it already is (seeds, fidelity tests). */
  asIs?: boolean;
  /** When the change happened (default now); seeds backdate their estate. */
  at?: string;
}

export interface WriteResult {
  resource: StoredResource;
  created: boolean;
}

/** Top-level body fields that are not part of the stored document. */
const ENVELOPE_KEYS = new Set(['id', 'name', 'type', 'location', 'tags', 'systemData', 'etag']);

export class ResourceStore {
  /** By group key (lower-case group id). */
  readonly groups = new Map<string, ResourceGroup>();
  readonly locks = new LockStore();
  readonly activity = new ActivityLog();
  readonly operations = new OperationTracker();
  /** By id key. */
  private readonly resources = new Map<string, StoredResource>();
  /** Group key → ids of the resources in it (children included). */
  private readonly byGroup = new Map<string, Set<string>>();
  /** Parent id key → child id keys. */
  private readonly children = new Map<string, Set<string>>();

  /**
   * `host`: the emulator state it belongs to (data planes that mirror resources live there);
   * `catalog`: the resource types that behave specially and the registered provider namespaces.
   */
  constructor(
    readonly host: EmulatorState,
    readonly catalog: ResourceCatalog<ResourceBehaviour>,
  ) {}

  /** The type's behaviour; ARM's generic one for types no service describes. */
  behaviourFor(type: string): ResourceBehaviour {
    return this.catalog.get(type) ?? { type };
  }

  /** Whether ARM knows a type: a registered provider's, a known type, or one that resources exist of. */
  isListableType(type: string): boolean {
    return this.catalog.isListableType(type, (candidate) => this.hasType(candidate));
  }

  /** Completes long-running operations that are due; every request starts with it. */
  settle(now = Date.now()): void {
    this.operations.settle(now);
  }

  // ---- resource groups ----

  getGroup(subscriptionId: string, name: string): ResourceGroup | undefined {
    return this.groups.get(groupKey(subscriptionId, name));
  }

  listGroups(subscriptionId: string): ResourceGroup[] {
    const sub = subscriptionId.toLowerCase();
    return [...this.groups.values()].filter((group) => group.subscriptionId.toLowerCase() === sub);
  }

  /** Creates or updates a group; the name keeps the casing it was created with. */
  putGroup(input: {
    subscriptionId: string;
    name: string;
    location: string;
    tags?: Record<string, string>;
    managedBy?: string;
    createdAt?: string;
  }): { group: ResourceGroup; created: boolean } {
    const key = groupKey(input.subscriptionId, input.name);
    const existing = this.groups.get(key);
    const group: ResourceGroup = {
      subscriptionId: input.subscriptionId.toLowerCase(),
      name: existing?.name ?? input.name,
      location: existing?.location ?? normalizeLocation(input.location),
      ...(input.tags ? { tags: { ...input.tags } } : {}),
      ...(input.managedBy ? { managedBy: input.managedBy } : {}),
      provisioningState: existing?.provisioningState ?? 'Succeeded',
      createdAt: existing?.createdAt ?? input.createdAt ?? armTime(),
    };
    this.groups.set(key, group);
    return { group, created: !existing };
  }

  /** Removes a group with everything in it (the end of a resource-group delete). */
  removeGroup(subscriptionId: string, name: string): void {
    const key = groupKey(subscriptionId, name);
    for (const id of [...(this.byGroup.get(key) ?? [])]) {
      const resource = this.resources.get(id);
      if (resource && !resource.parentKey) this.removeResource(resource.id);
    }
    this.byGroup.delete(key);
    this.groups.delete(key);
    this.locks.removeAtOrBelow(`/subscriptions/${subscriptionId}/resourceGroups/${name}`);
  }

  // ---- snapshots ----

  /** Every resource (children included), in creation order. */
  allResources(): StoredResource[] {
    return [...this.resources.values()];
  }

  /** Replaces groups, resources and locks with a snapshot's (plain data; indexes are rebuilt). */
  restore(contents: { groups: readonly ResourceGroup[]; resources: readonly StoredResource[]; locks: readonly ManagementLock[] }): void {
    this.groups.clear();
    this.resources.clear();
    this.byGroup.clear();
    this.children.clear();
    for (const group of contents.groups) this.groups.set(groupKey(group.subscriptionId, group.name), group);
    for (const resource of contents.resources) this.index(resource);
    this.locks.replaceAll(contents.locks);
  }

  // ---- resources ----

  get(id: string): StoredResource | undefined {
    return this.resources.get(idKey(id));
  }

  /** Whether any resource of this type exists, in any subscription. */
  hasType(type: string): boolean {
    const wanted = type.toLowerCase();
    for (const resource of this.resources.values()) if (resource.type.toLowerCase() === wanted) return true;
    return false;
  }

  get size(): number {
    return this.resources.size;
  }

  /** Resources of a group in creation order; top-level only unless `type` names a child type. */
  listInGroup(subscriptionId: string, resourceGroup: string, type?: string): StoredResource[] {
    const ids = this.byGroup.get(groupKey(subscriptionId, resourceGroup));
    if (!ids) return [];
    return this.select(
      [...ids].map((id) => this.resources.get(id) as StoredResource),
      type,
    );
  }

  listInSubscription(subscriptionId: string, type?: string): StoredResource[] {
    const sub = subscriptionId.toLowerCase();
    return this.select(
      [...this.resources.values()].filter((resource) => resource.path.subscriptionId.toLowerCase() === sub),
      type,
    );
  }

  childrenOf(parentId: string, type?: string): StoredResource[] {
    const ids = this.children.get(idKey(parentId));
    if (!ids) return [];
    const wanted = type?.toLowerCase();
    return [...ids].map((id) => this.resources.get(id) as StoredResource).filter((child) => !wanted || child.type.toLowerCase() === wanted);
  }

  private select(resources: StoredResource[], type?: string): StoredResource[] {
    const wanted = type?.toLowerCase();
    return resources.filter((resource) => (wanted ? resource.type.toLowerCase() === wanted : !resource.parentKey));
  }

  /** Creates, replaces (PUT) or patches a resource, with its type's defaults, derivations and checks. */
  writeResource(input: WriteInput): WriteResult | ArmErrorInfo {
    const path = this.canonical(input.path);
    const id = resourceId(path);
    const previous = this.get(id);
    const behaviour = this.behaviourFor(fullType(path));
    const stamp: ChangeStamp = { at: input.at ?? armTime(), by: input.actor.name, byType: input.actor.type };
    // PATCH merges, except tags: a PATCH's tags replace the resource's tags, as in ARM.
    const body =
      input.mode === 'patch' && previous
        ? {
            ...mergePatch(this.rawBody(previous), { ...input.body, tags: undefined }),
            ...('tags' in input.body ? { tags: input.body['tags'] } : { tags: previous.tags }),
          }
        : input.body;
    const { properties, ...rest } = body;
    const doc: Doc & { properties: Doc } = { properties: isDoc(properties) ? structuredClone(properties) : {} };
    for (const [key, value] of Object.entries(rest)) if (!ENVELOPE_KEYS.has(key) && value !== undefined) doc[key] = structuredClone(value);
    if (previous)
      for (const key of behaviour.readOnly ?? [])
        if (previous.doc.properties[key] !== undefined) doc.properties[key] = previous.doc.properties[key];
    const location = typeof body['location'] === 'string' ? normalizeLocation(body['location']) : previous?.location;
    const tracked = behaviour.tracked ?? path.chain.length === 1;
    if (tracked && !location)
      return { status: 400, code: 'LocationRequired', message: 'The location property is required for this definition.' };
    if (previous?.location && location && previous.location !== location) {
      return {
        status: 400,
        code: 'InvalidResourceLocation',
        message: `The resource '${path.chain.at(-1)?.name}' already exists in location '${previous.location}' in resource group '${path.resourceGroup}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
      };
    }
    const parent = parentPath(path);
    const tags = normalizeTags(body['tags']);
    const resource: StoredResource = {
      id,
      path,
      type: fullType(path),
      name: path.chain.at(-1)?.name ?? '',
      ...(parent ? { parentKey: idKey(resourceId(parent)) } : {}),
      ...(tracked && location ? { location } : {}),
      ...(tags ? { tags } : {}),
      doc,
      provisioningState: input.provisioningState ?? 'Succeeded',
      created: previous?.created ?? stamp,
      modified: stamp,
      runtime: previous?.runtime ?? {},
    };
    if (!previous) withIdentity(resource, input.actor.tenantId);
    if (!previous && !input.asIs) behaviour.defaults?.(resource, this);
    behaviour.derive?.(resource, this);
    const invalid = behaviour.validate?.(resource, this, previous);
    if (invalid) return invalid;
    this.index(resource);
    behaviour.afterWrite?.(resource, this, { created: !previous, actor: input.actor });
    return { resource, created: !previous };
  }

  /** Deletes a resource and its children at once (the end of a delete). */
  removeResource(id: string): boolean {
    const resource = this.get(id);
    if (!resource) return false;
    for (const child of this.childrenOf(resource.id)) this.removeResource(child.id);
    const key = idKey(resource.id);
    this.resources.delete(key);
    this.byGroup.get(groupKey(resource.path.subscriptionId, resource.path.resourceGroup))?.delete(key);
    if (resource.parentKey) this.children.get(resource.parentKey)?.delete(key);
    this.children.delete(key);
    this.locks.removeAtOrBelow(resource.id);
    this.behaviourFor(resource.type).afterDelete?.(resource, this);
    return true;
  }

  /** The wire body ARM returns for a resource. */
  serialize(resource: StoredResource, options: SerializeOptions = { expand: [] }): Doc {
    const behaviour = this.behaviourFor(resource.type);
    const envelope = behaviour.envelope ?? {};
    const { properties, ...rest } = structuredClone(resource.doc);
    const body: Doc = { id: resource.id, name: resource.name };
    if (envelope.type !== false) body['type'] = resource.type;
    if (resource.location !== undefined) body['location'] = resource.location;
    if (resource.tags || envelope.tags === 'always') body['tags'] = { ...(resource.tags ?? {}) };
    Object.assign(body, rest);
    body['properties'] =
      envelope.provisioningState === false ? properties : { ...properties, provisioningState: resource.provisioningState };
    if (envelope.systemData) body['systemData'] = systemData(resource);
    behaviour.decorate?.(body, resource, this, options);
    return body;
  }

  /** The document as a PUT body (what a PATCH merges into). */
  private rawBody(resource: StoredResource): Doc {
    return {
      ...structuredClone(resource.doc),
      ...(resource.location ? { location: resource.location } : {}),
      ...(resource.tags ? { tags: { ...resource.tags } } : {}),
    };
  }

  /** Known types get their canonical casing; an existing resource keeps the casing it was created with. */
  private canonical(path: ResourcePath): ResourcePath {
    const existing = this.get(resourceId(path));
    if (existing) return existing.path;
    const group = this.getGroup(path.subscriptionId, path.resourceGroup);
    const parent = parentPath(path);
    const parentResource = parent ? this.get(resourceId(parent)) : undefined;
    const typed = this.catalog.canonicalPath(path);
    return {
      ...typed,
      subscriptionId: path.subscriptionId.toLowerCase(),
      resourceGroup: group?.name ?? path.resourceGroup,
      chain: parentResource ? [...parentResource.path.chain, typed.chain.at(-1) ?? { type: '', name: '' }] : typed.chain,
    };
  }

  private index(resource: StoredResource): void {
    const key = idKey(resource.id);
    this.resources.set(key, resource);
    const group = groupKey(resource.path.subscriptionId, resource.path.resourceGroup);
    let ids = this.byGroup.get(group);
    if (!ids) this.byGroup.set(group, (ids = new Set()));
    ids.add(key);
    if (resource.parentKey) {
      let siblings = this.children.get(resource.parentKey);
      if (!siblings) this.children.set(resource.parentKey, (siblings = new Set()));
      siblings.add(key);
    }
  }
}

/** A system-assigned identity gets its principal when the resource is created, as in Azure. */
function withIdentity(resource: StoredResource, tenantId: string): void {
  const identity = resource.doc['identity'];
  if (!isDoc(identity) || typeof identity['type'] !== 'string' || !/systemassigned/i.test(identity['type'])) return;
  identity['principalId'] ??= stableGuid(`identity|${idKey(resource.id)}`);
  identity['tenantId'] ??= tenantId;
}

function systemData(resource: StoredResource): Doc {
  return {
    createdBy: resource.created.by,
    createdByType: resource.created.byType,
    createdAt: resource.created.at,
    lastModifiedBy: resource.modified.by,
    lastModifiedByType: resource.modified.byType,
    lastModifiedAt: resource.modified.at,
  };
}

// ---- what a resource type adds to the generic behaviour ----

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
export type ListResult =
  { kind: 'error'; error: ArmErrorInfo } | { kind: 'items'; resources: StoredResource[]; serialize(resource: StoredResource): Doc };

export interface ResourceBehaviour {
  /** Canonical full type. */
  type: string;
  /**
   * How PUT/PATCH and DELETE run; absent → synchronous. `async` adds Azure-AsyncOperation. `patch` (default:
   * as `write`) is for types whose PATCH answers at once while their PUT runs long (App Service sites).
   */
  lro?: { write?: 'async' | 'location'; patch?: 'async' | 'location' | 'sync'; delete?: 'async' | 'location' };
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
  /** A delete the type refuses before it starts (a subnet in use), with the provider's error. */
  beforeDelete?(resource: StoredResource, store: ResourceStore): ArmErrorInfo | undefined;
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
