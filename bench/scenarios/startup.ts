// 1-3. Start-up (spawn → initialize → tools/list response), footprint (peak RSS after tools/list) and the
// size of tools/list, for each server variant. Variants run round-robin so drift hits all of them alike.
import { performance } from 'node:perf_hooks';
import { commandName, isAlive, peakRssMb, processTree, untilExited } from '../lib/proc.js';
import { RawMcpClient, type SpawnSpec } from '../lib/raw-mcp.js';

export interface StartupVariant {
  key: string;
  label: string;
  spec: () => SpawnSpec;
  /** Name of the process that is the server itself, when the spawned process is only a launcher. */
  serverCommand?: string;
  warmups: number;
}

export interface ToolListSize {
  tools: number;
  totalBytes: number;
  bytesPerTool: number;
  largest: { name: string; bytes: number };
  /** Bytes of each part of the definitions, summed over all tools (the rest is names, titles and JSON syntax). */
  parts: { description: number; inputSchema: number; outputSchema: number; annotations: number; rest: number };
}

export interface StartupSamples {
  key: string;
  label: string;
  startupMs: number[];
  initializeMs: number[];
  /** Peak RSS of the server process (for a launcher, the process it starts). */
  peakRssMb: number[];
  /** Sum of the peak RSS of every process in the tree (launcher included). */
  treePeakRssMb: number[];
  processes: string[];
  toolList?: ToolListSize;
}

/** Bytes as the client receives them: compact JSON, UTF-8 (each tool's definition, and the whole result). */
export function toolListSize(tools: Record<string, unknown>[]): ToolListSize {
  let largest = { name: '', bytes: 0 };
  const parts = { description: 0, inputSchema: 0, outputSchema: 0, annotations: 0, rest: 0 };
  const size = (value: unknown) => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value)));
  for (const tool of tools) {
    const bytes = size(tool);
    if (bytes > largest.bytes) largest = { name: String(tool.name), bytes };
    parts.description += size(tool.description);
    parts.inputSchema += size(tool.inputSchema);
    parts.outputSchema += size(tool.outputSchema);
    parts.annotations += size(tool.annotations);
  }
  const totalBytes = size({ tools });
  parts.rest = totalBytes - parts.description - parts.inputSchema - parts.outputSchema - parts.annotations;
  return { tools: tools.length, totalBytes, bytesPerTool: tools.length ? totalBytes / tools.length : 0, largest, parts };
}

async function once(
  variant: StartupVariant,
): Promise<{ startupMs: number; initializeMs: number; peak: number; tree: number; processes: string[]; tools: Record<string, unknown>[] }> {
  const client = new RawMcpClient(variant.spec());
  const t0 = performance.now();
  let pids: number[] = [];
  try {
    await client.start();
    await client.initialize();
    const tInit = performance.now();
    const tools = await client.listTools();
    const t1 = performance.now();
    pids = processTree(client.pid);
    const peaks = pids.map((pid) => ({ pid, command: commandName(pid), peak: peakRssMb(pid) ?? 0 }));
    const server = (variant.serverCommand && peaks.find((p) => p.command === variant.serverCommand)) || peaks[0]!;
    if (!tools.length) throw new Error(`${variant.label}: tools/list returned no tools; stderr:\n${client.stderr()}`);
    return {
      startupMs: t1 - t0,
      initializeMs: tInit - t0,
      peak: server.peak,
      tree: peaks.reduce((sum, p) => sum + p.peak, 0),
      processes: peaks.map((p) => `${p.command} ${p.peak.toFixed(1)} MB`),
      tools,
    };
  } catch (error) {
    throw new Error(`${variant.label}: ${(error as Error).message}\nstderr:\n${client.stderr()}`, { cause: error });
  } finally {
    await client.close().catch(() => {});
    // A launcher's child could outlive it: end exactly the processes this run started.
    for (const pid of pids.slice(1)) {
      if (isAlive(pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    // The next variant starts on a machine this one has left: a server still exiting (the .NET runtime takes a
    // while) would slow whichever variant comes after it.
    await untilExited(pids);
  }
}

export async function measureStartup(variants: StartupVariant[], runs: number, log: (line: string) => void): Promise<StartupSamples[]> {
  const samples = new Map<string, StartupSamples>();
  for (const v of variants) {
    samples.set(v.key, { key: v.key, label: v.label, startupMs: [], initializeMs: [], peakRssMb: [], treePeakRssMb: [], processes: [] });
    for (let i = 0; i < v.warmups; i++) await once(v);
  }
  for (let run = 0; run < runs; run++) {
    for (const v of variants) {
      const r = await once(v);
      const s = samples.get(v.key)!;
      s.startupMs.push(r.startupMs);
      s.initializeMs.push(r.initializeMs);
      s.peakRssMb.push(r.peak);
      s.treePeakRssMb.push(r.tree);
      s.processes = r.processes;
      s.toolList ??= toolListSize(r.tools);
    }
    log(
      `  start-up run ${run + 1}/${runs}: ${variants.map((v) => `${v.key} ${samples.get(v.key)!.startupMs.at(-1)!.toFixed(0)} ms`).join(', ')}`,
    );
  }
  return [...samples.values()];
}

/**
 * Node itself: spawn → exit of a script that only reports its own peak RSS, with the same NODE_OPTIONS as the
 * servers get. The floor under any Node server's start-up and footprint.
 */
export async function measureNodeBaseline(
  env: Record<string, string>,
  runs: number,
): Promise<{ startupMs: number[]; peakRssMb: number[] }> {
  const { spawn } = await import('node:child_process');
  const script = "process.stdout.write(require('fs').readFileSync('/proc/self/status','utf8').match(/VmHWM:\\s+(\\d+)/)[1])";
  const once = () =>
    new Promise<{ ms: number; mb: number }>((resolve, reject) => {
      const t0 = performance.now();
      const child = spawn(process.execPath, ['-e', script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve({ ms: performance.now() - t0, mb: Number(out) / 1024 }) : reject(new Error(`node -e exited ${code}`)),
      );
    });
  await once();
  const out = { startupMs: [] as number[], peakRssMb: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const r = await once();
    out.startupMs.push(r.ms);
    out.peakRssMb.push(r.mb);
  }
  return out;
}
