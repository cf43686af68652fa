// The built server (the package's bin) serving Streamable HTTP: `--sandbox --transport http`, a real client with the
// token, a stop by SIGTERM; and the start-up refusal on a non-loopback address without authentication.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { LOOPBACK_GUARD, runServerToExit, SERVER_ENTRY } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp.js';

const TOKEN = 'process-test-token-0123456789';

test('--sandbox --transport http --port 0: prints its URL, serves a client with the token, stops on SIGTERM', async () => {
  const child = spawn(process.execPath, [SERVER_ENTRY, '--sandbox', '--transport', 'http', '--port', '0'], {
    env: { HOME: tempDir('home'), NODE_OPTIONS: `--import ${LOOPBACK_GUARD}`, AZOPS_HTTP_TOKEN: TOKEN, RATE_LIMIT_ENABLED: 'false' },
    cwd: tempDir('cwd'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    const url = await new Promise<URL>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${stderr}`)), 20_000);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const found = /ready on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr)?.[1];
        if (found) {
          clearTimeout(timer);
          resolve(new URL(found));
        }
      });
      child.on('exit', () => reject(new Error(`exited: ${stderr}`)));
    });
    assert.match(stderr, /bearer token \(AZOPS_HTTP_TOKEN\)/);
    assert.ok(!stderr.includes(TOKEN));
    const client = new Client({ name: 'process-test', version: '1' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } }));
    const result = await client.callTool({ name: 'list_resource_groups', arguments: {} });
    assert.notEqual(result.isError, true);
    assert.match((result.content as { text: string }[])[0]!.text, /rg-compute/);
    await client.close();
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0, stderr);
  assert.match(stderr, /shutting down \(SIGTERM\)/);
});

test('serving HTTP beyond loopback without authentication stops start-up with exit code 2', async () => {
  const { code, stderr } = await runServerToExit(
    { HOME: tempDir('home') },
    { args: ['--sandbox', '--transport', 'http', '--host', '0.0.0.0'] },
  );
  assert.equal(code, 2);
  assert.match(stderr, /configuration error: refusing to serve HTTP on 0\.0\.0\.0 without authentication/);
});
