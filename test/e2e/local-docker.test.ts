// Issue 18, the Docker side: list_containers, get_container_logs and restart_container through a real MCP client,
// the server's own Engine API client, and the emulated Docker engine on a unix socket (or TLS on loopback); the
// errors a user must be able to tell apart; and get_infrastructure_status.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawn } from 'node:child_process';
import { containerIdFor, DOCKER_DEMO, EmulatedDockerEngine, newContainer, SEED } from '../../src/emulator/index.js';
import { startInProcessFixture, type InProcessFixture } from '../helpers/in-process.js';
import { LOOPBACK_GUARD, SERVER_ENTRY, type RunningServer } from '../helpers/server-process.js';
import { callJson } from '../helpers/cli.js';
import { makeTestCertificate } from '../helpers/certs.js';
import { tempDir } from '../helpers/temp.js';

const { web: WEB, api: API, restarting: WORKER, tty: SHELL, exited: MIGRATE } = DOCKER_DEMO.containers;
const short = (name: string) => containerIdFor(name).slice(0, 12);
type Row = Record<string, unknown>;
const rows = (structured: Record<string, unknown>) => structured.items as Row[];

let fixture: InProcessFixture;
let server: RunningServer;
before(async () => {
  fixture = await startInProcessFixture({ demo: true });
  server = await fixture.server({ AZOPS_CONFIRM: 'never' });
});
after(async () => {
  await server.close();
  fixture.assertNoLeaks();
  await fixture.close();
});

/** The engine's requests made during `run`, as "METHOD path". */
async function engineRequests<T>(engine: EmulatedDockerEngine, run: () => Promise<T>): Promise<{ result: T; requests: string[] }> {
  const from = engine.requests.length;
  const result = await run();
  return { result, requests: engine.requests.slice(from).map((r) => `${r.method} ${r.path}`) };
}

describe('list_containers', () => {
  test('running containers by default (a restarting one runs too), all=true adds the rest; id, name, image, state, status, ports', async () => {
    const { result, requests } = await engineRequests(fixture.docker, () => server.call('list_containers'));
    assert.equal(result.isError, false, result.text);
    // The Engine API over the socket: the version from /_ping, then the list under it. No docker binary, no shell.
    assert.deepEqual(requests, ['GET /_ping', `GET /v${DOCKER_DEMO.apiVersion}/containers/json`]);
    const running = rows(result.structured);
    assert.deepEqual(running.map((r) => r.name).sort(), [API, SHELL, WORKER, WEB].sort());
    for (const row of running) {
      assert.equal(row.id, short(String(row.name)), 'the 12-character short id');
      assert.ok(result.text.includes(`- ${String(row.name)} (${String(row.id)}): ${String(row.image)}, ${String(row.state)}`), result.text);
    }
    const byName = new Map(running.map((r) => [r.name, r]));
    assert.deepEqual(byName.get(WEB)!.ports, ['0.0.0.0:8080->80/tcp', '[::]:8080->80/tcp']);
    assert.deepEqual(byName.get(API)!.ports, ['127.0.0.1:5000->5000/tcp']);
    assert.equal(byName.get(WORKER)!.state, 'restarting');
    assert.match(String(byName.get(WORKER)!.status), /^Restarting \(1\) \d+ seconds ago$/);
    assert.match(String(byName.get(WEB)!.status), /^Up 5 hours$/);
    assert.match(result.text, /^Containers running on the Docker engine \(4\):$/m);

    const all = await server.call('list_containers', { all: true });
    const migrate = rows(all.structured).find((r) => r.name === MIGRATE);
    assert.deepEqual({ state: migrate?.state, status: migrate?.status }, { state: 'exited', status: 'Exited (0) 2 days ago' });
    assert.equal(fixture.docker.requests.at(-1)?.query['all'], '1');

    const limited = await server.call('list_containers', { all: true, limit: 2 });
    assert.deepEqual([limited.structured.shown, limited.structured.total], [2, 5]);
    assert.match(limited.text, /Showing 2 of 5\. Raise limit/);
  });
});

describe('get_container_logs', () => {
  test('stdout and stderr demultiplexed, each line marked, in the order written; the last `lines` lines', async () => {
    const { result, requests } = await engineRequests(fixture.docker, () =>
      server.call('get_container_logs', { container_id: WEB, lines: 5 }),
    );
    assert.equal(result.isError, false, result.text);
    const expected = fixture.docker.containers
      .find((c) => c.name === WEB)!
      .logs.slice(-5)
      .map((l) => ({ stream: l.stream === 1 ? 'stdout' : 'stderr', text: l.text }));
    assert.deepEqual(result.structured.lines, expected);
    assert.ok(new Set(expected.map((l) => l.stream)).size === 2, 'the demo has both streams in these lines');
    assert.equal(result.structured.stderrLines, expected.filter((l) => l.stream === 'stderr').length);
    for (const line of expected) assert.ok(result.text.includes(`\n${line.stream}: ${line.text}`), result.text);
    const logs = fixture.docker.requests.findLast((r) => r.path.endsWith('/logs'))!;
    assert.equal(logs.path, `/v${DOCKER_DEMO.apiVersion}/containers/${containerIdFor(WEB)}/logs`, 'by the full id inspect gave');
    assert.deepEqual(logs.query, { stdout: '1', stderr: '1', tail: '5' });
    assert.match(String(logs.accept), /application\/vnd\.docker\.multiplexed-stream/);
    assert.deepEqual(requests.slice(1), [`GET /v${DOCKER_DEMO.apiVersion}/containers/${WEB}/json`, `GET ${logs.path}`]);
  });

  test('a TTY container has one raw stream, marked tty; a short id works as well as a name', async () => {
    const result = await server.call('get_container_logs', { container_id: short(SHELL) });
    assert.equal(result.isError, false, result.text);
    const lines = result.structured.lines as { stream: string; text: string }[];
    assert.ok(lines.length > 0);
    assert.ok(
      lines.every((l) => l.stream === 'tty' && !l.text.endsWith('\r')),
      JSON.stringify(lines),
    );
    assert.match(result.text, /one tty stream/);
  });

  test('an engine older than API 1.42 (no content type on logs): the container’s TTY setting decides the framing', async () => {
    const old = new EmulatedDockerEngine({ apiVersion: '1.41' });
    const socket = join(tempDir('docker-141'), 'docker.sock');
    await old.listen(socket);
    const onOld = await fixture.server({ DOCKER_HOST: `unix://${socket}` });
    try {
      const web = await onOld.call('get_container_logs', { container_id: WEB, lines: 4 });
      assert.deepEqual(
        (web.structured.lines as { stream: string }[]).map((l) => l.stream),
        old.containers
          .find((c) => c.name === WEB)!
          .logs.slice(-4)
          .map((l) => (l.stream === 1 ? 'stdout' : 'stderr')),
      );
      const shell = await onOld.call('get_container_logs', { container_id: SHELL });
      assert.ok((shell.structured.lines as { stream: string }[]).every((l) => l.stream === 'tty'));
      assert.ok(
        old.requests.some((r) => r.path === '/v1.41/containers/json' || r.path.startsWith('/v1.41/')),
        'the engine’s own version',
      );
    } finally {
      await onOld.close();
      await old.close();
    }
  });

  test('lines is capped at 1,000 and the answer at 50,000 characters (the newest lines kept); long lines are cut', async () => {
    const chatty = newContainer({
      name: 'chatty',
      image: 'busybox',
      command: 'sh',
      state: 'running',
      createdAgo: 60,
      logs: Array.from({ length: 3000 }, (_, i) => ({ stream: (i % 2 ? 2 : 1) as 1 | 2, text: `line ${i} ${'.'.repeat(150)}` })),
    });
    const wide = newContainer({
      name: 'wide',
      image: 'busybox',
      command: 'sh',
      state: 'running',
      createdAgo: 60,
      logs: [{ stream: 1, text: 'y'.repeat(1_000_000) }],
    });
    fixture.docker.containers.push(chatty, wide);
    try {
      for (const lines of [0, 1001, -3]) {
        const refused = await server.call('get_container_logs', { container_id: 'chatty', lines });
        assert.equal(refused.isError, true);
        assert.match(refused.text, /^Input validation error: .*lines/);
      }
      const result = await server.call('get_container_logs', { container_id: 'chatty', lines: 1000 });
      assert.equal(result.isError, false, result.text);
      assert.equal(fixture.docker.requests.at(-1)?.query['tail'], '1000');
      const lines = result.structured.lines as { text: string }[];
      const total = lines.reduce((n, l) => n + l.text.length, 0);
      assert.ok(total <= 50_000 && total > 45_000, `${total} characters`);
      assert.equal(lines.at(-1)!.text, chatty.logs.at(-1)!.text, 'the newest line is kept');
      assert.match(String(result.structured.cut), /^\d+ older lines left out to keep the answer under 50000 characters\.$/);
      assert.equal(Number(/^(\d+)/.exec(String(result.structured.cut))![1]) + lines.length, 1000);

      const one = await server.call('get_container_logs', { container_id: 'wide', lines: 1 });
      const text = (one.structured.lines as { text: string }[])[0]!.text;
      assert.equal(text, `${'y'.repeat(2000)} …[line cut]`);
      assert.match(String(one.structured.cut), /1 lines longer than 2000 characters were cut/);
      assert.ok(one.text.length < 3000);
    } finally {
      fixture.docker.containers.splice(fixture.docker.containers.indexOf(chatty), 2);
    }
  });

  test('container ids are checked against Docker’s patterns before any request: a leading - never passes', async () => {
    for (const container_id of ['-f', '--tail=all', '-', 'web..', '../../version', 'web/../x', 'web?all=1', 'we b', 'wéb']) {
      for (const tool of ['get_container_logs', 'restart_container']) {
        const { result, requests } = await engineRequests(fixture.docker, () => server.call(tool, { container_id }));
        assert.equal(result.isError, true, `${tool} ${container_id}`);
        assert.match(result.text, /^Input validation error: .*container_id: .* is not a container id or name/);
        assert.deepEqual(requests, [], `${tool} ${container_id} reached the engine`);
      }
    }
  });
});

describe('restart_container', () => {
  test('is destructive: the consent prompt says what and where; declined, nothing is sent', async () => {
    const prompts: string[] = [];
    const asking = await fixture.server({}, { onElicit: (message) => (prompts.push(message), { action: 'decline' }) });
    try {
      const annotations = new Map((await asking.client.listTools()).tools.map((t) => [t.name, t.annotations]));
      assert.equal(annotations.get('restart_container')?.destructiveHint, true);
      for (const name of [
        'list_containers',
        'get_container_logs',
        'get_system_metrics',
        'check_service_health',
        'get_infrastructure_status',
      ])
        assert.equal(annotations.get(name)?.readOnlyHint, true, name);
      const { result, requests } = await engineRequests(fixture.docker, () => asking.call('restart_container', { container_id: API }));
      assert.equal(result.isError, true);
      assert.match(result.text, /^Nothing was done: the user declined/);
      assert.equal(prompts.length, 1);
      assert.match(
        prompts[0]!,
        new RegExp(`^Restart a Docker container \\(restart_container\\) with container_id=${API} on this machine\\. `),
      );
      assert.ok(!prompts[0]!.includes('subscription'), prompts[0]);
      assert.ok(!requests.some((r) => r.startsWith('POST')), `sent: ${requests.join(', ')}`);
    } finally {
      await asking.close();
    }
  });

  test('accepted: the engine restarts it and the answer reports the state afterwards, honestly for a crashing one', async () => {
    const confirming = await fixture.server({}, { onElicit: () => ({ action: 'accept', content: { confirm: true } }) });
    try {
      const api = fixture.docker.containers.find((c) => c.name === API)!;
      const startedBefore = api.startedAt;
      const { result, requests } = await engineRequests(fixture.docker, () => confirming.call('restart_container', { container_id: API }));
      assert.equal(result.isError, false, result.text);
      assert.ok(requests.includes(`POST /v${DOCKER_DEMO.apiVersion}/containers/${api.id}/restart`), requests.join(', '));
      assert.ok(api.startedAt > startedBefore);
      assert.deepEqual(
        { running: result.structured.running, state: result.structured.state, before: result.structured.stateBefore },
        { running: true, state: 'running', before: 'running' },
      );
      assert.match(result.text, new RegExp(`^Container ${API} \\(${short(API)}\\) restarted: it is running again`));

      const worker = await confirming.call('restart_container', { container_id: WORKER });
      assert.equal(worker.isError, false, worker.text);
      assert.equal(worker.structured.running, false);
      assert.equal(worker.structured.state, 'restarting');
      assert.match(
        worker.text,
        new RegExp(`is now restarting \\(exit code 1\\): get_container_logs container_id=${short(WORKER)} shows why`),
      );
    } finally {
      await confirming.close();
    }
  });

  test('read-only mode refuses it before the engine hears of it', async () => {
    const readOnly = await fixture.server({ AZOPS_READ_ONLY: 'true' });
    try {
      const { result, requests } = await engineRequests(fixture.docker, () => readOnly.call('restart_container', { container_id: WEB }));
      assert.equal(result.isError, true);
      assert.match(result.text, /read-only mode/);
      assert.deepEqual(requests, []);
    } finally {
      await readOnly.close();
    }
  });
});

describe('errors tell apart no engine, permission, unknown container and a slow engine', () => {
  test('no engine: the socket does not exist, or nothing listens on it', async () => {
    const dir = tempDir('no-docker');
    const missing = await fixture.server({ DOCKER_HOST: `unix://${join(dir, 'docker.sock')}` });
    const notListening = join(dir, 'stale.sock');
    writeFileSync(notListening, '');
    const refused = await fixture.server({ DOCKER_HOST: `unix://${notListening}` });
    try {
      const gone = await missing.call('list_containers');
      assert.equal(gone.isError, true);
      assert.match(
        gone.text,
        new RegExp(
          `^No Docker engine: the socket unix://${dir}/docker\\.sock \\(DOCKER_HOST\\) does not exist\\. Is Docker installed and running\\?`,
        ),
      );
      const stale = await refused.call('get_container_logs', { container_id: WEB });
      assert.equal(stale.isError, true);
      assert.match(stale.text, /^No Docker engine is listening at unix:\/\/.*stale\.sock \(DOCKER_HOST\) \(connection refused\)/);
    } finally {
      await missing.close();
      await refused.close();
    }
  });

  test('an unknown container is a 404 named as such, with where to look', async () => {
    for (const tool of ['get_container_logs', 'restart_container']) {
      const result = await server.call(tool, { container_id: 'no-such-thing' });
      assert.equal(result.isError, true);
      assert.match(
        result.text,
        /^No container 'no-such-thing' on the Docker engine at unix:\/\/.* \(DOCKER_HOST\) \(404: No such container: no-such-thing\)\. list_containers all=true lists every container/,
      );
    }
  });

  test('permission denied on the socket names the group to join', async (t) => {
    // Root may open any socket: the call runs as nobody then; another user is refused by the mode alone.
    if (process.getuid?.() === 0 && !othersMayRun(process.execPath)) {
      t.skip(`nobody may not run ${process.execPath} (a folder on its path is private)`);
      return;
    }
    const dir = tempDir('docker-perm');
    chmodSync(dir, 0o755);
    const socket = join(dir, 'docker.sock');
    const engine = new EmulatedDockerEngine();
    await engine.listen(socket);
    chmodSync(socket, 0o600);
    try {
      const asRoot = process.getuid?.() === 0;
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [SERVER_ENTRY, 'call', 'list_containers'], {
          env: { DOCKER_HOST: `unix://${socket}`, HOME: '/tmp', NODE_OPTIONS: `--import ${LOOPBACK_GUARD}` },
          cwd: '/',
          ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
        });
        let err = '';
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        child.on('error', reject);
        child.on('exit', (exit) => resolve({ code: exit, stderr: err }));
      });
      assert.equal(code, 1, stderr);
      assert.match(
        stderr,
        /Permission denied on the Docker socket unix:\/\/.*docker\.sock \(DOCKER_HOST\): the user running azops-mcp may not use it\. Add that user to the (docker group|group that owns the socket, \S+)/,
      );
      assert.deepEqual(engine.requests, []);
    } finally {
      await engine.close();
    }
  });

  test('DOCKER_TIMEOUT bounds every request; ssh:// is refused with what to use instead', async () => {
    const slow = new EmulatedDockerEngine({ delayMs: 3000 });
    const socket = join(tempDir('docker-slow'), 'docker.sock');
    await slow.listen(socket);
    const impatient = await fixture.server({ DOCKER_HOST: `unix://${socket}`, DOCKER_TIMEOUT: '0.3' });
    const overSsh = await fixture.server({ DOCKER_HOST: 'ssh://me@build-host' });
    try {
      const started = Date.now();
      const result = await impatient.call('list_containers');
      const took = Date.now() - started;
      assert.equal(result.isError, true);
      assert.match(result.text, /^The Docker engine at unix:\/\/.* did not answer GET \/_ping within 0\.3s \(DOCKER_TIMEOUT\)\.$/);
      assert.ok(took >= 250 && took < 2000, `${took} ms`);
      const ssh = await overSsh.call('list_containers');
      assert.match(ssh.text, /^DOCKER_HOST uses ssh:\/\/, which azops-mcp does not speak: point DOCKER_HOST at the engine's socket/);
    } finally {
      await impatient.close();
      await overSsh.close();
      await slow.close();
    }
  });
});

describe('tcp:// with TLS (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH)', () => {
  test('the client certificate and CA from DOCKER_CERT_PATH are used; missing files and a plain client are told apart', async () => {
    const certs = makeTestCertificate();
    const engine = new EmulatedDockerEngine();
    const port = await engine.listenTls({ cert: certs.cert, key: certs.key, ca: certs.cert });
    const certDir = join(tempDir('docker-certs'), 'certs');
    mkdirSync(certDir);
    copyFileSync(certs.certPath, join(certDir, 'ca.pem'));
    copyFileSync(certs.certPath, join(certDir, 'cert.pem'));
    copyFileSync(certs.keyPath, join(certDir, 'key.pem'));
    const host = `tcp://127.0.0.1:${port}`;
    const tls = await fixture.server({ DOCKER_HOST: host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir });
    const noCerts = await fixture.server({ DOCKER_HOST: host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tempDir('empty-certs') });
    const plain = await fixture.server({ DOCKER_HOST: host });
    try {
      const listed = await tls.call('list_containers');
      assert.equal(listed.isError, false, listed.text);
      assert.equal(listed.structured.total, 4);
      const missing = await noCerts.call('list_containers');
      assert.match(missing.text, /^DOCKER_TLS_VERIFY is set, but .*ca\.pem cannot be read \(ENOENT\): set DOCKER_CERT_PATH/);
      const cleartext = await plain.call('list_containers');
      assert.equal(cleartext.isError, true);
      assert.match(cleartext.text, /tcp:\/\/127\.0\.0\.1:\d+ \(DOCKER_HOST\)/);
      assert.match(cleartext.text, /closed the connection|TLS|could not/i);
      assert.equal(engine.requests.length, 2, 'only the TLS client got through: /_ping and the list');
    } finally {
      await Promise.all([tls.close(), noCerts.close(), plain.close()]);
      await engine.close();
    }
  });
});

describe('get_infrastructure_status', () => {
  test('the engine and its version, the host load, and the Azure sign-in state without asking for a token', async () => {
    const fresh = await fixture.server();
    try {
      const tokenCount = () => Object.values(fixture.azure.tokenRequests).reduce((a, b) => a + b, 0);
      const tokensBefore = tokenCount();
      const status = await fresh.call('get_infrastructure_status');
      assert.equal(status.isError, false, status.text);
      const { docker, host, azure } = status.structured as { docker: Row; host: Row; azure: Row };
      assert.deepEqual(
        [docker.reachable, docker.version, docker.apiVersion, docker.containers, docker.containersRunning],
        [true, DOCKER_DEMO.version, DOCKER_DEMO.apiVersion, fixture.docker.containers.length, 4],
      );
      assert.equal(host.cores, 4, 'the host profile’s');
      assert.deepEqual([azure.signedIn, azure.method, azure.identity], [false, null, null], 'nothing cached yet');
      assert.match(String(azure.configured), /^Service principal \(client id /);
      assert.equal(tokenCount(), tokensBefore, 'no token was requested');
      assert.match(status.text, /^Docker: reachable at .*: Docker 27\.3\.1 \(API 1\.47, linux\/amd64\); 4 of 5 containers running\.$/m);
      assert.match(status.text, /^Azure: no token requested yet in this session/m);

      assert.equal((await fresh.call('auth_status')).isError, false);
      const after = await fresh.call('get_infrastructure_status');
      const signedIn = after.structured.azure as Row;
      assert.equal(signedIn.signedIn, true);
      assert.equal(signedIn.method, 'Service principal');
      assert.equal((signedIn.identity as Row).appId, SEED.servicePrincipal.clientId);
      assert.match(after.text, /^Azure: signed in with Service principal as /m);
    } finally {
      await fresh.close();
    }
  });

  test('an engine that is not there is part of the answer, not an error', async () => {
    const noEngine = await fixture.server({ DOCKER_HOST: `unix://${join(tempDir('no-engine'), 'docker.sock')}` });
    try {
      const status = await noEngine.call('get_infrastructure_status');
      assert.equal(status.isError, false, status.text);
      const docker = status.structured.docker as Row;
      assert.equal(docker.reachable, false);
      assert.match(String(docker.problem), /^No Docker engine: the socket/);
      assert.match(status.text, /^Docker: NOT available\. No Docker engine/m);
    } finally {
      await noEngine.close();
    }
  });

  test('--sandbox answers from its own emulated engine, never this machine’s', async () => {
    const status = await callJson({}, 'call', 'get_infrastructure_status', '--sandbox');
    const docker = status.docker as Row;
    assert.equal(docker.reachable, true);
    assert.match(String(docker.endpoint), /^unix:\/\/.*docker\.sock \(the sandbox's emulated engine\)$/);
    assert.equal(docker.version, DOCKER_DEMO.version);
  });
});

/** Whether a user with no special rights may run the file: others may search every folder above it and run it. */
function othersMayRun(path: string): boolean {
  for (let p = path; p !== dirname(p); p = dirname(p)) if (!(statSync(p).mode & 0o001)) return false;
  return true;
}
