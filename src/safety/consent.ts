import type { ConfirmMode } from '../config-safety.js';

export interface ElicitOutcome {
  action: 'accept' | 'decline' | 'cancel';
  content?: Record<string, unknown>;
}

export type Consent = { proceed: true; how: string } | { proceed: false; reason: string };

/** The form shown to the user: one yes/no field, required. */
export const CONSENT_FORM = {
  type: 'object' as const,
  properties: { confirm: { type: 'boolean' as const, title: 'Proceed', description: 'Yes, do it.' } },
  required: ['confirm'],
};

/** What the client can do, and what it has answered so far (on an earlier round of the same call). */
export interface ConsentRound {
  clientCanElicit: boolean;
  /** The user's answer to this call's prompt; undefined when not asked yet. */
  answer?: ElicitOutcome;
}

/**
 * Decides a destructive operation. With elicitation the user answers in the client (the caller asks and comes
 * back with the answer: `ask`); without it the AZOPS_CONFIRM mode decides (auto relies on the client's own tool
 * approval and destructiveHint).
 */
export function decideConsent(confirm: { mode: ConfirmMode; how: string }, round: ConsentRound, message: string): Consent | { ask: true } {
  if (confirm.mode === 'never') return { proceed: true, how: `confirmation skipped (${confirm.how}=never)` };
  if (round.clientCanElicit) {
    const { answer } = round;
    if (!answer) return { ask: true };
    if (answer.action === 'accept' && answer.content?.confirm === true) return { proceed: true, how: 'confirmed by the user' };
    const what = answer.action === 'cancel' ? 'cancelled the confirmation' : 'declined';
    return { proceed: false, reason: `Nothing was done: the user ${what}. (${message})` };
  }
  if (confirm.mode === 'auto') return { proceed: true, how: 'client-side approval (no elicitation support)' };
  return {
    proceed: false,
    reason: `Refused: this operation needs confirmation, but this MCP client cannot show a confirmation prompt (no elicitation support), and ${confirm.how} is "always". Nothing was done. To allow it, set AZOPS_CONFIRM=auto (the client's own tool approval then applies) or use a client that supports elicitation.`,
  };
}
