import { UserFacingError } from '../azure/errors.js';

/**
 * A token bucket with the original server's settings: `burst` calls at once, refilled at `perMinute`.
 * Agents send tool calls in parallel, so a call over the burst waits for its turn (each waiting call holds a
 * reservation, so turns come in order) and is refused only when its turn is more than `maxWaitMs` away.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly maxWaitMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 60_000) * this.perMinute);
    this.last = now;
  }

  /**
   * Reserves one call's turn and resolves when it comes. `onWait` hears how long the wait is (for a progress
   * notification). Rejects at once, before anything is sent, when the turn is too far away; a cancelled wait
   * gives its turn back.
   */
  async acquire(signal: AbortSignal, onWait: (waitMs: number) => void = () => {}): Promise<void> {
    this.refill();
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    const waitMs = Math.ceil((-this.tokens / this.perMinute) * 60_000);
    if (waitMs > this.maxWaitMs) {
      this.tokens += 1;
      throw new UserFacingError(
        `Rate limit reached (${this.perMinute} calls per minute, bursts of ${this.burst}) and the wait would exceed ${Math.round(this.maxWaitMs / 1000)}s; nothing was sent to Azure. Retry in ${Math.ceil(waitMs / 1000)}s.`,
      );
    }
    onWait(waitMs);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(done, waitMs);
      function done() {
        signal.removeEventListener('abort', cancel);
        resolve();
      }
      const cancel = () => {
        clearTimeout(timer);
        this.tokens += 1;
        reject(
          signal.reason instanceof Error ? signal.reason : Object.assign(new Error('The operation was cancelled.'), { name: 'AbortError' }),
        );
      };
      if (signal.aborted) cancel();
      else signal.addEventListener('abort', cancel, { once: true });
    });
  }
}
