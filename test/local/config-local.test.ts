// Issue 18: DOCKER_HOST (unix socket, Windows named pipe, tcp:// with the Docker CLI's TLS variables, or the default
// socket) and DOCKER_TIMEOUT, read as the Docker CLI reads them; and the local toolset off by default over HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config.js';
import { dockerEndpoint } from '../../src/config-local.js';
import type { SafetySwitches } from '../../src/config-safety.js';
import { selectTools } from '../../src/mcp/select.js';
import { allTools } from '../../src/tools/index.js';
import { tempDir } from '../helpers/temp.js';

const load = (env: Record<string, string>, switches: SafetySwitches = {}) =>
  loadConfig({ switches, transport: { transport: switches.transport } }, env, tempDir('local-config'));
const none = () => undefined;

test('no DOCKER_HOST: the platform default socket, /var/run/docker.sock or the docker_engine named pipe', () => {
  const config = load({});
  assert.deepEqual(config.local.docker, { kind: 'socket', path: '/var/run/docker.sock', display: 'unix:///var/run/docker.sock' });
  assert.equal(config.local.dockerHostSource, 'default');
  assert.equal(config.local.dockerTimeoutMs, 30_000, 'DOCKER_TIMEOUT defaults to 30 s, as in the original');
  assert.deepEqual(dockerEndpoint(undefined, none, 'win32').docker, {
    kind: 'socket',
    path: '\\\\.\\pipe\\docker_engine',
    display: 'npipe:////./pipe/docker_engine',
  });
});

test('DOCKER_HOST: unix and npipe addresses become socket paths Node can connect to', () => {
  assert.deepEqual(load({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }).local.docker, {
    kind: 'socket',
    path: '/run/user/1000/docker.sock',
    display: 'unix:///run/user/1000/docker.sock',
  });
  assert.equal(load({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }).local.dockerHostSource, 'DOCKER_HOST');
  const pipe = load({ DOCKER_HOST: 'npipe:////./pipe/dockerDesktopLinuxEngine' }).local.docker;
  assert.deepEqual(pipe, {
    kind: 'socket',
    path: '\\\\.\\pipe\\dockerDesktopLinuxEngine',
    display: 'npipe:////./pipe/dockerDesktopLinuxEngine',
  });
});

test('DOCKER_HOST tcp://: plain, or TLS with DOCKER_TLS_VERIFY (any value, as the CLI) and the files in DOCKER_CERT_PATH', () => {
  assert.deepEqual(load({ DOCKER_HOST: 'tcp://10.0.0.5:2375' }).local.docker, {
    kind: 'tcp',
    host: '10.0.0.5',
    port: 2375,
    tls: null,
    display: 'tcp://10.0.0.5:2375',
  });
  const tls = load({ DOCKER_HOST: 'tcp://docker.internal', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/etc/docker-certs' }).local.docker;
  assert.deepEqual(tls, {
    kind: 'tcp',
    host: 'docker.internal',
    port: 2376,
    tls: { caPath: '/etc/docker-certs/ca.pem', certPath: '/etc/docker-certs/cert.pem', keyPath: '/etc/docker-certs/key.pem' },
    display: 'tcp://docker.internal:2376',
  });
  const defaultCerts = load({ DOCKER_HOST: 'tcp://[::1]:2376', DOCKER_TLS_VERIFY: 'yes' }).local.docker;
  assert.equal(defaultCerts.kind === 'tcp' && defaultCerts.host, '::1');
  assert.equal(defaultCerts.kind === 'tcp' && defaultCerts.tls?.caPath, join(homedir(), '.docker', 'ca.pem'));
});

test('DOCKER_HOST ssh:// (which azops-mcp does not speak) starts the server; the Docker tools refuse it when called', () => {
  assert.deepEqual(load({ DOCKER_HOST: 'ssh://me@build-host' }).local.docker, { kind: 'unsupported', scheme: 'ssh', display: 'ssh://' });
});

test('an unusable DOCKER_HOST or DOCKER_TIMEOUT is a configuration error naming the variable, never its value', () => {
  const secretish = 'tcp://admin:hunter2-s3cret@10.0.0.5:2376';
  for (const [env, pattern] of [
    [{ DOCKER_HOST: 'my-engine:2375' }, /^DOCKER_HOST is invalid: no scheme/],
    [{ DOCKER_HOST: 'gopher://x' }, /^DOCKER_HOST is invalid: unsupported scheme/],
    [{ DOCKER_HOST: 'unix://relative.sock' }, /^DOCKER_HOST is invalid: a unix:\/\/ address needs an absolute path/],
    [{ DOCKER_HOST: secretish }, /^DOCKER_HOST is invalid: a user or password/],
    [{ DOCKER_HOST: 'tcp://host:2375/path' }, /^DOCKER_HOST is invalid: expected only a host and port/],
    [{ DOCKER_TIMEOUT: 'soon' }, /^DOCKER_TIMEOUT is invalid: expected a number >= 0\.1$/],
    [{ DOCKER_TIMEOUT: '-5' }, /^DOCKER_TIMEOUT is invalid/],
  ] as const) {
    assert.throws(
      () => load(env),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, pattern);
        for (const value of Object.values(env)) assert.ok(!error.message.includes(value), `the message shows the value: ${error.message}`);
        assert.ok(!error.message.includes('hunter2'));
        return true;
      },
    );
  }
  assert.equal(load({ DOCKER_TIMEOUT: '2.5' }).local.dockerTimeoutMs, 2500);
});

test('the local toolset is on by default over stdio, off by default over HTTP unless named, and never hides other toolsets', () => {
  const local = allTools.filter((t) => t.toolset === 'local').map((t) => t.name);
  assert.equal(local.length, 6);
  const names = (switches: SafetySwitches) => selectTools(allTools, load({}, switches).safety).exposed.map((t) => t.name);

  for (const name of local) assert.ok(names({}).includes(name), `${name} over stdio`);
  assert.equal(names({ transport: 'stdio' }).length, allTools.length);

  const http = selectTools(allTools, load({}, { transport: 'http' }).safety);
  assert.equal(http.exposed.length, allTools.length - local.length, 'only the local tools are left out');
  for (const name of local) {
    assert.ok(!http.exposed.some((t) => t.name === name));
    assert.match(http.refused.get(name)!, /the HTTP default, which leaves out local .*Add the local toolset or the tool to enable it\./);
  }
  // Named, it is on over HTTP too: the toolset, all, or a single tool.
  for (const toolsets of ['local,compute', 'all']) assert.ok(names({ transport: 'http', toolsets }).includes('list_containers'), toolsets);
  assert.deepEqual(
    selectTools(allTools, load({ AZOPS_TOOLS: 'get_system_metrics' }, { transport: 'http' }).safety)
      .exposed.filter((t) => t.toolset === 'local')
      .map((t) => t.name),
    ['get_system_metrics'],
  );
});
