import { createRequire } from 'node:module';
import { McpServer } from '@modelcontextprotocol/server';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { Config } from './config.js';
import { createLogger, Redactor, type Logger } from './logger.js';
import { AzureSession } from './azure/session.js';
import { allTools } from './tools/index.js';
import { registerTools, type McpRequest } from './tools/register.js';
import type { ToolContext, ToolDefinition } from './tools/define.js';

export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

export interface ServerDependencies {
  /** Answers Azure requests in process (sandbox, tests); by default the SDK uses the network. */
  httpClient?: HttpClient;
  /** Where log lines go (stderr by default). */
  writeLog?: (line: string) => void;
  tools?: readonly ToolDefinition[];
}

export interface AzopsServer {
  /** Builds one MCP server instance (serveStdio may ask for one per connection); all share one session. */
  createMcpServer(): McpServer;
  session: AzureSession;
  logger: Logger;
  tools: readonly ToolDefinition[];
}

/** Builds the server from configuration: logger, Azure session and tools. Loads no Azure SDK module. */
export function createAzopsServer(config: Config, deps: ServerDependencies = {}): AzopsServer {
  const redactor = new Redactor();
  redactor.addSecret(config.clientSecret);
  const logger = createLogger(config.logLevel, redactor, deps.writeLog);
  const session = new AzureSession(config, logger, { httpClient: deps.httpClient });
  const tools = deps.tools ?? allTools;
  const server = { version: VERSION, startedAt: Date.now() };
  const makeContext = (request: McpRequest): ToolContext => {
    const progressToken = request._meta?.progressToken;
    let step = 0;
    return {
      config,
      session,
      logger,
      server,
      signal: request.signal,
      async progress(message) {
        if (progressToken === undefined) return;
        step++;
        await request.notify({ method: 'notifications/progress', params: { progressToken, progress: step, message } }).catch(() => {});
      },
    };
  };

  return {
    session,
    logger,
    tools,
    createMcpServer() {
      const mcp = new McpServer({ name: 'azops-mcp', title: 'Azure operations (azops-mcp)', version: VERSION }, { capabilities: { tools: {} } });
      registerTools(mcp, tools, makeContext, redactor);
      return mcp;
    },
  };
}
