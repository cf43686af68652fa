import { UserFacingError } from '../azure/errors.js';
import type { ContainerDetails, DockerEngine } from './docker.js';

// Container logs as the Engine API sends them, made into bounded, marked lines. Without a TTY the body is
// multiplexed (Docker's stdcopy framing): frames of an 8-byte header — stream type (0 stdin, 1 stdout, 2 stderr,
// 3 the engine's own error), three zero bytes, the payload size as a big-endian uint32 — then the payload. With a
// TTY the body is the raw terminal output, one stream.

export type LogStream = 'stdout' | 'stderr' | 'tty';

export interface LogLine {
  stream: LogStream;
  text: string;
}

export interface LogLimits {
  /** Lines kept: the most recent ones. */
  lines: number;
  /** Characters kept of one line; the rest is replaced by a marker. */
  lineChars: number;
  /** Characters kept of all lines together: the oldest lines are dropped first. */
  totalChars: number;
}

export interface CollectedLogs {
  lines: LogLine[];
  /** Lines that were cut to lineChars. */
  longLines: number;
  /** Lines left out to stay within totalChars (the oldest). */
  droppedLines: number;
}

/** Splits a multiplexed body into stream chunks, across frame and chunk boundaries, without holding a whole frame. */
export class StdcopyDemuxer {
  private header = Buffer.alloc(0);
  private stream: LogStream = 'stdout';
  private remaining = 0;

  constructor(private readonly emit: (stream: LogStream, chunk: Buffer) => void) {}

  write(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining === 0) {
        const need = 8 - this.header.length;
        this.header = Buffer.concat([this.header, chunk.subarray(offset, offset + need)]);
        offset += Math.min(need, chunk.length - offset);
        if (this.header.length < 8) return;
        const type = this.header[0]!;
        if (type > 3 || this.header[1] !== 0 || this.header[2] !== 0 || this.header[3] !== 0)
          throw new Error(`not a multiplexed log stream (frame header ${this.header.toString('hex')})`);
        // stdin is written on stdout; type 3 carries the engine's own errors, shown with stderr.
        this.stream = type === 2 || type === 3 ? 'stderr' : 'stdout';
        this.remaining = this.header.readUInt32BE(4);
        this.header = Buffer.alloc(0);
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - offset);
      this.emit(this.stream, chunk.subarray(offset, offset + take));
      this.remaining -= take;
      offset += take;
    }
  }

  /** True when the body ended between frames, as a whole stream does. */
  get complete(): boolean {
    return this.remaining === 0 && this.header.length === 0;
  }
}

// ANSI escape sequences (colours, cursor moves) and other control characters except tab would garble the text.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-_]|[\u0000-\u0008\u000b-\u001f\u007f]/g;

/**
 * Keeps the most recent `limits.lines` lines of each stream's text as it arrives, each cut to `limits.lineChars`,
 * so memory stays bounded however large the body is. Lines of both streams keep their arrival order.
 */
export class LogCollector {
  private readonly kept: { stream: LogStream; text: string; long: boolean }[] = [];
  private readonly partial = new Map<LogStream, { parts: Buffer[]; bytes: number; long: boolean }>();

  constructor(private readonly limits: LogLimits) {}

  push(stream: LogStream, chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      if (newline === -1) {
        if (start < chunk.length) this.append(stream, chunk.subarray(start));
        return;
      }
      this.append(stream, chunk.subarray(start, newline));
      this.endLine(stream);
      start = newline + 1;
    }
  }

  /** The lines, once the body has ended: unfinished last lines count as lines. */
  finish(): CollectedLogs {
    for (const stream of [...this.partial.keys()]) this.endLine(stream);
    let total = 0;
    let first = this.kept.length;
    while (first > 0 && total + this.kept[first - 1]!.text.length <= this.limits.totalChars) total += this.kept[--first]!.text.length;
    const lines = this.kept.slice(first);
    return {
      lines: lines.map(({ stream, text }) => ({ stream, text })),
      longLines: lines.filter((l) => l.long).length,
      droppedLines: first,
    };
  }

  private append(stream: LogStream, bytes: Buffer): void {
    if (!bytes.length) {
      if (!this.partial.has(stream)) this.partial.set(stream, { parts: [], bytes: 0, long: false });
      return;
    }
    const line = this.partial.get(stream) ?? { parts: [], bytes: 0, long: false };
    this.partial.set(stream, line);
    // Four bytes a character at most: beyond that the line will be cut anyway.
    const room = this.limits.lineChars * 4 - line.bytes;
    if (room <= 0) {
      line.long = true;
      return;
    }
    line.parts.push(bytes.length > room ? bytes.subarray(0, room) : bytes);
    line.bytes += Math.min(bytes.length, room);
    if (bytes.length > room) line.long = true;
  }

  private endLine(stream: LogStream): void {
    const line = this.partial.get(stream);
    if (!line) return;
    this.partial.delete(stream);
    let text = Buffer.concat(line.parts).toString('utf8').replace(/\r$/, '').replace(ESCAPES, '');
    let long = line.long;
    if (text.length > this.limits.lineChars) {
      text = text.slice(0, this.limits.lineChars);
      long = true;
    }
    if (long) text += ' …[line cut]';
    this.kept.push({ stream, text, long });
    if (this.kept.length > this.limits.lines) this.kept.shift();
  }
}

export const MAX_LOG_LINES = 1000;
const LIMITS = { lineChars: 2000, totalChars: 50_000 };
/** The most of a log body read; beyond it the newest lines would be lost, which the answer then says. */
const MAX_READ_BYTES = 32 * 1024 * 1024;

/** The last `lines` lines of a container's stdout and stderr, demultiplexed, bounded, with what was cut said. */
export async function readContainerLogs(
  engine: DockerEngine,
  container: ContainerDetails,
  lines: number,
): Promise<{ lines: LogLine[]; cut: string | null }> {
  const collector = new LogCollector({ ...LIMITS, lines: Math.min(lines, MAX_LOG_LINES) });
  let framing: ((chunk: Buffer) => void) | undefined;
  let demuxer: StdcopyDemuxer | undefined;
  const { cut } = await engine.logs(container.Id, Math.min(lines, MAX_LOG_LINES), MAX_READ_BYTES, (chunk, contentType) => {
    if (!framing) {
      // API 1.42+ engines name the framing; older ones send none, and then the container's TTY setting decides.
      const raw = contentType ? contentType.includes('raw-stream') : container.Config?.Tty === true;
      if (raw) framing = (c) => collector.push('tty', c);
      else {
        demuxer = new StdcopyDemuxer((stream, c) => collector.push(stream, c));
        framing = (c) => {
          try {
            demuxer!.write(c);
          } catch (error) {
            throw new UserFacingError(`The Docker engine's log stream could not be read: ${(error as Error).message}.`);
          }
        };
      }
    }
    framing(chunk);
  });
  const collected = collector.finish();
  const notes = [
    cut ? `the log was larger than ${MAX_READ_BYTES / 1024 / 1024} MiB, so reading stopped and the most recent lines may be missing` : '',
    collected.droppedLines ? `${collected.droppedLines} older lines left out to keep the answer under ${LIMITS.totalChars} characters` : '',
    collected.longLines ? `${collected.longLines} lines longer than ${LIMITS.lineChars} characters were cut` : '',
  ].filter(Boolean);
  return { lines: collected.lines, cut: notes.length ? `${notes.join('; ')}.` : null };
}
