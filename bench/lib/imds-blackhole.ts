// Preload (node --import, after the loopback guard) for the fast-failure figure's worst case: connections to
// the Azure Instance Metadata Service address 169.254.169.254 go to a loopback port (AZOPS_BENCH_IMDS_BLACKHOLE,
// "127.0.0.1:PORT") that accepts and never answers, like a network that silently drops packets to IMDS.
// Nothing leaves the machine: the rewritten connection is to loopback, and the loopback guard still checks it.
import net from 'node:net';

const IMDS_HOST = '169.254.169.254';
const target = process.env.AZOPS_BENCH_IMDS_BLACKHOLE;

if (target) {
  const [host, port] = target.split(':');
  const original = net.Socket.prototype.connect;
  const redirect = function (this: net.Socket, ...args: unknown[]): net.Socket {
    // Node passes either (options | port, host) or, from net.connect, one pre-normalised [options, cb] array.
    const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    if (first && typeof first === 'object' && (first as { host?: unknown }).host === IMDS_HOST) {
      Object.assign(first, { host, port: Number(port) });
    } else if (typeof first === 'number' && args[1] === IMDS_HOST) {
      args = [Number(port), host, ...args.slice(2)];
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  };
  net.Socket.prototype.connect = redirect as typeof net.Socket.prototype.connect;
}

/** A loopback TCP server that accepts connections and never answers; for the bench process. */
export async function startBlackhole(): Promise<{ address: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
