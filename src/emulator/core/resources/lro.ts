// Long-running operations as ARM runs them: a write, delete or action starts an operation that the
// client polls (Azure-AsyncOperation status URL and/or Location result URL); its effect applies when
// it completes, `lroDurationMs` after it started. Nothing runs in the background: every request
// settles the operations that are due first, so the outcome depends only on the clock.
import { isAtOrAbove, idKey } from './ids.js';
import type { ArmErrorInfo } from './model.js';
import { newGuid } from '../util.js';

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed';

export interface OperationSpec {
  subscriptionId: string;
  /** Provider namespace and location the status URLs are under (as Azure's are). */
  namespace: string;
  location: string;
  /** The resource (or resource group) the operation works on: conflicts are judged on it. */
  resourceId: string;
  resourceType: string;
  /** write, delete, or the action's name (start, powerOff, ...). */
  name: string;
  apply(): void;
  revert(error: ArmErrorInfo): void;
  /** What the Location URL answers after success (default 200 with no body). */
  result?(): { status: number; body?: unknown };
  /** Called once the operation ended (the activity log records the outcome). */
  ended?(operation: Operation): void;
}

export interface Operation extends OperationSpec {
  id: string;
  startedAt: number;
  deadline: number;
  status: OperationStatus;
  error?: ArmErrorInfo;
  endedAt?: number;
  /** A planned failure (failNextOperation) taken when the operation started. */
  plannedFailure?: ArmErrorInfo;
}

export interface FailureRule {
  /** A resource id (starts with '/') or a resource type such as Microsoft.Compute/virtualMachines. */
  target: string;
  error: ArmErrorInfo;
  /** Only operations with this name (write, delete, start, ...); any when absent. */
  operation?: string;
}

export class OperationTracker {
  private readonly byId = new Map<string, Operation>();
  private pending: Operation[] = [];
  private readonly failures: FailureRule[] = [];
  private settling = false;

  start(spec: OperationSpec, durationMs: number, plannedFailure?: ArmErrorInfo, now = Date.now()): Operation {
    const operation: Operation = {
      ...spec,
      id: newGuid(),
      startedAt: now,
      deadline: now + durationMs,
      status: 'InProgress',
      ...(plannedFailure ? { plannedFailure } : {}),
    };
    this.byId.set(operation.id, operation);
    this.pending.push(operation);
    return operation;
  }

  get(id: string): Operation | undefined {
    return this.byId.get(id.toLowerCase());
  }

  /** Completes every operation whose time has come, oldest deadline first. */
  settle(now = Date.now()): void {
    if (this.settling || this.pending.length === 0) return;
    this.settling = true;
    try {
      const due = this.pending.filter((operation) => operation.deadline <= now).sort((a, b) => a.deadline - b.deadline);
      if (due.length === 0) return;
      this.pending = this.pending.filter((operation) => operation.deadline > now);
      for (const operation of due) finish(operation, now);
    } finally {
      this.settling = false;
    }
  }

  /**
   * Ends every operation still in progress now, as if its time had come (success, or its planned failure).
   * A snapshot cannot hold an operation in flight, so one is taken after this.
   */
  finishAll(now = Date.now()): void {
    if (this.settling || this.pending.length === 0) return;
    this.settling = true;
    try {
      const all = [...this.pending].sort((a, b) => a.deadline - b.deadline);
      this.pending = [];
      for (const operation of all) finish(operation, now);
    } finally {
      this.settling = false;
    }
  }

  /** An operation in progress on this resource, on a scope above it, or on one below it. */
  running(resourceId: string): Operation | undefined {
    return this.pending.find((operation) => isAtOrAbove(operation.resourceId, resourceId) || isAtOrAbove(resourceId, operation.resourceId));
  }

  get inProgress(): readonly Operation[] {
    return this.pending;
  }

  planFailure(rule: FailureRule): void {
    this.failures.push(rule);
  }

  /** Takes the first planned failure that matches an operation about to start. */
  takeFailure(resourceId: string, resourceType: string, operation: string): ArmErrorInfo | undefined {
    const index = this.failures.findIndex((rule) => {
      const targetMatches = rule.target.startsWith('/')
        ? idKey(rule.target) === idKey(resourceId)
        : rule.target.toLowerCase() === resourceType.toLowerCase();
      return targetMatches && (!rule.operation || rule.operation.toLowerCase() === operation.toLowerCase());
    });
    if (index < 0) return undefined;
    const [rule] = this.failures.splice(index, 1);
    return rule?.error;
  }
}

function finish(operation: Operation, now: number): void {
  operation.endedAt = now;
  if (operation.plannedFailure) {
    operation.status = 'Failed';
    operation.error = operation.plannedFailure;
    operation.revert(operation.plannedFailure);
  } else {
    operation.status = 'Succeeded';
    operation.apply();
  }
  operation.ended?.(operation);
}

/** The Azure-AsyncOperation URL (compute and network style). */
export function asyncOperationUrl(origin: string, operation: Operation, apiVersion: string): string {
  return `${origin}/subscriptions/${operation.subscriptionId}/providers/${operation.namespace}/locations/${operation.location}/operations/${operation.id}?api-version=${encodeURIComponent(apiVersion)}`;
}

/** The Location URL; resource-group deletes use ARM's own /operationresults. */
export function locationUrl(origin: string, operation: Operation, apiVersion: string): string {
  const version = encodeURIComponent(apiVersion);
  if (operation.namespace.toLowerCase() === 'microsoft.resources') {
    return `${origin}/subscriptions/${operation.subscriptionId}/operationresults/${operation.id}?api-version=${version}`;
  }
  return `${origin}/subscriptions/${operation.subscriptionId}/providers/${operation.namespace}/locations/${operation.location}/operationResults/${operation.id}?api-version=${version}`;
}

/** Body of a status poll: `{"status":"InProgress"}` ... `{"status":"Failed","error":{...}}`. */
export function operationStatusBody(operation: Operation): Record<string, unknown> {
  return {
    name: operation.id,
    status: operation.status,
    startTime: operationTime(operation.startedAt),
    ...(operation.endedAt !== undefined ? { endTime: operationTime(operation.endedAt) } : {}),
    ...(operation.error ? { error: { code: operation.error.code, message: operation.error.message } } : {}),
  };
}

/** Compute's timestamp style: 7 fractional digits and an explicit offset. */
export function operationTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, '.$10000+00:00');
}
