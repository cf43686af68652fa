// An HTTP CONNECT proxy on 127.0.0.1 that tunnels only allow-listed Azure host names, all to one local
// HTTPS server (the emulator, whose certificate names those hosts). With HTTPS_PROXY pointing here,
// unmodified production code (the server, the real `az`) runs against the emulator; anything else it
// tries to reach gets 403 and never leaves the machine.
import { createServer, type IncomingMessage } from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** The public-cloud hosts the emulator answers for; `*.` matches one DNS label. */
export const AZURE_PROXY_HOSTS: readonly string[] = [
  'login.microsoftonline.com',
  'management.azure.com',
  'graph.microsoft.com',
  '*.azconfig.io',
  '*.azurecr.io',
];

export interface ConnectProxy {
  /** http://127.0.0.1:PORT, for HTTPS_PROXY. */
  url: string;
  /** Tunnels opened, by requested host name (lower case). */
  tunnels: Map<string, number>;
  /** Every refused target, as "host:port" (or the method and URL of a plain HTTP request). */
  refused: string[];
  tunnelCount(host: string): number;
  close(): Promise<void>;
}

export interface ConnectProxyOptions {
  /** Where every allowed tunnel goes, e.g. the emulator's HTTPS port on 127.0.0.1. */
  target: { host: string; port: number };
  allow?: readonly string[];
}

export function isAllowedHost(host: string, allow: readonly string[]): boolean {
  const name = host.toLowerCase();
  return allow.some((pattern) => {
    const lowered = pattern.toLowerCase();
    if (!lowered.startsWith('*.')) return name === lowered;
    const suffix = lowered.slice(1);
    return name.endsWith(suffix) && !name.slice(0, -suffix.length).includes('.') && name.length > suffix.length;
  });
}

export async function startConnectProxy(options: ConnectProxyOptions): Promise<ConnectProxy> {
  const allow = options.allow ?? AZURE_PROXY_HOSTS;
  const tunnels = new Map<string, number>();
  const refused: string[] = [];
  const sockets = new Set<Duplex>();
  const track = (socket: Duplex): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  // Only CONNECT is served: a plain proxied http:// request would bypass TLS, which Azure never does.
  const server = createServer((req, res) => {
    refused.push(`${req.method ?? '?'} ${req.url ?? ''}`);
    res.writeHead(403, { 'content-type': 'text/plain' }).end('connect-proxy: only CONNECT to allow-listed hosts\n');
  });
  server.on('connection', track);
  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    track(client);
    const { host, port } = splitAuthority(req.url ?? '');
    if (port !== 443 || !isAllowedHost(host, allow)) {
      refused.push(`${host}:${port}`);
      client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    tunnels.set(host.toLowerCase(), (tunnels.get(host.toLowerCase()) ?? 0) + 1);
    const upstream: Socket = net.connect(options.target.port, options.target.host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    refused,
    tunnelCount: (host) => tunnels.get(host.toLowerCase()) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** "host:port" or "[v6]:port" from a CONNECT request line. */
function splitAuthority(authority: string): { host: string; port: number } {
  const match = /^\[?([^\]]*?)\]?:(\d+)$/.exec(authority);
  return match ? { host: match[1] ?? '', port: Number(match[2]) } : { host: authority, port: 0 };
}
