import { createRequire } from 'node:module';
import { Server } from '@modelcontextprotocol/server';
import { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/server/validators/cf-worker';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { Config } from './config.js';
import { createLogger, Redactor, type Logger } from './logger.js';
import { GUID_PATTERN } from './util/guid.js';
import { AzureSession } from './azure/session.js';
import { loadToolset } from './tools/registry.js';
import type { ToolContext, ToolDefinition } from './tools/define.js';
import type { HostProbe } from './local/host.js';
import { selectTools, type ToolSelection } from './mcp/select.js';
import { RateLimiter } from './safety/rate-limit.js';
import { AuditLog } from './safety/audit.js';
import { ToolCatalog, type CatalogEntry } from './mcp/catalog.js';
import { attachTools, type McpRequest, type ToolServing } from './mcp/dispatch.js';
import { ConsentRounds } from './mcp/consent-rounds.js';

export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** Written by the build (scripts/build-dist.ts); the same relative path from dist/src/ and from the bundle in dist/bundle/. */
const CATALOG_FILE = new URL('../catalog.json', import.meta.url);

export interface ServerDependencies {
  /** Answers Azure requests in process (sandbox, tests); by default the SDK uses the network. */
  httpClient?: HttpClient;
  /** Where log lines go (stderr by default). */
  writeLog?: (line: string) => void;
  /** Tools given in code (tests); by default the build's catalogue, with toolsets loaded on first call. */
  tools?: readonly ToolDefinition[];
  /** What the local tools read as this machine (the sandbox's fixed host profile); by default the machine itself. */
  host?: HostProbe;
}

export interface AzopsServer {
  /**
   * Builds one MCP server instance (serveStdio may ask for one per connection, HTTP one per session or request).
   * Its tools act through `session`: by default the server's own; an HTTP session passes a fork of it.
   */
  createMcpServer(session?: AzureSession): Server;
  session: AzureSession;
  logger: Logger;
  /** The tools exposed after toolset, single-tool and read-only filtering. */
  tools: readonly CatalogEntry[];
  selection: ToolSelection<CatalogEntry>;
  /** A tool's output schema with its field descriptions (loads the tool's module). */
  resultSchema(entry: CatalogEntry): Promise<Record<string, unknown>>;
}

/** Builds the server from configuration: logger, Azure session and tools. Loads no Azure SDK module. */
export function createAzopsServer(config: Config, deps: ServerDependencies = {}): AzopsServer {
  const redactor = new Redactor();
  redactor.addSecret(config.clientSecret);
  redactor.addSecret(config.http.token);
  // An application id is a GUID; anything else in AZURE_CLIENT_ID may well be a secret pasted in the wrong place.
  if (config.clientId && !GUID_PATTERN.test(config.clientId)) redactor.addSecret(config.clientId);
  const logger = createLogger(config.logLevel, redactor, deps.writeLog);
  const session = new AzureSession(config, logger, { httpClient: deps.httpClient });
  const catalog = deps.tools ? ToolCatalog.of(deps.tools) : ToolCatalog.fromFile(CATALOG_FILE, loadToolset);
  const selection = selectTools(catalog.entries, config.safety);
  const { rateLimit, auditLog } = config.safety;
  const guards = {
    redactor,
    safety: config.safety,
    rateLimiter: rateLimit.enabled ? new RateLimiter(rateLimit.perMinute, rateLimit.burst, rateLimit.maxWaitSeconds * 1000) : undefined,
    audit: auditLog ? new AuditLog(auditLog) : undefined,
  };
  const server = { version: VERSION, startedAt: Date.now(), exposure: selection.summary };
  const makeContext = (request: McpRequest, session: AzureSession): ToolContext => {
    const progressToken = request._meta?.progressToken;
    let step = 0;
    return {
      config,
      session,
      // The call's log lines go to its client too (MCP logging, above the level the client set).
      logger: logger.alsoTo((level, message) => void request.log(level, message, 'azops-mcp').catch(() => {})),
      server,
      host: deps.host,
      signal: request.signal,
      async progress(message) {
        if (progressToken === undefined) return;
        step++;
        await request.notify({ method: 'notifications/progress', params: { progressToken, progress: step, message } }).catch(() => {});
      },
    };
  };
  const consent = new ConsentRounds();

  return {
    session,
    logger,
    tools: selection.exposed,
    selection,
    resultSchema: (entry) => catalog.resultSchema(entry),
    createMcpServer(callerSession = session) {
      const mcp = new Server(
        { name: 'azops-mcp', title: 'Azure operations (azops-mcp)', version: VERSION },
        {
          capabilities: { tools: {}, logging: {} },
          requestState: { verify: consent.verify },
          // The SDK's check of a form's answer (elicitInput). Its default, Ajv, is a fifth of what start-up would
          // load; the build leaves it out of the bundle (scripts/build-dist.ts).
          jsonSchemaValidator: new CfWorkerJsonSchemaValidator(),
        },
      );
      const serving: ToolServing = { catalog, selection, makeContext: (request) => makeContext(request, callerSession), guards, consent };
      attachTools(mcp, serving);
      return mcp;
    },
  };
}
