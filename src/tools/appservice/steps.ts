import { z } from 'zod';
import { describeError } from '../../azure/errors.js';

// A step-by-step report for tools that make several changes in a row: each step is done, unchanged, failed,
// skipped (not asked for) or not run (an earlier step failed). A failed step is never reported as configured,
// and the steps that did not happen are named with the tool that retries them.

export const stepOutput = z.object({
  step: z.string(),
  status: z.enum(['done', 'unchanged', 'failed', 'skipped', 'not_run']),
  detail: z.string(),
  retryWith: z.string().nullable().describe('The tool call that does this step on its own, when it failed or did not run.'),
});
export type Step = z.infer<typeof stepOutput>;

export class StepReport {
  readonly steps: Step[] = [];
  private stopped = false;

  constructor(private readonly signal: AbortSignal) {}

  /** True once a step failed (later steps are recorded as not run). */
  get failed(): boolean {
    return this.stopped;
  }

  /** True when any step changed something in Azure. */
  get changedAnything(): boolean {
    return this.steps.some((s) => s.status === 'done');
  }

  skip(step: string, detail: string): void {
    this.steps.push({ step, status: 'skipped', detail, retryWith: null });
  }

  /**
   * Runs one step unless an earlier one failed. `work` returns what it did (done) or `{ unchanged }` when there
   * was nothing to do; an error fails the step and stops the rest.
   */
  async run(step: string, retryWith: string | null, work: () => Promise<string | { unchanged: string }>): Promise<boolean> {
    if (this.stopped) {
      this.steps.push({ step, status: 'not_run', detail: 'Not run: an earlier step failed.', retryWith });
      return false;
    }
    try {
      const outcome = await work();
      if (typeof outcome === 'string') this.steps.push({ step, status: 'done', detail: outcome, retryWith: null });
      else this.steps.push({ step, status: 'unchanged', detail: outcome.unchanged, retryWith: null });
      return true;
    } catch (error) {
      this.stopped = true;
      const detail = this.signal.aborted ? 'Cancelled before it finished; check its state in Azure.' : describeError(error);
      this.steps.push({ step, status: 'failed', detail, retryWith });
      return false;
    }
  }

  /** One line per step, then what to retry. */
  text(): string {
    const mark: Record<Step['status'], string> = {
      done: 'done',
      unchanged: 'already so',
      failed: 'FAILED',
      skipped: 'not asked for',
      not_run: 'NOT RUN',
    };
    const lines = this.steps.map((s) => `- ${s.step}: ${mark[s.status]} — ${s.detail}`);
    const retry = this.steps.filter((s) => (s.status === 'failed' || s.status === 'not_run') && s.retryWith);
    if (retry.length) lines.push(`To finish, retry: ${retry.map((s) => s.retryWith).join('; ')}.`);
    return lines.join('\n');
  }
}
