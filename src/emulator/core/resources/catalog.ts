// Which resource types behave specially (long-running, derived properties, actions); every other
// type gets ARM's generic behaviour, so any namespace/type can be stored and listed.
import { APP_CONFIG_BEHAVIOURS } from '../../services/appconfiguration/arm.js';
import { COMPUTE_BEHAVIOURS } from '../../services/compute/arm.js';
import type { ResourcePath } from './ids.js';
import type { ResourceBehaviour } from './model.js';
import { NETWORK_BEHAVIOURS } from '../../services/network/arm.js';
import { REGISTRY_BEHAVIOURS } from '../../services/containerregistry/arm.js';
import { STORAGE_BEHAVIOURS } from '../../services/storage/arm.js';
import { WEB_BEHAVIOURS } from '../../services/web/arm.js';

const BEHAVIOURS = new Map<string, ResourceBehaviour>(
  [...COMPUTE_BEHAVIOURS, ...NETWORK_BEHAVIOURS, ...STORAGE_BEHAVIOURS, ...WEB_BEHAVIOURS, ...REGISTRY_BEHAVIOURS, ...APP_CONFIG_BEHAVIOURS].map((behaviour) => [behaviour.type.toLowerCase(), behaviour]),
);

export function behaviourFor(type: string): ResourceBehaviour {
  return BEHAVIOURS.get(type.toLowerCase()) ?? { type };
}

export function isKnownType(type: string): boolean {
  return BEHAVIOURS.has(type.toLowerCase());
}

/** The namespace and type segments in their canonical casing, when the type is known. */
export function canonicalPath(path: ResourcePath): ResourcePath {
  const type = [path.namespace, ...path.chain.map((link) => link.type)].join('/');
  const known = BEHAVIOURS.get(type.toLowerCase());
  if (!known) return path;
  const [namespace, ...types] = known.type.split('/');
  return { ...path, namespace: namespace ?? path.namespace, chain: path.chain.map((link, index) => ({ type: types[index] ?? link.type, name: link.name })) };
}

/** Resource providers registered in the emulated subscriptions (others answer 404 InvalidResourceType). */
const REGISTERED_NAMESPACES = new Set(
  [
    'Microsoft.Compute', 'Microsoft.Network', 'Microsoft.Storage', 'Microsoft.Web', 'Microsoft.ContainerRegistry', 'Microsoft.AppConfiguration',
    'Microsoft.KeyVault', 'Microsoft.Sql', 'Microsoft.Insights', 'Microsoft.OperationalInsights', 'Microsoft.ContainerService', 'Microsoft.App',
    'Microsoft.DocumentDB', 'Microsoft.Cache', 'Microsoft.ManagedIdentity', 'Microsoft.EventHub', 'Microsoft.ServiceBus', 'Microsoft.Logic',
    'Microsoft.DBforPostgreSQL', 'Microsoft.DBforMySQL', 'Microsoft.CognitiveServices', 'Microsoft.Cdn', 'Microsoft.Automation', 'Microsoft.RecoveryServices',
  ].map((namespace) => namespace.toLowerCase()),
);

/** Whether ARM knows a type: a registered provider's, or one that resources exist of. */
export function isListableType(type: string, exists: (type: string) => boolean): boolean {
  const namespace = type.split('/')[0]?.toLowerCase() ?? '';
  return REGISTERED_NAMESPACES.has(namespace) || isKnownType(type) || exists(type);
}
