// The state HTTP callers keep between requests: one MCP session per 2025-era connection (Mcp-Session-Id), and, for
// the 2026-07-28 protocol, which has no sessions, one Azure session per authenticated caller. Each has its own active
// subscription and SDK clients; all share the server's credential. Both tables are bounded and expire when idle.
import { randomUUID } from 'node:crypto';
import { WebStandardStreamableHTTPServerTransport, type Server } from '@modelcontextprotocol/server';
import type { AzopsServer } from '../server.js';
import type { AzureSession } from '../azure/session.js';
import type { Caller } from './auth.js';

export interface SessionLimits {
  maxSessions: number;
  idleMs: number;
  maxBodyBytes: number;
}

interface LegacySession {
  principal: string;
  transport: WebStandardStreamableHTTPServerTransport;
  server: Server;
  lastSeen: number;
  /** Requests in progress, until their answer's stream ends; a session is never expired while it has any. */
  busy: number;
}

interface CallerState {
  session: AzureSession;
  lastSeen: number;
}

export class HttpSessions {
  private readonly legacy = new Map<string, LegacySession>();
  private readonly callers = new Map<string, CallerState>();
  /** Sessions being opened (initialize in progress), counted against the limit before they have an id. */
  private opening = 0;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly azops: AzopsServer,
    private readonly limits: SessionLimits,
    private readonly onError: (error: Error) => void,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(limits.idleMs / 2, 60_000));
    this.sweeper.unref();
  }

  get counts(): { sessions: number; callers: number } {
    return { sessions: this.legacy.size, callers: this.callers.size };
  }

  /** The Azure session of a 2026-07-28 caller (who has no MCP session): kept per principal. */
  callerSession(caller: Caller): AzureSession | Response {
    const key = caller.extra.principal;
    let state = this.callers.get(key);
    if (!state) {
      if (this.callers.size >= this.limits.maxSessions) this.sweep();
      if (this.callers.size >= this.limits.maxSessions) return tooMany(this.limits.maxSessions);
      state = { session: this.azops.session.fork(), lastSeen: Date.now() };
      this.callers.set(key, state);
    }
    state.lastSeen = Date.now();
    return state.session;
  }

  /** A 2025-era request: to its session, or, for `initialize` without one, to a new session. */
  async handle(request: Request, caller: Caller): Promise<Response> {
    const id = request.headers.get('mcp-session-id');
    if (id !== null) {
      const session = this.legacy.get(id);
      // Someone else's session id is as good as an unknown one: the session is not theirs to use.
      if (!session || session.principal !== caller.extra.principal) return rpcError(404, -32001, 'Session not found');
      return this.serveIn(session, () => session.transport.handleRequest(request, { authInfo: caller }), request.method === 'POST');
    }
    if (request.method !== 'POST') return rpcError(400, -32000, 'Bad Request: Mcp-Session-Id header is required');
    if (this.legacy.size + this.opening >= this.limits.maxSessions) this.sweep();
    if (this.legacy.size + this.opening >= this.limits.maxSessions) return tooMany(this.limits.maxSessions);

    this.opening++;
    const server = this.azops.createMcpServer(this.azops.session.fork());
    const entry: LegacySession = { principal: caller.extra.principal, transport: undefined!, server, lastSeen: Date.now(), busy: 0 };
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      maxRequestBodySize: this.limits.maxBodyBytes,
      onsessioninitialized: (sessionId) => void this.legacy.set(sessionId, entry),
      onsessionclosed: (sessionId) => void this.close(sessionId),
    });
    entry.transport = transport;
    transport.onerror = this.onError;
    try {
      await server.connect(transport);
      return await this.serveIn(entry, () => transport.handleRequest(request, { authInfo: caller }), true);
    } finally {
      this.opening--;
      // Anything but a successful initialize (the transport answered 400) leaves no session behind.
      if (!transport.sessionId) await server.close().catch(() => {});
    }
  }

  /**
   * Runs one request in a session. A POST's answer is often a stream that outlives handleRequest (the call goes on,
   * or waits for the user's answer to a prompt): it counts as in progress until that stream ends. A GET's standing
   * stream does not, so an idle session with one open still expires.
   */
  private async serveIn(session: LegacySession, run: () => Promise<Response>, counts: boolean): Promise<Response> {
    session.lastSeen = Date.now();
    if (!counts) return run();
    session.busy++;
    const done = () => {
      session.busy--;
      session.lastSeen = Date.now();
    };
    let response: Response;
    try {
      response = await run();
    } catch (error) {
      done();
      throw error;
    }
    return whenBodyEnds(response, done);
  }

  private async close(sessionId: string): Promise<void> {
    const session = this.legacy.get(sessionId);
    if (!session) return;
    this.legacy.delete(sessionId);
    await session.server.close().catch((error: Error) => this.onError(error));
  }

  /** Closes sessions and forgets callers idle for longer than the limit. */
  sweep(now = Date.now()): void {
    for (const [id, session] of this.legacy) if (!session.busy && now - session.lastSeen > this.limits.idleMs) void this.close(id);
    for (const [key, state] of this.callers) if (now - state.lastSeen > this.limits.idleMs) this.callers.delete(key);
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.legacy.keys()].map((id) => this.close(id)));
    this.callers.clear();
  }
}

export function rpcError(status: number, code: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ jsonrpc: '2.0', error: { code, message }, id: null }, { status, headers });
}

function tooMany(limit: number): Response {
  return rpcError(
    503,
    -32000,
    `Too many sessions: this server keeps at most ${limit} (AZOPS_HTTP_MAX_SESSIONS). Try again once idle sessions expire.`,
    { 'retry-after': '30' },
  );
}

/** The same response, calling `done` once when its body has been read to the end, failed or been cancelled. */
function whenBodyEnds(response: Response, done: () => void): Response {
  let called = false;
  const once = () => {
    if (!called) {
      called = true;
      done();
    }
  };
  if (!response.body) {
    once();
    return response;
  }
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await reader.read();
        if (chunk.done) {
          once();
          controller.close();
        } else controller.enqueue(chunk.value);
      } catch (error) {
        once();
        controller.error(error);
      }
    },
    cancel(reason) {
      once();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
