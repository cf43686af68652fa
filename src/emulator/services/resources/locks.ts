// Microsoft.Authorization/locks (ManagementLocks_*, api-version 2020-05-01) at subscription,
// resource-group and resource scope. Lists include locks inherited from above and, unless
// $filter=atScope(), locks below the scope, as ARM's do.
import { addArmRoute, armPage, isResponse, type ArmContext } from '../../core/arm.js';
import { armError, jsonResponse } from '../../core/errors.js';
import type { Router } from '../../core/router.js';
import type { EmulatorResponse } from '../../core/types.js';
import { asDoc, asString } from '../../core/resources/documents.js';
import { beginChange, emptyResponse, groupFor, parseBody, subscriptionFor } from '../../core/resources/http.js';
import { groupId, parseArmScope, resourceId, subscriptionScope, type ArmScope } from '../../core/resources/ids.js';
import { LOCK_LEVELS, lockId, lockToArm, type LockLevel, type ManagementLock } from '../../core/resources/locks.js';

const LOCKS = 'providers/Microsoft.Authorization/locks';

/** Scope patterns: subscription, resource group, resources up to four levels deep. */
export function scopePatterns(): string[] {
  const group = '/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName';
  const patterns = ['/subscriptions/:subscriptionId', group];
  let resource = `${group}/providers/:namespace`;
  for (let depth = 1; depth <= 4; depth++) patterns.push((resource += `/:type${depth}/:name${depth}`));
  return patterns;
}

export function registerArmLockRoutes(router: Router): void {
  for (const scope of scopePatterns()) {
    addArmRoute(router, 'GET', `${scope}/${LOCKS}`, listLocks);
    addArmRoute(router, 'GET', `${scope}/${LOCKS}/:lockName`, getLock);
    addArmRoute(router, 'PUT', `${scope}/${LOCKS}/:lockName`, putLock);
    addArmRoute(router, 'DELETE', `${scope}/${LOCKS}/:lockName`, deleteLock);
  }
}

interface ResolvedScope {
  /** Canonical scope path (casing of the stored group/resource). */
  path: string;
  subscriptionId: string;
  resourceGroup?: string;
}

/** The scope of `/{scope}/providers/Microsoft.Authorization/locks...`, checked to exist. */
export function resolveScope(ctx: ArmContext, marker: string, action: string, write: boolean): ResolvedScope | EmulatorResponse {
  const pathname = ctx.url.pathname;
  const index = pathname.toLowerCase().lastIndexOf(`/${marker.toLowerCase()}`);
  const scope: ArmScope | undefined = parseArmScope(pathname.slice(0, index));
  if (!scope) return armError(400, 'InvalidScope', `The scope '${pathname.slice(0, index)}' is not valid.`);
  const sub = subscriptionFor(ctx, scope.subscriptionId, action, write);
  if (isResponse(sub)) return sub;
  if (scope.kind === 'subscription') return { path: subscriptionScope(sub.subscriptionId), subscriptionId: sub.subscriptionId };
  const group = groupFor(ctx, sub.subscriptionId, scope.resourceGroup, false);
  if (isResponse(group)) return group;
  if (scope.kind === 'resourceGroup')
    return { path: groupId(sub.subscriptionId, group.name), subscriptionId: sub.subscriptionId, resourceGroup: group.name };
  const resource = ctx.state.resources.get(resourceId({ ...scope.resource, subscriptionId: sub.subscriptionId }));
  if (!resource) {
    const names = [scope.resource.namespace, ...scope.resource.chain.flatMap((link) => [link.type, link.name])].join('/');
    return armError(
      404,
      'ResourceNotFound',
      `The Resource '${names}' under resource group '${group.name}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  }
  return { path: resource.id, subscriptionId: sub.subscriptionId, resourceGroup: group.name };
}

function listLocks(ctx: ArmContext): EmulatorResponse {
  const scope = resolveScope(ctx, LOCKS, 'Microsoft.Authorization/locks/read', false);
  if (isResponse(scope)) return scope;
  const filter = ctx.url.searchParams.get('$filter');
  const atScope = filter !== null && /^\s*atScope\(\)\s*$/i.test(filter);
  if (filter !== null && !atScope) return armError(400, 'InvalidFilter', `The filter '${filter}' is not supported. Supported: atScope().`);
  return armPage(ctx, ctx.state.resources.locks.list(scope.path, atScope), lockToArm);
}

function getLock(ctx: ArmContext): EmulatorResponse {
  const scope = resolveScope(ctx, LOCKS, 'Microsoft.Authorization/locks/read', false);
  if (isResponse(scope)) return scope;
  const lock = ctx.state.resources.locks.get(scope.path, ctx.params['lockName'] ?? '');
  return lock
    ? jsonResponse(200, lockToArm(lock))
    : armError(404, 'LockNotFound', `The lock '${ctx.params['lockName']}' could not be found.`);
}

function putLock(ctx: ArmContext): EmulatorResponse {
  const scope = resolveScope(ctx, LOCKS, 'Microsoft.Authorization/locks/write', true);
  if (isResponse(scope)) return scope;
  const body = parseBody(ctx);
  if (isResponse(body)) return body;
  const properties = asDoc(body['properties']);
  const level = asString(properties['level']);
  const canonical = LOCK_LEVELS.find((candidate) => candidate.toLowerCase() === level?.toLowerCase());
  if (!canonical)
    return armError(
      400,
      'LockLevelInvalid',
      `The lock level '${level ?? ''}' is invalid. It must be one of '${LOCK_LEVELS.join("', '")}'.`,
    );
  const lock: ManagementLock = {
    scope: scope.path,
    name: ctx.params['lockName'] ?? '',
    level: canonical as LockLevel,
    ...(typeof properties['notes'] === 'string' ? { notes: properties['notes'] } : {}),
    ...(Array.isArray(properties['owners'])
      ? { owners: properties['owners'].map((owner) => ({ applicationId: asString(asDoc(owner)['applicationId']) ?? '' })) }
      : {}),
  };
  const end = beginChange(ctx, {
    subscriptionId: scope.subscriptionId,
    ...(scope.resourceGroup ? { resourceGroup: scope.resourceGroup } : {}),
    resourceId: lockId(lock),
    resourceType: 'Microsoft.Authorization/locks',
    operationName: 'Microsoft.Authorization/locks/write',
  });
  const locks = ctx.state.resources.locks;
  const created = locks.put(lock);
  end('Succeeded', created ? 201 : 200);
  return jsonResponse(created ? 201 : 200, lockToArm(locks.get(lock.scope, lock.name) ?? lock));
}

function deleteLock(ctx: ArmContext): EmulatorResponse {
  const scope = resolveScope(ctx, LOCKS, 'Microsoft.Authorization/locks/delete', true);
  if (isResponse(scope)) return scope;
  const locks = ctx.state.resources.locks;
  const existing = locks.get(scope.path, ctx.params['lockName'] ?? '');
  if (!existing) return emptyResponse(204);
  const end = beginChange(ctx, {
    subscriptionId: scope.subscriptionId,
    ...(scope.resourceGroup ? { resourceGroup: scope.resourceGroup } : {}),
    resourceId: lockId(existing),
    resourceType: 'Microsoft.Authorization/locks',
    operationName: 'Microsoft.Authorization/locks/delete',
  });
  locks.remove(existing.scope, existing.name);
  end('Succeeded', 200);
  return emptyResponse(200);
}
