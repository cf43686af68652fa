// Helpers for the ARM resource tests (not a test file): calls through azure.handle, polling an LRO to
// its end, seeding straight into the store, and a shape comparison with documented exceptions.
import assert from 'node:assert/strict';
import { EmulatedAzure, SEED, type Actor, type ResourcePath, type StoredResource } from '../../src/emulator/index.js';

export const SUB = SEED.subscriptions[0]!.id;
export const PROD_SUB = SEED.subscriptions[1]!.id;
export const ARM = 'https://management.azure.com';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  json: Record<string, unknown>;
  text: string;
}

export async function arm(
  azure: EmulatedAzure,
  token: string,
  method: string,
  pathAndQuery: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const url = pathAndQuery.startsWith('https://') ? pathAndQuery : `${ARM}${pathAndQuery}`;
  const text = body === undefined ? undefined : JSON.stringify(body);
  const response = await azure.handle({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(text ? { 'content-type': 'application/json' } : {}), ...headers },
    body: text,
  });
  return {
    status: response.status,
    headers: response.headers,
    text: response.body,
    json: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {},
  };
}

/** Polls the Azure-AsyncOperation URL (else Location) until it is no longer running; returns every poll. */
export async function pollUntilDone(azure: EmulatedAzure, token: string, initial: Reply, waitMs = 0): Promise<Reply[]> {
  const url = initial.headers['azure-asyncoperation'] ?? initial.headers['location'];
  assert.ok(url, 'no Azure-AsyncOperation or Location header');
  const polls: Reply[] = [];
  for (let attempt = 0; attempt < 100; attempt++) {
    const reply = await arm(azure, token, 'GET', url);
    polls.push(reply);
    const running = initial.headers['azure-asyncoperation'] ? reply.json['status'] === 'InProgress' : reply.status === 202;
    if (!running) return polls;
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
  throw new Error('operation never finished');
}

export const SEEDER: Actor = { name: SEED.cliUser.upn, type: 'User', objectId: SEED.cliUser.objectId, tenantId: SEED.tenantId };

/** Writes a resource straight into the store as it is (no create-time defaults), like an old resource. */
export function insert(
  azure: EmulatedAzure,
  resourceGroup: string,
  namespace: string,
  chain: [string, string][],
  body: Record<string, unknown>,
  subscriptionId = SUB,
): StoredResource {
  const store = azure.state.resources;
  if (!store.getGroup(subscriptionId, resourceGroup)) store.putGroup({ subscriptionId, name: resourceGroup, location: 'eastus' });
  const path: ResourcePath = { subscriptionId, resourceGroup, namespace, chain: chain.map(([type, name]) => ({ type, name })) };
  const written = store.writeResource({ path, body, actor: SEEDER, mode: 'put', asIs: true });
  if ('code' in written) throw new Error(`${written.code}: ${written.message}`);
  return written.resource;
}

export interface ShapeOptions {
  /** Free-form maps whose keys are data (default: tags, claims, properties of activity events). */
  dictionaries?: string[];
  /** The example's keys must be present, ours may have more (the *_MinimumSet_Gen examples). */
  subset?: boolean;
  /** Paths (`$.properties.x`, `$.value[].y`) we return that the example lacks, each for a stated reason. */
  allowExtra?: string[];
}

/**
 * Same keys at every level and same value types as Microsoft's example. Array items are compared
 * with the example's item at the same index (the first one when ours has more).
 */
export function assertArmShape(ours: unknown, theirs: unknown, options: ShapeOptions = {}, where = '$'): void {
  const dictionaries = new Set(options.dictionaries ?? ['tags']);
  if (Array.isArray(theirs)) {
    assert.ok(Array.isArray(ours), `${where}: expected an array`);
    if (theirs.length > 0) ours.forEach((item, index) => assertArmShape(item, theirs[index] ?? theirs[0], options, `${where}[]`));
    return;
  }
  if (theirs !== null && typeof theirs === 'object') {
    assert.ok(
      ours !== null && typeof ours === 'object' && !Array.isArray(ours),
      `${where}: expected an object, got ${JSON.stringify(ours)}`,
    );
    if (dictionaries.has(where.split('.').at(-1) ?? '')) return;
    const isTop = where === '$';
    const allowed = new Set(
      (options.allowExtra ?? [])
        .filter((path) => path.startsWith(`${where}.`) && !path.slice(where.length + 1).includes('.'))
        .map((path) => path.slice(where.length + 1)),
    );
    const ourKeys = Object.keys(ours)
      .filter((key) => !(isTop && key === 'nextLink') && !allowed.has(key))
      .sort();
    const theirKeys = Object.keys(theirs)
      .filter((key) => !(isTop && key === 'nextLink'))
      .sort();
    if (options.subset) {
      const missing = theirKeys.filter((key) => !ourKeys.includes(key));
      assert.deepEqual(missing, [], `${where}: keys missing`);
    } else {
      assert.deepEqual(ourKeys, theirKeys, `${where}: key sets differ`);
    }
    for (const key of theirKeys)
      assertArmShape((ours as Record<string, unknown>)[key], (theirs as Record<string, unknown>)[key], options, `${where}.${key}`);
    return;
  }
  // null in an example stands for "no value": ours may be null or an object.
  if (theirs === null) assert.ok(ours === null || typeof ours === 'object', `${where}: expected null or an object`);
  else assert.equal(typeof ours, typeof theirs, `${where}: value type differs (ours ${JSON.stringify(ours)})`);
}

/** A copy of an example body without the given top-level keys and `properties.*` keys. */
export function without(body: unknown, keys: string[]): Record<string, unknown> {
  const copy = structuredClone(body) as Record<string, unknown>;
  for (const key of keys) {
    if (key.startsWith('properties.'))
      delete (copy['properties'] as Record<string, unknown> | undefined)?.[key.slice('properties.'.length)];
    else delete copy[key];
  }
  return copy;
}
