import type { McpServer, ServerContext } from '@modelcontextprotocol/server';
import type { Redactor } from '../logger.js';
import { describeError } from '../azure/errors.js';
import { annotationsFor, type ToolContext, type ToolDefinition } from './define.js';
import type { SafetyConfig } from '../safety/config.js';
import type { ToolSelection } from '../safety/select.js';
import { askConsent, CONSENT_FORM, type ElicitOutcome } from '../safety/consent.js';
import type { RateLimiter } from '../safety/rate-limit.js';
import { maskArguments, withRequestIdCapture, type AuditLog, type AuditRecord } from '../safety/audit.js';

/** The request side of what the MCP SDK hands a tool callback. */
export type McpRequest = ServerContext['mcpReq'];

export type ContextFactory = (request: McpRequest) => ToolContext;

export interface Guards {
  redactor: Redactor;
  safety: SafetyConfig;
  rateLimiter?: RateLimiter;
  audit?: AuditLog;
}

type CallResult = { content: { type: 'text'; text: string }[]; structuredContent?: Record<string, unknown>; isError?: boolean };
const errorResult = (text: string): CallResult => ({ content: [{ type: 'text', text }], isError: true });

/** What a destructive call will do, in the words of its arguments, for the confirmation prompt. */
function consentMessage(tool: ToolDefinition, input: Record<string, unknown>, subscription: string | undefined): string {
  const args = Object.entries(input).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return `${tool.title} (${tool.name})${args.length ? ` with ${args.join(', ')}` : ''} in subscription ${subscription ?? '(none selected)'}. ${tool.description.split('. ')[0]}. Proceed?`;
}

/**
 * The single registration loop and the single call path: rate limit, consent for destructive tools, the
 * handler, then the audit line. Handlers return data or throw; thrown errors become short `isError`
 * results, redacted so no secret or token can leave through an error message.
 */
export function registerTools(server: McpServer, selection: ToolSelection, makeContext: ContextFactory, guards: Guards): void {
  for (const tool of selection.exposed) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.inputSchema, outputSchema: tool.outputSchema, annotations: annotationsFor(tool) },
      (input: Record<string, unknown>, mcp: ServerContext) => runTool(server, tool, input, mcp.mcpReq, makeContext, guards),
    );
  }
  refuseByName(server, selection.refused);
}

async function runTool(server: McpServer, tool: ToolDefinition, input: Record<string, unknown>, request: McpRequest, makeContext: ContextFactory, guards: Guards): Promise<CallResult> {
  const ctx = makeContext(request);
  const audited = tool.access !== 'read' && guards.audit;
  const audit = (outcome: AuditRecord['outcome'], requestIds: string[] = [], error?: string) =>
    audited
      ? guards.audit!.write({ time: new Date().toISOString(), tool: tool.name, access: tool.access, arguments: maskArguments(input), subscription: ctx.session.subscription?.id ?? null, outcome, requestIds, ...(error ? { error } : {}) })
          .catch((e: Error) => ctx.logger.error(`audit log: ${e.message}`))
      : undefined;

  const waitMs = guards.rateLimiter?.take() ?? 0;
  if (waitMs) {
    const { perMinute, burst } = guards.safety.rateLimit;
    await audit('refused', [], 'rate limit');
    return errorResult(`Rate limit reached (${perMinute} calls per minute, bursts of ${burst}); nothing was sent to Azure. Retry in ${Math.ceil(waitMs / 1000)}s.`);
  }

  if (tool.access === 'destructive') {
    const canElicit = Boolean(server.server.getClientCapabilities()?.elicitation);
    const message = consentMessage(tool, input, ctx.session.subscription?.id);
    const consent = await askConsent(guards.safety.confirm, canElicit, (m): Promise<ElicitOutcome> => request.elicitInput({ mode: 'form', message: m, requestedSchema: CONSENT_FORM }), message);
    if (!consent.proceed) {
      await audit('declined', [], consent.reason);
      return errorResult(consent.reason);
    }
    ctx.logger.info(`${tool.name}: ${consent.how}`);
  }

  const { requestIds, result } = withRequestIdCapture(() => tool.handler(input as never, ctx));
  try {
    const { data, text } = await result;
    await audit('succeeded', requestIds);
    return { content: [{ type: 'text', text: guards.redactor.redact(text) }], structuredContent: data as Record<string, unknown> };
  } catch (error) {
    const message = guards.redactor.redact(describeError(error, maskArguments(input)));
    await audit('failed', requestIds, message);
    ctx.logger.warning(`${tool.name} failed: ${message.split('\n')[0]}`);
    if (!(error instanceof Error) || error.name === 'Error' || error.name === 'TypeError') ctx.logger.debug(String((error as Error)?.stack ?? error));
    return errorResult(message);
  }
}

/**
 * Tools left out by toolsets or read-only mode are not listed, but a call by name still gets a clear refusal
 * rather than "not found". The MCP SDK has no public hook for this, so its own tools/call handler is wrapped.
 */
function refuseByName(server: McpServer, refused: Map<string, string>): void {
  if (!refused.size) return;
  type CallHandler = (request: { params: { name: string } }, ctx: unknown) => Promise<unknown>;
  const sdkHandler = (server.server as unknown as { _getRequestHandler(method: string): CallHandler | undefined })._getRequestHandler('tools/call');
  server.server.setRequestHandler('tools/call', async (request, ctx) => {
    const reason = refused.get(request.params.name);
    if (reason) return errorResult(reason);
    if (!sdkHandler) return errorResult(`Tool ${request.params.name} not found`);
    return (await sdkHandler(request, ctx)) as CallResult;
  });
}
