// App Configuration stores as their data plane ({store}.azconfig.io) sees them: key-values and the
// four access keys that ARM's listKeys returns and the HMAC-SHA256 scheme signs with. The ARM side
// calls `ensureAppConfigStore` when a store is created and `appConfigListKeys` for listKeys, so both
// planes agree on key ids and secrets.
import { createHash, randomBytes } from 'node:crypto';
import { byLowerId, records, replace, type SnapshotPart } from '../../core/snapshot.js';

export interface AppConfigKeyValue {
  key: string;
  /** null is the "no label" label (`\0` in filters). */
  label: string | null;
  value: string | null;
  contentType: string | null;
  tags: Record<string, string>;
  locked: boolean;
  /** ISO 8601, UTC. */
  lastModified: string;
  etag: string;
}

export interface AppConfigAccessKey {
  /** The credential id: `Id=` in the connection string, `Credential=` in the HMAC header. */
  id: string;
  name: 'Primary' | 'Secondary' | 'Primary Read Only' | 'Secondary Read Only';
  /** Base64; the HMAC key is its decoded bytes. */
  value: string;
  readOnly: boolean;
  lastModified: string;
}

export interface AppConfigStore {
  name: string;
  /** `https://{name}.azconfig.io` */
  endpoint: string;
  /** The ARM resource id; when set, AAD callers need App Configuration data roles on it. */
  resourceId: string | undefined;
  /** ARM's `disableLocalAuth`: access keys stop working. */
  disableLocalAuth: boolean;
  keys: AppConfigAccessKey[];
  /** By `kvId(key, label)`. */
  keyValues: Map<string, AppConfigKeyValue>;
  /** Grows with every write; the Sync-Token header carries it. */
  sequence: number;
}

export class AppConfigState {
  /** By lower-case store name. */
  readonly stores = new Map<string, AppConfigStore>();
}

export interface StoreOptions {
  resourceId?: string;
}

const KEY_NAMES: AppConfigAccessKey['name'][] = ['Primary', 'Secondary', 'Primary Read Only', 'Secondary Read Only'];

/** The store with this name, created (with fresh access keys) when missing. */
export function ensureAppConfigStore(state: { appConfig: AppConfigState }, name: string, options: StoreOptions = {}): AppConfigStore {
  const existing = state.appConfig.stores.get(name.toLowerCase());
  if (existing) {
    if (options.resourceId) existing.resourceId = options.resourceId;
    return existing;
  }
  const now = armTime();
  const store: AppConfigStore = {
    name: name.toLowerCase(),
    endpoint: `https://${name.toLowerCase()}.azconfig.io`,
    resourceId: options.resourceId,
    disableLocalAuth: false,
    // Derived from the name, so a store's keys are the same in every emulator process.
    keys: KEY_NAMES.map((keyName) => ({
      id: derive(`${name}|${keyName}|id`).slice(0, 16).toUpperCase(),
      name: keyName,
      value: derive(`${name}|${keyName}|secret`, 'base64'),
      readOnly: keyName.includes('Read Only'),
      lastModified: now,
    })),
    keyValues: new Map(),
    sequence: 1,
  };
  state.appConfig.stores.set(store.name, store);
  return store;
}

export function deleteAppConfigStore(state: { appConfig: AppConfigState }, name: string): boolean {
  return state.appConfig.stores.delete(name.toLowerCase());
}

/** The body items of ARM's POST .../configurationStores/{name}/listKeys (ConfigurationStoresListKeys.json). */
export function appConfigListKeys(store: AppConfigStore): Record<string, unknown>[] {
  if (store.disableLocalAuth) return [];
  return store.keys.map((key) => ({
    id: key.id,
    name: key.name,
    value: key.value,
    connectionString: `Endpoint=${store.endpoint};Id=${key.id};Secret=${key.value}`,
    lastModified: key.lastModified,
    readOnly: key.readOnly,
  }));
}

/** ARM's regenerateKey: a new id and secret for the key with this id. */
export function regenerateAppConfigKey(store: AppConfigStore, keyId: string): AppConfigAccessKey | undefined {
  const key = store.keys.find((candidate) => candidate.id === keyId);
  if (!key) return undefined;
  key.id = randomBytes(8).toString('hex').toUpperCase();
  key.value = randomBytes(32).toString('base64');
  key.lastModified = armTime();
  return key;
}

export function kvId(key: string, label: string | null): string {
  return `${key}\u0000${label ?? ''}\u0000${label === null ? 'null' : 'label'}`;
}

/** Writes a key-value (new etag, timestamp and sequence number), as a PUT /kv/{key} does. */
export function setKeyValue(
  store: AppConfigStore,
  input: {
    key: string;
    label?: string | null;
    value?: string | null;
    contentType?: string | null;
    tags?: Record<string, string>;
    locked?: boolean;
  },
): AppConfigKeyValue {
  const label = input.label ?? null;
  const existing = store.keyValues.get(kvId(input.key, label));
  store.sequence += 1;
  const kv: AppConfigKeyValue = {
    key: input.key,
    label,
    value: input.value ?? null,
    contentType: input.contentType ?? null,
    tags: { ...(input.tags ?? {}) },
    locked: input.locked ?? existing?.locked ?? false,
    lastModified: new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    etag: randomBytes(32).toString('base64url'),
  };
  store.keyValues.set(kvId(input.key, label), kv);
  return kv;
}

function derive(text: string, encoding: 'hex' | 'base64' = 'hex'): string {
  return createHash('sha256').update(`azops-emulated-appconfig|${text}`).digest(encoding);
}

function armTime(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

declare module '../../core/state.js' {
  interface EmulatorStateParts {
    /** App Configuration stores' key-values and access keys ({store}.azconfig.io). */
    readonly appConfig: AppConfigState;
  }
}

export type SnapshotAppConfigStore = Omit<AppConfigStore, 'keyValues'> & { keyValues: AppConfigKeyValue[] };

declare module '../../core/snapshot.js' {
  interface EmulatorSnapshot {
    appConfigStores: SnapshotAppConfigStore[];
  }
}

export const APP_CONFIG_SNAPSHOT: SnapshotPart = {
  save: ({ appConfig }) => ({
    appConfigStores: [...appConfig.stores.values()].map((store) => ({ ...store, keyValues: [...store.keyValues.values()] })),
  }),
  check(value) {
    records(value.appConfigStores, 'appConfigStores', {
      name: 'string',
      endpoint: 'string',
      keys: 'array',
      keyValues: 'array',
      sequence: 'number',
    }).forEach((store, index) => {
      records(store.keyValues, `appConfigStores[${index}].keyValues`, { key: 'string', tags: 'object' });
    });
  },
  load({ appConfig }, snapshot) {
    replace(
      appConfig.stores,
      byLowerId(
        snapshot.appConfigStores.map(({ keyValues, ...store }): AppConfigStore => ({
          ...store,
          keyValues: new Map(keyValues.map((kv) => [kvId(kv.key, kv.label), kv])),
        })),
        (s) => s.name,
      ),
    );
  },
};
