import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, number } from './config-values.js';

// The configuration of the `local` toolset: the Docker engine it talks to and where the host's figures come from.

/** TLS client files for a tcp:// engine (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH), as the Docker CLI reads them. */
export interface DockerTls {
  caPath: string;
  certPath: string;
  keyPath: string;
}

/** Where the Docker Engine API answers: a unix socket or Windows named pipe, or TCP (with TLS when asked for). */
export type DockerEndpoint =
  | { kind: 'socket'; path: string; display: string }
  | { kind: 'tcp'; host: string; port: number; tls: DockerTls | null; display: string }
  /** A scheme the Docker CLI knows but this server does not speak (ssh://): the Docker tools say so when called. */
  | { kind: 'unsupported'; scheme: string; display: string };

export interface LocalConfig {
  docker: DockerEndpoint;
  /** How the engine was chosen, for messages: the variable, the platform default, or the sandbox's emulated engine. */
  dockerHostSource: 'DOCKER_HOST' | 'default' | 'sandbox';
  /** DOCKER_TIMEOUT: the longest one Docker Engine API request may take. */
  dockerTimeoutMs: number;
  /** Where /proc is read (a fixture directory in tests). */
  procRoot: string;
  /** The systemctl program check_service_health runs (no shell); a stand-in in tests. */
  systemctl: string;
}

const DEFAULT_UNIX_SOCKET = '/var/run/docker.sock';
const DEFAULT_PIPE = '//./pipe/docker_engine';

/** A Windows named pipe path as Node's net module takes it: \\.\pipe\name. */
const pipePath = (path: string) => path.replace(/\//g, '\\');

/**
 * DOCKER_HOST as the Docker CLI reads it: unix:///path, npipe:////./pipe/name, tcp://host:port (TLS when
 * DOCKER_TLS_VERIFY is set to anything, as the CLI does), or unset for the platform's default socket. A value
 * that is not one of those is a configuration error naming the variable; ssh:// is accepted here and refused by
 * the Docker tools, so a user whose Docker CLI uses it can still start the server.
 */
export function dockerEndpoint(value: string | undefined, env: (name: string) => string | undefined, platform = process.platform) {
  if (value === undefined) {
    const docker: DockerEndpoint =
      platform === 'win32'
        ? { kind: 'socket', path: pipePath(DEFAULT_PIPE), display: `npipe://${DEFAULT_PIPE}` }
        : { kind: 'socket', path: DEFAULT_UNIX_SOCKET, display: `unix://${DEFAULT_UNIX_SOCKET}` };
    return { docker, dockerHostSource: 'default' as const };
  }
  const invalid = (why: string) =>
    new ConfigError(`DOCKER_HOST is invalid: ${why} (expected unix:///path/to/docker.sock, npipe:////./pipe/name or tcp://host:port)`);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (!scheme) throw invalid('no scheme');
  let docker: DockerEndpoint;
  if (scheme === 'unix' || scheme === 'npipe') {
    const path = value.slice(scheme.length + 3);
    if (!path.startsWith('/') || /[\0?#]/.test(path)) throw invalid(`a ${scheme}:// address needs an absolute path`);
    docker = { kind: 'socket', path: scheme === 'npipe' ? pipePath(path) : path, display: `${scheme}://${path}` };
  } else if (scheme === 'tcp' || scheme === 'http' || scheme === 'https') {
    let url: URL;
    try {
      url = new URL(value.replace(/^[a-z]+:/i, 'http:'));
    } catch {
      throw invalid('not a host and port');
    }
    if (url.username || url.password) throw invalid('a user or password in the address is not supported');
    if (!url.hostname || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
      throw invalid('expected only a host and port');
    const verify = (env('DOCKER_TLS_VERIFY') ?? '') !== '' || scheme === 'https';
    const certDir = env('DOCKER_CERT_PATH') ?? join(homedir(), '.docker');
    const tls = verify ? { caPath: join(certDir, 'ca.pem'), certPath: join(certDir, 'cert.pem'), keyPath: join(certDir, 'key.pem') } : null;
    const port = url.port ? Number(url.port) : verify ? 2376 : 2375;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    docker = { kind: 'tcp', host, port, tls, display: `tcp://${url.hostname}:${port}` };
  } else if (scheme === 'ssh' || scheme === 'fd') {
    docker = { kind: 'unsupported', scheme, display: `${scheme}://` };
  } else {
    throw invalid('unsupported scheme');
  }
  return { docker, dockerHostSource: 'DOCKER_HOST' as const };
}

/** The `local` toolset's settings from the environment; errors name the variable, never its value. */
export function loadLocalConfig(text: (name: string) => string | undefined): LocalConfig {
  return {
    ...dockerEndpoint(text('DOCKER_HOST'), text),
    // As the original: seconds, 30 by default.
    dockerTimeoutMs: number('DOCKER_TIMEOUT', text('DOCKER_TIMEOUT'), 30, { min: 0.1 }) * 1000,
    procRoot: '/proc',
    systemctl: 'systemctl',
  };
}
