import { appendFile } from 'node:fs';
import { promisify } from 'node:util';

// Not node:fs/promises: loading it (and the readline module it pulls in) costs every start-up 2 to 3 ms.
const appendToFile = promisify(appendFile);

// env_variables: a container's environment becomes its app settings, which hold secrets as often as not.
const SECRET_KEY = /pass(word)?|secret|token|key|credential|connection_?string|env_?variables/i;

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
  /** `started` is written before anything is sent to Azure; the outcome follows in a line of its own. */
  outcome: 'started' | 'succeeded' | 'failed' | 'declined' | 'refused';
  requestIds: string[];
  error?: string;
}

/**
 * Appends JSON lines for write and destructive calls (a new file is readable by its owner only), serialised so
 * lines never interleave. A failed write rejects its own caller only: the next line is still attempted.
 */
export class AuditLog {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  write(record: AuditRecord): Promise<void> {
    const written = this.queue.then(() => appendToFile(this.path, `${JSON.stringify(record)}\n`, { mode: 0o600 }));
    this.queue = written.catch(() => {});
    return written;
  }
}
