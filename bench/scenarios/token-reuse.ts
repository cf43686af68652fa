// 5. Token reuse: a server signed in through the stand-in `az` (which logs every run) makes 100 tool calls;
// how many times did it spawn `az`?
import type { AzureFixture } from '../../test/helpers/azure-fixture.js';
import { connect } from '../lib/raw-mcp.js';
import { azopsSpec } from '../lib/servers.js';
import { median } from '../lib/stats.js';

export interface TokenReuseSamples {
  calls: number;
  spawns: number[];
  /** The first call pays for the `az` spawn; the rest should not. */
  firstCallMs: number[];
  otherCallsMedianMs: number[];
}

async function oneServer(fixture: AzureFixture, subscriptionId: string, calls: number) {
  const before = fixture.az.spawnCount();
  const server = await connect(
    azopsSpec([], fixture.env('azure-cli', { AZURE_SUBSCRIPTION_ID: subscriptionId, LOG_LEVEL: 'INFO', RATE_LIMIT_ENABLED: 'false' })),
  );
  const ms: number[] = [];
  try {
    for (let i = 0; i < calls; i++) {
      const { ms: t, result } = await server.timeCall('list_resource_groups', {});
      if (result.isError)
        throw new Error(`list_resource_groups failed with the Azure CLI credential: ${result.text}\nstderr:\n${server.stderr()}`);
      ms.push(t);
    }
  } finally {
    await server.close();
  }
  return { spawns: fixture.az.spawnCount() - before, firstCallMs: ms[0]!, otherCallsMedianMs: median(ms.slice(1)) };
}

export async function measureTokenReuse(
  fixture: AzureFixture,
  subscriptionId: string,
  calls: number,
  runs: number,
  log: (line: string) => void,
): Promise<TokenReuseSamples> {
  await oneServer(fixture, subscriptionId, 5);
  const out: TokenReuseSamples = { calls, spawns: [], firstCallMs: [], otherCallsMedianMs: [] };
  for (let run = 0; run < runs; run++) {
    const r = await oneServer(fixture, subscriptionId, calls);
    out.spawns.push(r.spawns);
    out.firstCallMs.push(r.firstCallMs);
    out.otherCallsMedianMs.push(r.otherCallsMedianMs);
    log(
      `  token reuse run ${run + 1}/${runs}: ${calls} calls → ${r.spawns} az spawn(s); first call ${r.firstCallMs.toFixed(0)} ms, then median ${r.otherCallsMedianMs.toFixed(2)} ms`,
    );
  }
  return out;
}
