// The node:http listener around the fetch handler (through the SDK's node adapter), and a stop that lets calls in
// progress finish up to a deadline.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@modelcontextprotocol/node';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { HttpConfig } from '../config-http.js';
import type { AzopsServer } from '../server.js';
import { createMcpHttpApp, MCP_PATH, type McpHttpApp } from './app.js';

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
  const server = createServer((req, res) => {
    if (req.method !== 'GET') {
      inFlight++;
      res.on('close', () => {
        inFlight--;
        if (inFlight === 0) drained?.();
      });
    }
    void handle(req, res);
  });
  // Slow or stuck clients must not hold sockets forever.
  server.headersTimeout = 30_000;
  server.requestTimeout = 0;
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
