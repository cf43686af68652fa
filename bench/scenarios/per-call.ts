// 4. Per-call overhead: N calls of list_resource_groups through MCP stdio against the emulated Azure over
// HTTPS, versus the same SDK call in a plain script (bench/direct-sdk.ts) against the same emulator.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SEED } from '../../src/emulator/index.js';
import type { AzureFixture } from '../../test/helpers/azure-fixture.js';
import { LOOPBACK_GUARD } from '../../test/helpers/server-process.js';
import { connect } from '../lib/raw-mcp.js';
import { azopsSpec } from '../lib/servers.js';
import { median, percentile } from '../lib/stats.js';

const DIRECT_ENTRY = fileURLToPath(new URL('../direct-sdk.js', import.meta.url));

export interface PerCallSamples {
  callsPerRun: number;
  groups: number;
  /** Per run: median(MCP) − median(direct), and the same at p95. */
  medianDiffMs: number[];
  p95DiffMs: number[];
  mcpMedianMs: number[];
  directMedianMs: number[];
  mcpP95Ms: number[];
  directP95Ms: number[];
}

/** The plain script as a child process: one request line in, one JSON line out. */
function startDirect(env: Record<string, string>) {
  const child = spawn(process.execPath, [DIRECT_ENTRY], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const replies = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async run(calls: number): Promise<{ ms: number[]; groups: number }> {
      child.stdin.write(`${calls}\n`);
      const next = await replies.next();
      if (next.done) throw new Error(`direct-sdk exited: ${stderr}`);
      return JSON.parse(next.value) as { ms: number[]; groups: number };
    },
    close(): Promise<void> {
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
      });
    },
  };
}

export async function measurePerCall(
  fixture: AzureFixture,
  subscriptionId: string,
  callsPerRun: number,
  runs: number,
  log: (line: string) => void,
): Promise<PerCallSamples> {
  const serverEnv = fixture.env('service-principal', {
    AZURE_SUBSCRIPTION_ID: subscriptionId,
    // What a user runs with (the fixture's DEBUG would add a stderr line per request).
    LOG_LEVEL: 'INFO',
    RATE_LIMIT_ENABLED: 'false',
  });
  const server = await connect(azopsSpec([], serverEnv));
  const direct = startDirect({
    NODE_OPTIONS: `--import ${LOOPBACK_GUARD}`,
    NODE_EXTRA_CA_CERTS: serverEnv.NODE_EXTRA_CA_CERTS!,
    AZURE_AUTHORITY_HOST: serverEnv.AZURE_AUTHORITY_HOST!,
    AZURE_RESOURCE_MANAGER_ENDPOINT: serverEnv.AZURE_RESOURCE_MANAGER_ENDPOINT!,
    AZURE_TENANT_ID: SEED.tenantId,
    AZURE_CLIENT_ID: SEED.servicePrincipal.clientId,
    AZURE_CLIENT_SECRET: SEED.servicePrincipal.clientSecret,
    AZURE_SUBSCRIPTION_ID: subscriptionId,
    PATH: serverEnv.PATH!,
  });
  const mcpRun = async (calls: number): Promise<number[]> => {
    const ms: number[] = [];
    for (let i = 0; i < calls; i++) {
      const { ms: t, result } = await server.timeCall('list_resource_groups', {});
      if (result.isError) throw new Error(`list_resource_groups failed: ${result.text}\nstderr:\n${server.stderr()}`);
      ms.push(t);
    }
    return ms;
  };
  try {
    // Warm-up: token, SDK import, client creation, JIT, keep-alive connections on both sides.
    await mcpRun(30);
    const { groups } = await direct.run(30);
    const out: PerCallSamples = {
      callsPerRun,
      groups,
      medianDiffMs: [],
      p95DiffMs: [],
      mcpMedianMs: [],
      directMedianMs: [],
      mcpP95Ms: [],
      directP95Ms: [],
    };
    for (let run = 0; run < runs; run++) {
      // Alternate which goes first, so neither always runs on a warmer machine.
      let mcp: number[];
      let plain: number[];
      if (run % 2 === 0) {
        mcp = await mcpRun(callsPerRun);
        plain = (await direct.run(callsPerRun)).ms;
      } else {
        plain = (await direct.run(callsPerRun)).ms;
        mcp = await mcpRun(callsPerRun);
      }
      out.mcpMedianMs.push(median(mcp));
      out.directMedianMs.push(median(plain));
      out.mcpP95Ms.push(percentile(mcp, 95));
      out.directP95Ms.push(percentile(plain, 95));
      out.medianDiffMs.push(median(mcp) - median(plain));
      out.p95DiffMs.push(percentile(mcp, 95) - percentile(plain, 95));
      log(
        `  per-call run ${run + 1}/${runs}: MCP median ${median(mcp).toFixed(2)} ms, direct ${median(plain).toFixed(2)} ms, difference ${out.medianDiffMs.at(-1)!.toFixed(2)} ms (p95 ${out.p95DiffMs.at(-1)!.toFixed(2)} ms)`,
      );
    }
    return out;
  } finally {
    await direct.close();
    await server.close();
  }
}
