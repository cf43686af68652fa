// npm run bench [-- --compare] [-- --check] [-- --runs N] [-- --out FILE]; npm run bench -- soak [--calls N]
// Start-up, footprint, tool-list size, per-call overhead, token reuse, large inventory and fast failure of
// azops-mcp, against the emulated Azure on loopback; with --compare, Microsoft's @azure/mcp 2.0.5 side by side.
// Prints a table and writes a JSON file (default bench/results/latest.json). See README "Performance".
import '../test/helpers/loopback-guard.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { DEMO, seedGenericResources } from '../src/emulator/index.js';
import { LOOPBACK_GUARD } from '../test/helpers/server-process.js';
import { startAzureFixture } from '../test/helpers/azure-fixture.js';
import { azopsSpec, installMicrosoft, MICROSOFT_PACKAGE, type MicrosoftInstall } from './lib/servers.js';
import { median, round, roundSummary, summarize, type Summary } from './lib/stats.js';
import { measureNodeBaseline, measureStartup, type StartupSamples, type StartupVariant } from './scenarios/startup.js';
import { measurePerCall } from './scenarios/per-call.js';
import { measureTokenReuse } from './scenarios/token-reuse.js';
import { measureInventory, type InventorySamples } from './scenarios/large-inventory.js';
import { measureFastFailure } from './scenarios/fast-failure.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FLOOR_ENTRY = fileURLToPath(new URL('./floor-server.js', import.meta.url));

interface Goal {
  id: string;
  text: string;
  figure: string;
  max: number;
}
interface Anchors {
  source: string;
  startupDefaultMs: number;
  startupAllMs: number;
  toolsDefault: number;
  toolsAll: number;
  toolListBytesDefault: number;
  toolListBytesAll: number;
  peakRssDefaultMb: number;
  peakRssAllMb: number;
  noCredentialFailureMs: number;
}
const goalsFile = JSON.parse(readFileSync(join(ROOT, 'bench', 'goals.json'), 'utf8')) as { goals: Goal[]; microsoftAnchors: Anchors };

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    calls: { type: 'string', default: '10000' },
    compare: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    runs: { type: 'string', default: '7' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opts.help) {
  console.log(`Usage: npm run bench [-- --compare] [-- --check] [-- --runs N] [-- --out FILE]
       npm run bench -- soak [--calls N] [--out FILE]
  soak        only the soak: N read-tool calls (default 10,000) in process, heap and RSS after GC at start and end
  --compare   also run Microsoft's ${MICROSOFT_PACKAGE} (installed into a temporary folder) side by side
  --check     exit 1 when a figure misses its goal in bench/goals.json
  --runs N    start-up runs per variant after the warm-up (default 7; other figures scale from it)
  --out FILE  where to write the JSON results (default bench/results/latest.json)`);
  process.exit(0);
}
if (positionals[0] === 'soak') await soak();
else if (positionals.length) {
  console.error(`Unknown benchmark ${positionals[0]}; the only named one is soak (see --help).`);
  process.exit(2);
}

/** `npm run bench -- soak`: the soak alone (issue 12), with its own results file. */
async function soak(): Promise<never> {
  const { measureSoak } = await import('./scenarios/soak.js');
  const calls = Math.max(100, Number(opts.calls) || 10_000);
  const load = os.loadavg()[0]!;
  console.error(`Soak: ${calls.toLocaleString('en-US')} read-tool calls in process`);
  const result = await measureSoak(calls, (line) => console.error(line));
  const machine = { cpus: os.cpus().length, node: process.version, loadAverage: [round(load), round(os.loadavg()[0]!)] };
  const outPath = opts.out ?? join(ROOT, 'bench', 'results', 'soak.json');
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, `${JSON.stringify({ generatedAt: new Date().toISOString(), machine, soak: result }, null, 2)}\n`);
  const { start, end } = result;
  console.log(
    [
      `Soak, ${result.calls.toLocaleString('en-US')} calls of ${result.tools.length} read tools in ${(result.durationMs / 1000).toFixed(1)} s (${result.callsPerSecond} calls/s), ${result.errors} errors`,
      `  heap after GC: ${start.heapMb} MB at the start, ${end.heapMb} MB at the end (${result.heapGrowthMb >= 0 ? '+' : ''}${result.heapGrowthMb} MB, ${result.heapGrowthBytesPerCall} B per call)`,
      `  RSS: ${start.rssMb} MB at the start, ${end.rssMb} MB at the end (${result.rssGrowthMb >= 0 ? '+' : ''}${result.rssGrowthMb} MB)`,
      `  heap every 1,000 calls: ${result.samples.map((s) => s.heapMb).join(', ')} MB`,
      `Results written to ${relative(process.cwd(), outPath) || outPath}.`,
    ].join('\n'),
  );
  if (result.firstError) console.log(`  first error: ${result.firstError}`);
  process.exit();
}

const RUNS = Math.max(3, Number(opts.runs) || 7);
const startedAt = performance.now();
const loadBefore = os.loadavg();
const log = (line: string) => console.error(line);

// ---------------------------------------------------------------------------------------------- measure
let microsoft: MicrosoftInstall | undefined;
if (opts.compare) microsoft = await installMicrosoft(log);

log(`\n1-3. Start-up, footprint, tool-list size (${RUNS} runs per variant after warm-up)`);
const variants: StartupVariant[] = [
  { key: 'azops_all', label: 'azops-mcp, all tools', spec: () => azopsSpec([]), warmups: 2 },
  { key: 'azops_compute', label: 'azops-mcp --toolsets compute', spec: () => azopsSpec(['--toolsets', 'compute']), warmups: 1 },
  { key: 'azops_sandbox', label: 'azops-mcp --sandbox', spec: () => azopsSpec(['--sandbox']), warmups: 1 },
  // The MCP SDK + zod serving one tool: the floor under any Node server built this way.
  { key: 'floor', label: 'MCP SDK + zod, one tool (floor)', spec: () => ({ ...azopsSpec(), args: [FLOOR_ENTRY] }), warmups: 1 },
];
if (microsoft) {
  const ms = microsoft;
  variants.push(
    {
      key: 'ms_default',
      label: `${MICROSOFT_PACKAGE} (default namespace mode)`,
      spec: () => ms.spec('namespace'),
      serverCommand: 'azmcp',
      warmups: 2,
    },
    { key: 'ms_all', label: `${MICROSOFT_PACKAGE} --mode all`, spec: () => ms.spec('all'), serverCommand: 'azmcp', warmups: 1 },
  );
}
const startup = await measureStartup(variants, RUNS, log);
const nodeBaseline = await measureNodeBaseline({ NODE_OPTIONS: `--import ${LOOPBACK_GUARD}` }, RUNS);
log(`  node itself (spawn → exit): ${median(nodeBaseline.startupMs).toFixed(0)} ms, ${median(nodeBaseline.peakRssMb).toFixed(1)} MB`);
const byKey = (key: string): StartupSamples | undefined => startup.find((s) => s.key === key);

log('\nStarting the emulated Azure (HTTPS on 127.0.0.1, demo estate) ...');
const subscriptionId = DEMO.devSubscriptionId;
const callRuns = Math.max(3, Math.round((RUNS * 5) / 7));
const fixture = await startAzureFixture({ demo: true });
const { perCall, tokenReuse } = await (async () => {
  try {
    log('\n4. Per-call overhead: list_resource_groups through MCP stdio vs the same SDK call in a plain script');
    const perCall = await measurePerCall(fixture, subscriptionId, 100, callRuns, log);
    log('\n5. Token reuse: 100 calls signed in through the stand-in az');
    const tokenReuse = await measureTokenReuse(fixture, subscriptionId, 100, 3, log);
    return { perCall, tokenReuse };
  } finally {
    await fixture.close();
  }
})();

log('\n6. Large inventory (an emulator serving pages of 1,000 resources)');
const inventoryFixture = await startAzureFixture({ pageSize: 1000 });
const inventory: InventorySamples[] = await (async () => {
  try {
    const groups = [
      { name: 'rg-bench-10k', resources: 10_000, timedCalls: 3 },
      { name: 'rg-bench-1k', resources: 1_000, timedCalls: 3 },
      { name: 'rg-bench-100k', resources: 100_000, timedCalls: 0 },
    ];
    const seedStart = performance.now();
    for (const g of groups) seedGenericResources(inventoryFixture.azure, { resourceGroup: g.name, count: g.resources, subscriptionId });
    log(
      `  seeded ${groups.map((g) => `${g.resources} resources in ${g.name}`).join(', ')} in ${(performance.now() - seedStart).toFixed(0)} ms`,
    );
    return await measureInventory(inventoryFixture, subscriptionId, groups, 3, log);
  } finally {
    await inventoryFixture.close();
  }
})();

log('\n7. Fast failure with no credentials at all');
const fastFailure = await measureFastFailure(callRuns, log);

// ---------------------------------------------------------------------------------------------- report
const anchors = goalsFile.microsoftAnchors;
const basis = microsoft ? 'measured' : 'anchor';
const all = byKey('azops_all')!;
const msDefault = byKey('ms_default');
const msAll = byKey('ms_all');
const s = (values: number[]): Summary => roundSummary(summarize(values));
const inv10k = inventory.find((i) => i.group.resources === 10_000)!;
const inv1k = inventory.find((i) => i.group.resources === 1_000)!;
const inv100k = inventory.find((i) => i.group.resources === 100_000)!;

const ms = {
  startupDefaultMs: msDefault ? median(msDefault.startupMs) : anchors.startupDefaultMs,
  startupAllMs: msAll ? median(msAll.startupMs) : anchors.startupAllMs,
  peakRssDefaultMb: msDefault ? median(msDefault.peakRssMb) : anchors.peakRssDefaultMb,
  peakRssAllMb: msAll ? median(msAll.peakRssMb) : anchors.peakRssAllMb,
  toolsDefault: msDefault?.toolList?.tools ?? anchors.toolsDefault,
  toolsAll: msAll?.toolList?.tools ?? anchors.toolsAll,
  toolListBytesDefault: msDefault?.toolList?.totalBytes ?? anchors.toolListBytesDefault,
  toolListBytesAll: msAll?.toolList?.totalBytes ?? anchors.toolListBytesAll,
  noCredentialFailureMs: anchors.noCredentialFailureMs,
};
const ratio = (ours: number, theirs: number) => round(ours / theirs);

const values: Record<string, number> = {
  startup_ratio: median(all.startupMs) / ms.startupDefaultMs,
  rss_ratio: median(all.peakRssMb) / ms.peakRssDefaultMb,
  bytes_per_tool: all.toolList!.bytesPerTool,
  per_call_overhead_ms: median(perCall.medianDiffMs),
  az_spawns_per_100_calls: median(tokenReuse.spawns) * (100 / tokenReuse.calls),
  inventory_memory_growth_mb: median(inv100k.peakRssMb) - median(inv10k.peakRssMb),
  no_credential_failure_ms: median(fastFailure.firstCallMs),
};
const ratioGoals = new Set(['startup_ratio', 'rss_ratio']);
const goalResults = goalsFile.goals.map((g) => {
  const value = values[g.id];
  if (value === undefined) throw new Error(`bench/goals.json: no figure for goal ${g.id}`);
  return { id: g.id, text: g.text, value: round(value), max: g.max, met: value <= g.max, ...(ratioGoals.has(g.id) ? { basis } : {}) };
});

const loadAfter = os.loadavg();
const machine = {
  cpus: os.cpus().length,
  model: os.cpus()[0]?.model ?? 'unknown',
  memoryGb: round(os.totalmem() / 1024 ** 3),
  node: process.version,
  platform: `${os.type()} ${os.release()} ${os.arch()}`,
  /** 1-minute load average at the start and the end: other work on the machine slows every figure. */
  loadAverage: [round(loadBefore[0]!), round(loadAfter[0]!)],
};
const startupFigures = Object.fromEntries(
  startup.map((v) => [
    v.key,
    {
      label: v.label,
      startupMs: s(v.startupMs),
      initializeMs: s(v.initializeMs),
      peakRssMb: s(v.peakRssMb),
      treePeakRssMb: s(v.treePeakRssMb),
      processes: v.processes,
      toolList: v.toolList && { ...v.toolList, bytesPerTool: round(v.toolList.bytesPerTool) },
    },
  ]),
);
const results = {
  generatedAt: new Date().toISOString(),
  machine,
  options: { compare: Boolean(microsoft), runs: RUNS },
  microsoft: microsoft
    ? { package: MICROSOFT_PACKAGE, basis, isolation: microsoft.isolation, platformPackage: microsoft.platformPackage }
    : { package: MICROSOFT_PACKAGE, basis, anchors },
  figures: {
    nodeBaseline: { startupMs: s(nodeBaseline.startupMs), peakRssMb: s(nodeBaseline.peakRssMb) },
    startup: startupFigures,
    perCall: {
      tool: 'list_resource_groups',
      resourceGroups: perCall.groups,
      callsPerRun: perCall.callsPerRun,
      medianDifferenceMs: s(perCall.medianDiffMs),
      p95DifferenceMs: s(perCall.p95DiffMs),
      mcpMedianMs: s(perCall.mcpMedianMs),
      directMedianMs: s(perCall.directMedianMs),
      mcpP95Ms: s(perCall.mcpP95Ms),
      directP95Ms: s(perCall.directP95Ms),
    },
    tokenReuse: {
      calls: tokenReuse.calls,
      azSpawns: s(tokenReuse.spawns),
      firstCallMs: s(tokenReuse.firstCallMs),
      otherCallsMedianMs: s(tokenReuse.otherCallsMedianMs),
    },
    largeInventory: Object.fromEntries(
      inventory.map((i) => [
        i.group.name,
        {
          resources: i.group.resources,
          listResourcesMs: s(i.listMs),
          peakRssMb: s(i.peakRssMb),
          peakRssBeforeListingMb: s(i.baselineRssMb),
          shown: i.shown,
          textBytes: i.textBytes,
          textBytesPerResourceShown: round(i.textBytesPerResource),
          structuredBytesPerResourceShown: round(i.structuredBytesPerResource),
        },
      ]),
    ),
    fastFailure: {
      tool: fastFailure.tool,
      firstCallMs: s(fastFailure.firstCallMs),
      secondCallMs: s(fastFailure.secondCallMs),
      imdsSilentFirstCallMs: s(fastFailure.silentImdsFirstCallMs),
      message: fastFailure.message,
    },
  },
  ratios: {
    basis,
    startupAllVsMicrosoftDefault: ratio(median(all.startupMs), ms.startupDefaultMs),
    startupAllVsMicrosoftAll: ratio(median(all.startupMs), ms.startupAllMs),
    startupComputeVsMicrosoftDefault: ratio(median(byKey('azops_compute')!.startupMs), ms.startupDefaultMs),
    startupSandboxVsMicrosoftDefault: ratio(median(byKey('azops_sandbox')!.startupMs), ms.startupDefaultMs),
    peakRssAllVsMicrosoftDefault: ratio(median(all.peakRssMb), ms.peakRssDefaultMb),
    peakRssAllVsMicrosoftAll: ratio(median(all.peakRssMb), ms.peakRssAllMb),
    toolListBytesVsMicrosoftDefault: ratio(all.toolList!.totalBytes, ms.toolListBytesDefault),
    bytesPerToolVsMicrosoftDefault: ratio(all.toolList!.bytesPerTool, ms.toolListBytesDefault / ms.toolsDefault),
    bytesPerToolVsMicrosoftAll: ratio(all.toolList!.bytesPerTool, ms.toolListBytesAll / ms.toolsAll),
    noCredentialFailureVsMicrosoftAnchor: ratio(median(fastFailure.firstCallMs), ms.noCredentialFailureMs),
  },
  goals: goalResults,
  durationSeconds: round((performance.now() - startedAt) / 1000),
};

const outPath = opts.out ?? join(ROOT, 'bench', 'results', 'latest.json');
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, `${JSON.stringify(results, null, 2)}\n`);

// ---------------------------------------------------------------------------------------------- table
const fmt = (x: Summary, unit = '') => `${fmtNum(x.median)}${unit} (${fmtNum(x.min)}–${fmtNum(x.max)})`;
function fmtNum(x: number): string {
  return round(x).toLocaleString('en-US');
}
const tag = microsoft ? '' : ' [anchor]';
const ratioText = (ours: number, theirs: number) => `${fmtNum(ours / theirs)}×`;
const rows: string[][] = [];
const row = (figure: string, ours: string, theirs = '', r = '', goal = '') => rows.push([figure, ours, theirs, r, goal]);
const goalCell = (id: string) => {
  const g = goalResults.find((x) => x.id === id)!;
  return `${g.met ? 'met' : 'MISSED'} (≤ ${fmtNum(g.max)})`;
};

const startupOf = (key: string) => byKey(key)!;
row(
  'Start-up, all tools (ms)',
  fmt(s(all.startupMs)),
  `${fmtNum(ms.startupDefaultMs)} default${tag}`,
  ratioText(median(all.startupMs), ms.startupDefaultMs),
  goalCell('startup_ratio'),
);
row('  vs Microsoft --mode all', '', `${fmtNum(ms.startupAllMs)} all${tag}`, ratioText(median(all.startupMs), ms.startupAllMs));
row(
  'Start-up, --toolsets compute (ms)',
  fmt(s(startupOf('azops_compute').startupMs)),
  '',
  ratioText(median(startupOf('azops_compute').startupMs), ms.startupDefaultMs),
);
row(
  'Start-up, --sandbox (ms)',
  fmt(s(startupOf('azops_sandbox').startupMs)),
  '',
  ratioText(median(startupOf('azops_sandbox').startupMs), ms.startupDefaultMs),
);
row('  floor: MCP SDK + zod, one tool (ms)', fmt(s(startupOf('floor').startupMs)));
row('  floor: node itself, spawn → exit (ms)', fmt(s(nodeBaseline.startupMs)));
row(
  'Peak RSS after tools/list, all tools (MB)',
  fmt(s(all.peakRssMb)),
  `${fmtNum(ms.peakRssDefaultMb)} default${tag}`,
  ratioText(median(all.peakRssMb), ms.peakRssDefaultMb),
  goalCell('rss_ratio'),
);
row('  vs Microsoft --mode all', '', `${fmtNum(ms.peakRssAllMb)} all${tag}`, ratioText(median(all.peakRssMb), ms.peakRssAllMb));
if (msDefault && msAll) {
  row(
    '  Microsoft incl. its node launcher (MB)',
    '',
    `${fmtNum(median(msDefault.treePeakRssMb))} / ${fmtNum(median(msAll.treePeakRssMb))}`,
    ratioText(median(all.peakRssMb), median(msDefault.treePeakRssMb)),
  );
}
row(
  'Peak RSS, --toolsets compute / --sandbox (MB)',
  `${fmtNum(median(startupOf('azops_compute').peakRssMb))} / ${fmtNum(median(startupOf('azops_sandbox').peakRssMb))}`,
);
row(
  '  floor: MCP SDK + zod / node itself (MB)',
  `${fmtNum(median(startupOf('floor').peakRssMb))} / ${fmtNum(median(nodeBaseline.peakRssMb))}`,
);
const tl = all.toolList!;
row(
  'tools/list: tools, total bytes',
  `${tl.tools} tools, ${fmtNum(tl.totalBytes)} B`,
  `${ms.toolsDefault} / ${fmtNum(ms.toolListBytesDefault)} B default${tag}`,
  ratioText(tl.totalBytes, ms.toolListBytesDefault),
);
row(
  '  bytes per tool',
  fmtNum(tl.bytesPerTool),
  `${fmtNum(ms.toolListBytesDefault / ms.toolsDefault)} default, ${fmtNum(ms.toolListBytesAll / ms.toolsAll)} all${tag}`,
  ratioText(tl.bytesPerTool, ms.toolListBytesDefault / ms.toolsDefault),
  goalCell('bytes_per_tool'),
);
const share = (part: number) => `${fmtNum(part / tl.tools)} (${Math.round((100 * part) / tl.totalBytes)}%)`;
row('  per tool: outputSchema / inputSchema', `${share(tl.parts.outputSchema)} / ${share(tl.parts.inputSchema)}`);
row('  per tool: description / annotations', `${share(tl.parts.description)} / ${share(tl.parts.annotations)}`);
row(
  '  largest tool definition',
  `${tl.largest.name} ${fmtNum(tl.largest.bytes)} B`,
  msDefault?.toolList ? `${msDefault.toolList.largest.name} ${fmtNum(msDefault.toolList.largest.bytes)} B` : '',
);
row(
  `Per-call overhead, median (ms, ${perCall.callsPerRun} calls × ${perCall.medianDiffMs.length} runs)`,
  fmt(s(perCall.medianDiffMs)),
  '',
  '',
  goalCell('per_call_overhead_ms'),
);
row('  p95 difference (ms)', fmt(s(perCall.p95DiffMs)));
row('  MCP call / direct SDK call, median (ms)', `${fmtNum(median(perCall.mcpMedianMs))} / ${fmtNum(median(perCall.directMedianMs))}`);
row(`az spawns per ${tokenReuse.calls} calls`, fmt(s(tokenReuse.spawns)), '', '', goalCell('az_spawns_per_100_calls'));
row(
  '  first call (with az) / later calls (ms)',
  `${fmtNum(median(tokenReuse.firstCallMs))} / ${fmtNum(median(tokenReuse.otherCallsMedianMs))}`,
);
row('list_resources, 10,000 resources (ms)', fmt(s(inv10k.listMs)));
row('  1,000 resources (ms)', fmt(s(inv1k.listMs)));
row('  100,000 resources, first call (ms)', fmt(s(inv100k.listMs)));
row('  peak RSS, 10,000 resources (MB)', fmt(s(inv10k.peakRssMb)));
row('  peak RSS, 1,000 / 100,000 resources (MB)', `${fmtNum(median(inv1k.peakRssMb))} / ${fmtNum(median(inv100k.peakRssMb))}`);
row('  peak RSS growth 10,000 → 100,000 (MB)', fmtNum(values.inventory_memory_growth_mb!), '', '', goalCell('inventory_memory_growth_mb'));
row('  text bytes per resource shown', `${fmtNum(inv10k.textBytesPerResource)} (${inv10k.shown} shown of ${fmtNum(inv10k.total)})`);
row(
  'No-credential failure, first call (ms)',
  fmt(s(fastFailure.firstCallMs)),
  `${fmtNum(ms.noCredentialFailureMs)} [anchor]`,
  ratioText(median(fastFailure.firstCallMs), ms.noCredentialFailureMs),
  goalCell('no_credential_failure_ms'),
);
row('  second call, same server (ms)', fmt(s(fastFailure.secondCallMs)));
row('  first call, IMDS silently unreachable (ms)', fmt(s(fastFailure.silentImdsFirstCallMs)));

const header = ['Figure', 'azops-mcp median (min–max)', `Microsoft ${MICROSOFT_PACKAGE}`, 'Ratio', 'Goal'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`\nazops-mcp benchmarks — ${results.generatedAt}`);
console.log(
  `${machine.cpus} × ${machine.model}, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}; load average ${machine.loadAverage.join(' → ')}`,
);
console.log(
  microsoft
    ? `Microsoft: measured in this run; ${microsoft.isolation}`
    : `Microsoft: recorded figures from bench/goals.json (${MICROSOFT_PACKAGE} measured earlier on the development machine); run with --compare to measure`,
);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
const missed = goalResults.filter((g) => !g.met);
console.log(
  `\nGoals: ${goalResults.length - missed.length} of ${goalResults.length} met${missed.length ? `; missed: ${missed.map((g) => `${g.id} (${fmtNum(g.value)} > ${fmtNum(g.max)})`).join(', ')}` : ''}.`,
);
if (!microsoft)
  console.log(
    'Ratio goals are judged against the recorded figures, measured at another time; --compare measures both servers under the same conditions.',
  );
console.log(`Results written to ${relative(process.cwd(), outPath) || outPath}; ${fmtNum(results.durationSeconds)} s.`);

if (opts.check && missed.length) process.exitCode = 1;
// Helpers (temp dirs, the stand-in az) clean up on exit; nothing else should keep the loop alive.
process.exit();
