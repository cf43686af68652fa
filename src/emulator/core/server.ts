// Puts an EmulatedAzure on loopback sockets: HTTPS for Entra and ARM (the SDK refuses bearer tokens
// and authorities over plain http) and plain HTTP for managed-identity endpoints, as in Azure.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ConnectionDropped, sleep } from './faults.js';
import type { EmulatorHandler } from './types.js';

export interface RunningEmulator {
  /** e.g. https://127.0.0.1:PORT */
  httpsUrl: string;
  /** Plain http on another loopback port, for managed-identity endpoints. */
  httpUrl: string;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

/** Binds 127.0.0.1 on two free ports. */
export async function startEmulatorServer(azure: EmulatorHandler, tls: { cert: string; key: string }): Promise<RunningEmulator> {
  const httpsServer = createHttpsServer({ cert: tls.cert, key: tls.key }, (req, res) => void serve(azure, 'https', req, res));
  const httpServer = createHttpServer((req, res) => void serve(azure, 'http', req, res));
  const [httpsPort, httpPort] = await Promise.all([listen(httpsServer), listen(httpServer)]);
  return {
    httpsUrl: `https://${LOOPBACK}:${httpsPort}`,
    httpUrl: `http://${LOOPBACK}:${httpPort}`,
    close: async () => {
      await Promise.all([stop(httpsServer), stop(httpServer)]);
    },
  };
}

async function serve(azure: EmulatorHandler, scheme: 'http' | 'https', req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const localAddress = `${LOOPBACK}:${(req.socket.address() as AddressInfo).port}`;
    // 'close' before the answer is written means the client went away: a delay fault stops waiting.
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    const response = await azure.handle({
      signal: gone.signal,
      method: req.method ?? 'GET',
      url: `${scheme}://${req.headers.host ?? localAddress}${req.url ?? '/'}`,
      headers: flattenHeaders(req.headers),
      body: Buffer.concat(chunks).toString('utf8'),
    });
    res.writeHead(response.status, response.headers);
    if (response.bodyDelayMs) {
      res.flushHeaders();
      await sleep(response.bodyDelayMs, gone.signal);
      if (gone.signal.aborted) return;
    }
    res.end(response.body);
  } catch (error) {
    if (error instanceof ConnectionDropped) {
      req.socket.destroy();
      return;
    }
    // handle() answers route failures itself; this covers transport problems (bad URL, aborted body).
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(`emulator transport error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Also drops idle keep-alive sockets the SDK's agents hold, so close() never waits on them. */
function stop(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
