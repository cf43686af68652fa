// Snapshots of an emulator's mutable state as plain JSON, so an estate can outlive the process (the
// sandbox's --sandbox-state file) and be loaded into a fresh EmulatedAzure.
//
// In a snapshot: subscriptions (tags change), who may read which subscription, ARM resource groups and
// resources (documents, power and site states, keys), locks, the activity log, role definitions and
// assignments, management groups and where subscriptions sit, Entra directory objects, App Configuration
// key-values and access keys, and container registries' repositories and admin passwords.
// Not in it: issued tokens (Entra and ACR; a new process signs in again), injected faults and planned
// failures (test tools), the fixed seed (tenants, principals, regions). Long-running operations cannot be
// held in flight: exportEmulatorState ends every one still running first, as if its time had come.
import type { ActivityEvent } from './resources/activity-log.js';
import type { ManagementLock } from './resources/locks.js';
import type { ResourceGroup, StoredResource } from './resources/model.js';
import type { RoleAssignment } from '../services/authorization/state.js';
import type { RoleDefinition } from '../services/authorization/role-definitions.js';
import type { ManagementGroup } from '../services/management-groups/state.js';
import type { DirectoryObject } from '../services/graph/directory.js';
import { kvId, type AppConfigKeyValue, type AppConfigStore } from '../services/appconfiguration/state.js';
import type { Registry, RegistryManifest, RegistryRepository, RegistryTag } from '../services/containerregistry/state.js';
import type { EmulatorState, Subscription } from './state.js';

export const SNAPSHOT_FORMAT = 'azops-emulated-azure-state';
export const SNAPSHOT_VERSION = 1;

export type SnapshotAppConfigStore = Omit<AppConfigStore, 'keyValues'> & { keyValues: AppConfigKeyValue[] };
export type SnapshotRepository = Omit<RegistryRepository, 'tags' | 'manifests'> & { tags: RegistryTag[]; manifests: RegistryManifest[] };
export type SnapshotRegistry = Omit<Registry, 'repositories'> & { repositories: SnapshotRepository[] };

export interface EmulatorSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  subscriptions: Subscription[];
  /** [principal object id, subscription ids it may read]. */
  readAccess: [string, string[]][];
  resourceGroups: ResourceGroup[];
  /** Children included, in creation order. */
  resources: StoredResource[];
  locks: ManagementLock[];
  activityLog: ActivityEvent[];
  roleDefinitions: RoleDefinition[];
  roleAssignments: RoleAssignment[];
  managementGroups: ManagementGroup[];
  /** [subscription id, management group id] for subscriptions not directly under their tenant root. */
  subscriptionParents: [string, string][];
  directory: DirectoryObject[];
  appConfigStores: SnapshotAppConfigStore[];
  registries: SnapshotRegistry[];
}

/** A snapshot that cannot be loaded; the message says which part is wrong. */
export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

/** The state as JSON-safe data (a deep copy). Ends operations still in progress first (see above). */
export function exportEmulatorState(state: EmulatorState): EmulatorSnapshot {
  state.resources.operations.finishAll();
  const { resources, authorization, managementGroups } = state;
  const snapshot: EmulatorSnapshot = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    subscriptions: [...state.subscriptions.values()],
    readAccess: [...state.readAccess].map(([principal, subscriptions]) => [principal, [...subscriptions]]),
    resourceGroups: [...resources.groups.values()],
    resources: resources.allResources(),
    locks: resources.locks.all(),
    activityLog: resources.activity.events,
    roleDefinitions: [...authorization.roleDefinitions.values()],
    roleAssignments: [...authorization.roleAssignments.values()],
    managementGroups: [...managementGroups.groups.values()],
    subscriptionParents: [...managementGroups.subscriptionParents],
    directory: [...state.directory.objects.values()],
    appConfigStores: [...state.appConfig.stores.values()].map((store) => ({ ...store, keyValues: [...store.keyValues.values()] })),
    registries: [...state.registries.registries.values()].map((registry) => ({
      ...registry,
      repositories: [...registry.repositories.values()].map((repository) => ({ ...repository, tags: [...repository.tags.values()], manifests: [...repository.manifests.values()] })),
    })),
  };
  // Through JSON, so what a caller holds is exactly what a file would hold, and shares nothing with the state.
  return JSON.parse(JSON.stringify(snapshot)) as EmulatorSnapshot;
}

/**
 * Replaces the state's mutable parts with a snapshot's. The whole snapshot is checked before anything
 * changes, so a bad one (SnapshotError) leaves the state as it was.
 */
export function importEmulatorState(state: EmulatorState, input: unknown): void {
  const snapshot = checkSnapshot(structuredClone(input));
  const byLowerId = <T>(items: readonly T[], key: (item: T) => string) => new Map(items.map((item) => [key(item).toLowerCase(), item]));

  replace(state.subscriptions, byLowerId(snapshot.subscriptions, (s) => s.subscriptionId));
  replace(state.readAccess, new Map(snapshot.readAccess.map(([principal, subscriptions]) => [principal.toLowerCase(), new Set(subscriptions.map((s) => s.toLowerCase()))])));
  state.resources.operations.finishAll();
  state.resources.restore({ groups: snapshot.resourceGroups, resources: snapshot.resources, locks: snapshot.locks });
  const events = state.resources.activity.events;
  events.length = 0;
  for (const event of snapshot.activityLog) events.push(event);
  replace(state.authorization.roleDefinitions, byLowerId(snapshot.roleDefinitions, (r) => r.id));
  replace(state.authorization.roleAssignments, byLowerId(snapshot.roleAssignments, (a) => a.name));
  replace(state.managementGroups.groups, byLowerId(snapshot.managementGroups, (g) => g.id));
  replace(state.managementGroups.subscriptionParents, new Map(snapshot.subscriptionParents.map(([sub, group]) => [sub.toLowerCase(), group])));
  replace(state.directory.objects, byLowerId(snapshot.directory, (o) => o.id));
  replace(state.appConfig.stores, byLowerId(snapshot.appConfigStores.map(({ keyValues, ...store }): AppConfigStore => ({
    ...store,
    keyValues: new Map(keyValues.map((kv) => [kvId(kv.key, kv.label), kv])),
  })), (s) => s.name));
  replace(state.registries.registries, byLowerId(snapshot.registries.map(({ repositories, ...registry }): Registry => ({
    ...registry,
    repositories: new Map(repositories.map(({ tags, manifests, ...repository }): [string, RegistryRepository] => [repository.name, {
      ...repository,
      tags: new Map(tags.map((tag) => [tag.name, tag])),
      manifests: new Map(manifests.map((manifest) => [manifest.digest, manifest])),
    }])),
  })), (r) => r.name));
  state.registries.tokens.clear();
}

function replace<K, V>(target: Map<K, V>, source: Map<K, V>): void {
  target.clear();
  for (const [key, value] of source) target.set(key, value);
}

// ---- checking a snapshot (it may come from a file someone edited) ----

type Fields = Record<string, 'string' | 'number' | 'boolean' | 'object' | 'array'>;

function fail(where: string, problem: string): never {
  throw new SnapshotError(`${where}: ${problem}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

/** An array of objects that each have `fields` of the given kinds. */
function records(value: unknown, where: string, fields: Fields): Record<string, unknown>[] {
  if (!Array.isArray(value)) fail(where, `expected an array, found ${kindOf(value)}`);
  value.forEach((item, index) => {
    if (!isObject(item)) fail(`${where}[${index}]`, `expected an object, found ${kindOf(item)}`);
    for (const [field, kind] of Object.entries(fields)) {
      if (kindOf(item[field]) !== kind) fail(`${where}[${index}].${field}`, `expected ${kind}, found ${kindOf(item[field])}`);
    }
  });
  return value as Record<string, unknown>[];
}

/** An array of [string, `second`] pairs. */
function pairs(value: unknown, where: string, second: 'string' | 'string[]'): void {
  if (!Array.isArray(value)) fail(where, `expected an array, found ${kindOf(value)}`);
  value.forEach((pair, index) => {
    const ok = Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string'
      && (second === 'string' ? typeof pair[1] === 'string' : Array.isArray(pair[1]) && pair[1].every((item) => typeof item === 'string'));
    if (!ok) fail(`${where}[${index}]`, `expected [string, ${second}]`);
  });
}

function checkSnapshot(value: unknown): EmulatorSnapshot {
  if (!isObject(value)) fail('snapshot', `expected an object, found ${kindOf(value)}`);
  if (value.format !== SNAPSHOT_FORMAT) fail('format', `expected "${SNAPSHOT_FORMAT}", found ${JSON.stringify(value.format)}`);
  if (value.version !== SNAPSHOT_VERSION) fail('version', `this build reads version ${SNAPSHOT_VERSION}, found ${JSON.stringify(value.version)}`);
  records(value.subscriptions, 'subscriptions', { subscriptionId: 'string', displayName: 'string', tenantId: 'string', state: 'string', tags: 'object' });
  pairs(value.readAccess, 'readAccess', 'string[]');
  records(value.resourceGroups, 'resourceGroups', { subscriptionId: 'string', name: 'string', location: 'string' });
  records(value.resources, 'resources', { id: 'string', type: 'string', name: 'string', path: 'object', doc: 'object', created: 'object', modified: 'object', runtime: 'object' }).forEach((resource, index) => {
    const path = resource.path as Record<string, unknown>;
    if (typeof path.subscriptionId !== 'string' || typeof path.resourceGroup !== 'string' || typeof path.namespace !== 'string') fail(`resources[${index}].path`, 'expected subscriptionId, resourceGroup and namespace');
    records(path.chain, `resources[${index}].path.chain`, { type: 'string', name: 'string' });
    if (!isObject((resource.doc as Record<string, unknown>).properties)) fail(`resources[${index}].doc.properties`, 'expected an object');
  });
  records(value.locks, 'locks', { scope: 'string', name: 'string', level: 'string' });
  records(value.activityLog, 'activityLog', { eventDataId: 'string', operationName: 'string', status: 'string', timestamp: 'number', subscriptionId: 'string', resourceId: 'string' });
  records(value.roleDefinitions, 'roleDefinitions', { id: 'string', roleName: 'string', assignableScopes: 'array', permissions: 'array' });
  records(value.roleAssignments, 'roleAssignments', { name: 'string', scope: 'string', roleDefinitionId: 'string', principalId: 'string' });
  records(value.managementGroups, 'managementGroups', { id: 'string', tenantId: 'string', displayName: 'string' });
  pairs(value.subscriptionParents, 'subscriptionParents', 'string');
  records(value.directory, 'directory', { id: 'string', kind: 'string', tenantId: 'string' });
  records(value.appConfigStores, 'appConfigStores', { name: 'string', endpoint: 'string', keys: 'array', keyValues: 'array', sequence: 'number' }).forEach((store, index) => {
    records(store.keyValues, `appConfigStores[${index}].keyValues`, { key: 'string', tags: 'object' });
  });
  records(value.registries, 'registries', { name: 'string', loginServer: 'string', passwords: 'array', repositories: 'array' }).forEach((registry, index) => {
    records(registry.repositories, `registries[${index}].repositories`, { name: 'string', tags: 'array', manifests: 'array' }).forEach((repository, r) => {
      records(repository.tags, `registries[${index}].repositories[${r}].tags`, { name: 'string', digest: 'string' });
      records(repository.manifests, `registries[${index}].repositories[${r}].manifests`, { digest: 'string' });
    });
  });
  return value as unknown as EmulatorSnapshot;
}
