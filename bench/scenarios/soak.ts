// Soak (issue 12): 10,000 calls of the read tools, round-robin with their sandbox examples, against one server in
// process (server factory, in-memory MCP transport, in-process emulated Azure), with the heap and RSS measured after
// a full garbage collection at the start, every 1,000 calls and at the end. A leak shows as a heap that keeps growing;
// SOAK_TOOLS=name,name limits the tools, to find the one that leaks.
import v8 from 'node:v8';
import vm from 'node:vm';
import { performance } from 'node:perf_hooks';
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { createEmulatorHttpClient, DEMO, EmulatedAzure, SEED, seedDemoEstate } from '../../src/emulator/index.js';
import { loadConfig } from '../../src/config.js';
import { createAzopsServer } from '../../src/server.js';
import { allTools } from '../../src/tools/index.js';
import { tempDir } from '../../test/helpers/temp.js';

/** Read tools left out: they change the session (drop the credential, switch subscription), not Azure. */
const SESSION_CHANGING = new Set(['account_clear', 'set_subscription']);

export interface SoakSample {
  calls: number;
  heapMb: number;
  rssMb: number;
}

export interface SoakResult {
  calls: number;
  tools: string[];
  errors: number;
  firstError?: string;
  durationMs: number;
  callsPerSecond: number;
  /** After warm-up (one round of every tool) and a full GC. */
  start: SoakSample;
  end: SoakSample;
  samples: SoakSample[];
  heapGrowthMb: number;
  heapGrowthBytesPerCall: number;
  rssGrowthMb: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  return () => {
    // Twice: the first pass may leave what finalizers just released.
    gc();
    gc();
  };
}

export async function measureSoak(calls: number, log: (line: string) => void): Promise<SoakResult> {
  const gc = collector();
  const azure = new EmulatedAzure();
  seedDemoEstate(azure);
  const config = loadConfig(
    {},
    {
      AZURE_TENANT_ID: SEED.tenantId,
      AZURE_CLIENT_ID: SEED.servicePrincipal.clientId,
      AZURE_CLIENT_SECRET: SEED.servicePrincipal.clientSecret,
      AZURE_SUBSCRIPTION_ID: DEMO.devSubscriptionId,
      LOG_LEVEL: 'WARNING',
      RATE_LIMIT_ENABLED: 'false',
    },
    tempDir('soak-cwd'),
  );
  config.cloud = { ...config.cloud, disableInstanceDiscovery: true };
  const azops = createAzopsServer(config, { httpClient: createEmulatorHttpClient(azure), writeLog: () => {} });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await azops.createMcpServer().connect(serverSide);
  const client = new Client({ name: 'azops-soak', version: '1.0.0' });
  await client.connect(clientSide);

  const only = process.env.SOAK_TOOLS?.split(',');
  const tools = allTools.filter((t) => t.access === 'read' && !SESSION_CHANGING.has(t.name) && (!only || only.includes(t.name)));
  let errors = 0;
  let firstError: string | undefined;
  const call = async (i: number) => {
    const tool = tools[i % tools.length]!;
    const result = await client.callTool({ name: tool.name, arguments: tool.example as Record<string, unknown> });
    if (result.isError) {
      errors++;
      firstError ??= `${tool.name}: ${(result.content as { text?: string }[])[0]?.text ?? ''}`.slice(0, 300);
    }
  };
  // The emulator keeps a log of every request; it is the harness's memory, not the server's.
  const sample = (done: number): SoakSample => {
    azure.requests.length = 0;
    gc();
    return { calls: done, heapMb: mb(process.memoryUsage().heapUsed), rssMb: mb(process.memoryUsage().rss) };
  };

  for (let i = 0; i < tools.length; i++) await call(i);
  errors = 0;
  firstError = undefined;
  const start = sample(0);
  const samples = [start];
  log(`  ${tools.length} read tools; after warm-up: heap ${start.heapMb} MB, RSS ${start.rssMb} MB`);
  const began = performance.now();
  for (let i = 0; i < calls; i++) {
    await call(i);
    if ((i + 1) % 1000 === 0) {
      const at = sample(i + 1);
      samples.push(at);
      log(`  ${at.calls} calls: heap ${at.heapMb} MB, RSS ${at.rssMb} MB`);
    }
  }
  const durationMs = performance.now() - began;
  const end = samples.at(-1)!.calls === calls ? samples.at(-1)! : sample(calls);
  await client.close();
  return {
    calls,
    tools: tools.map((t) => t.name),
    errors,
    ...(firstError ? { firstError } : {}),
    durationMs: Math.round(durationMs),
    callsPerSecond: Math.round((calls / durationMs) * 1000),
    start,
    end,
    samples,
    heapGrowthMb: Math.round((end.heapMb - start.heapMb) * 10) / 10,
    heapGrowthBytesPerCall: Math.round(((end.heapMb - start.heapMb) * 1024 * 1024) / calls),
    rssGrowthMb: Math.round((end.rssMb - start.rssMb) * 10) / 10,
  };
}
