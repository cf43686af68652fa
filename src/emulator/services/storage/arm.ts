// Microsoft.Storage storage accounts (2026-09-01): service defaults of a new account, endpoints and
// replication locations derived from kind/sku/location, and listKeys/regenerateKey. Creation is
// long-running the storage way: 202 + Location, polled until 200 with the account.
import { randomBytes } from 'node:crypto';
import { REGIONS } from '../../core/locations.js';
import { armTime, asDoc, asString, isDoc, setDefault, stableBytes } from '../../core/resources/documents.js';
import { idKey } from '../../core/resources/ids.js';
import type { StoredResource } from '../../core/resources/model.js';
import type { ActionSpec, ResourceBehaviour } from '../../core/resources/store.js';

export const STORAGE_TYPE = 'Microsoft.Storage/storageAccounts';

const GEO_SKUS = /_(GRS|RAGRS|GZRS|RAGZRS)$/i;
const READ_ACCESS_SKUS = /_(RAGRS|RAGZRS)$/i;

function pairedRegion(location: string): string {
  const [name, suffix] = [location.replace(/\(.*\)$/, ''), /\(.*\)$/.exec(location)?.[0] ?? ''];
  return `${REGIONS.find((region) => region.name === name)?.pairedRegion ?? 'westus'}${suffix}`;
}

function endpoints(name: string, services: readonly string[], infix = ''): Record<string, string> {
  return Object.fromEntries(services.map((service) => [service, `https://${name}${infix}.${service}.core.windows.net/`]));
}

function ensureKeys(account: StoredResource): NonNullable<StoredResource['runtime']['keys']> {
  const created = asString(account.doc.properties['creationTime']) ?? armTime();
  account.runtime.keys ??= ['key1', 'key2'].map((keyName) => ({
    keyName,
    value: stableBytes(`storage|${idKey(account.id)}|${keyName}`, 64).toString('base64'),
    creationTime: created,
  }));
  return account.runtime.keys;
}

function keysBody(account: StoredResource): { keys: { keyName: string; value: string; permissions: string; creationTime: string }[] } {
  return { keys: ensureKeys(account).map((key) => ({ ...key, permissions: 'FULL' })) };
}

const ACTIONS: Record<string, ActionSpec> = {
  listkeys: { handle: ({ resource }) => ({ kind: 'response', status: 200, body: keysBody(resource) }) },
  regeneratekey: {
    handle: ({ resource, body }) => {
      const keyName = asString(asDoc(body)['keyName']);
      const key = ensureKeys(resource).find((candidate) => candidate.keyName === keyName);
      if (!key)
        return {
          kind: 'error',
          error: {
            status: 400,
            code: 'InvalidValuesForRequestParameters',
            message: "Values for request parameters are invalid: keyName. Valid values are 'key1' and 'key2'.",
          },
        };
      key.value = randomBytes(64).toString('base64');
      key.creationTime = armTime();
      const creationTimes = asDoc(resource.doc.properties['keyCreationTime']);
      creationTimes[key.keyName] = key.creationTime;
      return { kind: 'response', status: 200, body: keysBody(resource) };
    },
  },
};

const storageAccounts: ResourceBehaviour = {
  type: STORAGE_TYPE,
  lro: { write: 'location' },
  readOnly: ['creationTime', 'keyCreationTime'],
  validate(account, store, previous) {
    if (previous) return undefined;
    if (!/^[a-z0-9]{3,24}$/.test(account.name)) {
      return {
        status: 400,
        code: 'AccountNameInvalid',
        message: `${account.name} is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.`,
      };
    }
    // Storage account names are global: the DNS name is {name}.blob.core.windows.net.
    const taken = [...store.host.subscriptions.keys()].some((sub) =>
      store.listInSubscription(sub, STORAGE_TYPE).some((other) => other.name === account.name && other !== account),
    );
    return taken
      ? { status: 409, code: 'StorageAccountAlreadyTaken', message: `The storage account named ${account.name} is already taken.` }
      : undefined;
  },
  defaults(account) {
    setDefault(account.doc, 'kind', 'StorageV2');
    setDefault(account.doc, 'sku', { name: 'Standard_LRS' });
    const properties = account.doc.properties;
    const now = account.created.at;
    properties['creationTime'] = now;
    properties['keyCreationTime'] = { key1: now, key2: now };
    const service = { enabled: true, keyType: 'Account', lastEnabledTime: now };
    setDefault(properties, 'encryption', { keySource: 'Microsoft.Storage', services: { blob: { ...service }, file: { ...service } } });
    setDefault(properties, 'networkAcls', { bypass: 'AzureServices', defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [] });
    setDefault(properties, 'supportsHttpsTrafficOnly', true);
    setDefault(properties, 'minimumTlsVersion', 'TLS1_2');
    setDefault(properties, 'allowBlobPublicAccess', false);
    if (['StorageV2', 'BlobStorage'].includes(asString(account.doc['kind']) ?? '')) setDefault(properties, 'accessTier', 'Hot');
    ensureKeys(account);
  },
  derive(account) {
    const properties = account.doc.properties;
    const sku = asDoc(account.doc['sku']);
    const skuName = asString(sku['name']) ?? 'Standard_LRS';
    if (isDoc(account.doc['sku'])) setDefault(sku, 'tier', skuName.startsWith('Premium') ? 'Premium' : 'Standard');
    setDefault(properties, 'creationTime', account.created.at);
    const kind = asString(account.doc['kind']) ?? 'StorageV2';
    const services =
      kind === 'StorageV2' || properties['isHnsEnabled'] === true
        ? ['blob', 'dfs', 'file', 'queue', 'table', 'web']
        : kind === 'BlobStorage'
          ? ['blob', 'dfs', 'table']
          : kind === 'FileStorage'
            ? ['file']
            : ['blob', 'file', 'queue', 'table'];
    const primary: Record<string, unknown> = endpoints(account.name, services);
    const routing = asDoc(properties['routingPreference']);
    if (routing['publishInternetEndpoints'] === true)
      primary['internetEndpoints'] = endpoints(
        account.name,
        services.filter((s) => ['blob', 'dfs', 'file', 'web'].includes(s)),
        '-internetrouting',
      );
    if (routing['publishMicrosoftEndpoints'] === true)
      primary['microsoftEndpoints'] = endpoints(account.name, services, '-microsoftrouting');
    properties['primaryEndpoints'] = primary;
    const location = account.location ?? '';
    properties['primaryLocation'] = location;
    properties['statusOfPrimary'] = 'available';
    if (GEO_SKUS.test(skuName)) {
      properties['secondaryLocation'] = pairedRegion(location);
      properties['statusOfSecondary'] = 'available';
    } else {
      delete properties['secondaryLocation'];
      delete properties['statusOfSecondary'];
    }
    if (READ_ACCESS_SKUS.test(skuName)) properties['secondaryEndpoints'] = endpoints(account.name, services, '-secondary');
    else delete properties['secondaryEndpoints'];
  },
  actions: ACTIONS,
};

export const STORAGE_BEHAVIOURS: readonly ResourceBehaviour[] = [storageAccounts];
