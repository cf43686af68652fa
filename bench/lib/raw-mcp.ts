// A minimal MCP client speaking JSON-RPC directly over the SDK's StdioClientTransport. The benchmark times
// what the server does on the wire: the SDK Client also compiles output-schema validators and validates
// every result, which is client work and would blur a per-call figure of a few milliseconds.
import { performance } from 'node:perf_hooks';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

export const PROTOCOL_VERSION = '2025-06-18';

export interface SpawnSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

interface Pending {
  resolve: (value: Record<string, unknown>) => void;
  reject: (error: Error) => void;
}

export interface ToolResult {
  isError: boolean;
  text: string;
  structured?: unknown;
  raw: Record<string, unknown>;
}

export class RawMcpClient {
  private readonly transport: StdioClientTransport;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stderrText = '';
  private closed = false;

  constructor(readonly spec: SpawnSpec) {
    this.transport = new StdioClientTransport({
      command: spec.command,
      args: spec.args,
      env: spec.env,
      cwd: spec.cwd,
      stderr: 'pipe',
      maxBufferSize: 64 * 1024 * 1024,
    });
    this.transport.stderr?.on('data', (chunk: Buffer) => {
      // Keep the tail only: a DEBUG log of a long run can be large.
      this.stderrText = (this.stderrText + chunk.toString()).slice(-20_000);
    });
    this.transport.onmessage = (message) => this.onMessage(message as Record<string, unknown>);
    this.transport.onclose = () => {
      for (const p of this.pending.values()) p.reject(new Error(`server closed the connection; stderr:\n${this.stderrText}`));
      this.pending.clear();
    };
  }

  get pid(): number {
    const pid = this.transport.pid;
    if (pid === null) throw new Error('the server is not running');
    return pid;
  }

  stderr(): string {
    return this.stderrText;
  }

  async start(): Promise<void> {
    await this.transport.start();
  }

  private onMessage(message: Record<string, unknown>): void {
    const id = message.id;
    if (typeof id === 'number' && ('result' in message || 'error' in message)) {
      const p = this.pending.get(id);
      if (!p) return;
      this.pending.delete(id);
      if (message.error) {
        const error = message.error as { code?: number; message?: string };
        p.reject(new Error(`JSON-RPC error ${error.code}: ${error.message}`));
      } else {
        p.resolve(message.result as Record<string, unknown>);
      }
      return;
    }
    if (id !== undefined && typeof message.method === 'string') {
      // A request from the server (ping, roots/list, ...): answer so it never waits on us.
      const reply = message.method === 'ping' ? { result: {} } : { error: { code: -32601, message: 'Method not found' } };
      void this.transport.send({ jsonrpc: '2.0', id: id as number, ...reply } as never);
    }
    // Notifications (log messages, progress) are ignored.
  }

  request(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.transport.send({ jsonrpc: '2.0', id, method, params } as never).catch((error: Error) => {
        this.pending.delete(id);
        reject(error);
      });
    });
  }

  notify(method: string, params: Record<string, unknown> = {}): Promise<void> {
    return this.transport.send({ jsonrpc: '2.0', method, params } as never);
  }

  /** initialize + notifications/initialized. */
  async initialize(): Promise<Record<string, unknown>> {
    const result = await this.request('initialize', {
      protocolVersion: PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: 'azops-bench', version: '1.0.0' },
    });
    await this.notify('notifications/initialized');
    return result;
  }

  /** Every page of tools/list. */
  async listTools(): Promise<Record<string, unknown>[]> {
    const tools: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.request('tools/list', cursor ? { cursor } : {});
      tools.push(...((page.tools as Record<string, unknown>[]) ?? []));
      cursor = typeof page.nextCursor === 'string' ? page.nextCursor : undefined;
    } while (cursor);
    return tools;
  }

  async callTool(name: string, args: Record<string, unknown> = {}): Promise<ToolResult> {
    const raw = await this.request('tools/call', { name, arguments: args });
    const content = (raw.content as { type: string; text?: string }[] | undefined) ?? [];
    return { isError: raw.isError === true, text: content.map((c) => c.text ?? '').join('\n'), structured: raw.structuredContent, raw };
  }

  /** Milliseconds one tool call takes, request written to response parsed. */
  async timeCall(name: string, args: Record<string, unknown> = {}): Promise<{ ms: number; result: ToolResult }> {
    const t0 = performance.now();
    const result = await this.callTool(name, args);
    return { ms: performance.now() - t0, result };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.transport.close();
  }
}

/** Starts a server and completes the MCP handshake. */
export async function connect(spec: SpawnSpec): Promise<RawMcpClient> {
  const client = new RawMcpClient(spec);
  await client.start();
  try {
    await client.initialize();
  } catch (error) {
    await client.close().catch(() => {});
    throw new Error(`${(error as Error).message}\nstderr:\n${client.stderr()}`, { cause: error });
  }
  return client;
}
