// Microsoft.ContainerRegistry registries (2025-11-01): a new registry's service defaults, loginServer,
// listCredentials (admin user only), regenerateCredential and listUsages, and the contract writes must keep:
// names of 5-50 letters and digits, unique across Azure (the DNS name {name}.azurecr.io), a SKU of Basic,
// Standard or Premium, and network rules or disabled public access on Premium only. Credentials and repository
// sizes come from the registry's data plane (state.ts), so both planes agree.
import { deleteRegistry, ensureRegistry, regenerateRegistryPassword, registryCredentials } from './state.js';
import { asDoc, asString, isDoc } from '../../core/resources/documents.js';
import type { ArmErrorInfo, Doc, StoredResource } from '../../core/resources/model.js';
import type { ActionSpec, ResourceBehaviour, ResourceStore } from '../../core/resources/store.js';

export const REGISTRY_TYPE = 'Microsoft.ContainerRegistry/registries';
/** Registries_CheckNameAvailability's rule (and the registry name parameter's pattern). */
export const REGISTRY_NAME = /^[a-zA-Z0-9]{5,50}$/;
const SKUS = ['Basic', 'Standard', 'Premium'];

/** The registry, in any subscription, that holds this name (registry names are DNS names, unique across Azure). */
export function registryHoldingName(store: ResourceStore, name: string, except?: string): StoredResource | undefined {
  const wanted = name.toLowerCase();
  return store
    .allResources()
    .find((r) => r.type === REGISTRY_TYPE && r.name.toLowerCase() === wanted && r.id.toLowerCase() !== except?.toLowerCase());
}

function validate(registry: StoredResource, store: ResourceStore, previous: StoredResource | undefined): ArmErrorInfo | undefined {
  if (!previous) {
    if (!REGISTRY_NAME.test(registry.name))
      return {
        status: 400,
        code: 'InvalidResourceName',
        message: `The registry name '${registry.name}' is invalid: it must contain only alphanumeric characters and be between 5 and 50 characters in length.`,
      };
    if (registryHoldingName(store, registry.name, registry.id))
      return {
        status: 400,
        code: 'AlreadyInUse',
        message: `The registry DNS name ${registry.name.toLowerCase()}.azurecr.io is already in use. You can check if the name is already claimed using following API: https://docs.microsoft.com/en-us/rest/api/containerregistry/registries/checknameavailability`,
      };
  }
  const sku = asString(asDoc(registry.doc['sku'])['name']);
  if (!sku)
    return {
      status: 400,
      code: 'InvalidRequestContent',
      message: "The request content was invalid and could not be deserialized: 'Required property 'sku' not found in JSON. Path ''.'.",
    };
  if (!SKUS.includes(sku))
    return { status: 400, code: 'InvalidSku', message: `The SKU '${sku}' is not valid. Valid SKUs are ${SKUS.join(', ')}.` };
  if (sku === 'Premium') return undefined;
  const properties = registry.doc.properties;
  if (String(properties['publicNetworkAccess']).toLowerCase() === 'disabled')
    return {
      status: 400,
      code: 'DisablingPublicNetworkAccessNotSupported',
      message: `Disabling public network access is not supported for the SKU ${sku}. For more information, please visit https://aka.ms/acr/private-link.`,
    };
  // Modelled on the error above: network rules (a Deny default, IP rules) are a Premium feature too.
  const rules = asDoc(properties['networkRuleSet']);
  const ipRules = Array.isArray(rules['ipRules']) ? rules['ipRules'] : [];
  if (String(rules['defaultAction'] ?? 'Allow').toLowerCase() !== 'allow' || ipRules.length > 0)
    return {
      status: 400,
      code: 'NetworkRuleSetNotSupported',
      message: `Network rules are not supported for the SKU ${sku}; they need the Premium SKU. For more information, please visit https://aka.ms/acr/firewall.`,
    };
  return undefined;
}

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
    if (isDoc(sku)) {
      // SKU names are case-insensitive; Azure answers with its own casing.
      const name = SKUS.find((known) => known.toLowerCase() === asString(sku['name'])?.toLowerCase());
      if (name) sku['name'] = name;
      // The tier always follows the name (a PATCH of sku.name changes both).
      sku['tier'] = asString(sku['name']) ?? 'Standard';
    }
    // ACR lower-cases the login server whatever the casing of the name.
    registry.doc.properties['loginServer'] = `${registry.name.toLowerCase()}.azurecr.io`;
  },
  validate,
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
