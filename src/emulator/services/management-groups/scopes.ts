// ARM scopes (`/`, management group, subscription, resource group, resource): parsing, the chain of
// scopes a role assignment is inherited from, and the route patterns that stand for "any scope".
import type { EmulatorState } from '../../core/state.js';

export type ParsedScope =
  | { kind: 'tenant'; path: '/' }
  | { kind: 'managementGroup'; path: string; managementGroupId: string }
  | { kind: 'subscription'; path: string; subscriptionId: string }
  | { kind: 'resourceGroup'; path: string; subscriptionId: string; resourceGroup: string }
  | { kind: 'resource'; path: string; subscriptionId: string; resourceGroup: string; provider: string; typesAndNames: string[] };

const MG_PREFIX = '/providers/microsoft.management/managementgroups/';

/** Parses an ARM scope path; undefined when it is not one (odd segment counts, unknown roots). */
export function parseScope(raw: string): ParsedScope | undefined {
  const segments = raw.split('/').filter((segment) => segment.length > 0);
  const path = segments.length === 0 ? '/' : `/${segments.join('/')}`;
  const lower = segments.map((segment) => segment.toLowerCase());
  if (segments.length === 0) return { kind: 'tenant', path: '/' };
  if (segments.length === 4 && `/${lower.slice(0, 3).join('/')}/` === MG_PREFIX) {
    return { kind: 'managementGroup', path, managementGroupId: segments[3] as string };
  }
  if (lower[0] !== 'subscriptions' || segments.length < 2) return undefined;
  const subscriptionId = segments[1] as string;
  if (segments.length === 2) return { kind: 'subscription', path, subscriptionId };
  if (lower[2] !== 'resourcegroups' || segments.length < 4) return undefined;
  const resourceGroup = segments[3] as string;
  if (segments.length === 4) return { kind: 'resourceGroup', path, subscriptionId, resourceGroup };
  // providers/{namespace}/{type}/{name}[/{type}/{name}...]
  const typesAndNames = segments.slice(6);
  if (lower[4] !== 'providers' || segments.length < 8 || typesAndNames.length % 2 !== 0) return undefined;
  return { kind: 'resource', path, subscriptionId, resourceGroup, provider: segments[5] as string, typesAndNames };
}

export function managementGroupScope(id: string): string {
  return `/providers/Microsoft.Management/managementGroups/${id}`;
}

/** Case-insensitive identity of a scope, as ARM compares them. */
export function scopeKey(path: string): string {
  const trimmed = path.replace(/\/+$/, '').toLowerCase();
  return trimmed === '' ? '/' : trimmed;
}

/** The subscription a scope lies in, if any. */
export function scopeSubscription(scope: ParsedScope): string | undefined {
  return 'subscriptionId' in scope ? scope.subscriptionId : undefined;
}

/**
 * Keys of the scope and every scope above it, nearest first, ending with `/`:
 * resource → parent resources → resource group → subscription → management groups → tenant root.
 */
export function scopeChain(state: EmulatorState, scope: ParsedScope): string[] {
  const chain: string[] = [];
  if (scope.kind === 'resource') {
    for (let pairs = scope.typesAndNames.length; pairs >= 2; pairs -= 2) {
      const base = `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}/providers/${scope.provider}`;
      chain.push(scopeKey(`${base}/${scope.typesAndNames.slice(0, pairs).join('/')}`));
    }
  }
  if (scope.kind === 'resource' || scope.kind === 'resourceGroup') {
    chain.push(scopeKey(`/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}`));
  }
  let group: string | undefined;
  if (scope.kind === 'managementGroup') {
    group = scope.managementGroupId;
  } else if (scope.kind !== 'tenant') {
    chain.push(scopeKey(`/subscriptions/${scope.subscriptionId}`));
    group = state.managementGroups.parentOfSubscription(state, scope.subscriptionId);
  }
  for (const id of state.managementGroups.ancestry(group)) chain.push(scopeKey(managementGroupScope(id)));
  chain.push('/');
  return chain;
}

/** True when `ancestor` is `scope` itself or any scope above it. */
export function isAtOrAbove(state: EmulatorState, ancestor: string, scope: ParsedScope): boolean {
  return scopeChain(state, scope).includes(scopeKey(ancestor));
}

/**
 * Route-pattern prefixes for every scope shape the router can match (its patterns have fixed
 * lengths): tenant root, management group, subscription, resource group, resources nested up to 4 deep.
 */
export function scopePatternPrefixes(): string[] {
  const resourceGroup = '/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName';
  const prefixes = ['', '/providers/Microsoft.Management/managementGroups/:groupId', '/subscriptions/:subscriptionId', resourceGroup];
  let resource = `${resourceGroup}/providers/:namespace`;
  for (let depth = 1; depth <= 4; depth++) {
    resource += `/:type${depth}/:name${depth}`;
    prefixes.push(resource);
  }
  return prefixes;
}

/** The scope part of a request path that ends in `/providers/Microsoft.Authorization/{collection}[/{name}]`. */
export function scopeOfAuthorizationPath(pathname: string): string {
  const index = pathname.toLowerCase().lastIndexOf('/providers/microsoft.authorization/');
  const raw = index <= 0 ? '/' : pathname.slice(0, index);
  return raw.split('/').map(safeDecode).join('/') || '/';
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
