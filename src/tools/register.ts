import type { McpServer } from '@modelcontextprotocol/server';
import type { Redactor } from '../logger.js';
import { describeError } from '../azure/errors.js';
import { annotationsFor, type ToolContext, type ToolDefinition } from './define.js';

/** What the MCP SDK hands a tool callback that the tool context needs. */
export interface McpRequest {
  signal: AbortSignal;
  _meta?: { progressToken?: string | number };
  notify(notification: { method: 'notifications/progress'; params: Record<string, unknown> }): Promise<void>;
}

export type ContextFactory = (request: McpRequest) => ToolContext;

/**
 * The single registration loop and the single error path: handlers return data or throw; here thrown errors
 * become short `isError` results (redacted, so no secret or token can leave through an error message).
 */
export function registerTools(server: McpServer, tools: readonly ToolDefinition[], makeContext: ContextFactory, redactor: Redactor): void {
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.inputSchema,
        outputSchema: tool.outputSchema,
        annotations: annotationsFor(tool),
      },
      async (input: unknown, mcp: { mcpReq: McpRequest }) => {
        const ctx = makeContext(mcp.mcpReq);
        try {
          const { data, text } = await tool.handler(input as never, ctx);
          return { content: [{ type: 'text' as const, text: redactor.redact(text) }], structuredContent: data as Record<string, unknown> };
        } catch (error) {
          const message = redactor.redact(describeError(error));
          ctx.logger.warning(`${tool.name} failed: ${message.split('\n')[0]}`);
          if (!(error instanceof Error) || error.name === 'Error' || error.name === 'TypeError') ctx.logger.debug(String((error as Error)?.stack ?? error));
          return { content: [{ type: 'text' as const, text: message }], isError: true };
        }
      },
    );
  }
}
