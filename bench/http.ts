// npm run bench:http [-- --calls N] [-- --clients N] [-- --out FILE]
// azops-mcp over Streamable HTTP: the built server (`--sandbox --transport http`, so Azure is the emulator inside the
// server process) driven by real MCP clients on loopback, half on protocol 2025-11-25 (sessions), half on 2026-07-28.
//   latency: one client at a time, list_resource_groups in a loop: median and p95 per call, per era;
//   throughput: N clients at once sharing the calls: calls per second, p95, and the server's RSS as the calls go by
//   (it must stay flat: sessions, callers and prompt state are bounded; see HEAP_MB).
import '../test/helpers/loopback-guard.js';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { LOOPBACK_GUARD, SERVER_ENTRY } from '../test/helpers/server-process.js';
import { tempDir } from '../test/helpers/temp.js';
import { rssMb } from './lib/proc.js';
import { median, percentile, round } from './lib/stats.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { values: opts } = parseArgs({
  options: {
    calls: { type: 'string', default: '10000' },
    clients: { type: 'string', default: '10' },
    latency: { type: 'string', default: '500' },
    'heap-mb': { type: 'string', default: '96' },
    out: { type: 'string' },
  },
});
const CALLS = Math.max(100, Number(opts.calls) || 10_000);
const CLIENTS = Math.max(2, Number(opts.clients) || 10);
const LATENCY_CALLS = Math.max(50, Number(opts.latency) || 500);
// V8 lets the heap grow well past what is live before it collects, so RSS under load says little about leaks. With
// the old generation capped (default 96 MB, several times what is live), a leak ends in an out-of-memory crash and
// RSS levels off where the collector keeps it; 0 runs the server uncapped.
const HEAP_MB = Math.max(0, Number(opts['heap-mb']) || 0);
const TOKEN = 'bench-token-0123456789abcdef';
const TOOL = 'list_resource_groups';
const log = (line: string) => console.error(line);
const loadBefore = os.loadavg();

const server = spawn(process.execPath, [SERVER_ENTRY, '--sandbox', '--transport', 'http', '--port', '0'], {
  env: {
    HOME: tempDir('bench-home'),
    NODE_OPTIONS: `--import ${LOOPBACK_GUARD}${HEAP_MB ? ` --max-old-space-size=${HEAP_MB}` : ''}`,
    AZOPS_HTTP_TOKEN: TOKEN,
    RATE_LIMIT_ENABLED: 'false',
    // What a user runs with; the ready line that names the port is at INFO.
    LOG_LEVEL: 'INFO',
  },
  cwd: tempDir('bench-cwd'),
  stdio: ['ignore', 'ignore', 'pipe'],
});
let stderr = '';
const url = await new Promise<URL>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no URL within 30 s: ${stderr}`)), 30_000);
  server.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    const found = /ready on (http:\/\/\S+\/mcp)/.exec(stderr)?.[1];
    if (found) {
      clearTimeout(timer);
      resolve(new URL(found));
    }
  });
  server.on('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
});

type Era = 'legacy' | 'modern';
async function connect(era: Era): Promise<Client> {
  const client = new Client(
    { name: 'bench', version: '1' },
    { versionNegotiation: { mode: era === 'modern' ? { pin: '2026-07-28' } : 'legacy' } },
  );
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } }));
  return client;
}
async function timedCall(client: Client): Promise<number> {
  const started = performance.now();
  const result = await client.callTool({ name: TOOL, arguments: {} });
  const ms = performance.now() - started;
  if (result.isError) throw new Error(`${TOOL} failed: ${JSON.stringify(result.content)}`);
  return ms;
}
const serverRss = () => rssMb(server.pid!) ?? Number.NaN;

// Warm-up: the first calls load the SDK client modules and sign in.
const warm = await connect('legacy');
for (let i = 0; i < 50; i++) await timedCall(warm);
await warm.close();

log(`Latency: ${LATENCY_CALLS} sequential calls of ${TOOL} per protocol era, one client`);
const latency: Record<Era, { medianMs: number; p95Ms: number }> = {} as never;
for (const era of ['legacy', 'modern'] as const) {
  const client = await connect(era);
  const ms: number[] = [];
  for (let i = 0; i < LATENCY_CALLS; i++) ms.push(await timedCall(client));
  await client.close();
  latency[era] = { medianMs: round(median(ms)), p95Ms: round(percentile(ms, 95)) };
  log(`  ${era === 'modern' ? '2026-07-28' : '2025-11-25'}: median ${latency[era].medianMs} ms, p95 ${latency[era].p95Ms} ms`);
}

log(`Throughput: ${CALLS} calls from ${CLIENTS} clients at once (half on each era)`);
const clients = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => connect(i % 2 ? 'modern' : 'legacy')));
const rssAfterWarmup = serverRss();
const rssAt: { calls: number; rssMb: number }[] = [{ calls: 0, rssMb: round(rssAfterWarmup) }];
const all: number[] = [];
let done = 0;
const step = Math.max(1000, Math.round(CALLS / 10 / 1000) * 1000);
const checkpoints = new Set([...Array.from({ length: Math.floor(CALLS / step) }, (_, i) => (i + 1) * step), CALLS]);
const started = performance.now();
await Promise.all(
  clients.map(async (client, index) => {
    const share = Math.floor(CALLS / CLIENTS) + (index < CALLS % CLIENTS ? 1 : 0);
    for (let i = 0; i < share; i++) {
      all.push(await timedCall(client));
      done++;
      if (checkpoints.has(done)) rssAt.push({ calls: done, rssMb: round(serverRss()) });
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
await Promise.all(clients.map((c) => c.close()));
const throughput = {
  calls: CALLS,
  clients: CLIENTS,
  callsPerSecond: round(CALLS / seconds),
  medianMs: round(median(all)),
  p95Ms: round(percentile(all, 95)),
  rssAt,
  rssGrowthMb: round(rssAt[rssAt.length - 1]!.rssMb - rssAt[1]!.rssMb),
};
log(
  `  ${throughput.callsPerSecond} calls/s, median ${throughput.medianMs} ms, p95 ${throughput.p95Ms} ms; server RSS ${rssAt.map((r) => `${r.rssMb} MB at ${r.calls}`).join(', ')}`,
);

server.kill('SIGTERM');
const exitCode = await new Promise<number | null>((resolve) => server.on('exit', resolve));
const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadBefore, loadAfter: os.loadavg() },
  tool: TOOL,
  serverHeapLimitMb: HEAP_MB || null,
  latency,
  throughput,
  serverExit: exitCode,
};
const out = opts.out ?? join(ROOT, 'bench', 'results', 'http-latest.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
