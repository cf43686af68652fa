// Issue 12: the JSON-RPC envelope over real stdio. A request the SDK's own transport would drop in silence (a BOM,
// params: null, jsonrpc "1.0", params that are not an object) gets the JSON-RPC error the specification names, with
// its id, and a request before initialize is refused; the server then goes on serving.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { INVALID_REQUEST, PARSE_ERROR } from '@modelcontextprotocol/server';
import { nodeOnlyBinDir, spawnRawServer, type RawServer } from '../helpers/server-process.js';

let server: RawServer;
before(async () => {
  server = await spawnRawServer({ PATH: nodeOnlyBinDir(), AZOPS_TOOLSETS: 'account' });
});
after(async () => {
  await server.close();
});

const errorOf = (answer: Record<string, unknown>) => answer.error as { code: number; message: string } | undefined;

const initialize = {
  jsonrpc: '2.0',
  id: 'init',
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw-test', version: '1.0.0' } },
};

test('before initialize: tools/call and tools/list are refused with an error; ping is answered', async () => {
  server.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'health_check', arguments: {} } }));
  server.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }));
  server.send(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'ping' }));
  for (const id of [1, 2]) {
    const error = errorOf(await server.answer(id));
    assert.equal(error?.code, INVALID_REQUEST, `request ${id}`);
    assert.match(error!.message, /before initialize; the client must send initialize first/);
  }
  assert.deepEqual((await server.answer(3)).result, {});

  server.send(JSON.stringify(initialize));
  const init = await server.answer('init');
  assert.equal((init.result as { serverInfo: { name: string } }).serverInfo.name, 'azops-mcp');
  server.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
});

const badLines: { name: string; line: string; id: string | number | null; code: number; message: RegExp }[] = [
  {
    name: 'params: null',
    line: '{"jsonrpc":"2.0","id":10,"method":"tools/list","params":null}',
    id: 10,
    code: INVALID_REQUEST,
    message: /"params" must be an object, or left out \(got null\)/,
  },
  {
    name: 'jsonrpc "1.0"',
    line: '{"jsonrpc":"1.0","id":11,"method":"tools/list"}',
    id: 11,
    code: INVALID_REQUEST,
    message: /"jsonrpc" must be exactly "2.0" \(got "1.0"\)/,
  },
  {
    name: 'a leading byte-order mark',
    line: '\uFEFF{"jsonrpc":"2.0","id":12,"method":"tools/list"}',
    id: 12,
    code: PARSE_ERROR,
    message: /byte-order mark/,
  },
  {
    name: 'params a string',
    line: '{"jsonrpc":"2.0","id":13,"method":"tools/call","params":"health_check"}',
    id: 13,
    code: INVALID_REQUEST,
    message: /"params" must be an object.*\(got string\)/,
  },
  {
    name: 'params an array',
    line: '{"jsonrpc":"2.0","id":"fourteen","method":"tools/call","params":["health_check"]}',
    id: 'fourteen',
    code: INVALID_REQUEST,
    message: /\(got an array\)/,
  },
  {
    name: 'method a number',
    line: '{"jsonrpc":"2.0","id":15,"method":42}',
    id: 15,
    code: INVALID_REQUEST,
    message: /"method" must be a string/,
  },
  { name: 'not JSON', line: 'tools/list please', id: null, code: PARSE_ERROR, message: /not JSON/ },
  {
    name: 'an id that is an object',
    line: '{"jsonrpc":"2.0","id":{"n":16},"method":"ping"}',
    id: null,
    code: INVALID_REQUEST,
    message: /"id" must be a string or an integer/,
  },
  {
    name: 'a batch',
    line: '[{"jsonrpc":"2.0","id":17,"method":"ping"}]',
    id: null,
    code: INVALID_REQUEST,
    message: /batches .* are not supported/,
  },
];

test('every malformed request gets a JSON-RPC error with its id, and the server keeps serving', async () => {
  const before = server.answers().length;
  for (const bad of badLines) server.send(bad.line);
  for (const bad of badLines) {
    const error = errorOf(await server.answer(bad.id, 5000));
    assert.equal(error?.code, bad.code, bad.name);
    assert.match(error!.message, bad.message, bad.name);
  }
  assert.equal(server.answers().length - before, badLines.length, 'exactly one answer per line');

  server.send(JSON.stringify({ jsonrpc: '2.0', id: 20, method: 'tools/list' }));
  server.send(JSON.stringify({ jsonrpc: '2.0', id: 21, method: 'tools/call', params: { name: 'health_check', arguments: {} } }));
  const tools = (await server.answer(20)).result as { tools: { name: string }[] };
  assert.ok(tools.tools.some((t) => t.name === 'health_check'));
  const call = (await server.answer(21)).result as { isError?: boolean; content: { text: string }[] };
  assert.notEqual(call.isError, true, call.content[0]?.text);
  assert.doesNotMatch(server.stderr(), /TypeError|at \S+\.js:\d+/);
});
