// Microsoft.ContainerRegistry registries (2025-11-01): a new registry's service defaults, loginServer,
// listCredentials (admin user only), regenerateCredential and listUsages. Credentials and repository
// sizes come from the registry's data plane (state.ts), so both planes agree.
import { deleteRegistry, ensureRegistry, regenerateRegistryPassword, registryCredentials } from './state.js';
import { asDoc, asString, isDoc, setDefault } from '../../core/resources/documents.js';
import type { Doc, StoredResource } from '../../core/resources/model.js';
import type { ActionSpec, ResourceBehaviour, ResourceStore } from '../../core/resources/store.js';

export const REGISTRY_TYPE = 'Microsoft.ContainerRegistry/registries';

const LIMITS: Record<string, { size: number; webhooks: number; scopeMaps: number; tokens: number }> = {
  Basic: { size: 10 * 1024 ** 3, webhooks: 2, scopeMaps: 100, tokens: 100 },
  Standard: { size: 100 * 1024 ** 3, webhooks: 10, scopeMaps: 100, tokens: 100 },
  Premium: { size: 500 * 1024 ** 3, webhooks: 500, scopeMaps: 50_000, tokens: 50_000 },
};

function dataPlane(store: ResourceStore, registry: StoredResource) {
  return ensureRegistry(store.host, registry.name, {
    resourceId: registry.id,
    adminUserEnabled: registry.doc.properties['adminUserEnabled'] === true,
  });
}

function usages(store: ResourceStore, registry: StoredResource): Doc[] {
  const limits = LIMITS[asString(asDoc(registry.doc['sku'])['name']) ?? 'Standard'] ?? (LIMITS['Standard'] as (typeof LIMITS)[string]);
  let size = 0;
  for (const repository of dataPlane(store, registry).repositories.values())
    for (const manifest of repository.manifests.values()) size += manifest.imageSize;
  const count = (type: string): number => store.childrenOf(registry.id, `${REGISTRY_TYPE}/${type}`).length;
  return [
    { name: 'Size', limit: limits.size, currentValue: size, unit: 'Bytes' },
    { name: 'Webhooks', limit: limits.webhooks, currentValue: count('webhooks'), unit: 'Count' },
    { name: 'ScopeMaps', limit: limits.scopeMaps, currentValue: count('scopeMaps'), unit: 'Count' },
    { name: 'Tokens', limit: limits.tokens, currentValue: count('tokens'), unit: 'Count' },
  ];
}

const ACTIONS: Record<string, ActionSpec> = {
  listcredentials: {
    handle: ({ store, resource }) =>
      resource.doc.properties['adminUserEnabled'] === true
        ? { kind: 'response', status: 200, body: registryCredentials(dataPlane(store, resource)) }
        : {
            kind: 'error',
            error: {
              status: 400,
              code: 'AdminUserDisabled',
              message: `The admin user is disabled for registry '${resource.name}'. Run 'az acr update -n ${resource.name} --admin-enabled true' to enable admin first.`,
            },
          },
  },
  regeneratecredential: {
    handle: ({ store, resource, body }) => {
      const name = asString(asDoc(body)['name']);
      if (name !== 'password' && name !== 'password2')
        return {
          kind: 'error',
          error: { status: 400, code: 'InvalidPasswordName', message: "The password name must be 'password' or 'password2'." },
        };
      if (resource.doc.properties['adminUserEnabled'] !== true)
        return (
          ACTIONS['listcredentials']?.handle({ store, resource, body, query: new URLSearchParams() }) ?? { kind: 'response', status: 400 }
        );
      const registry = dataPlane(store, resource);
      regenerateRegistryPassword(registry, name);
      return { kind: 'response', status: 200, body: registryCredentials(registry) };
    },
  },
};

const registries: ResourceBehaviour = {
  type: REGISTRY_TYPE,
  lro: { write: 'async', delete: 'location' },
  readOnly: ['creationDate'],
  defaults(registry) {
    const properties = registry.doc.properties;
    const now = registry.created.at;
    properties['creationDate'] = now;
    const defaults: Doc = {
      adminUserEnabled: false,
      networkRuleSet: { defaultAction: 'Allow', ipRules: [] },
      policies: {
        quarantinePolicy: { status: 'disabled' },
        trustPolicy: { type: 'Notary', status: 'disabled' },
        retentionPolicy: { days: 7, lastUpdatedTime: now.replace(/Z$/, '+00:00'), status: 'disabled' },
        exportPolicy: { status: 'enabled' },
        azureADAuthenticationAsArmPolicy: { status: 'enabled' },
      },
      encryption: { status: 'disabled' },
      status: null,
      dataEndpointEnabled: false,
      dataEndpointHostNames: [],
      privateEndpointConnections: [],
      publicNetworkAccess: 'Enabled',
      networkRuleBypassOptions: 'AzureServices',
      networkRuleBypassAllowedForTasks: false,
      zoneRedundancy: 'Disabled',
      anonymousPullEnabled: false,
      roleAssignmentMode: 'LegacyRegistryPermissions',
    };
    for (const [key, value] of Object.entries(defaults)) if (!(key in properties)) properties[key] = value;
  },
  derive(registry) {
    const sku = registry.doc['sku'];
    if (isDoc(sku)) setDefault(sku, 'tier', asString(sku['name']) ?? 'Standard');
    // ACR lower-cases the login server whatever the casing of the name.
    registry.doc.properties['loginServer'] = `${registry.name.toLowerCase()}.azurecr.io`;
  },
  afterWrite(registry, store) {
    dataPlane(store, registry);
  },
  afterDelete(registry, store) {
    deleteRegistry(store.host, registry.name);
  },
  actions: ACTIONS,
  views: { listusages: { handle: ({ store, resource }) => ({ kind: 'response', status: 200, body: { value: usages(store, resource) } }) } },
};

export const REGISTRY_BEHAVIOURS: readonly ResourceBehaviour[] = [registries];
