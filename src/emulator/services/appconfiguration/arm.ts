// Microsoft.AppConfiguration configuration stores (2023-03-01): a new store's defaults, its endpoint,
// systemData, and listKeys/regenerateKey. Access keys live with the data plane
// (state.ts), so the keys ARM lists are the ones {store}.azconfig.io accepts.
import { appConfigListKeys, deleteAppConfigStore, ensureAppConfigStore, regenerateAppConfigKey } from './state.js';
import { asDoc, asString, setDefault } from '../../core/resources/documents.js';
import type { StoredResource } from '../../core/resources/model.js';
import type { ActionSpec, ResourceBehaviour, ResourceStore } from '../../core/resources/store.js';

export const APP_CONFIG_TYPE = 'Microsoft.AppConfiguration/configurationStores';

function dataPlane(store: ResourceStore, configStore: StoredResource) {
  const plane = ensureAppConfigStore(store.host, configStore.name, { resourceId: configStore.id });
  plane.disableLocalAuth = configStore.doc.properties['disableLocalAuth'] === true;
  return plane;
}

const ACTIONS: Record<string, ActionSpec> = {
  listkeys: {
    handle: ({ store, resource }) => ({ kind: 'response', status: 200, body: { value: appConfigListKeys(dataPlane(store, resource)) } }),
  },
  regeneratekey: {
    handle: ({ store, resource, body }) => {
      const plane = dataPlane(store, resource);
      const id = asString(asDoc(body)['id']) ?? '';
      const key = regenerateAppConfigKey(plane, id);
      if (!key) return { kind: 'error', error: { status: 400, code: 'InvalidKeyId', message: `The key '${id}' does not exist.` } };
      return { kind: 'response', status: 200, body: appConfigListKeys(plane).find((item) => item['id'] === key.id) };
    },
  },
};

/** App Configuration's timestamps: seconds precision with an explicit offset. */
function storeTime(armTimestamp: string): string {
  return armTimestamp.replace(/\.\d+Z$/, '+00:00');
}

const configurationStores: ResourceBehaviour = {
  type: APP_CONFIG_TYPE,
  lro: { write: 'async', delete: 'async' },
  envelope: { systemData: true, tags: 'always' },
  readOnly: ['creationDate'],
  defaults(configStore) {
    const properties = configStore.doc.properties;
    properties['creationDate'] = storeTime(configStore.created.at);
    setDefault(properties, 'encryption', { keyVaultProperties: { keyIdentifier: null, identityClientId: null } });
    setDefault(properties, 'disableLocalAuth', false);
    setDefault(properties, 'privateEndpointConnections', []);
    const free = /free/i.test(asString(asDoc(configStore.doc['sku'])['name']) ?? '');
    setDefault(properties, 'softDeleteRetentionInDays', free ? 0 : 30);
    setDefault(properties, 'enablePurgeProtection', false);
  },
  derive(configStore) {
    configStore.doc.properties['endpoint'] = `https://${configStore.name.toLowerCase()}.azconfig.io`;
  },
  afterWrite(configStore, store) {
    dataPlane(store, configStore);
  },
  afterDelete(configStore, store) {
    deleteAppConfigStore(store.host, configStore.name);
  },
  actions: ACTIONS,
};

export const APP_CONFIG_BEHAVIOURS: readonly ResourceBehaviour[] = [configurationStores];
