// The standing fuzz over every tool (issue 12): seeded random and hostile arguments, built from each tool's own
// input schema as clients see it, so a new tool is covered without being named. Each call must answer within its
// deadline, with no internal error text, no request outside the ARM paths it may use, and no write in read-only mode.
// `npm test` runs a short fixed-seed round (test/e2e/fuzz.test.ts); `npm run fuzz -- --calls N [--seed S]` a longer one.
import { DEMO, SEED } from '../../src/emulator/index.js';
import { startInProcessFixture } from '../helpers/in-process.js';

export interface FuzzReport {
  calls: number;
  failures: string[];
  refused: number;
  succeeded: number;
}

/** mulberry32: small, fast and reproducible from one number. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  '..',
  '.',
  '/',
  '?x=1',
  '#f',
  '%2F',
  '%2e%2e',
  'a/../b',
  '\u0000',
  '\n',
  '\ud800',
  '\u202e',
  '\uff0f',
  '__proto__',
  'constructor',
  'toString',
  'A'.repeat(5000),
  '0',
  '-1',
  '1e309',
  'true',
  'null',
  '{}',
  '[]',
  '<script>',
  "' or '1'='1",
  '${x}',
  'VM',
  'all',
];
const INTERNAL_TEXT =
  /TypeError|ReferenceError|SyntaxError|Cannot read propert|is not a function|is not iterable|undefined is not|Unexpected token|at \S+\.js:\d+/;
/** POSTs that Azure documents as reads: App Service's settings lists and container log. */
const READ_ACTION = /\/providers\/Microsoft\.Web\/sites\/[^/]+\/(config\/(appsettings|connectionstrings)\/list|containerlogs)$/i;
const KNOWN_SUBSCRIPTIONS = new Set(SEED.subscriptions.map((s) => s.id.toLowerCase()));

type Schema = { type?: string | string[]; enum?: unknown[]; properties?: Record<string, Schema>; required?: string[] };

function valueFor(schema: Schema, example: unknown, next: () => number): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const roll = next();
  if (roll < 0.35 && example !== undefined) return example;
  if (roll < 0.45 && schema.enum) return pick(schema.enum);
  if (roll < 0.75) return pick(HOSTILE_STRINGS);
  return pick<unknown>([null, 0, -1, 3, 1001, 2 ** 53, 0.5, true, false, [], {}, ['x'], { a: 1 }, 'rg-compute', DEMO.vms.running]);
}

/** A path Azure's SDK may send for these tools: under a known subscription, the tenant root or a management group. */
function pathProblem(path: string): string | undefined {
  const segments = path.split('/').filter(Boolean);
  if (segments.some((s) => s === '.' || s === '..')) return 'a dot segment';
  let decoded: string[];
  try {
    decoded = segments.map((s) => decodeURIComponent(s));
  } catch {
    return 'an undecodable segment';
  }
  if (decoded.some((s) => /[/?#\\]/.test(s))) return 'an encoded / ? # or \\ inside a segment';
  const [first, second] = decoded.map((s) => s.toLowerCase());
  if (first === 'subscriptions' && second !== undefined && !KNOWN_SUBSCRIPTIONS.has(second)) return `an unknown subscription ${second}`;
  if (first !== undefined && !['subscriptions', 'providers', 'tenants', 'locations'].includes(first)) return `an unexpected root /${first}`;
  return undefined;
}

/** A Microsoft Graph path the Entra tools may send: under /v1.0, each value inside its own segment. */
function graphPathProblem(path: string): string | undefined {
  const segments = path.split('/').filter(Boolean);
  if (segments[0] !== 'v1.0') return 'a path outside /v1.0';
  if (segments.some((s) => s === '.' || s === '..' || /^%2e%2e$/i.test(s))) return 'a dot segment';
  let decoded: string[];
  try {
    decoded = segments.map((s) => decodeURIComponent(s));
  } catch {
    return 'an undecodable segment';
  }
  // A guest's UPN carries #EXT#, so only / ? and \ are foreign inside a segment here.
  if (decoded.some((s) => /[/?\\]/.test(s))) return 'an encoded / ? or \\ inside a segment';
  return undefined;
}

export async function runToolFuzz(options: { calls: number; seed: number; deadlineMs?: number }): Promise<FuzzReport> {
  const next = random(options.seed);
  const deadlineMs = options.deadlineMs ?? 15_000;
  const fixture = await startInProcessFixture({ demo: true });
  const env = { AZURE_SUBSCRIPTION_ID: DEMO.devSubscriptionId, AZOPS_CONFIRM: 'never', API_TIMEOUT: '5', OPERATION_TIMEOUT: '5' };
  const servers = { writable: await fixture.server(env), readOnly: await fixture.server({ ...env, AZOPS_READ_ONLY: 'true' }) };
  const { allTools } = await import('../../src/tools/index.js');
  const { tools } = await servers.writable.client.listTools();
  const examples = new Map(allTools.map((t) => [t.name, t.example as Record<string, unknown>]));
  const report: FuzzReport = { calls: 0, failures: [], refused: 0, succeeded: 0 };
  try {
    for (let i = 0; i < options.calls; i++) {
      const tool = tools[Math.floor(next() * tools.length)]!;
      const readOnly = next() < 0.25;
      const schema = tool.inputSchema as Schema;
      const example = examples.get(tool.name) ?? {};
      const args: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        if ((schema.required ?? []).includes(name) || next() < 0.5) args[name] = valueFor(property, example[name], next);
      }
      if (next() < 0.05) args[next() < 0.5 ? 'resourceGroup' : 'extra'] = 'x';
      const label = `#${i} ${readOnly ? '(read-only) ' : ''}${tool.name} ${JSON.stringify(args).slice(0, 300)}`;
      const from = fixture.azure.requests.length;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), deadlineMs)));
      const server = readOnly ? servers.readOnly : servers.writable;
      const result = await Promise.race([server.call(tool.name, args).catch((error: Error) => ({ thrown: error.message })), timeout]);
      clearTimeout(timer);
      report.calls++;
      if (result === 'timeout') {
        report.failures.push(`${label}: no answer within ${deadlineMs} ms`);
        continue;
      }
      if ('thrown' in result) {
        report.failures.push(`${label}: the call failed at the protocol level: ${result.thrown}`);
        continue;
      }
      if (result.isError) report.refused++;
      else report.succeeded++;
      if (INTERNAL_TEXT.test(result.text)) report.failures.push(`${label}: internal error text: ${result.text.slice(0, 300)}`);
      for (const request of fixture.azure.requests.slice(from)) {
        const host = request.host.split(':')[0];
        if (host === 'graph.microsoft.com') {
          const problem = graphPathProblem(request.path);
          if (problem) report.failures.push(`${label}: ${request.method} ${request.path} has ${problem}`);
          if (readOnly && request.method !== 'GET') report.failures.push(`${label}: read-only mode sent ${request.method} ${request.path}`);
          continue;
        }
        if (host !== 'management.azure.com') continue;
        const problem = pathProblem(request.path);
        if (problem) report.failures.push(`${label}: ${request.method} ${request.path} has ${problem}`);
        if (readOnly && request.method !== 'GET' && !READ_ACTION.test(request.path))
          report.failures.push(`${label}: read-only mode sent ${request.method} ${request.path}`);
      }
    }
  } finally {
    await fixture.close();
  }
  return report;
}
