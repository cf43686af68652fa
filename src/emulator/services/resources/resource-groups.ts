// Microsoft.Resources resource groups (ResourceGroups_*), the generic resource lists
// (Resources_ListByResourceGroup / Resources_List) and the status URLs of long-running operations.
import { addArmRoute, armPage, isResponse, type ArmContext } from '../../core/arm.js';
import { armError, jsonResponse } from '../../core/errors.js';
import type { Router } from '../../core/router.js';
import type { EmulatorResponse } from '../../core/types.js';
import { asDoc, asString, normalizeTags } from '../../core/resources/documents.js';
import {
  beginChange,
  emptyResponse,
  errorResponse,
  groupFor,
  groupNotFound,
  parseBody,
  retryAfterHeader,
  startOperation,
  subscriptionFor,
} from '../../core/resources/http.js';
import { groupId } from '../../core/resources/ids.js';
import { scopeLockedError } from '../../core/resources/locks.js';
import { locationUrl, operationStatusBody } from '../../core/resources/lro.js';
import type { Doc, ResourceGroup, StoredResource } from '../../core/resources/model.js';
import { filterResources, parseResourceFilter, topOf } from '../../core/resources/filters.js';

const GROUP_TYPE = 'Microsoft.Resources/resourceGroups';
const READ = 'Microsoft.Resources/subscriptions/resourceGroups/read';
const WRITE = 'Microsoft.Resources/subscriptions/resourceGroups/write';
const DELETE = 'Microsoft.Resources/subscriptions/resourceGroups/delete';
const GROUP = '/subscriptions/:subscriptionId/resourcegroups/:resourceGroupName';

export function groupToArm(group: ResourceGroup): Doc {
  return {
    id: groupId(group.subscriptionId, group.name),
    name: group.name,
    type: GROUP_TYPE,
    location: group.location,
    ...(group.managedBy ? { managedBy: group.managedBy } : {}),
    ...(group.tags ? { tags: { ...group.tags } } : {}),
    properties: { provisioningState: group.provisioningState },
  };
}

/** Resources_List's GenericResourceExpanded: the envelope without properties, plus what $expand asks. */
function genericToArm(resource: StoredResource, expand: string[]): Doc {
  const body: Doc = { id: resource.id, name: resource.name, type: resource.type };
  if (resource.location) body['location'] = resource.location;
  if (resource.tags) body['tags'] = { ...resource.tags };
  for (const key of ['kind', 'sku', 'identity', 'managedBy', 'plan', 'zones', 'extendedLocation'])
    if (resource.doc[key] !== undefined) body[key] = structuredClone(resource.doc[key]);
  if (expand.includes('createdtime')) body['createdTime'] = resource.created.at;
  if (expand.includes('changedtime')) body['changedTime'] = resource.modified.at;
  if (expand.includes('provisioningstate')) body['provisioningState'] = resource.provisioningState;
  return body;
}

function listResources(ctx: ArmContext, resources: StoredResource[]): EmulatorResponse {
  const filter = parseResourceFilter(ctx.url.searchParams.get('$filter'));
  if ('code' in filter) return errorResponse(filter);
  const top = topOf(ctx);
  if (typeof top !== 'number') return top;
  const expand = (ctx.url.searchParams.get('$expand') ?? '')
    .toLowerCase()
    .split(',')
    .map((value) => value.trim());
  return armPage(ctx, filterResources(resources, filter), (resource) => genericToArm(resource, expand), top);
}

export function registerArmResourceGroupRoutes(router: Router): void {
  addArmRoute(router, 'GET', '/subscriptions/:subscriptionId/resourcegroups', (ctx) => {
    const sub = subscriptionFor(ctx, ctx.params['subscriptionId'] ?? '', READ, false);
    if (isResponse(sub)) return sub;
    const filter = parseResourceFilter(ctx.url.searchParams.get('$filter'));
    if ('code' in filter) return errorResponse(filter);
    const top = topOf(ctx);
    if (typeof top !== 'number') return top;
    const groups = ctx.state.resources
      .listGroups(sub.subscriptionId)
      .filter((group) => filter.every((clause) => clause.test({ name: group.name, location: group.location, tags: group.tags })));
    return armPage(ctx, groups, groupToArm, top);
  });

  addArmRoute(router, 'GET', GROUP, (ctx) => {
    const sub = subscriptionFor(ctx, ctx.params['subscriptionId'] ?? '', READ, false);
    if (isResponse(sub)) return sub;
    const group = groupFor(ctx, sub.subscriptionId, ctx.params['resourceGroupName'] ?? '', false);
    return isResponse(group) ? group : jsonResponse(200, groupToArm(group));
  });

  addArmRoute(router, 'HEAD', GROUP, (ctx) => {
    const sub = subscriptionFor(ctx, ctx.params['subscriptionId'] ?? '', READ, false);
    if (isResponse(sub)) return sub;
    return emptyResponse(ctx.state.resources.getGroup(sub.subscriptionId, ctx.params['resourceGroupName'] ?? '') ? 204 : 404);
  });

  addArmRoute(router, 'PUT', GROUP, (ctx) => writeGroup(ctx, 'put'));
  addArmRoute(router, 'PATCH', GROUP, (ctx) => writeGroup(ctx, 'patch'));
  addArmRoute(router, 'DELETE', GROUP, deleteGroup);

  addArmRoute(router, 'GET', `${GROUP}/resources`, (ctx) => {
    const sub = subscriptionFor(
      ctx,
      ctx.params['subscriptionId'] ?? '',
      'Microsoft.Resources/subscriptions/resourceGroups/resources/read',
      false,
    );
    if (isResponse(sub)) return sub;
    const group = groupFor(ctx, sub.subscriptionId, ctx.params['resourceGroupName'] ?? '', false);
    if (isResponse(group)) return group;
    return listResources(ctx, ctx.state.resources.listInGroup(sub.subscriptionId, group.name));
  });

  addArmRoute(router, 'GET', '/subscriptions/:subscriptionId/resources', (ctx) => {
    const sub = subscriptionFor(ctx, ctx.params['subscriptionId'] ?? '', 'Microsoft.Resources/subscriptions/resources/read', false);
    if (isResponse(sub)) return sub;
    return listResources(ctx, ctx.state.resources.listInSubscription(sub.subscriptionId));
  });

  // Status URLs handed out by long-running operations (see core/resources/lro.ts).
  addArmRoute(router, 'GET', '/subscriptions/:subscriptionId/providers/:namespace/locations/:location/operations/:operationId', (ctx) =>
    pollOperation(ctx, 'status'),
  );
  addArmRoute(
    router,
    'GET',
    '/subscriptions/:subscriptionId/providers/:namespace/locations/:location/operationResults/:operationId',
    (ctx) => pollOperation(ctx, 'result'),
  );
  addArmRoute(router, 'GET', '/subscriptions/:subscriptionId/operationresults/:operationId', (ctx) => pollOperation(ctx, 'result'));
}

function writeGroup(ctx: ArmContext, mode: 'put' | 'patch'): EmulatorResponse {
  const sub = subscriptionFor(ctx, ctx.params['subscriptionId'] ?? '', WRITE, true);
  if (isResponse(sub)) return sub;
  const store = ctx.state.resources;
  const name = ctx.params['resourceGroupName'] ?? '';
  const body = parseBody(ctx);
  if (isResponse(body)) return body;
  const existing = store.getGroup(sub.subscriptionId, name);
  if (mode === 'patch' && !existing) return groupNotFound(name);
  if (existing?.provisioningState === 'Deleting')
    return armError(
      409,
      'ResourceGroupBeingDeleted',
      `The resource group '${existing.name}' is in deprovisioning state and cannot perform this operation.`,
    );
  const location = asString(body['location']);
  if (mode === 'put' && !location) return armError(400, 'LocationRequired', 'The location property is required for this definition.');
  if (existing && location && location.toLowerCase().replace(/\s+/g, '') !== existing.location) {
    return armError(
      409,
      'InvalidResourceGroupLocation',
      `Invalid resource group location '${location}'. The Resource group already exists in location '${existing.location}'.`,
    );
  }
  const id = groupId(sub.subscriptionId, existing?.name ?? name);
  const locked = store.locks.blocking(id, 'write');
  if (existing && locked.length > 0) return errorResponse(scopeLockedError(id, 'write', locked));
  const end = beginChange(ctx, {
    subscriptionId: sub.subscriptionId,
    resourceGroup: existing?.name ?? name,
    resourceId: id,
    resourceType: GROUP_TYPE,
    operationName: WRITE,
  });
  const failure = store.operations.takeFailure(id, GROUP_TYPE, 'write');
  if (failure) {
    end('Failed', failure.status, failure);
    return errorResponse(failure);
  }
  const tags = 'tags' in body ? normalizeTags(body['tags']) : mode === 'patch' ? existing?.tags : undefined;
  const managedBy = asString(body['managedBy']) ?? (mode === 'patch' ? existing?.managedBy : undefined);
  const { group, created } = store.putGroup({
    subscriptionId: sub.subscriptionId,
    name,
    location: location ?? existing?.location ?? '',
    ...(tags ? { tags } : {}),
    ...(managedBy ? { managedBy } : {}),
  });
  end('Succeeded', created ? 201 : 200);
  return jsonResponse(created ? 201 : 200, groupToArm(group));
}

function deleteGroup(ctx: ArmContext): EmulatorResponse {
  const sub = subscriptionFor(ctx, ctx.params['subscriptionId'] ?? '', DELETE, true);
  if (isResponse(sub)) return sub;
  const store = ctx.state.resources;
  const group = store.getGroup(sub.subscriptionId, ctx.params['resourceGroupName'] ?? '');
  if (!group) return groupNotFound(ctx.params['resourceGroupName'] ?? '');
  const id = groupId(group.subscriptionId, group.name);
  if (group.provisioningState === 'Deleting')
    return emptyResponse(202, { location: `${ctx.url.origin}${ctx.url.pathname}?api-version=${ctx.apiVersion}` });
  const locked = store.locks.blocking(id, 'delete');
  if (locked.length > 0) return errorResponse(scopeLockedError(id, 'delete', locked));
  const end = beginChange(ctx, {
    subscriptionId: sub.subscriptionId,
    resourceGroup: group.name,
    resourceId: id,
    resourceType: GROUP_TYPE,
    operationName: DELETE,
  });
  const failure = store.operations.takeFailure(id, GROUP_TYPE, 'delete');
  const members = store.listInGroup(group.subscriptionId, group.name);
  const before = new Map(members.map((resource) => [resource, resource.provisioningState]));
  group.provisioningState = 'Deleting';
  for (const resource of members) resource.provisioningState = 'Deleting';
  const { response } = startOperation(
    ctx,
    store,
    {
      subscriptionId: sub.subscriptionId,
      namespace: 'Microsoft.Resources',
      location: group.location,
      resourceId: id,
      resourceType: GROUP_TYPE,
      name: 'delete',
      apply: () => store.removeGroup(group.subscriptionId, group.name),
      revert: () => {
        group.provisioningState = 'Succeeded';
        for (const [resource, state] of before) resource.provisioningState = state;
      },
      ended: (operation) => end(operation.status === 'Succeeded' ? 'Succeeded' : 'Failed', operation.error?.status ?? 200, operation.error),
    },
    'location',
    { status: 202 },
    failure,
  );
  return response;
}

function pollOperation(ctx: ArmContext, kind: 'status' | 'result'): EmulatorResponse {
  const sub = subscriptionFor(ctx, ctx.params['subscriptionId'] ?? '', 'Microsoft.Resources/subscriptions/operationresults/read', false);
  if (isResponse(sub)) return sub;
  const operation = ctx.state.resources.operations.get(ctx.params['operationId'] ?? '');
  if (!operation || operation.subscriptionId.toLowerCase() !== sub.subscriptionId.toLowerCase()) {
    return armError(404, 'OperationNotFound', `The operation '${ctx.params['operationId']}' could not be found.`);
  }
  if (kind === 'status')
    return jsonResponse(200, operationStatusBody(operation), operation.status === 'InProgress' ? retryAfterHeader(ctx) : {});
  if (operation.status === 'InProgress')
    return emptyResponse(202, { location: locationUrl(ctx.url.origin, operation, ctx.apiVersion), ...retryAfterHeader(ctx) });
  if (operation.status === 'Failed') {
    const error = operation.error ?? { status: 500, code: 'InternalServerError', message: 'The operation failed.' };
    return armError(error.status, error.code, error.message);
  }
  const result = operation.result?.() ?? { status: 200 };
  return result.body === undefined ? emptyResponse(result.status) : jsonResponse(result.status, asDoc(result.body));
}
