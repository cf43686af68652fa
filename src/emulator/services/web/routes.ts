// App Service operations that are not generic resource reads and writes: app settings and connection strings
// (PUT replaces them all, POST .../list reads them: Azure's StringDictionary and ConnectionStringDictionary),
// the container's last log lines (POST .../containerlogs, octet-stream, 204 when there are none), the site
// DELETE (404 for a missing site; an emptied plan is deleted too unless deleteEmptyServerFarm=false) and
// checknameavailability (site names are global). Their patterns name Microsoft.Web/sites literally, so the
// router prefers them to the generic resource routes.
import { addArmRoute, isResponse, type ArmContext } from '../../core/arm.js';
import { armError, jsonResponse } from '../../core/errors.js';
import { asString, isDoc } from '../../core/resources/documents.js';
import { beginChange, emptyResponse, errorResponse, groupFor, parseBody, subscriptionFor } from '../../core/resources/http.js';
import { idKey } from '../../core/resources/ids.js';
import { scopeLockedError } from '../../core/resources/locks.js';
import type { Doc, StoredResource } from '../../core/resources/model.js';
import type { Router } from '../../core/router.js';
import type { EmulatorResponse } from '../../core/types.js';
import { PLAN_TYPE, SITE_TYPE } from './site-rules.js';
import { CONNECTION_STRING_TYPES, type ConnectionStringValue } from './site-data.js';

const SITE = '/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.Web/sites/:name';

export function registerWebRoutes(router: Router): void {
  addArmRoute(router, 'PUT', `${SITE}/config/appsettings`, (ctx) => replaceSettings(ctx, 'appsettings'));
  addArmRoute(router, 'POST', `${SITE}/config/appsettings/list`, (ctx) => listSettings(ctx, 'appsettings'));
  addArmRoute(router, 'PUT', `${SITE}/config/connectionstrings`, (ctx) => replaceSettings(ctx, 'connectionstrings'));
  addArmRoute(router, 'POST', `${SITE}/config/connectionstrings/list`, (ctx) => listSettings(ctx, 'connectionstrings'));
  addArmRoute(router, 'POST', `${SITE}/containerlogs`, containerLogs);
  addArmRoute(router, 'DELETE', SITE, deleteSite);
  addArmRoute(router, 'POST', '/subscriptions/:subscriptionId/providers/Microsoft.Web/checknameavailability', checkName);
}

type SettingsKind = 'appsettings' | 'connectionstrings';

/** The site a request names, after ARM's subscription and group checks; ARM's 404 when it is missing. */
function siteFor(ctx: ArmContext, action: string, write: boolean): StoredResource | EmulatorResponse {
  const sub = subscriptionFor(ctx, ctx.params['subscriptionId'] ?? '', action, write);
  if (isResponse(sub)) return sub;
  const group = groupFor(ctx, sub.subscriptionId, ctx.params['resourceGroupName'] ?? '', write);
  if (isResponse(group)) return group;
  const name = ctx.params['name'] ?? '';
  const id = `/subscriptions/${sub.subscriptionId}/resourceGroups/${group.name}/providers/Microsoft.Web/sites/${name}`;
  const site = ctx.state.resources.get(id);
  if (site) return site;
  return armError(
    404,
    'ResourceNotFound',
    `The Resource 'Microsoft.Web/sites/${name}' under resource group '${group.name}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

function settingsBody(site: StoredResource, kind: SettingsKind): Doc {
  const properties = kind === 'appsettings' ? (site.runtime.appSettings ?? {}) : (site.runtime.connectionStrings ?? {});
  return {
    id: `${site.id}/config/${kind}`,
    name: kind,
    type: 'Microsoft.Web/sites/config',
    kind: site.doc['kind'] ?? 'app',
    location: site.location,
    properties: structuredClone(properties),
  };
}

/** Reads that are POSTs are blocked by a ReadOnly lock, as Azure documents for list actions. */
function readOnlyLocked(ctx: ArmContext, site: StoredResource): EmulatorResponse | undefined {
  const locked = ctx.state.resources.locks.blocking(site.id, 'write');
  return locked.length > 0 ? errorResponse(scopeLockedError(site.id, 'write', locked)) : undefined;
}

function listSettings(ctx: ArmContext, kind: SettingsKind): EmulatorResponse {
  const site = siteFor(ctx, `${SITE_TYPE}/config/list/action`, false);
  if (isResponse(site)) return site;
  return readOnlyLocked(ctx, site) ?? jsonResponse(200, settingsBody(site, kind));
}

/** What the body's `properties` must be: string values (app settings), {value, type} (connection strings). */
function parseSettings(body: Doc, kind: SettingsKind): Record<string, string> | Record<string, ConnectionStringValue> | string {
  const properties = body['properties'];
  if (!isDoc(properties)) return "The request body must have a 'properties' object.";
  if (kind === 'appsettings') {
    const settings: Record<string, string> = {};
    for (const [name, value] of Object.entries(properties)) {
      if (typeof value !== 'string') return `The value of app setting '${name}' must be a string.`;
      if (!/^[^\s=]+$/.test(name)) return `'${name}' is not a valid app setting name.`;
      settings[name] = value;
    }
    return settings;
  }
  const strings: Record<string, ConnectionStringValue> = {};
  for (const [name, value] of Object.entries(properties)) {
    if (!isDoc(value) || typeof value['value'] !== 'string') return `Connection string '${name}' must have a string 'value'.`;
    const type = asString(value['type']) ?? 'Custom';
    const known = CONNECTION_STRING_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
    if (!known) return `'${type}' is not a connection string type. Use one of ${CONNECTION_STRING_TYPES.join(', ')}.`;
    strings[name] = { value: value['value'], type: known };
  }
  return strings;
}

function replaceSettings(ctx: ArmContext, kind: SettingsKind): EmulatorResponse {
  const site = siteFor(ctx, `${SITE_TYPE}/config/write`, true);
  if (isResponse(site)) return site;
  const body = parseBody(ctx);
  if (isResponse(body)) return body;
  const parsed = parseSettings(body, kind);
  if (typeof parsed === 'string') return armError(400, 'BadRequest', parsed);
  const locked = ctx.state.resources.locks.blocking(site.id, 'write');
  if (locked.length > 0) return errorResponse(scopeLockedError(site.id, 'write', locked));
  const end = beginChange(ctx, {
    subscriptionId: site.path.subscriptionId,
    resourceGroup: site.path.resourceGroup,
    resourceId: `${site.id}/config/${kind}`,
    resourceType: `${SITE_TYPE}/config`,
    operationName: `${SITE_TYPE}/config/write`,
  });
  // PUT replaces: whatever the body does not list is gone, as in Azure.
  if (kind === 'appsettings') site.runtime.appSettings = parsed as Record<string, string>;
  else site.runtime.connectionStrings = parsed as Record<string, ConnectionStringValue>;
  end('Succeeded', 200);
  return jsonResponse(200, settingsBody(site, kind));
}

function containerLogs(ctx: ArmContext): EmulatorResponse {
  const site = siteFor(ctx, `${SITE_TYPE}/containerlogs/action`, false);
  if (isResponse(site)) return site;
  const locked = readOnlyLocked(ctx, site);
  if (locked) return locked;
  const lines = site.runtime.containerLog ?? [];
  if (lines.length === 0) return emptyResponse(204);
  return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: `${lines.join('\n')}\n` };
}

function deleteSite(ctx: ArmContext): EmulatorResponse {
  const site = siteFor(ctx, `${SITE_TYPE}/delete`, true);
  if (isResponse(site)) return site;
  const store = ctx.state.resources;
  const locked = store.locks.blocking(site.id, 'delete');
  if (locked.length > 0) return errorResponse(scopeLockedError(site.id, 'delete', locked));
  const failure = store.operations.takeFailure(site.id, SITE_TYPE, 'delete');
  const end = beginChange(ctx, {
    subscriptionId: site.path.subscriptionId,
    resourceGroup: site.path.resourceGroup,
    resourceId: site.id,
    resourceType: SITE_TYPE,
    operationName: `${SITE_TYPE}/delete`,
  });
  if (failure) {
    end('Failed', failure.status, failure);
    return errorResponse(failure);
  }
  const planId = asString(site.doc.properties['serverFarmId']);
  store.removeResource(site.id);
  end('Succeeded', 200);
  // By default an App Service plan left without apps is deleted with its last one (unless it is locked).
  const plan = planId ? store.get(planId) : undefined;
  const keepPlan = ctx.url.searchParams.get('deleteEmptyServerFarm')?.toLowerCase() === 'false';
  if (plan && plan.type.toLowerCase() === PLAN_TYPE.toLowerCase() && !keepPlan) {
    const empty = !store
      .listInSubscription(plan.path.subscriptionId, SITE_TYPE)
      .some((other) => idKey(asString(other.doc.properties['serverFarmId']) ?? '') === idKey(plan.id));
    if (empty && store.locks.blocking(plan.id, 'delete').length === 0) {
      const planEnd = beginChange(ctx, {
        subscriptionId: plan.path.subscriptionId,
        resourceGroup: plan.path.resourceGroup,
        resourceId: plan.id,
        resourceType: PLAN_TYPE,
        operationName: `${PLAN_TYPE}/delete`,
      });
      store.removeResource(plan.id);
      planEnd('Succeeded', 200);
    }
  }
  return emptyResponse(200);
}

const SITE_NAME = /^(?=.{2,60}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/;

function checkName(ctx: ArmContext): EmulatorResponse {
  const sub = subscriptionFor(ctx, ctx.params['subscriptionId'] ?? '', 'Microsoft.Web/checknameavailability/action', false);
  if (isResponse(sub)) return sub;
  const body = parseBody(ctx);
  if (isResponse(body)) return body;
  const name = asString(body['name']) ?? '';
  const type = asString(body['type']) ?? '';
  if (!name || !type) return armError(400, 'BadRequest', "The request body must name 'name' and 'type'.");
  if (!['site', 'slot', 'microsoft.web/sites', 'microsoft.web/sites/slots'].includes(type.toLowerCase()))
    return jsonResponse(200, { nameAvailable: true });
  if (!SITE_NAME.test(name))
    return jsonResponse(200, {
      nameAvailable: false,
      reason: 'Invalid',
      message: `The name '${name}' is not valid. It can contain only letters, numbers and hyphens, must be 2 to 60 characters long, and cannot start or end with a hyphen.`,
    });
  const taken = ctx.state.resources
    .allResources()
    .some((r) => r.type.toLowerCase() === SITE_TYPE.toLowerCase() && r.name.toLowerCase() === name.toLowerCase());
  return jsonResponse(
    200,
    taken
      ? { nameAvailable: false, reason: 'AlreadyExists', message: `Hostname '${name}' already exists. Please select a different name.` }
      : { nameAvailable: true },
  );
}
