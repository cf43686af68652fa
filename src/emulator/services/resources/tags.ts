// Microsoft.Resources tags: the tags of a subscription, resource group or resource through
// `/{scope}/providers/Microsoft.Resources/tags/default` (Tags_*AtScope), and the subscription's tag
// name/value summary (Tags_List at /subscriptions/{id}/tagNames).
import { addArmRoute, armPage, isResponse, type ArmContext } from '../../core/arm.js';
import { armError, jsonResponse } from '../../core/errors.js';
import type { Router } from '../../core/router.js';
import type { EmulatorResponse } from '../../core/types.js';
import { asDoc, asString, normalizeTags } from '../../core/resources/documents.js';
import { beginChange, errorResponse, parseBody, subscriptionFor } from '../../core/resources/http.js';
import { scopeLockedError } from '../../core/resources/locks.js';
import type { Doc } from '../../core/resources/model.js';
import { resolveScope, scopePatterns } from './locks.js';

const TAGS = 'providers/Microsoft.Resources/tags/default';

export function registerArmTagRoutes(router: Router): void {
  for (const scope of scopePatterns()) {
    addArmRoute(router, 'GET', `${scope}/${TAGS}`, getTags);
    addArmRoute(router, 'PUT', `${scope}/${TAGS}`, (ctx) => writeTags(ctx, 'put'));
    addArmRoute(router, 'PATCH', `${scope}/${TAGS}`, (ctx) => writeTags(ctx, 'patch'));
    addArmRoute(router, 'DELETE', `${scope}/${TAGS}`, (ctx) => writeTags(ctx, 'delete'));
  }
  addArmRoute(router, 'GET', '/subscriptions/:subscriptionId/tagNames', listTagNames);
}

interface TagHolder {
  scope: string;
  get(): Record<string, string>;
  set(tags: Record<string, string>): void;
}

function holder(ctx: ArmContext, write: boolean): (TagHolder & { subscriptionId: string; resourceGroup?: string }) | EmulatorResponse {
  const scope = resolveScope(ctx, TAGS, write ? 'Microsoft.Resources/tags/write' : 'Microsoft.Resources/tags/read', write);
  if (isResponse(scope)) return scope;
  const store = ctx.state.resources;
  const base = {
    scope: scope.path,
    subscriptionId: scope.subscriptionId,
    ...(scope.resourceGroup ? { resourceGroup: scope.resourceGroup } : {}),
  };
  const resource = store.get(scope.path);
  if (resource) return { ...base, get: () => resource.tags ?? {}, set: (tags) => void (resource.tags = tags) };
  const group = scope.resourceGroup ? store.getGroup(scope.subscriptionId, scope.resourceGroup) : undefined;
  if (group) return { ...base, get: () => group.tags ?? {}, set: (tags) => void (group.tags = tags) };
  const subscription = ctx.state.subscriptions.get(scope.subscriptionId.toLowerCase());
  if (!subscription) return armError(404, 'SubscriptionNotFound', `The subscription '${scope.subscriptionId}' could not be found.`);
  return { ...base, get: () => subscription.tags, set: (tags) => void (subscription.tags = tags) };
}

/** GetTagsResource.json's shape. */
function tagsResource(scope: string, tags: Record<string, string>): Doc {
  return { id: `${scope}/providers/Microsoft.Resources/tags/default`, properties: { tags: { ...tags } } };
}

function getTags(ctx: ArmContext): EmulatorResponse {
  const found = holder(ctx, false);
  return isResponse(found) ? found : jsonResponse(200, tagsResource(found.scope, found.get()));
}

function writeTags(ctx: ArmContext, mode: 'put' | 'patch' | 'delete'): EmulatorResponse {
  const found = holder(ctx, true);
  if (isResponse(found)) return found;
  const body = parseBody(ctx);
  if (isResponse(body)) return body;
  const locked = ctx.state.resources.locks.blocking(found.scope, 'write');
  if (locked.length > 0) return errorResponse(scopeLockedError(found.scope, 'write', locked));
  const given = normalizeTags(asDoc(body['properties'])['tags']) ?? {};
  const current = found.get();
  let next: Record<string, string>;
  if (mode === 'delete') next = {};
  else if (mode === 'put') next = given;
  else {
    const operation = (asString(body['operation']) ?? '').toLowerCase();
    if (operation === 'merge') next = { ...current, ...given };
    else if (operation === 'replace') next = given;
    else if (operation === 'delete')
      next = Object.fromEntries(
        Object.entries(current).filter(([name, value]) => !(name in given) || (given[name] !== '' && given[name] !== value)),
      );
    else
      return armError(
        400,
        'InvalidTagOperation',
        `The tag patch operation '${asString(body['operation']) ?? ''}' is invalid. Valid operations are 'Merge', 'Replace' and 'Delete'.`,
      );
  }
  const end = beginChange(ctx, {
    subscriptionId: found.subscriptionId,
    ...(found.resourceGroup ? { resourceGroup: found.resourceGroup } : {}),
    resourceId: found.scope,
    resourceType: 'Microsoft.Resources/tags',
    operationName: mode === 'delete' ? 'Microsoft.Resources/tags/delete' : 'Microsoft.Resources/tags/write',
  });
  found.set(next);
  end('Succeeded', 200);
  return mode === 'delete' ? { status: 200, headers: {}, body: '' } : jsonResponse(200, tagsResource(found.scope, next));
}

/** Tags_List: every tag name in the subscription's groups and resources, with value counts. */
function listTagNames(ctx: ArmContext): EmulatorResponse {
  const sub = subscriptionFor(ctx, ctx.params['subscriptionId'] ?? '', 'Microsoft.Resources/subscriptions/tagNames/read', false);
  if (isResponse(sub)) return sub;
  const store = ctx.state.resources;
  const counts = new Map<string, { name: string; total: number; values: Map<string, { value: string; count: number }> }>();
  const tagSets = [
    ...store.listGroups(sub.subscriptionId).map((group) => group.tags),
    ...store.listInSubscription(sub.subscriptionId).map((resource) => resource.tags),
  ];
  for (const tags of tagSets) {
    for (const [name, value] of Object.entries(tags ?? {})) {
      const entry = counts.get(name.toLowerCase()) ?? { name, total: 0, values: new Map() };
      entry.total += 1;
      const valueEntry = entry.values.get(value.toLowerCase()) ?? { value, count: 0 };
      valueEntry.count += 1;
      entry.values.set(value.toLowerCase(), valueEntry);
      counts.set(name.toLowerCase(), entry);
    }
  }
  const base = `/subscriptions/${sub.subscriptionId}/tagNames`;
  return armPage(ctx, [...counts.values()], (entry) => ({
    id: `${base}/${entry.name}`,
    tagName: entry.name,
    count: { type: 'Total', value: entry.total },
    values: [...entry.values.values()].map((value) => ({
      id: `${base}/${entry.name}/tagValues/${value.value}`,
      tagValue: value.value,
      count: { type: 'Total', value: value.count },
    })),
  }));
}
