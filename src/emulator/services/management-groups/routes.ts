// Microsoft.Management management groups, read side (package @azure/arm-managementgroups,
// api-version 2021-04-01): list, and get with `$expand=children|path|ancestors` and `$recurse=true`.
import { addArmRoute, authorizationFailed, type ArmContext, type ArmRouteOptions } from '../../core/arm.js';
import { armError, jsonResponse } from '../../core/errors.js';
import type { ManagementGroup } from './state.js';
import { managementGroupScope } from './scopes.js';
import type { Router } from '../../core/router.js';
import type { EmulatorResponse } from '../../core/types.js';

const API_VERSIONS: ArmRouteOptions = {
  apiVersions: ['2023-04-01', '2021-04-01', '2020-10-01', '2020-05-01', '2020-02-01', '2019-11-01', '2018-03-01-preview'],
};
const GROUP_TYPE = 'Microsoft.Management/managementGroups';
const READ = 'Microsoft.Management/managementGroups/read';

export function registerManagementGroupRoutes(router: Router): void {
  addArmRoute(router, 'GET', '/providers/Microsoft.Management/managementGroups', listGroups, API_VERSIONS);
  addArmRoute(router, 'GET', '/providers/Microsoft.Management/managementGroups/:groupId', getGroup, API_VERSIONS);
}

/** Every group of the caller's tenant (the emulator lets any principal read the hierarchy). */
function visibleGroups(ctx: ArmContext): ManagementGroup[] {
  return [...ctx.state.managementGroups.groups.values()].filter((group) => group.tenantId === ctx.caller.tenantId);
}

function listGroups(ctx: ArmContext): EmulatorResponse {
  const items = visibleGroups(ctx).map((group) => ({
    id: managementGroupScope(group.id),
    type: GROUP_TYPE,
    name: group.id,
    properties: { tenantId: group.tenantId, displayName: group.displayName },
  }));
  const skipToken = ctx.url.searchParams.get('$skiptoken');
  const offset = skipToken === null ? 0 : Number.parseInt(skipToken, 10);
  if (!Number.isInteger(offset) || offset < 0) return armError(400, 'InvalidSkipToken', `The skip token '${skipToken}' is invalid.`);
  const end = offset + ctx.options.pageSize;
  let nextLink: string | null = null;
  if (end < items.length) {
    const next = new URL(ctx.url.href);
    next.searchParams.set('$skiptoken', String(end));
    nextLink = next.href;
  }
  // Unlike most of ARM, this list always carries nextLink, null on the last page (ListManagementGroups.json).
  return jsonResponse(200, { value: items.slice(offset, end), nextLink });
}

function getGroup(ctx: ArmContext): EmulatorResponse {
  const groupId = ctx.params['groupId'] ?? '';
  const group = ctx.state.managementGroups.get(groupId);
  if (!group || group.tenantId !== ctx.caller.tenantId) return authorizationFailed(ctx.caller, READ, managementGroupScope(groupId));
  const expand = (ctx.url.searchParams.get('$expand') ?? '')
    .toLowerCase()
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const recurse = ctx.url.searchParams.get('$recurse')?.toLowerCase() === 'true';
  if (recurse && !expand.includes('children')) {
    return armError(400, 'BadRequest', "The '$recurse' query parameter is only valid together with '$expand=children'.");
  }
  const groups = ctx.state.managementGroups;
  const parent = group.parentId === undefined ? undefined : groups.get(group.parentId);
  const details: Record<string, unknown> = {
    version: group.version,
    updatedTime: group.updatedTime,
    updatedBy: group.updatedBy,
    parent: parent ? { id: managementGroupScope(parent.id), name: parent.id, displayName: parent.displayName } : null,
  };
  const above = groups.ancestry(group.parentId);
  if (expand.includes('path'))
    details['path'] = [...above].reverse().map((id) => ({ name: id, displayName: groups.get(id)?.displayName ?? id }));
  if (expand.includes('ancestors')) details['managementGroupAncestors'] = above;
  const properties: Record<string, unknown> = { tenantId: group.tenantId, displayName: group.displayName, details };
  // The one documented filter: `children.childType ne Subscription` leaves subscriptions out.
  const filter = ctx.url.searchParams.get('$filter');
  const groupsOnly = filter !== null && /^\s*children\.childType\s+ne\s+'?Subscription'?\s*$/i.test(filter);
  if (filter !== null && !groupsOnly) return armError(400, 'BadRequest', `The filter '${filter}' is not supported.`);
  if (expand.includes('children')) properties['children'] = children(ctx, group.id, recurse, groupsOnly);
  return jsonResponse(200, { id: managementGroupScope(group.id), type: GROUP_TYPE, name: group.id, properties });
}

/** Child groups first, then subscriptions, as the portal's hierarchy view lists them. */
function children(ctx: ArmContext, groupId: string, recurse: boolean, groupsOnly: boolean): Record<string, unknown>[] {
  const groups = ctx.state.managementGroups;
  const childGroups = groups.childGroups(groupId).map((child) => ({
    id: managementGroupScope(child.id),
    type: GROUP_TYPE,
    name: child.id,
    displayName: child.displayName,
    ...(recurse ? { children: children(ctx, child.id, true, groupsOnly) } : {}),
  }));
  if (groupsOnly) return childGroups;
  const subscriptions = groups.childSubscriptions(ctx.state, groupId).map((sub) => ({
    id: `/subscriptions/${sub.subscriptionId}`,
    type: '/subscriptions',
    name: sub.subscriptionId,
    displayName: sub.displayName,
  }));
  return [...childGroups, ...subscriptions];
}
