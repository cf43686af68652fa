// Container Registry's ARM routes beyond the generic resource ones: Registries_CheckNameAvailability (subscription
// level), Registries_ScheduleRun (a task run, 2019-06-01-preview) and Runs_List (newest first, $top and a simple
// $filter), plus the run log blobs (run-logs.ts). Their paths have more literal segments than the generic resource
// routes, so the router prefers them.
import { addArmRoute, armPage, isResponse, type ArmContext } from '../../core/arm.js';
import { armError, jsonResponse } from '../../core/errors.js';
import type { Router } from '../../core/router.js';
import type { EmulatorResponse } from '../../core/types.js';
import { actorOf, beginChange, errorResponse, groupFor, parseBody, subscriptionFor } from '../../core/resources/http.js';
import { asString } from '../../core/resources/documents.js';
import { scopeLockedError } from '../../core/resources/locks.js';
import type { StoredResource } from '../../core/resources/model.js';
import { REGISTRY_NAME, REGISTRY_TYPE, registryHoldingName } from './arm.js';
import { registerRunLogRoutes } from './run-logs.js';
import { advanceRun, RUN_TYPE, runLogText, scheduleTaskRun, TASK_TYPE } from './tasks.js';

const REGISTRY_PATH =
  '/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.ContainerRegistry/registries/:registryName';

export function registerRegistryArmRoutes(router: Router): void {
  addArmRoute(router, 'POST', '/subscriptions/:subscriptionId/providers/Microsoft.ContainerRegistry/checkNameAvailability', checkName);
  addArmRoute(router, 'POST', `${REGISTRY_PATH}/scheduleRun`, scheduleRun);
  addArmRoute(router, 'GET', `${REGISTRY_PATH}/runs`, listRuns);
  registerRunLogRoutes(router, (ctx, registryName, runId, now) => {
    const registry = registryHoldingName(ctx.state.resources, registryName);
    const run = registry && ctx.state.resources.childrenOf(registry.id, RUN_TYPE).find((r) => r.name === runId);
    return run ? runLogText(run, now) : '';
  });
}

function checkName(ctx: ArmContext): EmulatorResponse {
  const sub = subscriptionFor(ctx, ctx.params['subscriptionId'] ?? '', 'Microsoft.ContainerRegistry/checkNameAvailability/action', false);
  if (isResponse(sub)) return sub;
  const body = parseBody(ctx);
  if (isResponse(body)) return body;
  const name = asString(body['name']);
  if (name === undefined)
    return armError(
      400,
      'InvalidRequestContent',
      "The request content was invalid and could not be deserialized: 'Required property 'name' not found in JSON.'.",
    );
  if (asString(body['type']) !== REGISTRY_TYPE)
    return armError(400, 'InvalidRequestContent', `The resource type '${String(body['type'])}' is invalid: it must be '${REGISTRY_TYPE}'.`);
  if (!REGISTRY_NAME.test(name))
    return jsonResponse(200, {
      nameAvailable: false,
      reason: 'Invalid',
      message:
        'The registry name must contain only alphanumeric characters, be globally unique, and between 5 and 50 characters in length.',
    });
  if (registryHoldingName(ctx.state.resources, name))
    return jsonResponse(200, { nameAvailable: false, reason: 'AlreadyExists', message: `The registry ${name} is already in use.` });
  return jsonResponse(200, { nameAvailable: true });
}

/** The registry the path names, after ARM's subscription and group checks; or ARM's error. */
function registryOf(ctx: ArmContext, action: string, write: boolean): StoredResource | EmulatorResponse {
  const sub = subscriptionFor(ctx, ctx.params['subscriptionId'] ?? '', action, write);
  if (isResponse(sub)) return sub;
  const group = groupFor(ctx, sub.subscriptionId, ctx.params['resourceGroupName'] ?? '', write);
  if (isResponse(group)) return group;
  const name = ctx.params['registryName'] ?? '';
  const registry = ctx.state.resources.get(
    `/subscriptions/${sub.subscriptionId}/resourceGroups/${group.name}/providers/${REGISTRY_TYPE}/${name}`,
  );
  return (
    registry ??
    armError(
      404,
      'ResourceNotFound',
      `The Resource '${REGISTRY_TYPE}/${name}' under resource group '${group.name}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    )
  );
}

function scheduleRun(ctx: ArmContext): EmulatorResponse {
  const registry = registryOf(ctx, `${REGISTRY_TYPE}/scheduleRun/action`, true);
  if (isResponse(registry)) return registry;
  const body = parseBody(ctx);
  if (isResponse(body)) return body;
  const type = asString(body['type']);
  // Only task runs are emulated; quick builds and encoded or file tasks upload a source the emulator cannot build.
  if (type !== 'TaskRunRequest')
    return armError(400, 'InvalidRequestContent', `The run request type '${type ?? ''}' is not supported here; schedule a TaskRunRequest.`);
  const taskId = asString(body['taskId']) ?? '';
  const taskName = taskId.startsWith('/')
    ? taskId.toLowerCase().startsWith(`${registry.id.toLowerCase()}/tasks/`)
      ? taskId.slice(registry.id.length + '/tasks/'.length)
      : undefined
    : taskId;
  const store = ctx.state.resources;
  const task = taskName ? store.get(`${registry.id}/tasks/${taskName}`) : undefined;
  if (!task)
    return armError(
      404,
      'ResourceNotFound',
      `The Resource '${REGISTRY_TYPE}/${registry.name}/tasks/${taskName ?? taskId}' under resource group '${registry.path.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  const locked = store.locks.blocking(registry.id, 'write');
  if (locked.length > 0) return errorResponse(scopeLockedError(registry.id, 'write', locked));
  const failure = store.operations.takeFailure(task.id, TASK_TYPE, 'run');
  const end = beginChange(ctx, {
    subscriptionId: registry.path.subscriptionId,
    resourceGroup: registry.path.resourceGroup,
    resourceId: registry.id,
    resourceType: REGISTRY_TYPE,
    operationName: `${REGISTRY_TYPE}/scheduleRun/action`,
  });
  const run = scheduleTaskRun(
    store,
    registry,
    task,
    { at: Date.now(), durationMs: 2 * ctx.options.lroDurationMs, ...(failure ? { failure: { message: failure.message } } : {}) },
    (runId, doc) => {
      const written = store.writeResource({
        path: { ...registry.path, chain: [...registry.path.chain, { type: 'runs', name: runId }] },
        body: doc,
        actor: actorOf(ctx.caller),
        mode: 'put',
      });
      return 'code' in written ? written : written.resource;
    },
  );
  if (!('id' in run)) {
    end('Failed', run.status, run);
    return errorResponse(run);
  }
  end('Succeeded', 200);
  return jsonResponse(200, store.serialize(run));
}

/** `status eq 'Failed'`, `TaskName eq 'build'`, joined with `and`; undefined when the filter says something else. */
function parseRunFilter(filter: string): ((run: StoredResource) => boolean) | undefined {
  if (!filter.trim()) return () => true;
  const clauses = filter.split(/\s+and\s+/i).map((clause) => /^\s*(status|taskname)\s+eq\s+'([^']*)'\s*$/i.exec(clause));
  if (clauses.some((clause) => !clause)) return undefined;
  return (run) =>
    clauses.every((clause) => {
      const [, field, value] = clause as RegExpExecArray;
      const actual = field!.toLowerCase() === 'status' ? run.doc.properties['status'] : run.doc.properties['task'];
      return String(actual ?? '').toLowerCase() === value!.toLowerCase();
    });
}

function listRuns(ctx: ArmContext): EmulatorResponse {
  const registry = registryOf(ctx, `${RUN_TYPE}/read`, false);
  if (isResponse(registry)) return registry;
  const filter = parseRunFilter(ctx.url.searchParams.get('$filter') ?? '');
  if (!filter)
    return armError(
      400,
      'InvalidFilter',
      `The filter '${ctx.url.searchParams.get('$filter')}' is not supported: use status or TaskName with eq.`,
    );
  const topText = ctx.url.searchParams.get('$top');
  const top = topText === null ? undefined : Number(topText);
  if (top !== undefined && !(Number.isInteger(top) && top > 0))
    return armError(400, 'InvalidParameter', `The value '${topText}' of $top is invalid: it must be a positive integer.`);
  const store = ctx.state.resources;
  const runs = store.childrenOf(registry.id, RUN_TYPE);
  for (const run of runs) advanceRun(run);
  const newestFirst = runs
    .filter(filter)
    .sort(
      (a, b) =>
        String(b.doc.properties['createTime']).localeCompare(String(a.doc.properties['createTime'])) ||
        b.name.length - a.name.length ||
        b.name.localeCompare(a.name),
    );
  return armPage(ctx, top === undefined ? newestFirst : newestFirst.slice(0, top), (run) => store.serialize(run));
}
