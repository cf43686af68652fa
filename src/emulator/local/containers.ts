import { createHash } from 'node:crypto';

// The emulated Docker engine's containers, and how Docker writes their state: "Up 3 hours",
// "Restarting (1) 5 seconds ago", "Exited (0) 2 days ago".

export type ContainerState = 'running' | 'restarting' | 'exited' | 'paused' | 'created';

export interface EmulatedPort {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: 'tcp' | 'udp';
}

/** One line a container wrote: 1 stdout, 2 stderr (Docker's stream numbers). */
export interface EmulatedLogLine {
  stream: 1 | 2;
  text: string;
}

export interface EmulatedContainer {
  id: string;
  name: string;
  image: string;
  command: string;
  /** Seconds since the epoch, as the Engine API gives Created in lists. */
  created: number;
  state: ContainerState;
  exitCode: number;
  startedAt: number;
  finishedAt: number;
  restartCount: number;
  restartPolicy: 'no' | 'always' | 'unless-stopped' | 'on-failure';
  tty: boolean;
  ports: EmulatedPort[];
  logs: EmulatedLogLine[];
  /** What the container writes each time it starts (the restart tool's effect shows in its logs). */
  startupLogs: EmulatedLogLine[];
  /** A container that crashes right after starting: a restart leaves it restarting again. */
  crashLoop: boolean;
}

export interface ContainerInput {
  name: string;
  image: string;
  command: string;
  state: ContainerState;
  /** How long ago it was created / started / finished, in seconds. */
  createdAgo: number;
  startedAgo?: number;
  finishedAgo?: number;
  exitCode?: number;
  restartCount?: number;
  restartPolicy?: EmulatedContainer['restartPolicy'];
  tty?: boolean;
  ports?: EmulatedPort[];
  logs?: EmulatedLogLine[];
  startupLogs?: EmulatedLogLine[];
  crashLoop?: boolean;
}

/** A 64-hex container id derived from the name, so the demo's ids are the same on every run. */
export const containerIdFor = (name: string) => createHash('sha256').update(`azops-emulated-container:${name}`).digest('hex');

export function newContainer(input: ContainerInput, now = Date.now()): EmulatedContainer {
  const at = (ago: number | undefined) => (ago === undefined ? 0 : now - ago * 1000);
  return {
    id: containerIdFor(input.name),
    name: input.name,
    image: input.image,
    command: input.command,
    created: Math.floor(at(input.createdAgo) / 1000),
    state: input.state,
    exitCode: input.exitCode ?? 0,
    startedAt: at(input.startedAgo ?? (input.state === 'created' ? undefined : input.createdAgo)),
    finishedAt: at(input.finishedAgo),
    restartCount: input.restartCount ?? 0,
    restartPolicy: input.restartPolicy ?? 'no',
    tty: input.tty ?? false,
    ports: input.ports ?? [],
    logs: [...(input.logs ?? [])],
    startupLogs: input.startupLogs ?? [],
    crashLoop: input.crashLoop ?? false,
  };
}

/** Docker's go-units HumanDuration, which docker ps uses. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

/** The Status column of docker ps. */
export function statusText(c: EmulatedContainer, now = Date.now()): string {
  switch (c.state) {
    case 'running':
      return `Up ${humanDuration(now - c.startedAt)}`;
    case 'paused':
      return `Up ${humanDuration(now - c.startedAt)} (Paused)`;
    case 'restarting':
      return `Restarting (${c.exitCode}) ${humanDuration(now - c.finishedAt)} ago`;
    case 'exited':
      return `Exited (${c.exitCode}) ${humanDuration(now - c.finishedAt)} ago`;
    case 'created':
      return 'Created';
  }
}

/** Go's zero time, which the Engine API gives for a time that never happened. */
const ZERO_TIME = '0001-01-01T00:00:00Z';
/** A time as Go's RFC3339Nano writes it: trailing zeros of the fraction dropped, and the fraction with them. */
export const isoTime = (ms: number) => (ms ? new Date(ms).toISOString().replace(/\.?0*Z$/, 'Z') : ZERO_TIME);

/** A restart as the engine does it: stop (finishedAt), start again (startedAt); a crashing container crashes again. */
export function restart(c: EmulatedContainer, now = Date.now()): void {
  if (c.state === 'running' || c.state === 'paused' || c.state === 'restarting') c.finishedAt = now;
  c.startedAt = now;
  c.logs.push(...c.startupLogs);
  if (c.crashLoop) {
    c.state = 'restarting';
    c.exitCode = 1;
    c.restartCount++;
  } else {
    c.state = 'running';
    c.exitCode = 0;
  }
}
