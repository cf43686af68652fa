import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { readFileSync, statSync } from 'node:fs';
import type { DockerEndpoint, LocalConfig } from '../config-local.js';
import { UserFacingError } from '../azure/errors.js';
import { printable } from '../azure/arm-names.js';

// A small Docker Engine API client over Node's own HTTP client: a unix socket or Windows named pipe
// (`socketPath`), or TCP with the Docker CLI's TLS files. No shell and no docker binary; every request has the
// DOCKER_TIMEOUT deadline and follows the tool call's cancellation.

export type DockerErrorKind = 'no-engine' | 'permission' | 'not-found' | 'timeout' | 'unsupported' | 'tls' | 'refused' | 'unreadable';

/** A Docker failure in words a user can act on; `kind` tells the three the tools must tell apart (and the rest). */
export class DockerError extends UserFacingError {
  override name = 'DockerError';
  constructor(
    message: string,
    readonly kind: DockerErrorKind,
  ) {
    super(message);
  }
}

/** The most any JSON answer may weigh; the Engine API's lists are small next to it. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;
/** How much of an error body is kept for the message. */
const MAX_ERROR_BYTES = 64 * 1024;

export interface EnginePort {
  IP?: string;
  PrivatePort?: number;
  PublicPort?: number;
  Type?: string;
}

/** GET /containers/json: the fields read here (Docker's ContainerSummary). */
export interface ContainerSummary {
  Id: string;
  Names?: string[];
  Image?: string;
  State?: string;
  Status?: string;
  Ports?: EnginePort[];
  Created?: number;
}

/** GET /containers/{id}/json: the fields read here (Docker's ContainerInspectResponse). */
export interface ContainerDetails {
  Id: string;
  Name?: string;
  RestartCount?: number;
  State?: {
    Status?: string;
    Running?: boolean;
    Restarting?: boolean;
    ExitCode?: number;
    StartedAt?: string;
    FinishedAt?: string;
    Health?: { Status?: string };
  };
  Config?: { Tty?: boolean; Image?: string };
}

/** GET /version (Docker's SystemVersion): the fields read here. */
export interface EngineVersion {
  Version?: string;
  ApiVersion?: string;
  Os?: string;
  Arch?: string;
  KernelVersion?: string;
}

/** GET /info (Docker's SystemInfo): the fields read here. */
export interface EngineInfo {
  Containers?: number;
  ContainersRunning?: number;
  ContainersPaused?: number;
  ContainersStopped?: number;
  OperatingSystem?: string;
}

interface Exchange {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** True when reading stopped before the end (maxBytes, or the stream consumer said stop). */
  cut: boolean;
}

interface ExchangeOptions {
  accept?: string;
  maxBytes?: number;
  /** Takes a 2xx body as it arrives instead of buffering it; return false to stop reading. */
  stream?: (chunk: Buffer, headers: IncomingHttpHeaders) => boolean;
}

/** One tool call's view of the Docker engine. */
export class DockerEngine {
  private prefix?: Promise<string>;

  constructor(
    private readonly config: LocalConfig,
    private readonly signal?: AbortSignal,
  ) {}

  /** Where the engine is, and how that was chosen, for messages. */
  get where(): string {
    const { docker, dockerHostSource } = this.config;
    const how = { default: 'the default; DOCKER_HOST is not set', DOCKER_HOST: 'DOCKER_HOST', sandbox: "the sandbox's emulated engine" };
    return `${docker.display} (${how[dockerHostSource]})`;
  }

  /** GET /_ping: the engine answers, and the API version it speaks (used as the prefix of every other path). */
  async ping(): Promise<{ apiVersion: string | null; server: string | null }> {
    const answer = await this.exchange('GET', '/_ping', { accept: 'text/plain', maxBytes: 1024 });
    if (answer.status !== 200 || answer.body.toString().trim() !== 'OK') {
      throw new DockerError(
        `${this.where} answered /_ping with ${answer.status}, not a Docker engine's OK: is DOCKER_HOST pointing at a Docker engine?`,
        'unreadable',
      );
    }
    const version = header(answer.headers, 'api-version');
    return { apiVersion: version && /^\d+\.\d+$/.test(version) ? version : null, server: header(answer.headers, 'server') };
  }

  version = (): Promise<EngineVersion> => this.json<EngineVersion>('/version');

  info = (): Promise<EngineInfo> => this.json<EngineInfo>('/info');

  /** Running containers, or all of them. */
  async listContainers(all: boolean): Promise<ContainerSummary[]> {
    const list = await this.json<unknown>(`/containers/json${all ? '?all=1' : ''}`);
    if (!Array.isArray(list)) throw this.unreadable('/containers/json');
    return list.filter((c): c is ContainerSummary => typeof (c as ContainerSummary | null)?.Id === 'string');
  }

  /** One container by id, id prefix or name; a DockerError of kind not-found when the engine has none. */
  async inspect(ref: string): Promise<ContainerDetails> {
    const details = await this.json<ContainerDetails>(`/containers/${encodeURIComponent(ref)}/json`, ref);
    if (typeof details?.Id !== 'string') throw this.unreadable(`/containers/${ref}/json`);
    return details;
  }

  /**
   * GET /containers/{id}/logs for the last `tail` lines of stdout and stderr; the body goes to `sink` as it
   * arrives (at most `maxBytes`), and the content type is handed over so the caller can tell a multiplexed stream.
   */
  async logs(
    id: string,
    tail: number,
    maxBytes: number,
    sink: (chunk: Buffer, contentType: string | null) => void,
  ): Promise<{ cut: boolean }> {
    const path = `/containers/${encodeURIComponent(id)}/logs?stdout=1&stderr=1&tail=${tail}`;
    let read = 0;
    const answer = await this.exchange('GET', await this.versioned(path), {
      // Engines with API 1.42+ say which framing they send when asked (older ones send no content type).
      accept: 'application/vnd.docker.multiplexed-stream, application/vnd.docker.raw-stream',
      stream: (chunk, headers) => {
        const room = maxBytes - read;
        read += chunk.length;
        sink(chunk.length > room ? chunk.subarray(0, room) : chunk, header(headers, 'content-type'));
        return read < maxBytes;
      },
    });
    this.check(answer, path, id);
    return { cut: answer.cut };
  }

  /** POST /containers/{id}/restart: the engine stops the container (its own grace period) and starts it again. */
  async restart(id: string): Promise<void> {
    const path = `/containers/${encodeURIComponent(id)}/restart`;
    this.check(await this.exchange('POST', await this.versioned(path), { maxBytes: MAX_ERROR_BYTES }), path, id);
  }

  private async json<T>(path: string, containerRef?: string): Promise<T> {
    const answer = await this.exchange('GET', await this.versioned(path), { maxBytes: MAX_JSON_BYTES });
    this.check(answer, path, containerRef);
    if (answer.cut) throw new DockerError(`The answer to ${path} from ${this.where} is larger than ${MAX_JSON_BYTES} bytes.`, 'unreadable');
    try {
      return JSON.parse(answer.body.toString('utf8')) as T;
    } catch {
      throw this.unreadable(path);
    }
  }

  /** The path under the engine's own API version (asked once per call with /_ping), as the Docker CLI does. */
  private async versioned(path: string): Promise<string> {
    this.prefix ??= this.ping().then(({ apiVersion }) => (apiVersion ? `/v${apiVersion}` : ''));
    return `${await this.prefix}${path}`;
  }

  private unreadable(path: string): DockerError {
    return new DockerError(
      `The answer to ${path} from ${this.where} is not the Docker Engine API's JSON: is DOCKER_HOST pointing at a Docker engine?`,
      'unreadable',
    );
  }

  /** Turns an error status into the message a user reads; a 404 on a container path is "unknown container". */
  private check(answer: Exchange, path: string, containerRef?: string): void {
    if (answer.status >= 200 && answer.status < 300) return;
    const message = errorMessage(answer.body);
    if (answer.status === 404 && containerRef !== undefined) {
      throw new DockerError(
        `No container '${containerRef}' on the Docker engine at ${this.where} (404: ${message}). list_containers all=true lists every container, stopped ones too.`,
        'not-found',
      );
    }
    throw new DockerError(`The Docker engine at ${this.where} refused ${path} (${answer.status}): ${message}`, 'refused');
  }

  private exchange(method: 'GET' | 'POST', path: string, options: ExchangeOptions): Promise<Exchange> {
    const { docker, dockerTimeoutMs } = this.config;
    if (docker.kind === 'unsupported') {
      return Promise.reject(
        new DockerError(
          `DOCKER_HOST uses ${docker.scheme}://, which azops-mcp does not speak: point DOCKER_HOST at the engine's socket (unix:// or npipe://) or at tcp://host:port (with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH for TLS).`,
          'unsupported',
        ),
      );
    }
    if (this.signal?.aborted) return Promise.reject(abortError());
    const maxBytes = options.maxBytes ?? MAX_JSON_BYTES;
    let request: http.ClientRequest;
    try {
      request = this.open(docker, method, path, options.accept ?? 'application/json');
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise<Exchange>((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | undefined, value?: Exchange) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(value!);
      };
      const onAbort = () => {
        finish(abortError());
        request.destroy();
      };
      this.signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => {
        finish(
          new DockerError(
            `The Docker engine at ${this.where} did not answer ${method} ${path} within ${dockerTimeoutMs / 1000}s (DOCKER_TIMEOUT).`,
            'timeout',
          ),
        );
        request.destroy();
      }, dockerTimeoutMs);
      request.on('error', (error) => finish(this.connectionError(docker, error as NodeJS.ErrnoException)));
      request.on('response', (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        const stream = ok ? options.stream : undefined;
        const limit = ok ? maxBytes : MAX_ERROR_BYTES;
        const chunks: Buffer[] = [];
        let size = 0;
        let cut = false;
        const done = () => finish(undefined, { status, headers: response.headers, body: Buffer.concat(chunks), cut });
        const stop = () => {
          cut = true;
          done();
          response.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          if (settled) return;
          if (stream) {
            try {
              if (!stream(chunk, response.headers)) stop();
            } catch (error) {
              finish(error as Error);
              response.destroy();
            }
            return;
          }
          const room = limit - size;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            stop();
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', done);
        response.on('error', (error) => finish(this.connectionError(docker, error as NodeJS.ErrnoException)));
        // A body that stops arriving without an end (a reset) must not leave the call hanging: 'close' settles it.
        response.on('close', () =>
          finish(new DockerError(`The Docker engine at ${this.where} closed the connection in the middle of its answer.`, 'unreadable')),
        );
      });
      request.end();
    });
  }

  private open(docker: Exclude<DockerEndpoint, { kind: 'unsupported' }>, method: string, path: string, accept: string) {
    // Over TCP the Host header is the engine's own name: with TLS it is the name its certificate is checked against.
    const hostHeader =
      docker.kind === 'socket' ? 'docker' : `${docker.host.includes(':') ? `[${docker.host}]` : docker.host}:${docker.port}`;
    const common = { method, path, agent: false as const, headers: { Host: hostHeader, Accept: accept, 'User-Agent': 'azops-mcp' } };
    if (docker.kind === 'socket') return http.request({ ...common, socketPath: docker.path });
    if (!docker.tls) return http.request({ ...common, host: docker.host, port: docker.port });
    return https.request({ ...common, host: docker.host, port: docker.port, ...readTlsFiles(docker.tls) });
  }

  /** What went wrong before the engine answered, told apart: no engine, no permission, TLS, or unreachable. */
  private connectionError(docker: Exclude<DockerEndpoint, { kind: 'unsupported' }>, error: NodeJS.ErrnoException): Error {
    if (error instanceof DockerError || error.name === 'AbortError') return error;
    const code = error.code ?? '';
    const start = process.platform === 'win32' ? 'start Docker Desktop' : 'start it (sudo systemctl start docker, or start Docker Desktop)';
    if (code === 'ENOENT' && docker.kind === 'socket')
      return new DockerError(
        `No Docker engine: the socket ${this.where} does not exist. Is Docker installed and running? If it is, ${start}; if its socket is elsewhere (rootless Docker, Colima, Podman), set DOCKER_HOST to it.`,
        'no-engine',
      );
    if (code === 'ECONNREFUSED')
      return new DockerError(
        `No Docker engine is listening at ${this.where} (connection refused): the engine is not running. ${start[0]!.toUpperCase()}${start.slice(1)}, or check DOCKER_HOST.`,
        'no-engine',
      );
    if (code === 'EACCES' || code === 'EPERM') {
      const group = docker.kind === 'socket' ? socketGroup(docker.path) : undefined;
      const join =
        group && group !== 'docker'
          ? `the group that owns the socket, ${group}`
          : `the docker group (sudo usermod -aG docker "$USER", then log out and in again)`;
      return new DockerError(
        `Permission denied on the Docker socket ${this.where}: the user running azops-mcp may not use it. Add that user to ${join}, or use a socket it may open (rootless Docker: set DOCKER_HOST to its socket).`,
        'permission',
      );
    }
    if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)/.test(code) || /certificate|ssl|tls/i.test(error.message))
      return new DockerError(
        `TLS with the Docker engine at ${this.where} failed: ${printable(error.message)}. Check DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) and DOCKER_TLS_VERIFY.`,
        'tls',
      );
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      return new DockerError(`The Docker host in ${this.where} cannot be resolved (${code}). Check DOCKER_HOST.`, 'no-engine');
    if (code === 'ECONNRESET' || code === 'EPIPE')
      return new DockerError(
        `The Docker engine at ${this.where} closed the connection without answering. Is it a Docker engine, and does it expect TLS (DOCKER_TLS_VERIFY)?`,
        'no-engine',
      );
    return new DockerError(
      `Could not reach the Docker engine at ${this.where}: ${printable(error.message)} (${code || 'no code'}).`,
      'no-engine',
    );
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  return typeof value === 'string' ? value : null;
}

/** The engine's {"message": ...} body, or the start of whatever else it sent. */
function errorMessage(body: Buffer): string {
  const text = body.toString('utf8');
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed?.message === 'string') return printable(parsed.message.trim());
  } catch {
    // Not JSON: shown as text below.
  }
  return printable(text.trim().slice(0, 300)) || 'no message';
}

function abortError(): Error {
  const error = new Error('The operation was cancelled.');
  error.name = 'AbortError';
  return error;
}

/** The Docker CLI's TLS files; a file that cannot be read is named with what to set. */
function readTlsFiles(tls: { caPath: string; certPath: string; keyPath: string }): { ca: Buffer; cert: Buffer; key: Buffer } {
  const read = (path: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new DockerError(
        `DOCKER_TLS_VERIFY is set, but ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): set DOCKER_CERT_PATH to the folder holding ca.pem, cert.pem and key.pem.`,
        'tls',
      );
    }
  };
  return { ca: read(tls.caPath), cert: read(tls.certPath), key: read(tls.keyPath) };
}

/** The name of the group that owns the socket, from /etc/group; undefined when it cannot be told. */
function socketGroup(path: string): string | undefined {
  try {
    const gid = statSync(path).gid;
    const line = readFileSync('/etc/group', 'utf8')
      .split('\n')
      .find((l) => l.split(':')[2] === String(gid));
    return line?.split(':')[0] || undefined;
  } catch {
    return undefined;
  }
}
