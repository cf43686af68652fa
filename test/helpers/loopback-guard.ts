// Preload with `node --import <file URL of dist/test/helpers/loopback-guard.js>` (or import it): from
// then on every TCP/TLS connection (net.connect, tls.connect, http/https agents, fetch) to a host
// that is not loopback throws synchronously, so a test can never reach Azure or probe the real IMDS
// address 169.254.169.254 (whose absence costs seconds of retries).
import net from 'node:net';

const INSTALLED = Symbol.for('azops.loopbackGuard.installed');

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  const ipv4 = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  return net.isIPv4(ipv4) && ipv4.startsWith('127.');
}

export function assertLoopbackUrl(url: string, what: string): void {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new Error(`loopback-guard: ${what} is not a valid URL: ${url}`);
  }
  if (!isLoopbackHost(host)) throw new Error(`loopback-guard: ${what} must point at loopback, got ${url}`);
}

type ConnectArgs = unknown[];

/**
 * Works out where Socket#connect is going. Node passes either the public forms
 * (options | port, host | path) or, from net.connect/tls.connect, one pre-normalised [options, cb] array.
 */
function connectTarget(args: ConnectArgs): { host: string; port: string } | 'ipc' {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === 'string' && !/^\d+$/.test(first)) return 'ipc';
  if (typeof first === 'number' || typeof first === 'string') {
    const host = typeof args[1] === 'string' ? args[1] : 'localhost';
    return { host, port: String(first) };
  }
  const options = (first ?? {}) as { path?: unknown; host?: unknown; port?: unknown };
  if (typeof options.path === 'string') return 'ipc';
  return { host: typeof options.host === 'string' ? options.host : 'localhost', port: String(options.port ?? '') };
}

function install(): void {
  const globals = globalThis as Record<symbol, unknown>;
  if (globals[INSTALLED]) return;
  globals[INSTALLED] = true;
  const original = net.Socket.prototype.connect;
  const guarded = function (this: net.Socket, ...args: ConnectArgs): net.Socket {
    const target = connectTarget(args);
    if (target !== 'ipc' && !isLoopbackHost(target.host)) {
      throw new Error(`loopback-guard: refused connection to ${target.host}:${target.port}`);
    }
    return (original as (...a: ConnectArgs) => net.Socket).apply(this, args);
  };
  net.Socket.prototype.connect = guarded as typeof net.Socket.prototype.connect;
}

install();
