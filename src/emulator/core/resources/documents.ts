// Small helpers for resource documents (plain JSON objects): reading typed values, merge-patch,
// ARM timestamps and stable pseudo-random values derived from names.
import { createHash } from 'node:crypto';
import type { Doc } from './model.js';

export function isDoc(value: unknown): value is Doc {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function asDoc(value: unknown): Doc {
  return isDoc(value) ? value : {};
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `a.b.c` of a document, if every step is an object. */
export function at(doc: unknown, path: string): unknown {
  let current: unknown = doc;
  for (const key of path.split('.')) {
    if (!isDoc(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** JSON merge patch (RFC 7386), which ARM PATCH bodies follow: objects merge, null removes. */
export function mergePatch(target: Doc, patch: Doc): Doc {
  const result: Doc = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else if (isDoc(value) && isDoc(result[key])) result[key] = mergePatch(result[key] as Doc, value);
    else result[key] = structuredClone(value);
  }
  return result;
}

/** Sets `value` at `key` only when the document has no value there. */
export function setDefault(doc: Doc, key: string, value: unknown): void {
  if (doc[key] === undefined || doc[key] === null) doc[key] = value;
}

export function normalizeTags(value: unknown): Record<string, string> | undefined {
  if (!isDoc(value)) return undefined;
  return Object.fromEntries(Object.entries(value).map(([key, tag]) => [key, typeof tag === 'string' ? tag : String(tag)]));
}

/** ARM's usual timestamp: 7 fractional digits, Z. */
export function armTime(epochMs = Date.now()): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** A GUID derived from text, so seeded ids are the same in every run. */
export function stableGuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Bytes derived from text, for IP addresses and keys that must be stable. */
export function stableBytes(text: string, length: number): Buffer {
  return createHash('sha512').update(text).digest().subarray(0, length);
}
