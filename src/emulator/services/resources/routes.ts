// Generic resource routes: PUT/GET/PATCH/DELETE/HEAD of any provider resource (children to four
// levels), lists by type at group and subscription scope, child collections, GET views
// (instanceView, listUsages) and POST actions. Long-running types answer with ARM's LRO protocol; a PUT
// with If-None-Match: * only creates (412 PreconditionFailed when the resource exists).
// These patterns have few literal segments, so the Router prefers every more specific route
// (locks, tags, role assignments, ...) over them.
import { addArmRoute, armPage, isResponse, type ArmContext } from '../../core/arm.js';
import { armError, jsonResponse } from '../../core/errors.js';
import type { Router } from '../../core/router.js';
import type { EmulatorResponse } from '../../core/types.js';
import {
  actorOf,
  beginChange,
  emptyResponse,
  errorResponse,
  groupFor,
  parseBody,
  serializeOptions,
  startOperation,
  subscriptionFor,
  type ChangeInfo,
} from '../../core/resources/http.js';
import { fullType, parentPath, parseResourceSegments, pathSegments, resourceId, type ResourcePath } from '../../core/resources/ids.js';
import { scopeLockedError } from '../../core/resources/locks.js';
import type { ArmErrorInfo, StoredResource } from '../../core/resources/model.js';
import type { ResourceBehaviour, ResourceStore } from '../../core/resources/store.js';

const MAX_DEPTH = 4;
const GROUP_PROVIDERS = '/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/:namespace';

/** The generic resource routes (registered after groups, locks, tags and the activity log; see index.ts). */
export function registerArmResourceRoutes(router: Router): void {
  addArmRoute(router, 'GET', '/subscriptions/:subscriptionId/providers/:namespace/:type', listInSubscription);
  addArmRoute(router, 'GET', `${GROUP_PROVIDERS}/:type1`, listInGroup);
  let pattern = GROUP_PROVIDERS;
  for (let depth = 1; depth <= MAX_DEPTH; depth++) {
    pattern += `/:type${depth}/:name${depth}`;
    addArmRoute(router, 'GET', pattern, getResource);
    addArmRoute(router, 'HEAD', pattern, getResource);
    addArmRoute(router, 'PUT', pattern, (ctx) => writeResource(ctx, 'put'));
    addArmRoute(router, 'PATCH', pattern, (ctx) => writeResource(ctx, 'patch'));
    addArmRoute(router, 'DELETE', pattern, deleteResource);
    addArmRoute(router, 'GET', `${pattern}/:trailing`, getBelow);
    addArmRoute(router, 'POST', `${pattern}/:trailing`, postAction);
  }
}

interface Target {
  path: ResourcePath;
  type: string;
  behaviour: ResourceBehaviour;
  store: ResourceStore;
  subscriptionId: string;
  trailing?: string;
}

/** Parses the request path and checks subscription and group, with ARM's errors in ARM's order. */
function target(ctx: ArmContext, verb: string, write: boolean): Target | EmulatorResponse {
  const parsed = parseResourceSegments(pathSegments(ctx.url.pathname), true);
  if (!parsed) return armError(404, 'NotFound', `The requested path '${ctx.url.pathname}' was not found.`);
  const path = ctx.state.resources.catalog.canonicalPath(parsed.path);
  const type = fullType(path);
  const action = parsed.trailing && verb === 'action' ? `${type}/${parsed.trailing}/action` : `${type}/${verb}`;
  const sub = subscriptionFor(ctx, path.subscriptionId, action, write);
  if (isResponse(sub)) return sub;
  const group = groupFor(ctx, sub.subscriptionId, path.resourceGroup, write);
  if (isResponse(group)) return group;
  const store = ctx.state.resources;
  const parent = parentPath(path);
  if (parent && !store.get(resourceId(parent))) {
    return armError(
      404,
      'ParentResourceNotFound',
      `Can not perform requested operation on nested resource. Parent resource '${parent.chain.at(-1)?.name}' not found.`,
    );
  }
  return {
    path: { ...path, subscriptionId: sub.subscriptionId, resourceGroup: group.name },
    type,
    behaviour: store.behaviourFor(type),
    store,
    subscriptionId: sub.subscriptionId,
    ...(parsed.trailing ? { trailing: parsed.trailing } : {}),
  };
}

/** ARM's 404 for a type no registered provider has. */
function unknownType(ctx: ArmContext, type: string): EmulatorResponse | undefined {
  if (ctx.state.resources.isListableType(type)) return undefined;
  const [namespace, ...rest] = type.split('/');
  return armError(
    404,
    'InvalidResourceType',
    `The resource type '${rest.join('/')}' could not be found in the namespace '${namespace}' for api version '${ctx.apiVersion}'.`,
  );
}

function notFound(t: Target): EmulatorResponse {
  const names = [t.path.namespace, ...t.path.chain.flatMap((link) => [link.type, link.name])].join('/');
  return armError(
    404,
    'ResourceNotFound',
    `The Resource '${names}' under resource group '${t.path.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

function conflict(t: Target, resource: StoredResource | undefined, operation: string): ArmErrorInfo | undefined {
  const running = t.store.operations.running(resourceId(t.path));
  if (!running) return undefined;
  const name = resource?.name ?? t.path.chain.at(-1)?.name ?? '';
  return (
    t.behaviour.conflict?.(name, operation, running.name) ?? {
      status: 409,
      code: 'Conflict',
      message: `The operation '${operation}' on resource '${name}' cannot be performed now because operation '${running.name}' is in progress on it. Retry after that operation completes.`,
    }
  );
}

function preconditionFailed(existing: StoredResource): ArmErrorInfo {
  return {
    status: 412,
    code: 'PreconditionFailed',
    message: `The resource '${existing.id}' already exists and the request's If-None-Match: * condition allows only creating it. Nothing was changed.`,
  };
}

function changeInfo(t: Target, resource: { id: string }, operationName: string): ChangeInfo {
  return {
    subscriptionId: t.subscriptionId,
    resourceGroup: t.path.resourceGroup,
    resourceId: resource.id,
    resourceType: t.type,
    operationName,
  };
}

function listInSubscription(ctx: ArmContext): EmulatorResponse {
  const type = `${ctx.params['namespace']}/${ctx.params['type']}`;
  const sub = subscriptionFor(ctx, ctx.params['subscriptionId'] ?? '', `${type}/read`, false);
  if (isResponse(sub)) return sub;
  const unknown = unknownType(ctx, type);
  if (unknown) return unknown;
  return listOfType(ctx, type, 'subscription', ctx.state.resources.listInSubscription(sub.subscriptionId, type));
}

function listInGroup(ctx: ArmContext): EmulatorResponse {
  const type = `${ctx.params['namespace']}/${ctx.params['type1']}`;
  const sub = subscriptionFor(ctx, ctx.params['subscriptionId'] ?? '', `${type}/read`, false);
  if (isResponse(sub)) return sub;
  const group = groupFor(ctx, sub.subscriptionId, ctx.params['resourceGroupName'] ?? '', false);
  if (isResponse(group)) return group;
  const unknown = unknownType(ctx, type);
  if (unknown) return unknown;
  return listOfType(ctx, type, 'group', ctx.state.resources.listInGroup(sub.subscriptionId, group.name, type));
}

/** One page of a type's list, after the type's own checks of the query (VMs refuse some $expand uses). */
function listOfType(ctx: ArmContext, type: string, scope: 'group' | 'subscription', resources: StoredResource[]): EmulatorResponse {
  const store = ctx.state.resources;
  const options = serializeOptions(ctx);
  const list = store.behaviourFor(type).list?.({ store, scope, query: ctx.url.searchParams, resources, options });
  if (list?.kind === 'error') return errorResponse(list.error);
  if (list) return armPage(ctx, list.resources, list.serialize);
  return armPage(ctx, resources, (resource) => store.serialize(resource, options));
}

function getResource(ctx: ArmContext): EmulatorResponse {
  const t = target(ctx, 'read', false);
  if (isResponse(t)) return t;
  const resource = t.store.get(resourceId(t.path));
  if (ctx.method === 'HEAD') return emptyResponse(resource ? 204 : 404);
  return resource ? jsonResponse(200, t.store.serialize(resource, serializeOptions(ctx))) : notFound(t);
}

/** GET .../{name}/{x}: a view of the resource (instanceView, listUsages) or a child collection. */
function getBelow(ctx: ArmContext): EmulatorResponse {
  const t = target(ctx, 'read', false);
  if (isResponse(t)) return t;
  const resource = t.store.get(resourceId(t.path));
  if (!resource) return notFound(t);
  const view = t.behaviour.views?.[(t.trailing ?? '').toLowerCase()];
  if (view) {
    const result = view.handle({ store: t.store, resource, body: undefined, query: ctx.url.searchParams });
    if (result.kind === 'error') return errorResponse(result.error);
    return result.kind === 'response'
      ? jsonResponse(result.status, result.body ?? {})
      : armError(500, 'InternalServerError', 'A view cannot start an operation.');
  }
  const childType = `${resource.type}/${t.trailing}`;
  const children = t.store.childrenOf(resource.id, childType);
  if (children.length === 0 && !t.store.isListableType(childType)) {
    return armError(404, 'NotFound', `The requested path '${ctx.url.pathname}' was not found.`);
  }
  const options = serializeOptions(ctx);
  return armPage(ctx, children, (child) => t.store.serialize(child, options));
}

function writeResource(ctx: ArmContext, mode: 'put' | 'patch'): EmulatorResponse {
  const t = target(ctx, 'write', true);
  if (isResponse(t)) return t;
  const id = resourceId(t.path);
  const existing = t.store.get(id);
  if (mode === 'patch' && !existing) return notFound(t);
  const body = parseBody(ctx);
  if (isResponse(body)) return body;
  const locked = t.store.locks.blocking(id, 'write');
  if (locked.length > 0) return errorResponse(scopeLockedError(existing?.id ?? id, 'write', locked));
  const busy = conflict(t, existing, 'write');
  if (busy) return errorResponse(busy);
  // ARM's create-only condition: If-None-Match: * fails with 412 when the resource exists, changing nothing.
  if (mode === 'put' && existing && ctx.headers['if-none-match']?.trim() === '*') return errorResponse(preconditionFailed(existing));
  const declared = mode === 'patch' ? (t.behaviour.lro?.patch ?? t.behaviour.lro?.write) : t.behaviour.lro?.write;
  const style = declared === 'sync' ? undefined : declared;
  const failure = t.store.operations.takeFailure(id, t.type, 'write');
  const end = beginChange(ctx, changeInfo(t, existing ?? { id }, `${t.type}/write`));
  if (failure && !style) {
    end('Failed', failure.status, failure);
    return errorResponse(failure);
  }
  const written = t.store.writeResource({
    path: t.path,
    body,
    actor: actorOf(ctx.caller),
    mode,
    provisioningState: style ? (existing ? 'Updating' : 'Creating') : 'Succeeded',
  });
  if ('code' in written) {
    end('Failed', written.status, written);
    return errorResponse(written);
  }
  const { resource, created } = written;
  const status = created ? 201 : 200;
  if (!style) {
    end('Succeeded', status);
    return jsonResponse(status, t.store.serialize(resource));
  }
  const setState = (state: string): void => {
    const current = t.store.get(resource.id);
    if (current) current.provisioningState = state;
  };
  const { response } = startOperation(
    ctx,
    t.store,
    {
      subscriptionId: t.subscriptionId,
      namespace: t.path.namespace,
      location: resource.location ?? t.store.getGroup(t.subscriptionId, t.path.resourceGroup)?.location ?? 'eastus',
      resourceId: resource.id,
      resourceType: t.type,
      name: 'write',
      apply: () => setState('Succeeded'),
      revert: () => setState('Failed'),
      result: () => ({ status: 200, body: t.store.serialize(t.store.get(resource.id) ?? resource) }),
      ended: (operation) =>
        end(operation.status === 'Succeeded' ? 'Succeeded' : 'Failed', operation.error?.status ?? status, operation.error),
    },
    style,
    style === 'async' ? { status, body: t.store.serialize(resource) } : { status: 202 },
    failure,
  );
  return response;
}

function deleteResource(ctx: ArmContext): EmulatorResponse {
  const t = target(ctx, 'delete', true);
  if (isResponse(t)) return t;
  const resource = t.store.get(resourceId(t.path));
  // Deleting what is not there succeeds with 204, as ARM's delete is idempotent.
  if (!resource) return emptyResponse(204);
  const locked = t.store.locks.blocking(resource.id, 'delete');
  if (locked.length > 0) return errorResponse(scopeLockedError(resource.id, 'delete', locked));
  const busy = conflict(t, resource, 'delete');
  if (busy) return errorResponse(busy);
  const failure = t.store.operations.takeFailure(resource.id, t.type, 'delete');
  const end = beginChange(ctx, changeInfo(t, resource, `${t.type}/delete`));
  const refused = t.behaviour.beforeDelete?.(resource, t.store);
  if (refused) {
    end('Failed', refused.status, refused);
    return errorResponse(refused);
  }
  const style = t.behaviour.lro?.delete;
  if (!style) {
    if (failure) {
      end('Failed', failure.status, failure);
      return errorResponse(failure);
    }
    t.store.removeResource(resource.id);
    end('Succeeded', 200);
    return emptyResponse(200);
  }
  const before = resource.provisioningState;
  resource.provisioningState = 'Deleting';
  const { response } = startOperation(
    ctx,
    t.store,
    {
      subscriptionId: t.subscriptionId,
      namespace: t.path.namespace,
      location: resource.location ?? 'eastus',
      resourceId: resource.id,
      resourceType: t.type,
      name: 'delete',
      apply: () => void t.store.removeResource(resource.id),
      revert: () => void (resource.provisioningState = before),
      ended: (operation) => end(operation.status === 'Succeeded' ? 'Succeeded' : 'Failed', operation.error?.status ?? 200, operation.error),
    },
    style === 'async' ? 'both' : 'location',
    { status: 202 },
    failure,
  );
  return response;
}

function postAction(ctx: ArmContext): EmulatorResponse {
  const t = target(ctx, 'action', true);
  if (isResponse(t)) return t;
  const resource = t.store.get(resourceId(t.path));
  if (!resource) return notFound(t);
  const name = t.trailing ?? '';
  const action = t.behaviour.actions?.[name.toLowerCase()];
  if (!action) return armError(404, 'NotFound', `The requested path '${ctx.url.pathname}' was not found.`);
  const body = parseBody(ctx);
  if (isResponse(body)) return body;
  const locked = t.store.locks.blocking(resource.id, 'write');
  if (locked.length > 0) return errorResponse(scopeLockedError(resource.id, 'write', locked));
  const busy = conflict(t, resource, name);
  if (busy) return errorResponse(busy);
  const failure = t.store.operations.takeFailure(resource.id, t.type, name);
  const end = beginChange(ctx, changeInfo(t, resource, `${t.type}/${name}/action`));
  const result = action.handle({ store: t.store, resource, body, query: ctx.url.searchParams });
  if (result.kind === 'error' || (result.kind === 'response' && failure)) {
    const error = result.kind === 'error' ? result.error : (failure as ArmErrorInfo);
    end('Failed', error.status, error);
    return errorResponse(error);
  }
  if (result.kind === 'response') {
    end('Succeeded', result.status);
    return result.body === undefined ? emptyResponse(result.status) : jsonResponse(result.status, result.body);
  }
  result.begin();
  const { response } = startOperation(
    ctx,
    t.store,
    {
      subscriptionId: t.subscriptionId,
      namespace: t.path.namespace,
      location: resource.location ?? 'eastus',
      resourceId: resource.id,
      resourceType: t.type,
      name,
      apply: result.apply,
      revert: result.revert,
      ended: (operation) => end(operation.status === 'Succeeded' ? 'Succeeded' : 'Failed', operation.error?.status ?? 200, operation.error),
    },
    'both',
    { status: 202 },
    failure,
  );
  return response;
}
