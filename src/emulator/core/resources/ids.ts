// ARM resource ids: parsing request paths into (subscription, group, namespace, type/name chain),
// building canonical ids, and the case-insensitive comparisons ARM makes on them.

export interface TypeName {
  type: string;
  name: string;
}

/** A resource inside a resource group: `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{t}/{n}[/{t}/{n}...]`. */
export interface ResourcePath {
  subscriptionId: string;
  resourceGroup: string;
  namespace: string;
  /** Top-level resource first; children follow. */
  chain: TypeName[];
}

export type ArmScope =
  | { kind: 'subscription'; subscriptionId: string }
  | { kind: 'resourceGroup'; subscriptionId: string; resourceGroup: string }
  | { kind: 'resource'; subscriptionId: string; resourceGroup: string; resource: ResourcePath };

/** Full type: `Microsoft.Network/virtualNetworks/subnets`. */
export function fullType(path: Pick<ResourcePath, 'namespace' | 'chain'>): string {
  return [path.namespace, ...path.chain.map((link) => link.type)].join('/');
}

export function resourceId(path: ResourcePath): string {
  const chain = path.chain.map((link) => `${link.type}/${link.name}`).join('/');
  return `${groupId(path.subscriptionId, path.resourceGroup)}/providers/${path.namespace}/${chain}`;
}

export function groupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

export function subscriptionScope(subscriptionId: string): string {
  return `/subscriptions/${subscriptionId}`;
}

/** The parent of a child resource (one link shorter), undefined for top-level resources. */
export function parentPath(path: ResourcePath): ResourcePath | undefined {
  return path.chain.length > 1 ? { ...path, chain: path.chain.slice(0, -1) } : undefined;
}

/** ARM compares ids without regard to case. */
export function idKey(id: string): string {
  return (id.endsWith('/') ? id.replace(/\/+$/, '') : id).toLowerCase();
}

export function groupKey(subscriptionId: string, resourceGroup: string): string {
  return idKey(groupId(subscriptionId, resourceGroup));
}

/** True when `ancestor` is `id` itself or a scope above it (compared by key, on segment boundaries). */
export function isAtOrAbove(ancestor: string, id: string): boolean {
  const a = idKey(ancestor);
  const b = idKey(id);
  return a === b || b.startsWith(`${a}/`);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function pathSegments(path: string): string[] {
  return path
    .split('/')
    .filter((segment) => segment.length > 0)
    .map(decode);
}

/**
 * Parses `subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{t}/{n}...` from segments. With
 * `allowTrailing`, an odd last segment (a child collection, or an action like `start`) is returned.
 */
export function parseResourceSegments(segments: string[], allowTrailing = false): { path: ResourcePath; trailing?: string } | undefined {
  const lower = segments.map((segment) => segment.toLowerCase());
  if (lower[0] !== 'subscriptions' || lower[2] !== 'resourcegroups' || lower[4] !== 'providers' || segments.length < 8) return undefined;
  const rest = segments.slice(6);
  const trailing = rest.length % 2 === 1 ? rest.pop() : undefined;
  if (trailing !== undefined && !allowTrailing) return undefined;
  const chain: TypeName[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const type = rest[i] as string;
    // Extension resources (`.../providers/Microsoft.Insights/...` under a resource) are not generic children.
    if (type.toLowerCase() === 'providers') return undefined;
    chain.push({ type, name: rest[i + 1] as string });
  }
  return {
    path: { subscriptionId: segments[1] as string, resourceGroup: segments[3] as string, namespace: segments[5] as string, chain },
    ...(trailing !== undefined ? { trailing } : {}),
  };
}

export function parseResourceId(id: string): ResourcePath | undefined {
  return parseResourceSegments(pathSegments(id))?.path;
}

/** A subscription, resource group or resource scope (what locks and tags attach to). */
export function parseArmScope(scope: string): ArmScope | undefined {
  const segments = pathSegments(scope);
  const lower = segments.map((segment) => segment.toLowerCase());
  if (lower[0] !== 'subscriptions' || segments.length < 2) return undefined;
  const subscriptionId = segments[1] as string;
  if (segments.length === 2) return { kind: 'subscription', subscriptionId };
  if (lower[2] !== 'resourcegroups' || segments.length < 4) return undefined;
  const resourceGroup = segments[3] as string;
  if (segments.length === 4) return { kind: 'resourceGroup', subscriptionId, resourceGroup };
  const parsed = parseResourceSegments(segments);
  return parsed ? { kind: 'resource', subscriptionId, resourceGroup, resource: parsed.path } : undefined;
}

/** Azure's canonical form of a location: `West US` → `westus`. */
export function normalizeLocation(location: string): string {
  return location.toLowerCase().replace(/\s+/g, '');
}
