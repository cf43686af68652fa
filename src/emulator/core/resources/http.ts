// What the resource routes share: the caller as an actor, subscription/group resolution with ARM's
// errors, request bodies, and running a change (sync or long-running) with its activity-log events.
import { isResponse, resolveSubscription, type ArmContext } from '../arm.js';
import { armError, jsonResponse } from '../errors.js';
import type { Subscription } from '../state.js';
import type { TokenGrant } from '../tokens.js';
import type { EmulatorResponse } from '../types.js';
import { newGuid } from '../util.js';
import { isDoc } from './documents.js';
import { asyncOperationUrl, locationUrl, type Operation, type OperationSpec } from './lro.js';
import type { Actor, ArmErrorInfo, Doc, ResourceGroup, SerializeOptions } from './model.js';
import type { ResourceStore } from './store.js';

export function errorResponse(error: ArmErrorInfo): EmulatorResponse {
  return armError(error.status, error.code, error.message);
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, headers, body: '' };
}

export function actorOf(caller: TokenGrant): Actor {
  const principal = caller.principal;
  const type = principal.type === 'User' ? 'User' : principal.type === 'ManagedIdentity' ? 'ManagedIdentity' : 'Application';
  const name = principal.type === 'User' ? principal.upn : principal.clientId;
  return { name, type, objectId: principal.objectId, tenantId: caller.tenantId, grant: caller };
}

/**
 * The subscription, after ARM's checks (unknown 404, other tenant 401, no access 403). Writes to a
 * disabled subscription fail as ARM fails them: it is read-only until re-enabled.
 */
export function subscriptionFor(ctx: ArmContext, subscriptionId: string, action: string, write: boolean): Subscription | EmulatorResponse {
  ctx.state.resources.settle();
  const subscription = resolveSubscription(ctx, subscriptionId, action);
  if (isResponse(subscription)) return subscription;
  if (write && subscription.state !== 'Enabled') {
    return armError(
      409,
      'ReadOnlyDisabledSubscription',
      `The subscription '${subscription.subscriptionId}' is disabled and therefore marked as read only. You cannot perform any write actions on this subscription until it is re-enabled.`,
    );
  }
  return subscription;
}

export function groupNotFound(name: string): EmulatorResponse {
  return armError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
}

/** The group, or ARM's 404; writes into a group being deleted get its 409. */
export function groupFor(ctx: ArmContext, subscriptionId: string, name: string, write: boolean): ResourceGroup | EmulatorResponse {
  const group = ctx.state.resources.getGroup(subscriptionId, name);
  if (!group) return groupNotFound(name);
  if (write && group.provisioningState === 'Deleting') {
    return armError(
      409,
      'ResourceGroupBeingDeleted',
      `The resource group '${group.name}' is in deprovisioning state and cannot perform this operation.`,
    );
  }
  return group;
}

export function parseBody(ctx: ArmContext): Doc | EmulatorResponse {
  if (ctx.body.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(ctx.body);
    if (isDoc(parsed)) return parsed;
  } catch (error) {
    return armError(
      400,
      'InvalidRequestContent',
      `The request content was invalid and could not be deserialized: '${error instanceof Error ? error.message : String(error)}'.`,
    );
  }
  return armError(
    400,
    'InvalidRequestContent',
    'The request content was invalid and could not be deserialized: the body must be a JSON object.',
  );
}

export function serializeOptions(ctx: ArmContext): SerializeOptions {
  const expand = (ctx.url.searchParams.get('$expand') ?? '')
    .split(',')
    .map((value) => value.trim().toLowerCase())
    .filter(Boolean);
  return { expand };
}

export function retryAfterHeader(ctx: ArmContext): Record<string, string> {
  return ctx.options.lroRetryAfterSeconds > 0 ? { 'retry-after': String(ctx.options.lroRetryAfterSeconds) } : {};
}

export interface ChangeInfo {
  subscriptionId: string;
  resourceGroup?: string;
  resourceId: string;
  resourceType: string;
  /** Activity-log operation, e.g. Microsoft.Compute/virtualMachines/start/action. */
  operationName: string;
}

/** One change's activity-log pair: Started now, the outcome when `end` is called. */
export function beginChange(
  ctx: ArmContext,
  info: ChangeInfo,
): (status: 'Succeeded' | 'Failed', httpStatus: number, error?: ArmErrorInfo) => void {
  const store = ctx.state.resources;
  const actor = actorOf(ctx.caller);
  const correlationId = ctx.headers['x-ms-correlation-request-id'] ?? newGuid();
  const common = {
    ...info,
    correlationId,
    operationId: newGuid(),
    method: ctx.method,
    actor,
    clientRequestId: ctx.headers['x-ms-client-request-id'] ?? newGuid(),
  };
  store.activity.record({ ...common, status: 'Started', timestamp: Date.now() });
  return (status, httpStatus, error) => {
    store.activity.record({
      ...common,
      status,
      httpStatus,
      timestamp: Date.now(),
      ...(error ? { error: { code: error.code, message: error.message } } : {}),
    });
  };
}

export type LroStyle = 'async' | 'location' | 'both';

/** Starts a long-running operation and answers the way ARM does for its style. */
export function startOperation(
  ctx: ArmContext,
  store: ResourceStore,
  spec: OperationSpec,
  style: LroStyle,
  initial: { status: number; body?: unknown },
  failure?: ArmErrorInfo,
): { response: EmulatorResponse; operation: Operation } {
  const operation = store.operations.start(spec, ctx.options.lroDurationMs, failure);
  const origin = ctx.url.origin;
  const headers: Record<string, string> = { ...retryAfterHeader(ctx) };
  if (style !== 'location') headers['azure-asyncoperation'] = asyncOperationUrl(origin, operation, ctx.apiVersion);
  if (style !== 'async') headers['location'] = locationUrl(origin, operation, ctx.apiVersion);
  const response =
    initial.body === undefined ? emptyResponse(initial.status, headers) : jsonResponse(initial.status, initial.body, headers);
  return { response, operation };
}
