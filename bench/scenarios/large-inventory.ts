// 6. Large inventory: list_resources on a resource group of 10,000 resources: time, peak RSS of the server, and
// text bytes per resource shown (it reads only the first page it needs, so size should barely matter). Groups of 1,000 and 100,000 show whether memory grows with the inventory.
import type { AzureFixture } from '../../test/helpers/azure-fixture.js';
import { peakRssMb } from '../lib/proc.js';
import { connect } from '../lib/raw-mcp.js';
import { azopsSpec } from '../lib/servers.js';

export interface InventoryGroup {
  name: string;
  resources: number;
  /** Timed list_resources calls per server after the first (untimed) one; 0 times the first call. */
  timedCalls: number;
}

export interface InventorySamples {
  group: InventoryGroup;
  /** Every timed list_resources call. */
  listMs: number[];
  /** Peak RSS of each server at the end. */
  peakRssMb: number[];
  /** Peak RSS before its first list_resources call (signed in, SDK loaded). */
  baselineRssMb: number[];
  shown: number;
  total: number;
  textBytes: number;
  textBytesPerResource: number;
  structuredBytesPerResource: number;
}

export async function measureInventory(
  fixture: AzureFixture,
  subscriptionId: string,
  groups: InventoryGroup[],
  servers: number,
  log: (line: string) => void,
): Promise<InventorySamples[]> {
  const out = groups.map(
    (group) =>
      ({
        group,
        listMs: [],
        peakRssMb: [],
        baselineRssMb: [],
        shown: 0,
        total: 0,
        textBytes: 0,
        textBytesPerResource: 0,
        structuredBytesPerResource: 0,
      }) as InventorySamples,
  );
  for (let run = 0; run < servers; run++) {
    for (const samples of out) {
      const server = await connect(
        azopsSpec(
          [],
          fixture.env('service-principal', { AZURE_SUBSCRIPTION_ID: subscriptionId, LOG_LEVEL: 'INFO', RATE_LIMIT_ENABLED: 'false' }),
        ),
      );
      try {
        const warm = await server.callTool('list_resource_groups', {});
        if (warm.isError) throw new Error(warm.text);
        samples.baselineRssMb.push(peakRssMb(server.pid)!);
        const args = { resource_group: samples.group.name };
        const { ms: firstMs, result: first } = await server.timeCall('list_resources', args);
        if (samples.group.timedCalls === 0) samples.listMs.push(firstMs);
        if (first.isError) throw new Error(`list_resources failed: ${first.text}\nstderr:\n${server.stderr()}`);
        // list_resources reads only as far as it shows (50 by default, then one more to learn that more exist).
        const structured = first.structured as { total: number; shown: number; more?: boolean };
        if (structured.shown !== Math.min(50, samples.group.resources) || Boolean(structured.more) !== samples.group.resources > 50)
          throw new Error(
            `list_resources showed ${structured.shown} of ${samples.group.name}'s ${samples.group.resources} resources (more: ${structured.more})`,
          );
        samples.total = structured.total;
        samples.shown = structured.shown;
        samples.textBytes = Buffer.byteLength(first.text);
        samples.textBytesPerResource = samples.textBytes / structured.shown;
        samples.structuredBytesPerResource = Buffer.byteLength(JSON.stringify(first.structured)) / structured.shown;
        for (let i = 0; i < samples.group.timedCalls; i++) samples.listMs.push((await server.timeCall('list_resources', args)).ms);
        samples.peakRssMb.push(peakRssMb(server.pid)!);
      } finally {
        await server.close();
      }
      log(
        `  inventory ${samples.group.name} server ${run + 1}/${servers}: list ${samples.listMs
          .slice(-Math.max(1, samples.group.timedCalls))
          .map((ms) => ms.toFixed(0))
          .join(
            '/',
          )} ms, peak RSS ${samples.peakRssMb.at(-1)!.toFixed(1)} MB (before listing ${samples.baselineRssMb.at(-1)!.toFixed(1)} MB)`,
      );
    }
  }
  return out;
}
