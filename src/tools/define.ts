import type { z } from 'zod';
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { AzureSession } from '../azure/session.js';
import type { Toolset } from '../config-safety.js';
import type { HostProbe } from '../local/host.js';

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
  /** A stand-in for this machine's /proc, statfs and systemctl (the sandbox's fixed host profile); absent: the machine itself. */
  host?: HostProbe;
}

/** A handler returns the structured data plus a short text for people; it throws on failure. */
export interface ToolOutput<O> {
  data: O;
  text: string;
}

/** A tool as its author writes it: data plus a handler. Its toolset is the folder it lives in (see defineToolset). */
export interface ToolSpec<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  access: Access;
  /** False for tools that never leave this machine (health_check). */
  openWorld?: boolean;
  /** The Azure role the tool needs, only where requiredRole() in src/docs/roles.ts would derive the wrong one. */
  role?: string;
  inputSchema: I;
  outputSchema: O;
  /**
   * Consent that depends on the arguments: the reason this call needs the user's yes although `access` alone would not
   * ask (a read with reveal=true shows secrets), or more to say in a destructive call's prompt; undefined when nothing
   * more is needed. A call it answers for is also written to the audit log. Listing, annotations and read-only mode
   * still follow `access`.
   */
  consentFor?(input: z.infer<I>): string | undefined;
  /**
   * The arguments whose values are secrets in this call (a value set under a secret-looking key, say): shown masked in
   * the consent prompt, the audit log and error texts, besides the ones maskArguments recognises by name.
   */
  secretArguments?(input: z.infer<I>): readonly string[];
  /** Arguments that work in --sandbox: the sandbox test runs every example, and the README shows them. */
  example: z.input<I>;
  // Method syntax keeps the parameter bivariant, so every tool fits in one ToolDefinition[] list.
  handler(input: z.infer<I>, ctx: ToolContext): Promise<ToolOutput<z.infer<O>>>;
}

/** A tool as the server sees it: the spec plus the toolset its folder gave it. */
export interface ToolDefinition<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> extends ToolSpec<I, O> {
  toolset: Toolset;
}

export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(spec: ToolSpec<I, O>): ToolSpec<I, O> {
  return spec;
}

/** A toolset is a folder under src/tools/ whose index.ts exports one of these; src/tools/index.ts lists them. */
export interface ToolsetDefinition {
  name: Toolset;
  /** One line for people choosing toolsets. */
  description: string;
  tools: readonly ToolDefinition[];
}

export function defineToolset(name: Toolset, description: string, tools: readonly ToolSpec[]): ToolsetDefinition {
  return { name, description, tools: tools.map((tool) => ({ ...tool, toolset: name })) };
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
