// A small route table: later features register more routes without touching the dispatcher.
// Patterns are literal segments and `:name` parameters; literals match case-insensitively because
// ARM paths are case-insensitive (/resourceGroups == /resourcegroups).
import type { RouteHandler } from './types.js';

/** 'arm' routes get ARM-shaped 405s (after authentication), others a plain one. */
export type RoutePlane = 'arm' | 'raw';

interface RouteEntry {
  method: string;
  segments: string[];
  handler: RouteHandler;
  plane: RoutePlane;
}

export type RouteMatch =
  | { kind: 'found'; handler: RouteHandler; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[]; plane: RoutePlane }
  | { kind: 'not-found' };

export class Router {
  private readonly routes: RouteEntry[] = [];

  /**
   * The matching route with the most literal segments wins (so `/x/providers/Microsoft.Authorization/...`
   * beats a generic `/x/providers/:ns/:type`, whatever the registration order); among equals, the first
   * registered.
   */
  add(method: string, pattern: string, handler: RouteHandler, plane: RoutePlane = 'raw'): this {
    this.routes.push({ method: method.toUpperCase(), segments: splitPath(pattern), handler, plane });
    return this;
  }

  match(method: string, path: string): RouteMatch {
    const segments = splitPath(path);
    const allowed: string[] = [];
    let plane: RoutePlane = 'raw';
    let best: { handler: RouteHandler; params: Record<string, string>; literals: number } | undefined;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method.toUpperCase()) {
        const literals = route.segments.filter((segment) => !segment.startsWith(':')).length;
        if (!best || literals > best.literals) best = { handler: route.handler, params, literals };
        continue;
      }
      allowed.push(route.method);
      if (route.plane === 'arm') plane = 'arm';
    }
    if (best) return { kind: 'found', handler: best.handler, params: best.params };
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed, plane } : { kind: 'not-found' };
  }
}

/** Trailing slashes are ignored: IMDS is called both with and without one. */
function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] as string;
    const value = actual[i] as string;
    if (expected.startsWith(':')) {
      params[expected.slice(1)] = safeDecode(value);
    } else if (expected.toLowerCase() !== safeDecode(value).toLowerCase()) {
      return undefined;
    }
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
