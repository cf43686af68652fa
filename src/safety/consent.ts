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

/**
 * Asks before a destructive operation. With elicitation the user answers in the client; without it the
 * AZOPS_CONFIRM mode decides (auto relies on the client's own tool approval and destructiveHint).
 */
export async function askConsent(
  confirm: { mode: ConfirmMode; how: string },
  clientCanElicit: boolean,
  elicit: (message: string) => Promise<ElicitOutcome>,
  message: string,
): Promise<Consent> {
  if (confirm.mode === 'never') return { proceed: true, how: `confirmation skipped (${confirm.how}=never)` };
  if (clientCanElicit) {
    let answer: ElicitOutcome;
    try {
      answer = await elicit(message);
    } catch (error) {
      // A client that fails to answer, or answers something unreadable, has not said yes.
      return {
        proceed: false,
        reason: `Nothing was done: the confirmation prompt got no usable answer (${error instanceof Error ? error.message.split('\n')[0] : String(error)}). (${message})`,
      };
    }
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
