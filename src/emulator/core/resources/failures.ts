// The resource store's hook for tests: make the next matching operation fail.
import type { EmulatorState } from '../state.js';

export interface PlannedFailure {
  code: string;
  message: string;
  /** HTTP status for synchronous operations and Location polls (default 400). */
  status?: number;
}

/**
 * Makes the next operation on `target` fail: a resource id (starting with '/') or a resource type
 * such as `Microsoft.Compute/virtualMachines`; `operation` narrows it to write, delete or an action
 * name (start, powerOff, ...). Long-running operations start normally and end `Failed` with this
 * error (their change is undone; a failed create leaves provisioningState 'Failed'); synchronous
 * ones answer with it at once.
 */
export function failNextOperation(
  state: EmulatorState,
  target: string,
  failure: PlannedFailure,
  options: { operation?: string } = {},
): void {
  state.resources.operations.planFailure({
    target,
    error: { status: failure.status ?? 400, code: failure.code, message: failure.message },
    ...(options.operation ? { operation: options.operation } : {}),
  });
}
