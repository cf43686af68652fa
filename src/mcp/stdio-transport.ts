import type { Readable, Writable } from 'node:stream';
import {
  INVALID_REQUEST,
  PARSE_ERROR,
  PROTOCOL_VERSION_META_KEY,
  parseJSONRPCMessage,
  serializeMessage,
  type JSONRPCMessage,
  type Transport,
} from '@modelcontextprotocol/server';

/** The longest line read, as the SDK's own stdio transport allows. */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;

type RequestId = string | number;

/** Requests a client may send before initialize (the MCP lifecycle: pings only, and initialize itself). */
const BEFORE_INITIALIZE = new Set(['initialize', 'ping']);

/**
 * MCP over stdio, one JSON-RPC message per line, like the SDK's StdioServerTransport, except that no line goes
 * unanswered: the SDK's transport drops a line it cannot parse or validate (a BOM, `params: null`, `jsonrpc: "1.0"`),
 * and the client then waits for its own timeout. Here such a line gets the JSON-RPC error the specification names
 * (-32700 Parse error, -32600 Invalid Request), with the request's id whenever it can be read. A request other
 * than initialize or ping before initialize is refused the same way. Everything valid passes to the SDK unchanged.
 */
export class GuardedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T) => void;

  private buffer?: Buffer;
  /** Inside a line longer than MAX_LINE_BYTES: dropped up to its end. */
  private skippingLongLine = false;
  private initialized = false;
  private started = false;
  private closed = false;

  constructor(
    private readonly stdin: Readable = process.stdin,
    private readonly stdout: Writable = process.stdout,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {}

  async start(): Promise<void> {
    if (this.started) throw new Error('GuardedStdioTransport already started');
    this.started = true;
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onStreamError);
    this.stdin.on('end', this.onEnd);
    this.stdin.on('close', this.onEnd);
    this.stdout.on('error', this.onStdoutError);
    if (this.stdin.readableEnded || this.stdin.destroyed) setImmediate(this.onEnd);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onStreamError);
    this.stdin.off('end', this.onEnd);
    this.stdin.off('close', this.onEnd);
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.buffer = undefined;
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return Promise.reject(new Error('GuardedStdioTransport is closed'));
    return new Promise((resolve, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (this.stdout.write(serializeMessage(message), done)) return;
      // Back-pressure: the callback still fires once the line is flushed.
    });
  }

  private readonly onData = (chunk: Buffer): void => {
    let data = this.buffer ? Buffer.concat([this.buffer, chunk]) : chunk;
    this.buffer = undefined;
    for (let end = data.indexOf(0x0a); end !== -1; end = data.indexOf(0x0a)) {
      const line = data.subarray(0, end);
      data = data.subarray(end + 1);
      if (this.skippingLongLine) {
        this.skippingLongLine = false;
        continue;
      }
      this.handleLine(line.toString('utf8').replace(/\r$/, ''));
    }
    if (this.skippingLongLine) return;
    if (data.length > this.maxLineBytes) {
      this.skippingLongLine = true;
      this.reply(null, PARSE_ERROR, `Parse error: a message is longer than ${this.maxLineBytes} bytes; it was dropped`);
      return;
    }
    if (data.length) this.buffer = Buffer.from(data);
  };

  private handleLine(line: string): void {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      const bom = line.startsWith('\uFEFF');
      this.reply(
        bom ? idOf(tryParse(line.slice(1))) : null,
        PARSE_ERROR,
        bom
          ? 'Parse error: the message starts with a byte-order mark (U+FEFF), which JSON does not allow; send UTF-8 without one'
          : 'Parse error: the line is not JSON (one JSON-RPC message per line)',
      );
      return;
    }
    let message: JSONRPCMessage;
    try {
      message = parseJSONRPCMessage(value);
    } catch {
      // A client's answer to one of our requests that is malformed cannot be answered: report it and drop it.
      if (isObject(value) && !('method' in value) && ('result' in value || 'error' in value)) {
        this.onerror?.(new Error(`dropped a malformed JSON-RPC response: ${problemOf(value)}`));
        return;
      }
      this.reply(idOf(value), INVALID_REQUEST, `Invalid Request: ${problemOf(value)}`);
      return;
    }
    if ('method' in message && 'id' in message) {
      if (message.method === 'initialize') this.initialized = true;
      // A request that claims a newer protocol revision carries its version itself and needs no initialize.
      else if (!this.initialized && !BEFORE_INITIALIZE.has(message.method) && !claimsRevision(message.params)) {
        this.reply(
          message.id,
          INVALID_REQUEST,
          `Invalid Request: ${message.method} before initialize; the client must send initialize first (only ping may come before it)`,
        );
        return;
      }
    }
    this.onmessage?.(message);
  }

  private reply(id: RequestId | null, code: number, message: string): void {
    if (this.closed) return;
    // JSON-RPC answers an unreadable request with id null; the SDK's message type has no room for that.
    this.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } })}\n`);
  }

  private readonly onStreamError = (error: Error): void => {
    this.onerror?.(error);
  };

  private readonly onStdoutError = (error: Error): void => {
    if (this.closed) return;
    this.onerror?.(error);
    void this.close();
  };

  private readonly onEnd = (): void => {
    void this.close();
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The request's id when it is one JSON-RPC allows (a string or an integer); null otherwise, as the spec says. */
function idOf(value: unknown): RequestId | null {
  if (!isObject(value)) return null;
  const { id } = value;
  return typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id)) ? id : null;
}

function claimsRevision(params: unknown): boolean {
  return isObject(params) && isObject(params._meta) && PROTOCOL_VERSION_META_KEY in params._meta;
}

/** What is wrong with a message, in the words of the JSON-RPC 2.0 specification. */
function problemOf(value: unknown): string {
  if (Array.isArray(value)) return 'batches (JSON arrays) are not supported; send one message per line';
  if (!isObject(value)) return 'a message must be a JSON object';
  if (value.jsonrpc !== '2.0') return `"jsonrpc" must be exactly "2.0" (got ${JSON.stringify(value.jsonrpc) ?? 'nothing'})`;
  if ('id' in value && idOf(value) === null) return '"id" must be a string or an integer';
  if ('method' in value && typeof value.method !== 'string') return '"method" must be a string';
  if (!('method' in value)) return 'a request needs a "method"';
  if ('params' in value && !isObject(value.params))
    return `"params" must be an object, or left out (got ${value.params === null ? 'null' : Array.isArray(value.params) ? 'an array' : typeof value.params})`;
  const extra = Object.keys(value).filter((key) => !['jsonrpc', 'id', 'method', 'params'].includes(key));
  if (extra.length) return `unexpected member ${JSON.stringify(extra[0])}`;
  return 'not a JSON-RPC 2.0 request or notification';
}
