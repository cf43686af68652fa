// The emulated Docker engine answers in a real engine's shapes: its answers are compared with answers recorded from
// Docker 20.10 (test/fixtures/docker-engine/README.md), field by field for what the local tools read.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import http from 'node:http';
import { DOCKER_DEMO, EmulatedDockerEngine } from '../../src/emulator/index.js';
import { StdcopyDemuxer, type LogStream } from '../../src/local/docker-logs.js';
import { REPO_ROOT } from '../helpers/repo-root.js';
import { tempDir } from '../helpers/temp.js';

type Json = Record<string, unknown>;
const recorded = (name: string) => readFileSync(new URL(`test/fixtures/docker-engine/${name}`, REPO_ROOT), 'utf8');
const recordedJson = <T = Json>(name: string) => JSON.parse(recorded(name)) as T;
const answers = recordedJson<Record<string, { status: number; headers: Record<string, string>; body: string }>>('answers.json');

let engine: EmulatedDockerEngine;
let socket: string;
before(async () => {
  engine = new EmulatedDockerEngine();
  socket = join(tempDir('docker-fidelity'), 'docker.sock');
  await engine.listen(socket);
});
after(() => engine.close());

function get(path: string, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ socketPath: socket, path, method, headers: { Host: 'docker' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
    request.end();
  });
}
const getJson = async <T = Json>(path: string) => JSON.parse((await get(path)).body.toString()) as T;

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Every field of `real` named in `fields` is in `emulated`, with the same JSON type. */
function sameShape(label: string, real: Json, emulated: Json, fields = Object.keys(real)): void {
  for (const field of fields) {
    assert.ok(field in real, `${label}: the recording has no ${field} (the test names a field Docker does not send)`);
    assert.ok(field in emulated, `${label}: the emulator leaves out ${field}`);
    // A real null (no labels) may be an empty object or list in the emulator, as newer engines send.
    if (real[field] !== null) assert.equal(typeOf(emulated[field]), typeOf(real[field]), `${label}: ${field}`);
  }
}

const DOCKER_STATUS =
  /^(Up (Less than a second|\d+ seconds?|About a minute|\d+ minutes|About an hour|\d+ (hours|days|weeks|months|years))( \(Paused\))?|(Restarting|Exited) \(\d+\) .+ ago|Created)$/;
// Go's RFC3339Nano: up to nine fraction digits, trailing zeros dropped.
const GO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{0,8}[1-9])?Z$/;

function frames(body: Buffer): { stream: LogStream; text: string }[] {
  const out: { stream: LogStream; text: string }[] = [];
  const demuxer = new StdcopyDemuxer((stream, chunk) => out.push({ stream, text: chunk.toString() }));
  demuxer.write(body);
  assert.ok(demuxer.complete, 'the body ends between frames');
  return out;
}

describe('the emulated Docker engine against recorded answers', () => {
  test('GET /_ping: 200 OK as text, with the API version the client negotiates with', async () => {
    const real = answers['ping']!;
    const emulated = await get('/_ping');
    assert.equal(emulated.status, real.status);
    assert.equal(emulated.body.toString(), real.body);
    assert.equal(emulated.headers['content-type'], real.headers['content-type']);
    for (const name of ['api-version', 'ostype', 'server', 'docker-experimental']) assert.ok(emulated.headers[name], name);
    assert.match(String(emulated.headers['api-version']), /^\d+\.\d+$/);
    assert.match(real.headers['api-version']!, /^\d+\.\d+$/);
  });

  test('GET /containers/json: the ContainerSummary fields, Docker status texts, running containers only unless all=1', async () => {
    const real = recordedJson<Json[]>('list-all.json');
    const emulated = await getJson<Json[]>(`/v${DOCKER_DEMO.apiVersion}/containers/json?all=1`);
    assert.equal(emulated.length, engine.containers.length);
    const fields = ['Id', 'Names', 'Image', 'ImageID', 'Command', 'Created', 'Ports', 'Labels', 'State', 'Status', 'HostConfig', 'Mounts'];
    for (const entry of emulated) sameShape(`list ${String(entry.Id)}`, real[0]!, entry, fields);
    for (const entry of [...real, ...emulated]) {
      assert.match(String(entry.Id), /^[0-9a-f]{64}$/);
      assert.match((entry.Names as string[])[0]!, /^\/[a-zA-Z0-9][a-zA-Z0-9_.-]+$/);
      assert.match(String(entry.Status), DOCKER_STATUS, `status text ${String(entry.Status)}`);
    }
    // The real engine lists a restarting container among the running ones; so does the emulator.
    assert.ok(real.some((c) => c.State === 'restarting'));
    const running = await getJson<Json[]>(`/v${DOCKER_DEMO.apiVersion}/containers/json`);
    assert.deepEqual(
      running.map((c) => c.State).sort(),
      engine.containers
        .filter((c) => ['running', 'restarting', 'paused'].includes(c.state))
        .map((c) => c.state)
        .sort(),
    );
    assert.ok(running.some((c) => c.State === 'restarting'));
    assert.ok(!running.some((c) => c.State === 'exited'));
  });

  test('GET /containers/{id}/json: the inspect fields read, Go timestamps, State flags as a real restarting container has them', async () => {
    const pairs: [string, string][] = [
      ['inspect-web.json', DOCKER_DEMO.containers.web],
      ['inspect-tty.json', DOCKER_DEMO.containers.tty],
      ['inspect-restarting.json', DOCKER_DEMO.containers.restarting],
    ];
    for (const [file, name] of pairs) {
      const real = recordedJson(file);
      const emulated = await getJson(`/v${DOCKER_DEMO.apiVersion}/containers/${name}/json`);
      sameShape(name, real, emulated, ['Id', 'Created', 'Path', 'Args', 'State', 'Image', 'Name', 'RestartCount', 'HostConfig', 'Config']);
      sameShape(`${name} State`, real.State as Json, emulated.State as Json);
      sameShape(`${name} Config`, real.Config as Json, emulated.Config as Json, ['Hostname', 'Tty', 'OpenStdin', 'Image', 'Cmd']);
      for (const time of ['StartedAt', 'FinishedAt'])
        for (const state of [real.State, emulated.State] as Json[]) assert.match(String(state[time]), GO_TIME, `${name} ${time}`);
      assert.equal((emulated.Config as Json).Tty, (real.Config as Json).Tty, `${name}: Tty as in the recording`);
      const { Status, Running, Restarting } = real.State as Json;
      if (Status === 'restarting') assert.deepEqual([Running, Restarting], [true, true]);
      const e = emulated.State as Json;
      assert.equal(e.Status, Status, name);
      assert.deepEqual([e.Running, e.Restarting], [Running, Restarting], name);
    }
    // A short id prefix finds the container, as with a real engine.
    const web = engine.find(DOCKER_DEMO.containers.web) as { id: string };
    assert.equal((await getJson(`/v${DOCKER_DEMO.apiVersion}/containers/${web.id.slice(0, 12)}/json`)).Id, web.id);
  });

  test('an unknown container and an unknown path answer as the real engine does', async () => {
    for (const [key, path, method] of [
      ['notFound', '/containers/nope/json', 'GET'],
      ['restartNotFound', '/containers/nope/restart', 'POST'],
    ] as const) {
      const real = answers[key]!;
      const emulated = await get(`/v${DOCKER_DEMO.apiVersion}${path}`, method);
      assert.equal(emulated.status, real.status, key);
      assert.equal(emulated.headers['content-type'], real.headers['content-type'], key);
      assert.deepEqual(JSON.parse(emulated.body.toString()), JSON.parse(real.body), key);
    }
    const unknown = await get('/v1.41/nothing/here');
    assert.equal(unknown.status, answers['unknownPath']!.status);
    assert.deepEqual(JSON.parse(unknown.body.toString()), JSON.parse(answers['unknownPath']!.body));
  });

  test('a client API version above the engine’s is a 400 in the engine’s words', async () => {
    const pattern = /^client version (\S+) is too new\. Maximum supported API version is (\S+)$/;
    const real = JSON.parse(answers['tooNew']!.body) as { message: string };
    assert.match(real.message, pattern);
    const emulated = await get('/v1.99/version');
    assert.equal(emulated.status, 400);
    const message = (JSON.parse(emulated.body.toString()) as { message: string }).message;
    assert.deepEqual(pattern.exec(message)?.slice(1), ['1.99', DOCKER_DEMO.apiVersion]);
    const old = await get('/v1.11/version');
    assert.equal(old.status, answers['tooOld']!.status);
    assert.match(old.body.toString(), /client version 1\.11 is too old\. Minimum supported API version is/);
    assert.match(answers['tooOld']!.body, /client version 1\.11 is too old\. Minimum supported API version is/);
  });

  test('GET /version and /info: the fields read, with their types', async () => {
    sameShape('version', recordedJson('version.json'), await getJson(`/v${DOCKER_DEMO.apiVersion}/version`), [
      'Version',
      'ApiVersion',
      'MinAPIVersion',
      'Os',
      'Arch',
      'KernelVersion',
    ]);
    const info = await getJson(`/v${DOCKER_DEMO.apiVersion}/info`);
    sameShape('info', recordedJson('info.json'), info, [
      'Containers',
      'ContainersRunning',
      'ContainersPaused',
      'ContainersStopped',
      'OperatingSystem',
      'ServerVersion',
    ]);
    assert.equal(info.Containers, engine.containers.length);
  });

  test('logs: stdcopy frames without a TTY (no content type before API 1.42, named after), raw terminal output with one', async () => {
    const real = frames(Buffer.from(recorded('logs-multiplexed.hex').trim(), 'hex'));
    assert.deepEqual(new Set(real.map((f) => f.stream)), new Set(['stdout', 'stderr']));
    for (const f of real) assert.ok(f.text.endsWith('\n'), 'one frame per line, newline included');

    const web = DOCKER_DEMO.containers.web;
    const old = await get(`/v1.41/containers/${web}/logs?stdout=1&stderr=1&tail=4`);
    assert.equal(old.headers['content-type'], undefined, 'as the recording: API 1.41 names no content type');
    const emulated = frames(old.body);
    assert.equal(emulated.length, 4);
    for (const f of emulated) assert.ok(f.text.endsWith('\n'));
    const current = await get(`/v${DOCKER_DEMO.apiVersion}/containers/${web}/logs?stdout=1&stderr=1&tail=4`);
    assert.equal(current.headers['content-type'], 'application/vnd.docker.multiplexed-stream');
    const onlyErr = frames((await get(`/v1.41/containers/${web}/logs?stderr=1&tail=all`)).body);
    assert.ok(onlyErr.length > 0 && onlyErr.every((f) => f.stream === 'stderr'));

    // Raw terminal text ending in CR LF: no frame header (whose first byte is 0-3, followed by three zero bytes).
    const raw = (body: Buffer) => body.subarray(1, 4).some((b) => b !== 0) && body.toString().endsWith('\r\n');
    assert.ok(raw(Buffer.from(recorded('logs-tty.hex').trim(), 'hex')), 'the recording');
    const tty = await get(`/v1.41/containers/${DOCKER_DEMO.containers.tty}/logs?stdout=1&stderr=1&tail=1`);
    assert.ok(raw(tty.body), tty.body.toString('hex'));
    assert.equal((await get(`/v1.41/containers/${web}/logs`)).status, 400, 'no stream chosen');
  });

  test('POST /containers/{id}/restart: 204 with no body, and the container runs again', async () => {
    const api = engine.find(DOCKER_DEMO.containers.api) as { startedAt: number; state: string };
    const before = api.startedAt;
    const answer = await get(`/v${DOCKER_DEMO.apiVersion}/containers/${DOCKER_DEMO.containers.api}/restart`, 'POST');
    assert.equal(answer.status, 204);
    assert.equal(answer.body.length, 0);
    assert.equal(api.state, 'running');
    assert.ok(api.startedAt > before);
    assert.equal(
      (await get(`/v${DOCKER_DEMO.apiVersion}/containers/${DOCKER_DEMO.containers.api}/restart`)).status,
      404,
      'GET is no route',
    );
  });
});
