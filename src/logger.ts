import type { LogLevel } from './config.js';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40 };

// Anything shaped like a JWT (three base64url segments) is treated as a token.
const JWT_LIKE = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

/**
 * Replaces secrets and bearer tokens in text with a marker. Registered secrets are exact strings
 * (the client secret); tokens are recognised by shape, so one minted later is caught too.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  /** Every string inside a JSON-like value, redacted (structured results go through the same masking as text). */
  redactDeep(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.redactDeep(v));
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.redact(k), this.redactDeep(v)]));
    return value;
  }

  redact(text: string): string {
    let out = text.replace(JWT_LIKE, '[redacted token]');
    for (const secret of this.secrets) out = out.split(secret).join('[redacted secret]');
    return out;
  }
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  /** The same logger, also handing each line it writes (redacted) to `sink`: a tool call's lines to its client. */
  alsoTo(sink: (level: LogLevel, message: string) => void): Logger;
}

/** Logs to stderr only: stdout belongs to the MCP protocol. */
export function createLogger(
  level: LogLevel,
  redactor: Redactor,
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const make = (sink?: (level: LogLevel, message: string) => void): Logger => {
    const log = (at: LogLevel) => (message: string) => {
      if (ORDER[at] < ORDER[level]) return;
      const redacted = redactor.redact(message);
      write(`${new Date().toISOString()} ${at.toUpperCase()} azops-mcp: ${redacted}\n`);
      sink?.(at, redacted);
    };
    return { debug: log('debug'), info: log('info'), warning: log('warning'), error: log('error'), alsoTo: make };
  };
  return make();
}
