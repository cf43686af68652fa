// Snapshots of an emulator's mutable state as plain JSON, so an estate can outlive the process (the
// sandbox's --sandbox-state file) and be loaded into a fresh EmulatedAzure.
//
// A snapshot is made of parts: the core's (subscriptions and who may read them; ARM resource groups and
// resources with their documents, power and site states and keys, locks, the activity log) and each
// service's (EmulatedService.snapshot: role definitions and assignments, management groups, directory
// objects, App Configuration key-values and access keys, container registries' repositories and admin
// passwords). A service declares its keys on EmulatorSnapshot with a `declare module`, as for the state.
// Not in it: issued tokens (Entra and ACR; a new process signs in again), injected faults and planned
// failures (test tools), the fixed seed (tenants, principals, regions). Long-running operations cannot be
// held in flight: exportEmulatorState ends every one still running first, as if its time had come.
import type { Subscription } from './identities.js';
import type { ActivityEvent } from './resources/activity-log.js';
import type { ManagementLock } from './resources/locks.js';
import type { ResourceGroup, StoredResource } from './resources/model.js';
import type { EmulatorState } from './state.js';

export const SNAPSHOT_FORMAT = 'azops-emulated-azure-state';
export const SNAPSHOT_VERSION = 1;

/** The core's keys; each service adds its own (see the header). */
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
}

/** One part's keys of a snapshot. */
export interface SnapshotPart {
  /** The part's keys, as plain data (the caller deep-copies the whole). */
  save(state: EmulatorState): Partial<EmulatorSnapshot>;
  /** Throws SnapshotError (via `fail`, `records`, `pairs`) when the part's keys are not well-formed. */
  check(snapshot: Record<string, unknown>): void;
  /** Replaces the part's state with the snapshot's, which every part has checked. */
  load(state: EmulatorState, snapshot: EmulatorSnapshot): void;
}

/** A snapshot that cannot be loaded; the message says which part is wrong. */
export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

const SUBSCRIPTIONS: SnapshotPart = {
  save: (state) => ({
    subscriptions: [...state.subscriptions.values()],
    readAccess: [...state.readAccess].map(([principal, subscriptions]) => [principal, [...subscriptions]]),
  }),
  check(value) {
    records(value.subscriptions, 'subscriptions', {
      subscriptionId: 'string',
      displayName: 'string',
      tenantId: 'string',
      state: 'string',
      tags: 'object',
    });
    pairs(value.readAccess, 'readAccess', 'string[]');
  },
  load(state, snapshot) {
    replace(
      state.subscriptions,
      byLowerId(snapshot.subscriptions, (s) => s.subscriptionId),
    );
    replace(
      state.readAccess,
      new Map(
        snapshot.readAccess.map(([principal, subscriptions]) => [
          principal.toLowerCase(),
          new Set(subscriptions.map((s) => s.toLowerCase())),
        ]),
      ),
    );
  },
};

const RESOURCES: SnapshotPart = {
  save: ({ resources }) => ({
    resourceGroups: [...resources.groups.values()],
    resources: resources.allResources(),
    locks: resources.locks.all(),
    activityLog: resources.activity.events,
  }),
  check(value) {
    records(value.resourceGroups, 'resourceGroups', { subscriptionId: 'string', name: 'string', location: 'string' });
    records(value.resources, 'resources', {
      id: 'string',
      type: 'string',
      name: 'string',
      path: 'object',
      doc: 'object',
      created: 'object',
      modified: 'object',
      runtime: 'object',
    }).forEach((resource, index) => {
      const path = resource.path as Record<string, unknown>;
      if (typeof path.subscriptionId !== 'string' || typeof path.resourceGroup !== 'string' || typeof path.namespace !== 'string')
        fail(`resources[${index}].path`, 'expected subscriptionId, resourceGroup and namespace');
      records(path.chain, `resources[${index}].path.chain`, { type: 'string', name: 'string' });
      if (!isObject((resource.doc as Record<string, unknown>).properties)) fail(`resources[${index}].doc.properties`, 'expected an object');
    });
    records(value.locks, 'locks', { scope: 'string', name: 'string', level: 'string' });
    records(value.activityLog, 'activityLog', {
      eventDataId: 'string',
      operationName: 'string',
      status: 'string',
      timestamp: 'number',
      subscriptionId: 'string',
      resourceId: 'string',
    });
  },
  load(state, snapshot) {
    state.resources.operations.finishAll();
    state.resources.restore({ groups: snapshot.resourceGroups, resources: snapshot.resources, locks: snapshot.locks });
    const events = state.resources.activity.events;
    events.length = 0;
    for (const event of snapshot.activityLog) events.push(event);
  },
};

/** The core's parts, which come before the services'. */
const CORE_PARTS: readonly SnapshotPart[] = [SUBSCRIPTIONS, RESOURCES];

/** The state as JSON-safe data (a deep copy). Ends operations still in progress first (see above). */
export function exportEmulatorState(state: EmulatorState, serviceParts: readonly SnapshotPart[]): EmulatorSnapshot {
  state.resources.operations.finishAll();
  const snapshot = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION };
  for (const part of [...CORE_PARTS, ...serviceParts]) Object.assign(snapshot, part.save(state));
  // Through JSON, so what a caller holds is exactly what a file would hold, and shares nothing with the state.
  return JSON.parse(JSON.stringify(snapshot)) as EmulatorSnapshot;
}

/**
 * Replaces the state's mutable parts with a snapshot's. The whole snapshot is checked before anything
 * changes, so a bad one (SnapshotError) leaves the state as it was.
 */
export function importEmulatorState(state: EmulatorState, input: unknown, serviceParts: readonly SnapshotPart[]): void {
  const parts = [...CORE_PARTS, ...serviceParts];
  const value = structuredClone(input);
  if (!isObject(value)) fail('snapshot', `expected an object, found ${kindOf(value)}`);
  if (value.format !== SNAPSHOT_FORMAT) fail('format', `expected "${SNAPSHOT_FORMAT}", found ${JSON.stringify(value.format)}`);
  if (value.version !== SNAPSHOT_VERSION)
    fail('version', `this build reads version ${SNAPSHOT_VERSION}, found ${JSON.stringify(value.version)}`);
  for (const part of parts) part.check(value);
  const snapshot = value as unknown as EmulatorSnapshot;
  for (const part of parts) part.load(state, snapshot);
}

// ---- for the parts: loading, and checking a snapshot (it may come from a file someone edited) ----

/** Empties `target` and fills it from `source`, keeping the Map others hold. */
export function replace<K, V>(target: Map<K, V>, source: Map<K, V>): void {
  target.clear();
  for (const [key, value] of source) target.set(key, value);
}

/** Items by their lower-cased id. */
export function byLowerId<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item).toLowerCase(), item]));
}

type Fields = Record<string, 'string' | 'number' | 'boolean' | 'object' | 'array'>;

export function fail(where: string, problem: string): never {
  throw new SnapshotError(`${where}: ${problem}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

/** An array of objects that each have `fields` of the given kinds. */
export function records(value: unknown, where: string, fields: Fields): Record<string, unknown>[] {
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
export function pairs(value: unknown, where: string, second: 'string' | 'string[]'): void {
  if (!Array.isArray(value)) fail(where, `expected an array, found ${kindOf(value)}`);
  value.forEach((pair, index) => {
    const ok =
      Array.isArray(pair) &&
      pair.length === 2 &&
      typeof pair[0] === 'string' &&
      (second === 'string' ? typeof pair[1] === 'string' : Array.isArray(pair[1]) && pair[1].every((item) => typeof item === 'string'));
    if (!ok) fail(`${where}[${index}]`, `expected [string, ${second}]`);
  });
}
