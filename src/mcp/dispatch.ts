import {
  isInputRequiredResult,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  type CallToolResult,
  type InputRequiredResult,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { Redactor } from '../logger.js';
import { describeError } from '../azure/errors.js';
import type { ToolContext, ToolDefinition } from '../tools/define.js';
import type { SafetyConfig } from '../config-safety.js';
import type { ToolSelection } from './select.js';
import { decideConsent } from '../safety/consent.js';
import type { RateLimiter } from '../safety/rate-limit.js';
import { maskArguments, type AuditLog, type AuditRecord } from '../safety/audit.js';
import { withCallScope } from '../azure/call-scope.js';
import { closeMatches } from '../util/close-matches.js';
import { ArgumentError, describeIssues, normalizeArguments } from './arguments.js';
import { inputSchemaOf, type CatalogEntry, type ToolCatalog } from './catalog.js';
import type { ConsentRounds } from './consent-rounds.js';

/** The request side of what the MCP SDK hands a request handler. */
export type McpRequest = ServerContext['mcpReq'];

export type ContextFactory = (request: McpRequest) => ToolContext;

export interface Guards {
  redactor: Redactor;
  safety: SafetyConfig;
  rateLimiter?: RateLimiter;
  audit?: AuditLog;
}

export interface ToolServing {
  catalog: ToolCatalog;
  selection: ToolSelection<CatalogEntry>;
  makeContext: ContextFactory;
  guards: Guards;
  /** The confirmation prompt for destructive tools, over as many rounds as the protocol needs. */
  consent: ConsentRounds;
}

const errorResult = (text: string): CallToolResult => ({ content: [{ type: 'text', text }], isError: true });

/** What a destructive call will do, in the words of its (parsed and rebuilt) arguments, for the confirmation prompt. */
function consentMessage(tool: ToolDefinition, input: Record<string, unknown>, subscription: string | undefined, reason?: string): string {
  const args = Object.entries(input)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  // The local tools act on the machine the server runs on, not on Azure.
  const where = tool.toolset === 'local' ? 'on this machine' : `in subscription ${subscription ?? '(none selected)'}`;
  return `${tool.title} (${tool.name})${args.length ? ` with ${args.join(', ')}` : ''} ${where}. ${tool.description.split('. ')[0]}.${reason ? ` ${reason}` : ''} Proceed?`;
}

/** The arguments with the values the tool names as secrets for this call masked (see ToolSpec.secretArguments). */
function withSecretsMasked(input: Record<string, unknown>, secrets: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, secrets.includes(k) && v !== undefined && v !== '' ? '****' : v]));
}

/**
 * tools/list and tools/call on the SDK's low-level Server, in our own code: the list is computed once, and
 * every call takes one path — refusal of hidden tools, argument rules, validation, rate limit, consent for
 * destructive tools and for calls a tool's consentFor names, the handler, the audit line. Handlers return data or
 * throw; thrown errors become short `isError` results, redacted so no secret or token can leave through an error message.
 */
export function attachTools(server: Server, serving: ToolServing): void {
  const listed = serving.selection.exposed.map((t) => t.listed);
  const exposed = new Map(serving.selection.exposed.map((t) => [t.name, t]));
  server.setRequestHandler('tools/list', () => ({ tools: listed }));
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const { name, arguments: raw } = request.params;
    const refusal = serving.selection.refused.get(name);
    if (refusal) return errorResult(refusal);
    const entry = exposed.get(name);
    if (!entry) {
      const [guess] = closeMatches(
        name,
        listed.map((t) => t.name),
        1,
      );
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Tool ${name} not found${guess ? `; did you mean ${guess}?` : ''}`);
    }
    const result = await callTool(server, entry, raw, ctx, serving);
    if (isInputRequiredResult(result)) return result;
    return server.projectCallToolResult(result, entry.listed.outputSchema as never) as CallToolResult;
  });
}

function parseArguments(entry: CatalogEntry, tool: ToolDefinition, raw: unknown): { input: Record<string, unknown> } | { error: string } {
  const prefix = `Input validation error: Invalid arguments for tool ${entry.name}:`;
  let normalized: Record<string, unknown>;
  try {
    normalized = normalizeArguments(raw, inputSchemaOf(entry));
  } catch (error) {
    if (error instanceof ArgumentError) return { error: `${prefix} ${error.message}` };
    throw error;
  }
  const parsed = tool.inputSchema.safeParse(normalized);
  return parsed.success ? { input: parsed.data as Record<string, unknown> } : { error: `${prefix} ${describeIssues(parsed.error.issues)}` };
}

async function callTool(
  server: Server,
  entry: CatalogEntry,
  raw: unknown,
  context: ServerContext,
  serving: ToolServing,
): Promise<CallToolResult | InputRequiredResult> {
  const request = context.mcpReq;
  const tool = await serving.catalog.definition(entry);
  const { guards } = serving;
  const parsed = parseArguments(entry, tool, raw);
  if ('error' in parsed) return errorResult(guards.redactor.redact(parsed.error));
  const { input } = parsed;
  // What may be shown of the arguments (prompt, audit, errors), and consent the arguments call for (reveal=true).
  const shown = withSecretsMasked(input, tool.secretArguments?.(input) ?? []);
  const consentReason = tool.consentFor?.(input);

  const ctx = serving.makeContext(request);
  const auditLog = tool.access !== 'read' || consentReason !== undefined ? guards.audit : undefined;
  const record = (outcome: AuditRecord['outcome'], requestIds: string[] = [], error?: string): AuditRecord => ({
    time: new Date().toISOString(),
    tool: tool.name,
    access: tool.access,
    arguments: maskArguments(shown),
    subscription: ctx.session.subscription?.id ?? null,
    outcome,
    requestIds,
    ...(error ? { error } : {}),
  });
  // Outcome lines are best effort (the call has happened); the "started" line is not, see below.
  const audit = async (outcome: AuditRecord['outcome'], requestIds: string[] = [], error?: string) =>
    auditLog?.write(record(outcome, requestIds, error)).catch((e: Error) => ctx.logger.error(`audit log ${auditLog.path}: ${e.message}`));

  if (tool.access === 'destructive' || consentReason !== undefined) {
    const subscription = ctx.session.subscription?.id;
    // Secret-looking arguments (a registry password, say) are masked in the prompt as in the audit log.
    const message = consentMessage(tool, maskArguments(shown), subscription, consentReason);
    // The answer is tied to the arguments as given (secrets included), so it cannot approve other values.
    const call = await serving.consent.callKey(tool.name, input, subscription);
    const clientCanElicit = serving.consent.clientCanElicit(server, request);
    // Only a round that can carry an answer spends its single-use state.
    const answer = clientCanElicit && guards.safety.confirm.mode !== 'never' ? serving.consent.answer(request, call) : undefined;
    const consent = decideConsent(guards.safety.confirm, { clientCanElicit, answer }, message);
    if ('ask' in consent) return serving.consent.ask(context, call, message);
    if (!consent.proceed) {
      await audit('declined', [], consent.reason);
      return errorResult(consent.reason);
    }
    ctx.logger.info(`${tool.name}: ${consent.how}`);
  }

  // After consent, so a prompt's rounds (a 2026-07-28 input request, a 2025 elicitation) take one slot, not one each.
  try {
    await guards.rateLimiter?.acquire(
      ctx.signal,
      (waitMs) => void ctx.progress(`Rate limit: waiting ${Math.ceil(waitMs / 1000)}s for a free slot.`),
    );
  } catch (error) {
    const message = describeError(error);
    await audit('refused', [], message);
    return errorResult(message);
  }

  // Fail closed: a change Azure would make with no trace in a configured audit log is refused before it is sent,
  // and a process that dies mid-call leaves this line behind.
  if (auditLog) {
    try {
      await auditLog.write(record('started'));
    } catch (error) {
      ctx.logger.error(`audit log ${auditLog.path}: ${(error as Error).message}`);
      return errorResult(
        `Refused: the audit log (AZOPS_AUDIT_LOG=${auditLog.path}) cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}), and ${tool.name} changes Azure. Nothing was sent to Azure. Fix the file's permissions or path, or unset AZOPS_AUDIT_LOG.`,
      );
    }
  }

  // One deadline for the whole handler (tokens, retries, pages); its signal replaces the client's.
  const { scope, result } = withCallScope({ signal: ctx.signal, config: ctx.config }, (signal) =>
    tool.handler(input as never, { ...ctx, signal }),
  );
  const { requestIds } = scope;
  try {
    const { data, text } = await result;
    const checked = tool.outputSchema.safeParse(data);
    // A handler that breaks its own outputSchema is our bug; clients that validate would reject the result.
    if (!checked.success)
      throw new Error(`${tool.name} produced a result that does not match its output schema: ${describeIssues(checked.error.issues)}`);
    await audit('succeeded', requestIds);
    return {
      content: [{ type: 'text', text: guards.redactor.redact(text) }],
      structuredContent: guards.redactor.redactDeep(data) as Record<string, unknown>,
    };
  } catch (error) {
    const message = guards.redactor.redact(describeError(error, maskArguments(shown), scope.lastResponse));
    await audit('failed', requestIds, message);
    ctx.logger.warning(`${tool.name} failed: ${message.split('\n')[0]}`);
    if (!(error instanceof Error) || error.name === 'Error' || error.name === 'TypeError')
      ctx.logger.debug(String((error as Error)?.stack ?? error));
    return errorResult(message);
  }
}
