import type { OperationState, PollerLike } from '@azure/core-lro';
import { UserFacingError } from './errors.js';
import { extendCallDeadline } from './call-scope.js';

/** How often a waiting tool tells the client it is still waiting. */
export const PROGRESS_INTERVAL_MS = 2000;

export type OperationOutcome = 'succeeded' | 'accepted' | 'still_running' | 'cancelled';

export interface OperationReport<T> {
  outcome: OperationOutcome;
  result?: T;
  elapsedSeconds: number;
  /** What the user should know: done, or how to check on it. */
  message: string;
}

/** What waiting needs from a tool call's context. */
export interface WaitContext {
  config: { operationTimeoutMs: number };
  signal: AbortSignal;
  progress(message: string): Promise<void>;
}

export interface WaitOptions {
  /** What is happening, for progress messages: "Starting VM web-01". */
  what: string;
  /** Return as soon as Azure accepted the request (like az --no-wait). */
  noWait: boolean;
  /** How to see the operation's state later: a tool call. */
  checkWith: string;
}

/**
 * What the waiter needs of a poller: core-lro 3's PollerLike has it; `fromSimplePoller` adapts the older
 * generated clients' SimplePollerLike (core-lro 2), and a tool may follow something else (a task run) this way.
 */
export type Waitable<T> = Pick<PollerLike<OperationState<T>, T>, 'submitted' | 'pollUntilDone'>;

/** A core-lro 2 SimplePollerLike (older generated clients' begin* methods) as a Waitable; its request was sent when it resolved. */
export function fromSimplePoller<T>(poller: { pollUntilDone: Waitable<T>['pollUntilDone'] }): Waitable<T> {
  return { submitted: () => Promise.resolve(), pollUntilDone: (options) => poller.pollUntilDone(options) };
}

/**
 * Waits on an Azure long-running operation the way a person at a terminal would want: progress every few
 * seconds, stop at once on cancel, never past OPERATION_TIMEOUT. Polling itself is the SDK's (it follows
 * Retry-After). A failed operation rejects with Azure's error.
 */
export async function waitForOperation<T>(ctx: WaitContext, poller: Waitable<T>, options: WaitOptions): Promise<OperationReport<T>> {
  const started = Date.now();
  // OPERATION_TIMEOUT, not the tool call's own deadline, bounds this wait.
  extendCallDeadline(ctx.config.operationTimeoutMs);
  const elapsed = () => Math.round((Date.now() - started) / 100) / 10;
  let timer: NodeJS.Timeout | undefined;
  let ticker: NodeJS.Timeout | undefined;
  const stopPolling = new AbortController();
  const stopped = new Promise<'timeout' | 'cancelled'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ctx.config.operationTimeoutMs);
    if (ctx.signal.aborted) resolve('cancelled');
    ctx.signal.addEventListener('abort', () => resolve('cancelled'), { once: true });
  });
  const stoppedReport = (why: 'timeout' | 'cancelled'): OperationReport<T> =>
    why === 'cancelled'
      ? {
          outcome: 'cancelled',
          elapsedSeconds: elapsed(),
          message: `Stopped waiting: the request was cancelled. ${options.what} may still complete in Azure; check with ${options.checkWith}.`,
        }
      : {
          outcome: 'still_running',
          elapsedSeconds: elapsed(),
          message: `${options.what} is still running after ${Math.round(elapsed())}s (OPERATION_TIMEOUT). It goes on in Azure; check with ${options.checkWith}.`,
        };
  try {
    // The initial request is on its way once the poller exists; a refusal (404, 409, ...) rejects here.
    const submitted = poller.submitted().then(() => 'submitted' as const);
    submitted.catch(() => {});
    const accepted = await Promise.race([submitted, stopped]);
    if (accepted !== 'submitted') return stoppedReport(accepted);
    if (options.noWait) {
      return {
        outcome: 'accepted',
        elapsedSeconds: elapsed(),
        message: `${options.what}: accepted by Azure (no_wait). Check progress with ${options.checkWith}.`,
      };
    }
    // Only now has Azure taken the operation on: a cancel after this message leaves it running there.
    await ctx.progress(`${options.what}: accepted by Azure, waiting for it to finish`);
    ticker = setInterval(() => void ctx.progress(`${options.what}: still running after ${Math.round(elapsed())}s`), PROGRESS_INTERVAL_MS);
    // The poller keeps its own promise; a rejection after we stopped waiting must not go unhandled.
    const done = poller.pollUntilDone({ abortSignal: stopPolling.signal }).then(
      (result) => ({ result }),
      (error: unknown) => {
        // Azure ended the operation as Failed: core-lro raises a plain Error carrying Azure's code and message.
        if (error instanceof Error && error.name === 'Error') {
          const cause = error.message.replace(/^The long-running operation has failed\.\s*/, '');
          throw new UserFacingError(`${options.what} failed in Azure: ${cause} Check the state with ${options.checkWith}.`);
        }
        throw error;
      },
    );
    done.catch(() => {});
    const first = await Promise.race([done, stopped]);
    if (first === 'cancelled' || first === 'timeout') return stoppedReport(first);
    return { outcome: 'succeeded', result: first.result, elapsedSeconds: elapsed(), message: `${options.what}: done in ${elapsed()}s.` };
  } finally {
    clearInterval(ticker);
    clearTimeout(timer);
    stopPolling.abort();
  }
}
