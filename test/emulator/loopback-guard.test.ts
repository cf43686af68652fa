// The loopback guard: refuses non-loopback connections synchronously, before any packet is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';
import { assertLoopbackUrl, isLoopbackHost } from '../helpers/loopback-guard.js';
import { childEnv, IDENTITY_MODULE_URL, runNodeModule } from './support.js';

test('net.connect to the IMDS address throws synchronously', () => {
  let socket: net.Socket | undefined;
  assert.throws(() => {
    socket = net.connect(80, '169.254.169.254');
  }, /^Error: loopback-guard: refused connection to 169\.254\.169\.254:80$/);
  assert.equal(socket, undefined);
  assert.throws(() => net.connect({ host: '169.254.169.254', port: 80 }), /loopback-guard/);
  assert.throws(
    () => tls.connect({ host: 'management.azure.com', port: 443 }),
    /loopback-guard: refused connection to management\.azure\.com:443/,
  );
  assert.throws(() => http.get('http://169.254.169.254/metadata/identity/oauth2/token'), /loopback-guard/);
});

test('fetch (undici) is refused too, as a prompt rejection', async () => {
  await assert.rejects(fetch('http://169.254.169.254/metadata/instance', { signal: AbortSignal.timeout(3000) }), (error: Error) => {
    assert.match(String((error.cause as Error | undefined)?.message), /^loopback-guard: refused connection to 169\.254\.169\.254:80$/);
    return true;
  });
});

test('loopback connections still work', async () => {
  const server = net.createServer((socket) => socket.end('hi'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  try {
    const socket = net.connect(port, '127.0.0.1');
    const [data] = (await once(socket, 'data')) as [Buffer];
    assert.equal(data.toString(), 'hi');
    socket.destroy();
  } finally {
    server.close();
  }
});

test('assertLoopbackUrl / isLoopbackHost', () => {
  for (const host of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) assert.ok(isLoopbackHost(host), host);
  for (const host of ['169.254.169.254', '10.0.0.1', 'management.azure.com', '0.0.0.0']) assert.equal(isLoopbackHost(host), false, host);
  assert.doesNotThrow(() => assertLoopbackUrl('https://127.0.0.1:4443/x', 'emulator'));
  assert.throws(() => assertLoopbackUrl('https://management.azure.com/', 'ARM endpoint'), /ARM endpoint must point at loopback/);
});

test('preloaded in a child, it makes ManagedIdentityCredential fail fast instead of probing the real IMDS', async () => {
  const started = Date.now();
  const result = await runNodeModule(
    `const { ManagedIdentityCredential } = await import(${JSON.stringify(IDENTITY_MODULE_URL)});
     try { await new ManagedIdentityCredential().getToken('https://management.azure.com/.default'); console.log('got a token?!'); }
     catch (error) { console.log(error.name + ': ' + error.message); }`,
    childEnv({}),
  );
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^CredentialUnavailableError: .*Network unreachable/);
  assert.ok(Date.now() - started < 10_000);
});
