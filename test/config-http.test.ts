// The HTTP transport's configuration, and the toolsets it leaves out unless named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/config.js';
import { hostAllowList, isLoopbackHost } from '../src/config-http.js';
import { allTools } from '../src/tools/index.js';
import { selectTools } from '../src/mcp/select.js';
import { tempDir } from './helpers/temp.js';

const TENANT = '72f988bf-0000-4000-8000-000000000001';
const load = (env: Record<string, string>, transport = {}) => loadConfig({ transport }, env, tempDir('config-http')).http;

test('defaults: stdio; over HTTP 127.0.0.1:8080, no authentication, bounded sessions and bodies', () => {
  const http = load({});
  assert.equal(http.transport, 'stdio');
  assert.equal(http.host, '127.0.0.1');
  assert.equal(http.port, 8080);
  assert.equal(http.auth, 'none');
  assert.equal(http.maxBodyBytes, 1_048_576);
  assert.equal(http.maxSessions, 100);
  assert.equal(http.sessionIdleMs, 1_800_000);
  assert.equal(http.shutdownGraceMs, 30_000);
});

test('switches win over variables; AZOPS_HTTP_TOKEN turns on token authentication', () => {
  const http = load(
    { AZOPS_TRANSPORT: 'stdio', AZOPS_HTTP_HOST: '127.0.0.2', AZOPS_HTTP_PORT: '9000', AZOPS_HTTP_TOKEN: 'x'.repeat(20) },
    { transport: 'HTTP', port: '0' },
  );
  assert.equal(http.transport, 'http');
  assert.equal(http.host, '127.0.0.2');
  assert.equal(http.port, 0);
  assert.equal(http.auth, 'token');
});

test('refuses to serve a non-loopback address without authentication, and accepts it with', () => {
  for (const host of ['0.0.0.0', '::', '10.1.2.3', 'myhost.example']) {
    assert.throws(
      () => load({ AZOPS_TRANSPORT: 'http', AZOPS_HTTP_HOST: host }),
      /refusing to serve HTTP on .* without authentication/,
      host,
    );
  }
  assert.equal(load({ AZOPS_TRANSPORT: 'http', AZOPS_HTTP_HOST: '0.0.0.0', AZOPS_HTTP_TOKEN: 'y'.repeat(32) }).auth, 'token');
  for (const host of ['127.0.0.1', '127.9.9.9', '::1', '[::1]', 'localhost']) assert.ok(isLoopbackHost(host.replace(/[[\]]/g, '')), host);
  // The same address without HTTP is no problem (stdio ignores it).
  assert.equal(load({ AZOPS_HTTP_HOST: '0.0.0.0' }).transport, 'stdio');
});

test('mistakes are configuration errors that name the variable, never the secret', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ AZOPS_TRANSPORT: 'websocket' }, /AZOPS_TRANSPORT is invalid/],
    [{ AZOPS_HTTP_PORT: '70000' }, /AZOPS_HTTP_PORT is invalid/],
    [{ AZOPS_HTTP_AUTH: 'basic' }, /AZOPS_HTTP_AUTH is invalid/],
    [{ AZOPS_HTTP_AUTH: 'token' }, /needs AZOPS_HTTP_TOKEN/],
    [{ AZOPS_HTTP_TOKEN: 'short-secret' }, /AZOPS_HTTP_TOKEN is too short/],
    [{ AZOPS_HTTP_TOKEN: 'z'.repeat(20), AZOPS_HTTP_AUTH: 'entra', AZOPS_HTTP_ENTRA_AUDIENCE: 'api://x' }, /unset one of them/],
    [{ AZOPS_HTTP_AUTH: 'entra', AZOPS_HTTP_ENTRA_AUDIENCE: 'api://x' }, /needs AZOPS_HTTP_ENTRA_TENANT_ID/],
    [{ AZOPS_HTTP_AUTH: 'entra', AZOPS_HTTP_ENTRA_TENANT_ID: TENANT }, /needs AZOPS_HTTP_ENTRA_AUDIENCE/],
    [{ AZOPS_HTTP_MAX_SESSIONS: '0' }, /AZOPS_HTTP_MAX_SESSIONS is invalid/],
    [{ AZOPS_HTTP_SHUTDOWN_SECONDS: '99999999' }, /AZOPS_HTTP_SHUTDOWN_SECONDS is invalid: expected a number from 0 to 3600/],
    [{ AZOPS_HTTP_ALLOWED_HOSTS: 'https://proxy.example' }, /AZOPS_HTTP_ALLOWED_HOSTS: https:\/\/proxy\.example is not a bare host name/],
    [{ AZOPS_HTTP_ALLOWED_ORIGINS: 'app.example:443' }, /AZOPS_HTTP_ALLOWED_ORIGINS: app\.example:443 is not a bare host name/],
    // A proxy's public name makes a loopback listener reachable: authentication is required then too.
    [
      { AZOPS_TRANSPORT: 'http', AZOPS_HTTP_ALLOWED_HOSTS: 'mcp.example.com' },
      /refusing to serve HTTP for mcp\.example\.com .*without authentication/,
    ],
  ];
  for (const [env, message] of cases) {
    assert.throws(
      () => load(env),
      (error: Error) => error instanceof ConfigError && message.test(error.message) && !error.message.includes('short-secret'),
      JSON.stringify(env),
    );
  }
});

test('Entra: tenant from AZURE_TENANT_ID when not given; audiences and the required role', () => {
  const http = load({
    AZURE_TENANT_ID: TENANT,
    AZOPS_HTTP_AUTH: 'entra',
    AZOPS_HTTP_ENTRA_AUDIENCE: 'api://azops, 5e7a1ce0-0000-4000-8000-0000000000c1',
    AZOPS_HTTP_ENTRA_REQUIRED_ROLE: 'Azops.Operate',
  });
  assert.deepEqual(http.entra, {
    tenantId: TENANT,
    audiences: ['api://azops', '5e7a1ce0-0000-4000-8000-0000000000c1'],
    requiredRole: 'Azops.Operate',
  });
});

test('Host allow-list: loopback names, the address bound (not a wildcard), and AZOPS_HTTP_ALLOWED_HOSTS', () => {
  assert.deepEqual(
    hostAllowList(
      load({ AZOPS_HTTP_HOST: 'mcp.internal', AZOPS_HTTP_TOKEN: 'q'.repeat(20), AZOPS_HTTP_ALLOWED_HOSTS: 'Proxy.Example' }),
    ).sort(),
    ['127.0.0.1', '[::1]', 'localhost', 'mcp.internal', 'proxy.example'],
  );
  assert.ok(!hostAllowList(load({ AZOPS_HTTP_HOST: '0.0.0.0', AZOPS_HTTP_TOKEN: 'q'.repeat(20) })).includes('0.0.0.0'));
});

test('AZOPS_TRANSPORT=http turns the local toolset off like --transport http; one-shot commands (transport stdio) keep it', () => {
  const exposedLocal = (env: Record<string, string>, transport = {}) =>
    selectTools(allTools, loadConfig({ transport }, env, tempDir('select')).safety)
      .exposed.filter((t) => t.toolset === 'local')
      .map((t) => t.name);
  const local = exposedLocal({});
  assert.equal(local.length, 6);
  assert.deepEqual(exposedLocal({ AZOPS_TRANSPORT: 'http' }), []);
  assert.deepEqual(exposedLocal({ AZOPS_TRANSPORT: 'http', AZOPS_TOOLSETS: 'local' }), local);
  // main passes transport stdio for `call` and `tools`, whatever AZOPS_TRANSPORT says.
  assert.deepEqual(exposedLocal({ AZOPS_TRANSPORT: 'http' }, { transport: 'stdio' }), local);
});
