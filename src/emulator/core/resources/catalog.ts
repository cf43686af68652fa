// Which resource types behave specially (long-running, derived properties, actions) and which provider
// namespaces are registered; every other type gets ARM's generic behaviour, so any namespace/type can
// be stored and listed. The services bring their entries (EmulatedService.resourceTypes, .namespaces).
import type { ResourcePath } from './ids.js';

export class ResourceCatalog<Behaviour extends { readonly type: string }> {
  /** By lower-case full type. */
  private readonly byType: Map<string, Behaviour>;
  /** Lower-case namespaces of the resource providers registered in the emulated subscriptions. */
  private readonly namespaces: Set<string>;

  constructor(behaviours: readonly Behaviour[], namespaces: readonly string[]) {
    this.byType = new Map(behaviours.map((behaviour) => [behaviour.type.toLowerCase(), behaviour]));
    this.namespaces = new Set(namespaces.map((namespace) => namespace.toLowerCase()));
  }

  get(type: string): Behaviour | undefined {
    return this.byType.get(type.toLowerCase());
  }

  isKnownType(type: string): boolean {
    return this.byType.has(type.toLowerCase());
  }

  /** The namespace and type segments in their canonical casing, when the type is known. */
  canonicalPath(path: ResourcePath): ResourcePath {
    const type = [path.namespace, ...path.chain.map((link) => link.type)].join('/');
    const known = this.get(type);
    if (!known) return path;
    const [namespace, ...types] = known.type.split('/');
    return {
      ...path,
      namespace: namespace ?? path.namespace,
      chain: path.chain.map((link, index) => ({ type: types[index] ?? link.type, name: link.name })),
    };
  }

  /** Whether ARM knows a type: a registered provider's, or one that resources exist of (others answer 404 InvalidResourceType). */
  isListableType(type: string, exists: (type: string) => boolean): boolean {
    const namespace = type.split('/')[0]?.toLowerCase() ?? '';
    return this.namespaces.has(namespace) || this.isKnownType(type) || exists(type);
  }
}
