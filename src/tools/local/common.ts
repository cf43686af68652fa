import { z } from 'zod';
import { containerRefProblem } from '../../local/names.js';
import { DockerEngine, type ContainerDetails, type EnginePort } from '../../local/docker.js';
import type { ToolContext } from '../define.js';

// What the local tools share: the container input, the engine for one call, and number formatting.

export const containerIdInput = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = containerRefProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('Container id (full or the 12-character short id) or name, as list_containers shows it.');

/** The Docker engine for this call: DOCKER_HOST (or the default socket), DOCKER_TIMEOUT, the call's cancellation. */
export const dockerEngine = (ctx: ToolContext) => new DockerEngine(ctx.config.local, ctx.signal);

export const shortId = (id: string) => id.slice(0, 12);

/** The container's name without the leading slash the Engine API gives it. */
export function containerName(names: readonly string[] | string | undefined): string {
  const name = typeof names === 'string' ? names : names?.[0];
  return (name ?? '').replace(/^\//, '');
}

export const containerSchema = z.object({
  id: z.string().describe('Short container id (12 characters).'),
  name: z.string().describe('Container name.'),
});

export const containerOf = (details: ContainerDetails) => ({ id: shortId(details.Id), name: containerName(details.Name) });

/** "0.0.0.0:8080->80/tcp" or "443/tcp", as docker ps writes ports; duplicates dropped. */
export function portText(ports: readonly EnginePort[] | undefined): string[] {
  const texts = (ports ?? []).map((p) => {
    const inside = `${p.PrivatePort ?? '?'}/${p.Type ?? 'tcp'}`;
    if (!p.PublicPort) return inside;
    const ip = p.IP ?? '';
    return `${ip.includes(':') ? `[${ip}]` : ip}:${p.PublicPort}->${inside}`;
  });
  return [...new Set(texts)].slice(0, 20);
}

/** 1536 → "1.5 KiB". */
export function bytesText(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
