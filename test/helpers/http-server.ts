// The server over Streamable HTTP in the test process: the real listener on loopback (port 0), the in-process
// emulated Azure behind it, and real MCP clients connecting over HTTP on either protocol era.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createEmulatorHttpClient, EmulatedAzure, SEED, seedDemoEstate, type EmulatorOptions } from '../../src/emulator/index.js';
import { loadConfig } from '../../src/config.js';
import { createAzopsServer, type AzopsServer } from '../../src/server.js';
import { startHttpServer, type RunningHttpServer } from '../../src/http/listen.js';
import { runningServer, type ElicitAnswer, type RunningServer } from './server-process.js';
import { tempDir } from './temp.js';

export type Era = 'legacy' | 'modern';
export const ERAS: readonly Era[] = ['legacy', 'modern'];
export const PROTOCOL: Record<Era, string> = { legacy: '2025-11-25', modern: '2026-07-28' };

export interface HttpFixture {
  azure: EmulatedAzure;
  azops: AzopsServer;
  http: RunningHttpServer;
  url: URL;
  logs(): string;
  /** A real MCP client over HTTP: 2025-11-25 (initialize, Mcp-Session-Id) or 2026-07-28 (per-request envelope). */
  connect(options?: ConnectOptions): Promise<RunningServer>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  era?: Era;
  /** Sent as `Authorization: Bearer ...`. */
  token?: string;
  headers?: Record<string, string>;
  /** When given, the client declares form elicitation and answers prompts with this. */
  onElicit?: (message: string) => ElicitAnswer | Promise<ElicitAnswer>;
}

export async function startHttpFixture(
  env: Record<string, string>,
  options: EmulatorOptions & { demo?: boolean } = {},
): Promise<HttpFixture> {
  const { demo = true, ...emulatorOptions } = options;
  const azure = new EmulatedAzure(emulatorOptions);
  if (demo) seedDemoEstate(azure);
  const httpClient = createEmulatorHttpClient(azure);
  const config = loadConfig(
    {},
    {
      AZURE_TENANT_ID: SEED.tenantId,
      AZURE_CLIENT_ID: SEED.servicePrincipal.clientId,
      AZURE_CLIENT_SECRET: SEED.servicePrincipal.clientSecret,
      AZURE_SUBSCRIPTION_ID: SEED.subscriptions[0]!.id,
      LOG_LEVEL: 'DEBUG',
      API_RETRY_DELAY: '0.05',
      RATE_LIMIT_ENABLED: 'false',
      AZOPS_TRANSPORT: 'http',
      AZOPS_HTTP_PORT: '0',
      ...env,
    },
    tempDir('cwd'),
  );
  config.cloud = { ...config.cloud, disableInstanceDiscovery: true };
  const lines: string[] = [];
  const azops = createAzopsServer(config, { httpClient, writeLog: (line) => lines.push(line) });
  const http = await startHttpServer(azops, config.http, { httpClient });
  const open = new Set<RunningServer>();
  return {
    azure,
    azops,
    http,
    url: http.url,
    logs: () => lines.join(''),
    async connect({ era = 'legacy', token, headers = {}, onElicit } = {}) {
      const client = new Client(
        { name: 'azops-http-test', version: '1.0.0' },
        {
          versionNegotiation: { mode: era === 'modern' ? { pin: PROTOCOL.modern } : 'legacy' },
          ...(onElicit ? { capabilities: { elicitation: { form: {} } } } : {}),
        },
      );
      if (onElicit) {
        client.setRequestHandler('elicitation/create', async (request) => {
          const answer = await onElicit(request.params.message);
          return answer.content ? { action: answer.action, content: answer.content as Record<string, boolean> } : { action: answer.action };
        });
      }
      const transport = new StreamableHTTPClientTransport(http.url, {
        requestInit: { headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } },
      });
      await client.connect(transport);
      const running = runningServer(
        client,
        () => lines.join(''),
        () => open.delete(running),
      );
      open.add(running);
      return running;
    },
    async close() {
      for (const server of [...open]) await server.close().catch(() => {});
      await http.close(1000);
    },
  };
}

/** One raw HTTP request to the endpoint (what a browser or a stranger would send). */
export async function rawPost(url: URL, headers: Record<string, string>, body: unknown = initializeBody()): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function initializeBody(): unknown {
  return {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: PROTOCOL.legacy, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  };
}
