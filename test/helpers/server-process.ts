import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp.js';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { recordAuditLog, recordOutput } from './leak-record.js';

/** The built server as the package's bin runs it: the bundle (tests run from dist/test/...). */
export const SERVER_ENTRY = fileURLToPath(new URL('../../bundle/index.js', import.meta.url));
export const LOOPBACK_GUARD = new URL('./loopback-guard.js', import.meta.url).href;

/** A PATH with node and nothing else, so a real `az` on this machine can never be found by accident. */
export function nodeOnlyBinDir(): string {
  const dir = tempDir('nodebin');
  symlinkSync(process.execPath, join(dir, 'node'));
  return dir;
}

export interface ToolCallResult {
  isError: boolean;
  text: string;
  structured: Record<string, unknown>;
}

export interface RunningServer {
  client: Client;
  call(name: string, args?: Record<string, unknown>): Promise<ToolCallResult>;
  stderr(): string;
  close(): Promise<void>;
}

/** Everything any server said in this test process: tool results and stderr, for the leak check. */
export const transcript: string[] = [];

/**
 * Spawns the built server over stdio with exactly `env` (plus the loopback guard), and connects a real
 * MCP client to it.
 */
export interface ElicitAnswer {
  action: 'accept' | 'decline' | 'cancel';
  content?: Record<string, unknown>;
}

export interface SpawnOptions {
  args?: string[];
  cwd?: string;
  /** When given, the client declares form elicitation and answers prompts with this. */
  onElicit?: (message: string) => ElicitAnswer | Promise<ElicitAnswer>;
}

export async function spawnServer(env: Record<string, string>, options: SpawnOptions = {}): Promise<RunningServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER_ENTRY, ...(options.args ?? [])],
    env: { HOME: tempDir('home'), NODE_OPTIONS: `--import ${LOOPBACK_GUARD}`, ...env },
    cwd: options.cwd ?? tempDir('cwd'),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = testClient(options.onElicit);
  await client.connect(transport);
  return runningServer(client, () => stderr, undefined, { kind: 'a server over stdio', auditLog: env.AZOPS_AUDIT_LOG });
}

/** A real MCP client; with `onElicit` it declares form elicitation and answers prompts with it. */
export function testClient(onElicit?: SpawnOptions['onElicit']): Client {
  const client = new Client({ name: 'azops-test', version: '1.0.0' }, onElicit ? { capabilities: { elicitation: { form: {} } } } : {});
  if (onElicit) {
    client.setRequestHandler('elicitation/create', async (request) => {
      const answer = await onElicit(request.params.message);
      return answer.content ? { action: answer.action, content: answer.content as Record<string, boolean> } : { action: answer.action };
    });
  }
  return client;
}

/** The test's view of a connected server: calls recorded in the transcript for the leak checks. */
export function runningServer(
  client: Client,
  stderr: () => string,
  onClose: () => void = () => {},
  options: { kind?: string; auditLog?: string } = {},
): RunningServer {
  let closed = false;
  const kind = options.kind ?? 'a server';
  return {
    client,
    async call(name, args = {}) {
      const result = await client.callTool({ name, arguments: args });
      const text = (result.content as { type: string; text?: string }[]).map((c) => c.text ?? '').join('\n');
      const structured = (result.structuredContent ?? {}) as Record<string, unknown>;
      const json = JSON.stringify(structured);
      transcript.push(text, json);
      // A secret shown because the test asked for it (reveal=true, with consent) is not a leak.
      const revealed = args.reveal === true || args.reveal === 'true';
      recordOutput(`tool text of ${name} from ${kind}`, text, { revealed });
      recordOutput(`structuredContent of ${name} from ${kind}`, json, { revealed });
      return { isError: result.isError === true, text, structured };
    },
    stderr,
    async close() {
      if (closed) return;
      closed = true;
      onClose();
      await client.close();
      transcript.push(stderr());
      recordOutput(`log (stderr) of ${kind}`, stderr());
      recordAuditLog(options.auditLog);
    },
  };
}

/**
 * The first call loads the SDK and gets a token, which on a busy machine can take longer than the short API_TIMEOUT
 * the resilience tests use: it is repeated until the server is warm, so what follows measures the fault alone.
 */
export async function warmUp(server: RunningServer, tool = 'list_resource_groups', args: Record<string, unknown> = {}): Promise<void> {
  let last = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const result = await server.call(tool, args);
    if (!result.isError) return;
    last = result.text;
  }
  throw new Error(`the server never answered the warm-up call ${tool}: ${last}`);
}

/** Runs the server to completion with no client (for start-up errors); resolves with its exit code and stderr. */
export async function runServerToExit(
  env: Record<string, string>,
  options: { args?: string[]; cwd?: string } = {},
): Promise<{ code: number | null; stderr: string }> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER_ENTRY, ...(options.args ?? [])], {
      env: { NODE_OPTIONS: `--import ${LOOPBACK_GUARD}`, ...env },
      cwd: options.cwd ?? tempDir('cwd'),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      transcript.push(stderr);
      recordOutput('stderr of a server run to exit', stderr);
      resolve({ code, stderr });
    });
  });
}

/** A server spoken to in raw lines, as a misbehaving client would: for protocol-level tests. */
export interface RawServer {
  /** Writes one line (a newline is added). */
  send(line: string): void;
  /** The next answer with this id (null for answers to unreadable lines), within `timeoutMs`. */
  answer(id: string | number | null, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Every line the server wrote to stdout so far, parsed. */
  answers(): Record<string, unknown>[];
  stderr(): string;
  close(): Promise<void>;
}

export async function spawnRawServer(env: Record<string, string>, options: { args?: string[] } = {}): Promise<RawServer> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [SERVER_ENTRY, ...(options.args ?? [])], {
    env: { HOME: tempDir('home'), NODE_OPTIONS: `--import ${LOOPBACK_GUARD}`, ...env },
    cwd: tempDir('cwd'),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  let pending = '';
  const lines: Record<string, unknown>[] = [];
  const taken = new Set<Record<string, unknown>>();
  const waiters: (() => void)[] = [];
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout.on('data', (c: Buffer) => {
    pending += c.toString();
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n')) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      transcript.push(line);
      recordOutput('stdout of a server spoken to in raw lines', line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    send: (line) => child.stdin.write(`${line}\n`),
    async answer(id, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.find((l) => !taken.has(l) && 'id' in l && l.id === id && ('result' in l || 'error' in l));
        if (found) {
          taken.add(found);
          return found;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no answer with id ${JSON.stringify(id)} within ${timeoutMs} ms; stderr:\n${stderr}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    answers: () => [...lines],
    stderr: () => stderr,
    async close() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      transcript.push(stderr);
      recordOutput('stderr of a server spoken to in raw lines', stderr);
    },
  };
}
