import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { isoTime, restart, statusText, type EmulatedContainer } from './containers.js';
import { demoContainers, DOCKER_DEMO } from './demo.js';

// An emulated Docker engine: the Engine API endpoints the local tools use, in Docker's shapes (ContainerList,
// ContainerInspect, ContainerLogs with stdcopy framing, ContainerRestart, SystemVersion, SystemInfo, _ping),
// on a unix socket, a Windows named pipe, or TCP with TLS. Versioned paths (/v1.47/...) are checked as the engine
// checks them: a version above its own or below its minimum is a 400.

export interface DockerEngineOptions {
  /** The containers it starts with; the demo's by default. */
  containers?: EmulatedContainer[];
  /** Answers every request this much later (for DOCKER_TIMEOUT tests). */
  delayMs?: number;
  /** The highest API version it speaks (the demo's by default); below 1.42 logs carry no content type. */
  apiVersion?: string;
}

export interface DockerRequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  accept: string | undefined;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(`${JSON.stringify(body)}\n`);
};
const message = (res: ServerResponse, status: number, text: string) => json(res, status, { message: text });

const compareVersions = (a: string, b: string) => {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1! - b1! || a2! - b2!;
};

export class EmulatedDockerEngine {
  readonly containers: EmulatedContainer[];
  /** Every request, in order. */
  readonly requests: DockerRequestRecord[] = [];
  delayMs: number;
  readonly apiVersion: string;
  private readonly servers: Server[] = [];
  private readonly socketFiles: string[] = [];

  constructor(options: DockerEngineOptions = {}) {
    this.containers = options.containers ?? demoContainers();
    this.delayMs = options.delayMs ?? 0;
    this.apiVersion = options.apiVersion ?? DOCKER_DEMO.apiVersion;
  }

  /** A container by full id, name (with or without the leading /) or unique id prefix, as the engine resolves them. */
  find(ref: string): EmulatedContainer | 'ambiguous' | undefined {
    const name = ref.replace(/^\//, '');
    const exact = this.containers.find((c) => c.id === ref || c.name === name);
    if (exact) return exact;
    const byPrefix = /^[0-9a-f]+$/.test(ref) ? this.containers.filter((c) => c.id.startsWith(ref)) : [];
    return byPrefix.length > 1 ? 'ambiguous' : byPrefix[0];
  }

  /** Listens on a unix socket or Windows named pipe path; the socket file is removed on close. */
  async listen(path: string): Promise<void> {
    if (!path.startsWith('\\\\')) {
      rmSync(path, { force: true });
      this.socketFiles.push(path);
    }
    const server = createHttpServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
    this.servers.push(server);
  }

  /** Listens on 127.0.0.1 with TLS that asks for a client certificate signed by `tls.ca`, as dockerd --tlsverify does. */
  async listenTls(tls: { cert: string; key: string; ca: string }): Promise<number> {
    const server = createHttpsServer({ ...tls, requestCert: true, rejectUnauthorized: true }, (req, res) => void this.serve(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.servers.push(server);
    return (server.address() as AddressInfo).port;
  }

  /** Lets the process exit while the engine still listens (the sandbox's `call`). */
  unref(): void {
    for (const server of this.servers) server.unref();
  }

  async close(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
    this.servers.length = 0;
    for (const file of this.socketFiles) rmSync(file, { force: true });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://docker');
    const query = Object.fromEntries(url.searchParams);
    const accept = req.headers.accept;
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query, accept });
    for await (const _ of req) {
      // Nothing here takes a body; it is read so the connection stays usable.
    }
    if (this.delayMs) await slowly(this.delayMs, res);
    if (res.destroyed) return;
    const common = {
      'Api-Version': this.apiVersion,
      'Docker-Experimental': 'false',
      Ostype: 'linux',
      Server: `Docker/${DOCKER_DEMO.version} (linux)`,
    };
    for (const [name, value] of Object.entries(common)) res.setHeader(name, value);

    let path = url.pathname;
    let version: string = this.apiVersion;
    const versioned = /^\/v(\d+\.\d+)(\/.*)$/.exec(path);
    if (versioned) {
      version = versioned[1]!;
      path = versioned[2]!;
      if (compareVersions(version, this.apiVersion) > 0)
        return message(res, 400, `client version ${version} is too new. Maximum supported API version is ${this.apiVersion}`);
      if (compareVersions(version, DOCKER_DEMO.minApiVersion) < 0)
        return message(
          res,
          400,
          `client version ${version} is too old. Minimum supported API version is ${DOCKER_DEMO.minApiVersion}, please upgrade your client to a newer version`,
        );
    }
    const method = req.method ?? 'GET';
    if (path === '/_ping' && (method === 'GET' || method === 'HEAD')) {
      res.writeHead(200, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-cache, no-store, must-revalidate',
        Pragma: 'no-cache',
      });
      return void res.end(method === 'HEAD' ? undefined : 'OK');
    }
    if (method === 'GET' && path === '/version') return json(res, 200, this.version());
    if (method === 'GET' && path === '/info') return json(res, 200, this.info());
    if (method === 'GET' && path === '/containers/json') return this.list(res, query);
    const route = /^\/containers\/([^/]+)\/(json|logs|restart)$/.exec(path);
    if (route) {
      const ref = decodeURIComponent(route[1]!);
      const action = route[2]!;
      const found = this.find(ref);
      if (found === 'ambiguous') return message(res, 400, `multiple IDs found with provided prefix: ${ref}`);
      if ((action === 'restart') !== (method === 'POST') || (action !== 'restart' && method !== 'GET'))
        return message(res, 404, 'page not found');
      if (!found) return message(res, 404, `No such container: ${ref}`);
      if (action === 'json') return json(res, 200, this.inspect(found));
      if (action === 'logs') return this.logs(res, found, query, version);
      restart(found);
      res.writeHead(204);
      return void res.end();
    }
    message(res, 404, 'page not found');
  }

  private version() {
    const details = { ApiVersion: this.apiVersion, Arch: 'amd64', MinAPIVersion: DOCKER_DEMO.minApiVersion, Os: 'linux' };
    return {
      Platform: { Name: 'Docker Engine - Community' },
      Components: [{ Name: 'Engine', Version: DOCKER_DEMO.version, Details: { ...details, GitCommit: '41ca978', GoVersion: 'go1.22.7' } }],
      Version: DOCKER_DEMO.version,
      ApiVersion: this.apiVersion,
      MinAPIVersion: DOCKER_DEMO.minApiVersion,
      GitCommit: '41ca978',
      GoVersion: 'go1.22.7',
      Os: 'linux',
      Arch: 'amd64',
      KernelVersion: '6.8.0-49-generic',
      BuildTime: '2024-09-20T11:41:19.000000000+00:00',
    };
  }

  private info() {
    const count = (...states: string[]) => this.containers.filter((c) => states.includes(c.state)).length;
    return {
      ID: 'sandbox-engine',
      Containers: this.containers.length,
      ContainersRunning: count('running', 'restarting'),
      ContainersPaused: count('paused'),
      ContainersStopped: count('exited', 'created'),
      Images: new Set(this.containers.map((c) => c.image)).size,
      Driver: 'overlay2',
      KernelVersion: '6.8.0-49-generic',
      OperatingSystem: 'Ubuntu 24.04.1 LTS',
      OSType: 'linux',
      Architecture: 'x86_64',
      NCPU: 4,
      MemTotal: 16_655_998_976,
      Name: 'sandbox-host',
      ServerVersion: DOCKER_DEMO.version,
    };
  }

  private list(res: ServerResponse, query: Record<string, string>) {
    const all = query['all'] === '1' || query['all'] === 'true';
    // The default list is the running containers: restarting and paused ones run too (State.Running).
    const shown = this.containers.filter((c) => all || c.state === 'running' || c.state === 'restarting' || c.state === 'paused');
    const sorted = [...shown].sort((a, b) => b.created - a.created);
    json(
      res,
      200,
      sorted.map((c) => ({
        Id: c.id,
        Names: [`/${c.name}`],
        Image: c.image,
        ImageID: `sha256:${c.id.split('').reverse().join('')}`,
        Command: c.command,
        Created: c.created,
        Ports: c.ports,
        Labels: {},
        State: c.state,
        Status: statusText(c),
        HostConfig: { NetworkMode: 'bridge' },
        NetworkSettings: { Networks: {} },
        Mounts: [],
      })),
    );
  }

  private inspect(c: EmulatedContainer) {
    return {
      Id: c.id,
      Created: isoTime(c.created * 1000),
      Path: c.command.split(' ')[0],
      Args: c.command.split(' ').slice(1),
      State: {
        Status: c.state,
        Running: c.state === 'running' || c.state === 'restarting' || c.state === 'paused',
        Paused: c.state === 'paused',
        Restarting: c.state === 'restarting',
        OOMKilled: false,
        Dead: false,
        Pid: c.state === 'running' || c.state === 'paused' ? 4242 : 0,
        ExitCode: c.exitCode,
        Error: '',
        StartedAt: isoTime(c.startedAt),
        FinishedAt: isoTime(c.finishedAt),
      },
      Image: `sha256:${c.id.split('').reverse().join('')}`,
      Name: `/${c.name}`,
      RestartCount: c.restartCount,
      Driver: 'overlay2',
      Platform: 'linux',
      HostConfig: {
        LogConfig: { Type: 'json-file', Config: {} },
        NetworkMode: 'bridge',
        RestartPolicy: { Name: c.restartPolicy, MaximumRetryCount: 0 },
      },
      Mounts: [],
      Config: { Hostname: c.id.slice(0, 12), Tty: c.tty, OpenStdin: c.tty, Image: c.image, Cmd: c.command.split(' '), Labels: {} },
      NetworkSettings: { Networks: {} },
    };
  }

  /** The last `tail` lines of the streams asked for: stdcopy frames, or the raw terminal output with a TTY. */
  private logs(res: ServerResponse, c: EmulatedContainer, query: Record<string, string>, version: string) {
    const yes = (v: string | undefined) => v === '1' || v === 'true';
    const streams = new Set([...(yes(query['stdout']) ? [1] : []), ...(yes(query['stderr']) ? [2] : [])]);
    if (!streams.size) return message(res, 400, 'Bad parameters: you must choose at least one stream');
    const tailText = query['tail'] ?? 'all';
    const tail = tailText === 'all' ? Infinity : Number(tailText);
    // The engine reads a tail it cannot parse as all (docker logs says so too).
    const lines = c.logs.filter((l) => c.tty || streams.has(l.stream));
    const chosen = Number.isInteger(tail) && tail >= 0 ? lines.slice(Math.max(0, lines.length - tail)) : lines;
    const headers: Record<string, string> = {};
    // API 1.42 and later name the framing; earlier versions send no content type for logs.
    if (compareVersions(version, '1.42') >= 0)
      headers['Content-Type'] = c.tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream';
    res.writeHead(200, headers);
    for (const line of chosen) {
      if (c.tty) {
        res.write(`${line.text}\r\n`);
        continue;
      }
      const payload = Buffer.from(`${line.text}\n`);
      const header = Buffer.alloc(8);
      header[0] = line.stream;
      header.writeUInt32BE(payload.length, 4);
      res.write(Buffer.concat([header, payload]));
    }
    res.end();
  }
}

/** An engine with the demo containers, listening on `path`. */
export async function startEmulatedDockerEngine(path: string, options: DockerEngineOptions = {}): Promise<EmulatedDockerEngine> {
  const engine = new EmulatedDockerEngine(options);
  await engine.listen(path);
  return engine;
}

/** A slow engine's wait, which ends early when the client goes away (so nothing is left waiting after close()). */
function slowly(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.once('close', done);
  });
}
