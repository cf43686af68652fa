// The Streamable HTTP transport's settings: where it listens, who may call it, and its limits.
import { isIP } from 'node:net';
import { ConfigError, number } from './config-values.js';
import { GUID_PATTERN } from './util/guid.js';

export type Transport = 'stdio' | 'http';
export type HttpAuthMode = 'none' | 'token' | 'entra';

/** Command-line switches that override their environment variables. */
export interface TransportSwitches {
  transport?: string;
  host?: string;
  port?: string;
}

export interface EntraAuthConfig {
  tenantId: string;
  /** Accepted `aud` values: the app registration's application ID URI and/or client id. */
  audiences: string[];
  /** An app role (`roles`) or delegated scope (`scp`) every token must carry; null when any valid token will do. */
  requiredRole: string | null;
}

export interface HttpConfig {
  transport: Transport;
  host: string;
  /** 0 picks a free port (printed at start-up). */
  port: number;
  auth: HttpAuthMode;
  /** AZOPS_HTTP_TOKEN; a secret, redacted from every log line and result. */
  token?: string;
  entra?: EntraAuthConfig;
  /** Host header names accepted besides the loopback names and the address bound (DNS-rebinding protection). */
  allowedHosts: string[];
  /** Origin host names accepted besides loopback; a request with any other Origin is refused with 403. */
  allowedOrigins: string[];
  maxBodyBytes: number;
  maxSessions: number;
  sessionIdleMs: number;
  /** How long a stop waits for calls in flight before closing what is left. */
  shutdownGraceMs: number;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
  return false;
}

/** Host names the Host header may carry: loopback, the address bound (unless a wildcard), and AZOPS_HTTP_ALLOWED_HOSTS. */
export function hostAllowList(config: Pick<HttpConfig, 'host' | 'allowedHosts'>): string[] {
  const bound = isIP(config.host) === 6 ? `[${config.host}]` : config.host;
  const wildcard = config.host === '0.0.0.0' || config.host === '::';
  return [...new Set([...LOOPBACK_NAMES, ...(wildcard ? [] : [bound.toLowerCase()]), ...config.allowedHosts])];
}

export function originAllowList(config: Pick<HttpConfig, 'allowedOrigins'>): string[] {
  return [...new Set([...LOOPBACK_NAMES, ...config.allowedOrigins])];
}

/** A comma-separated list of host names (AZOPS_HTTP_ALLOWED_HOSTS, AZOPS_HTTP_ALLOWED_ORIGINS): bare names only. */
function hostNames(variable: string, value: string | undefined): string[] {
  const list = (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const bad = list.filter((name) => !/^[a-z0-9.-]+$/.test(name) && !/^\[[0-9a-f:.]+\]$/.test(name));
  if (bad.length)
    throw new ConfigError(
      `${variable}: ${bad.join(', ')} is not a bare host name; give names only, without scheme, port or path (e.g. mcp.example.com)`,
    );
  return list;
}

/**
 * The transport settings from the command line (--transport, --host, --port) or their variables. Serving HTTP on an
 * address other than loopback without authentication is a configuration error: anyone who can reach the port would
 * act on Azure with this server's identity.
 */
export function loadHttpConfig(
  text: (name: string) => string | undefined,
  switches: TransportSwitches,
  fallbackTenant: string | undefined,
): HttpConfig {
  const transportText = (switches.transport ?? text('AZOPS_TRANSPORT') ?? 'stdio').toLowerCase();
  if (transportText !== 'stdio' && transportText !== 'http')
    throw new ConfigError(`${switches.transport !== undefined ? '--transport' : 'AZOPS_TRANSPORT'} is invalid: use stdio or http`);
  const transport = transportText as Transport;
  const host = (switches.host ?? text('AZOPS_HTTP_HOST') ?? '127.0.0.1').replace(/^\[(.*)\]$/, '$1');
  if (!host || (isIP(host) === 0 && !/^[a-z0-9.-]+$/i.test(host)))
    throw new ConfigError(`${switches.host !== undefined ? '--host' : 'AZOPS_HTTP_HOST'} is not a host name or IP address`);
  const portName = switches.port !== undefined ? '--port' : 'AZOPS_HTTP_PORT';
  const port = number(portName, switches.port ?? text('AZOPS_HTTP_PORT'), 8080, { integer: true });
  if (port > 65535) throw new ConfigError(`${portName} is invalid: expected a port number from 0 to 65535`);

  const token = text('AZOPS_HTTP_TOKEN');
  const authText = (text('AZOPS_HTTP_AUTH') ?? (token ? 'token' : 'none')).toLowerCase();
  if (!['none', 'token', 'entra'].includes(authText)) throw new ConfigError('AZOPS_HTTP_AUTH is invalid: use none, token or entra');
  const auth = authText as HttpAuthMode;
  if (auth === 'token' && !token) throw new ConfigError('AZOPS_HTTP_AUTH=token needs AZOPS_HTTP_TOKEN (a long random string)');
  if (token && token.length < 16) throw new ConfigError('AZOPS_HTTP_TOKEN is too short: use at least 16 random characters');
  if (token && auth !== 'token')
    throw new ConfigError(`AZOPS_HTTP_TOKEN is set but AZOPS_HTTP_AUTH is ${auth}: unset one of them so it is clear which applies`);

  let entra: EntraAuthConfig | undefined;
  if (auth === 'entra') {
    const tenantId = text('AZOPS_HTTP_ENTRA_TENANT_ID') ?? fallbackTenant;
    if (!tenantId || !GUID_PATTERN.test(tenantId))
      throw new ConfigError(
        'AZOPS_HTTP_AUTH=entra needs AZOPS_HTTP_ENTRA_TENANT_ID (or AZURE_TENANT_ID): the tenant id (GUID) that issues the tokens',
      );
    const audiences = (text('AZOPS_HTTP_ENTRA_AUDIENCE') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!audiences.length)
      throw new ConfigError(
        "AZOPS_HTTP_AUTH=entra needs AZOPS_HTTP_ENTRA_AUDIENCE: this server's app registration (its application ID URI, e.g. api://azops-mcp, and/or its client id)",
      );
    entra = { tenantId: tenantId.toLowerCase(), audiences, requiredRole: text('AZOPS_HTTP_ENTRA_REQUIRED_ROLE')?.trim() || null };
  }

  const config: HttpConfig = {
    transport,
    host,
    port,
    auth,
    ...(token ? { token } : {}),
    ...(entra ? { entra } : {}),
    allowedHosts: hostNames('AZOPS_HTTP_ALLOWED_HOSTS', text('AZOPS_HTTP_ALLOWED_HOSTS')),
    allowedOrigins: hostNames('AZOPS_HTTP_ALLOWED_ORIGINS', text('AZOPS_HTTP_ALLOWED_ORIGINS')),
    maxBodyBytes: number('AZOPS_HTTP_MAX_BODY_BYTES', text('AZOPS_HTTP_MAX_BODY_BYTES'), 1_048_576, { min: 1024, integer: true }),
    maxSessions: number('AZOPS_HTTP_MAX_SESSIONS', text('AZOPS_HTTP_MAX_SESSIONS'), 100, { min: 1, integer: true }),
    sessionIdleMs: number('AZOPS_HTTP_SESSION_IDLE_SECONDS', text('AZOPS_HTTP_SESSION_IDLE_SECONDS'), 1800, { min: 1 }) * 1000,
    shutdownGraceMs: number('AZOPS_HTTP_SHUTDOWN_SECONDS', text('AZOPS_HTTP_SHUTDOWN_SECONDS'), 30, { min: 0, max: 3600 }) * 1000,
  };
  // Behind a proxy the listener stays on loopback, but the Host names the proxy's public name: reachable all the same.
  const publicName = config.allowedHosts.find((name) => !isLoopbackHost(name));
  if (transport === 'http' && auth === 'none' && publicName)
    throw new ConfigError(
      `refusing to serve HTTP for ${publicName} (AZOPS_HTTP_ALLOWED_HOSTS) without authentication: whoever reaches that name would act on Azure with this server's identity. Set AZOPS_HTTP_TOKEN or AZOPS_HTTP_AUTH=entra.`,
    );
  if (transport === 'http' && auth === 'none' && !isLoopbackHost(host))
    throw new ConfigError(
      `refusing to serve HTTP on ${host} without authentication: anyone who can reach it would act on Azure with this server's identity. Set AZOPS_HTTP_TOKEN or AZOPS_HTTP_AUTH=entra, or listen on 127.0.0.1.`,
    );
  return config;
}
