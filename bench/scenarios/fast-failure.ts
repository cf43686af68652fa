// 7. Fast failure: no service principal, no `az` on PATH, no managed-identity variables. The loopback guard
// refuses the IMDS probe's connection to 169.254.169.254 the way a machine without IMDS refuses it, so nothing
// leaves the machine. Time from tools/call to the error, first call of a fresh server (what a user sees).
// A second variant sends that connection to a loopback port that never answers (a network that silently drops
// packets to IMDS): the server's IMDS probe timeout then bounds the wait.
import { LOOPBACK_GUARD } from '../../test/helpers/server-process.js';
import { startBlackhole } from '../lib/imds-blackhole.js';
import { connect, type SpawnSpec } from '../lib/raw-mcp.js';
import { azopsSpec } from '../lib/servers.js';

export const FAST_FAILURE_TOOL = 'list_subscriptions';
const BLACKHOLE_PRELOAD = new URL('../lib/imds-blackhole.js', import.meta.url).href;

export interface FastFailureSamples {
  tool: string;
  firstCallMs: number[];
  /** Another call in the same server: the credential sources are already built. */
  secondCallMs: number[];
  /** First call when packets to IMDS are silently dropped. */
  silentImdsFirstCallMs: number[];
  message: string;
}

async function oneServer(spec: SpawnSpec) {
  const server = await connect(spec);
  try {
    const first = await server.timeCall(FAST_FAILURE_TOOL, {});
    const second = await server.timeCall(FAST_FAILURE_TOOL, {});
    if (!first.result.isError) throw new Error(`${FAST_FAILURE_TOOL} succeeded with no credentials: ${first.result.text}`);
    return { first: first.ms, second: second.ms, message: first.result.text };
  } finally {
    await server.close();
  }
}

export async function measureFastFailure(runs: number, log: (line: string) => void): Promise<FastFailureSamples> {
  // azopsSpec's env is HOME, a node-only PATH and the loopback guard: no Azure variable at all.
  const refused = () => azopsSpec([]);
  const blackhole = await startBlackhole();
  const silent = () =>
    azopsSpec([], {
      NODE_OPTIONS: `--import ${LOOPBACK_GUARD} --import ${BLACKHOLE_PRELOAD}`,
      AZOPS_BENCH_IMDS_BLACKHOLE: blackhole.address,
    });
  try {
    await oneServer(refused());
    const out: FastFailureSamples = { tool: FAST_FAILURE_TOOL, firstCallMs: [], secondCallMs: [], silentImdsFirstCallMs: [], message: '' };
    for (let run = 0; run < runs; run++) {
      const r = await oneServer(refused());
      const s = await oneServer(silent());
      out.firstCallMs.push(r.first);
      out.secondCallMs.push(r.second);
      out.silentImdsFirstCallMs.push(s.first);
      out.message = r.message;
      log(
        `  fast failure run ${run + 1}/${runs}: first call ${r.first.toFixed(0)} ms, second ${r.second.toFixed(0)} ms; IMDS silent: first call ${s.first.toFixed(0)} ms`,
      );
    }
    return out;
  } finally {
    await blackhole.close();
  }
}
