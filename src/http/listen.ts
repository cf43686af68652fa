// The node:http listener around the fetch handler (through the SDK's node adapter), and a stop that lets calls in
// progress finish up to a deadline.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@modelcontextprotocol/node';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { HttpConfig } from '../config-http.js';
import type { AzopsServer } from '../server.js';
import { createMcpHttpApp, MCP_PATH, type McpHttpApp } from './app.js';
import type { Caller } from './auth.js';

export interface RunningHttpServer {
  /** The MCP endpoint, e.g. http://127.0.0.1:8080/mcp. */
  url: URL;
  app: McpHttpApp;
  /** Requests in progress (a 2025-era session's standing GET stream is not one). */
  inFlight(): number;
  /**
   * Stops accepting, waits up to `graceMs` for requests in progress, then ends every session and connection.
   * Resolves with how many requests were still running at the deadline.
   */
  close(graceMs?: number): Promise<number>;
}

export async function startHttpServer(
  azops: AzopsServer,
  config: HttpConfig,
  options: { httpClient?: HttpClient } = {},
): Promise<RunningHttpServer> {
  const app = createMcpHttpApp(azops, config, options.httpClient);
  const handle = toNodeHandler(app, {
    maxRequestBodySize: config.maxBodyBytes,
    onerror: (error) => azops.logger.warning(`http: ${error.message}`),
  });
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const serve = async (req: IncomingMessage & { auth?: Caller }, res: ServerResponse) => {
    // Decided on the request line and headers before the body is read, so a request that will be refused (wrong
    // Host or Origin, no valid token) makes the server buffer nothing.
    let admitted: Response | Caller;
    try {
      admitted = await app.admit(headRequest(req));
    } catch (error) {
      // A Host that is no host name, a method fetch refuses (CONNECT, TRACE): nothing to serve.
      azops.logger.debug(`http: refused ${req.method} ${req.url}: ${(error as Error).message}`);
      admitted = new Response('Bad Request', { status: 400 });
    }
    if (admitted instanceof Response) return sendAndClose(res, admitted);
    req.auth = admitted;
    await handle(req, res);
  };
  const server = createServer((req, res) => {
    if (req.method !== 'GET') {
      inFlight++;
      res.on('close', () => {
        inFlight--;
        if (inFlight === 0) drained?.();
      });
    }
    void serve(req, res);
  });
  // Slow or stuck clients must not hold sockets forever: the headers within 30 s, the whole request (not the
  // streamed answer) within 60 s.
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = new URL(`http://${host}:${address.port}${MCP_PATH}`);

  let closing: Promise<number> | undefined;
  return {
    url,
    app,
    inFlight: () => inFlight,
    close(graceMs = config.shutdownGraceMs) {
      closing ??= (async () => {
        app.stopAccepting();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        if (inFlight > 0) {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([
            new Promise<void>((resolve) => (drained = resolve)),
            new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
          ]);
          clearTimeout(timer);
        }
        const left = inFlight;
        await app.close();
        server.closeAllConnections();
        await stopped;
        return left;
      })();
      return closing;
    },
  };
}

/** The request without its body (method, URL and headers), as `admit` needs it. */
function headRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  // A bodyless stand-in keeps the method only where fetch allows one without a body.
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers });
}

/** Sends a refusal and closes the connection, leaving any request body unread. */
async function sendAndClose(res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = { connection: 'close' };
  for (const [name, value] of response.headers) headers[name] = value;
  res.writeHead(response.status, headers).end(body);
}
