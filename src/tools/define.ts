import type { z } from 'zod';
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { AzureSession } from '../azure/session.js';
import type { Toolset } from '../config-safety.js';

/** What a tool does to Azure; it decides the MCP annotations and, later, consent and read-only filtering. */
export type Access = 'read' | 'write' | 'destructive';


/** Everything a handler may use; one per call. */
export interface ToolContext {
  config: Config;
  session: AzureSession;
  logger: Logger;
  /** Aborted when the client cancels the request. */
  signal: AbortSignal;
  /** Sends an MCP progress notification when the client asked for progress; otherwise does nothing. */
  progress(message: string): Promise<void>;
  /** Server facts that do not change during the process's life. */
  server: { version: string; startedAt: number; exposure: string };
}

/** A handler returns the structured data plus a short text for people; it throws on failure. */
export interface ToolOutput<O> {
  data: O;
  text: string;
}

export interface ToolDefinition<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  toolset: Toolset;
  access: Access;
  /** False for tools that never leave this machine (health_check). */
  openWorld?: boolean;
  role?: string; // Azure role the tool needs, set only where requiredRole() in src/docs/roles.ts would derive the wrong one
  inputSchema: I;
  outputSchema: O;
  // Method syntax keeps the parameter bivariant, so every tool fits in one ToolDefinition[] list.
  handler(input: z.infer<I>, ctx: ToolContext): Promise<ToolOutput<z.infer<O>>>;
}

export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(definition: ToolDefinition<I, O>): ToolDefinition<I, O> {
  return definition;
}

/** The one place MCP annotations are derived from `access` (the title is already on the tool itself). */
export function annotationsFor(tool: Pick<ToolDefinition, 'access' | 'openWorld'>): ToolAnnotations {
  return {
    readOnlyHint: tool.access === 'read',
    destructiveHint: tool.access === 'destructive',
    idempotentHint: tool.access === 'read',
    openWorldHint: tool.openWorld ?? true,
  };
}
