// Small helpers shared by the emulator's routes.
import { randomBytes, randomUUID } from 'node:crypto';

export function newGuid(): string {
  return randomUUID();
}

export function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

export function randomBase64url(byteCount: number): string {
  return randomBytes(byteCount).toString('base64url');
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Entra's timestamp style in error bodies: "2026-11-27 16:10:42Z". */
export function entraTimestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** ARM's US-style UTC time in token errors: "11/27/2026 4:10:42 PM". */
export function armUtcTime(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const hours = d.getUTCHours();
  const pad = (n: number): string => String(n).padStart(2, '0');
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`;
}

/** Azure CLI's `expiresOn`: local time, "YYYY-MM-DD HH:MM:SS.ffffff". */
export function azCliLocalTime(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.000000`;
}

/** Strips one trailing "/.default" (an Entra v2 scope) to get the v1 resource (token `aud`). */
export function scopeToResource(scope: string): string {
  return scope.endsWith('/.default') ? scope.slice(0, -'/.default'.length) : scope;
}

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}
