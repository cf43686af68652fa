// Issue 18 against a real Docker engine, when there is one to use: set AZOPS_TEST_DOCKER_HOST=unix:///path/to/docker.sock
// and AZOPS_TEST_DOCKER_IMAGE to a local image with /bin/sh (no image is pulled). The test makes two containers of
// its own (network none), runs the tools on them, and removes them. Without the variables it is skipped (`npm test`
// on a machine without Docker); .ci/run starts an engine with .ci/docker-engine.sh and requires it to run. The
// emulated engine's answers are also checked against recorded real ones (test/emulator/docker-fidelity.test.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { startInProcessFixture, type InProcessFixture } from '../helpers/in-process.js';
import type { RunningServer } from '../helpers/server-process.js';

const DOCKER_HOST = process.env.AZOPS_TEST_DOCKER_HOST;
const IMAGE = process.env.AZOPS_TEST_DOCKER_IMAGE;
const skip = DOCKER_HOST?.startsWith('unix://') && IMAGE ? false : 'set AZOPS_TEST_DOCKER_HOST=unix://… and AZOPS_TEST_DOCKER_IMAGE to run';
const RUN = `azops-test-${process.pid}`;
const WEB = `${RUN}-web`;
const TTY = `${RUN}-tty`;

/** The Engine API, for arranging the test's own containers. */
function engine(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = http.request(
      {
        socketPath: DOCKER_HOST!.slice('unix://'.length),
        path,
        method,
        headers: {
          Host: 'docker',
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
        },
      },
      (response) => {
        let text = '';
        response.on('data', (c: Buffer) => (text += c.toString()));
        response.on('end', () => resolve({ status: response.statusCode!, text }));
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

async function run(name: string, script: string, tty: boolean): Promise<void> {
  const created = await engine('POST', `/containers/create?name=${name}`, {
    Image: IMAGE,
    Cmd: ['/bin/sh', '-c', script],
    Tty: tty,
    HostConfig: { NetworkMode: 'none' },
  });
  assert.equal(created.status, 201, created.text);
  const started = await engine('POST', `/containers/${name}/start`);
  assert.equal(started.status, 204, started.text);
}

describe('against a real Docker engine', { skip }, () => {
  let fixture: InProcessFixture;
  let server: RunningServer;
  before(async () => {
    // A shell as PID 1 ignores SIGTERM unless it traps it: without the trap a restart waits out the 10 s grace period.
    const idle = 'trap "exit 0" TERM; sleep 300 & wait';
    await run(WEB, `echo out1; echo err1 >&2; echo out2; ${idle}`, false);
    await run(TTY, `echo hello tty; ${idle}`, true);
    fixture = await startInProcessFixture();
    server = await fixture.server({ DOCKER_HOST: DOCKER_HOST!, AZOPS_CONFIRM: 'never' });
    // The lines reach the engine's log a moment after the start.
    for (let i = 0; i < 50 && !(await engine('GET', `/containers/${WEB}/logs?stdout=1&stderr=1`)).text.includes('out2'); i++)
      await sleep(100);
  });
  after(async () => {
    await server?.close();
    await fixture?.close();
    for (const name of [WEB, TTY]) await engine('DELETE', `/containers/${name}?force=1`);
  });

  test('list_containers, get_container_logs (both streams; a TTY), restart_container, an unknown container, the status', async () => {
    const list = await server.call('list_containers');
    assert.equal(list.isError, false, list.text);
    const mine = (list.structured.items as { name: string; id: string; state: string }[]).filter((r) => r.name.startsWith(RUN));
    assert.deepEqual(mine.map((r) => [r.name, r.state]).sort(), [
      [TTY, 'running'],
      [WEB, 'running'],
    ]);
    for (const row of mine) assert.match(row.id, /^[0-9a-f]{12}$/);

    const logs = await server.call('get_container_logs', { container_id: WEB });
    const lines = logs.structured.lines as { stream: string; text: string }[];
    // The engine copies the two streams separately: their order within a stream is kept, not across them.
    assert.deepEqual(
      lines.filter((l) => l.stream === 'stdout').map((l) => l.text),
      ['out1', 'out2'],
    );
    assert.deepEqual(
      lines.filter((l) => l.stream === 'stderr').map((l) => l.text),
      ['err1'],
    );
    const tty = await server.call('get_container_logs', { container_id: TTY });
    assert.deepEqual(tty.structured.lines, [{ stream: 'tty', text: 'hello tty' }]);

    const restarted = await server.call('restart_container', { container_id: WEB });
    assert.equal(restarted.isError, false, restarted.text);
    assert.equal(restarted.structured.state, 'running');
    for (let i = 0; i < 50; i++) {
      const again = await server.call('get_container_logs', { container_id: WEB });
      if ((again.structured.lines as { text: string }[]).filter((l) => l.text === 'out2').length === 2) break;
      assert.ok(i < 49, 'the restarted container wrote its lines again');
      await sleep(100);
    }

    const unknown = await server.call('get_container_logs', { container_id: `${RUN}-nothing` });
    assert.match(unknown.text, /^No container .* \(404: No such container: /);

    const status = await server.call('get_infrastructure_status');
    const version = JSON.parse((await engine('GET', '/version')).text) as { Version: string };
    assert.equal((status.structured.docker as { version: string }).version, version.Version);
  });
});
