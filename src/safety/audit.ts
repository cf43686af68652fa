import { appendFile } from 'node:fs/promises';

const SECRET_KEY = /pass(word)?|secret|token|key|credential|connection_?string/i;

/** Arguments as they may be written down: values of secret-looking fields masked. */
export function maskArguments(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, SECRET_KEY.test(k) && v !== undefined && v !== '' ? '****' : v]));
}

export interface AuditRecord {
  time: string;
  tool: string;
  access: string;
  arguments: Record<string, unknown>;
  subscription: string | null;
  outcome: 'succeeded' | 'failed' | 'declined' | 'refused';
  requestIds: string[];
  error?: string;
}

/** Appends one JSON line per write or destructive call; serialised so lines never interleave. */
export class AuditLog {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  write(record: AuditRecord): Promise<void> {
    this.queue = this.queue.then(() => appendFile(this.path, `${JSON.stringify(record)}\n`, { mode: 0o600 }));
    return this.queue;
  }
}
