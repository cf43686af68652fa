import {
  CLIENT_CAPABILITIES_META_KEY,
  createRequestStateCodec,
  inputRequired,
  inputResponse,
  type ClientCapabilities,
  type InputRequiredResult,
  type RequestStateCodec,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { CONSENT_FORM, type ElicitOutcome } from '../safety/consent.js';

type McpRequest = ServerContext['mcpReq'];

/** What a confirmation prompt's `requestState` carries: which call it is about, and a nonce that can be used once. */
interface ConsentState {
  call: string;
  nonce: string;
}

const PROMPT_KEY = 'confirm';
const STATE_TTL_SECONDS = 600;

/**
 * The confirmation prompt as a multi-round-trip input request (protocol 2026-07-28): the call returns
 * `input_required` with the prompt, and the client calls again with the user's answer. On a 2025-era connection the
 * SDK's legacy shim turns the same return into an `elicitation/create` request and re-enters the call, so one flow
 * serves both.
 *
 * The answer only counts with the `requestState` this server minted for exactly this call (tool, arguments as parsed,
 * subscription): signed with a per-process key, bound to the caller, valid for ten minutes and usable once. A made-up
 * or replayed answer, or one for other arguments, gets the prompt again.
 */
export class ConsentRounds {
  // Made on first use: node:crypto and Web Crypto cost every start-up a few milliseconds, and most never see a prompt.
  private signing?: Promise<{ key: Buffer; codec: RequestStateCodec<ConsentState> }>;
  private readonly used = new Map<string, number>();

  private secrets(): Promise<{ key: Buffer; codec: RequestStateCodec<ConsentState> }> {
    this.signing ??= import('node:crypto').then(({ randomBytes }) => {
      const key = randomBytes(32);
      const codec = createRequestStateCodec<ConsentState>({
        key,
        ttlSeconds: STATE_TTL_SECONDS,
        bind: (ctx) => `${ctx.mcpReq.method}\0${principalOf(ctx)}`,
      });
      return { key, codec };
    });
    return this.signing;
  }

  /** For `ServerOptions.requestState.verify`: a state that fails is refused by the SDK before any handler runs. */
  readonly verify = async (state: string, ctx: ServerContext): Promise<ConsentState> => (await this.secrets()).codec.verify(state, ctx);

  /** Whether the client can show a form prompt: from this request's envelope (2026-07-28) or the initialize handshake. */
  clientCanElicit(server: Server, request: McpRequest): boolean {
    const fromEnvelope = (request.envelope as Record<string, unknown> | undefined)?.[CLIENT_CAPABILITIES_META_KEY] as
      ClientCapabilities | undefined;
    // Deprecated in favour of the envelope, but the 2025-era (initialize) capabilities live only here.
    const elicitation = (fromEnvelope ?? server.getClientCapabilities())?.elicitation as Record<string, unknown> | undefined;
    // An empty elicitation capability means form mode (the spec's backwards-compatible default).
    return Boolean(elicitation) && (Object.keys(elicitation!).length === 0 || 'form' in elicitation!);
  }

  /** The user's answer to this call's prompt, when this request is the round that carries it; undefined otherwise. */
  answer(request: McpRequest, call: string): ElicitOutcome | undefined {
    const state = request.requestState<ConsentState>();
    if (!state || typeof state !== 'object' || state.call !== call) return undefined;
    const now = Date.now();
    for (const [nonce, expires] of this.used) if (expires < now) this.used.delete(nonce);
    if (this.used.has(state.nonce)) return undefined;
    const view = inputResponse(request.inputResponses, PROMPT_KEY);
    if (view.kind !== 'elicit') return undefined;
    this.used.set(state.nonce, now + STATE_TTL_SECONDS * 1000);
    return { action: view.action, ...(view.content ? { content: view.content } : {}) };
  }

  /**
   * One call in words a prompt answer is tied to: the tool, its arguments as parsed and rebuilt, and the subscription.
   * Keyed with this process's secret: the key travels in the (signed, not encrypted) requestState, and the arguments
   * may hold a password.
   */
  async callKey(tool: string, input: Record<string, unknown>, subscription: string | undefined): Promise<string> {
    const [{ createHmac }, { key }] = await Promise.all([import('node:crypto'), this.secrets()]);
    return createHmac('sha256', key)
      .update(JSON.stringify([tool, subscription ?? null, Object.entries(input).sort(([a], [b]) => (a < b ? -1 : 1))]))
      .digest('base64url');
  }

  /** The `input_required` result that shows the prompt. */
  async ask(ctx: ServerContext, call: string, message: string): Promise<InputRequiredResult> {
    const [{ randomUUID }, { codec }] = await Promise.all([import('node:crypto'), this.secrets()]);
    const requestState = await codec.mint({ call, nonce: randomUUID() }, ctx);
    return inputRequired({
      inputRequests: { [PROMPT_KEY]: inputRequired.elicit({ mode: 'form', message, requestedSchema: CONSENT_FORM }) },
      requestState,
    });
  }
}

/** The authenticated caller (HTTP), so a prompt minted for one caller cannot be answered by another. */
function principalOf(ctx: ServerContext): string {
  const extra = ctx.http?.authInfo?.extra as { principal?: unknown } | undefined;
  return typeof extra?.principal === 'string' ? extra.principal : '';
}
