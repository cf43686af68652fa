// Data planes live on their own host names ({store}.azconfig.io, {registry}.azurecr.io) but the
// router matches paths only; this wrapper sends requests for other hosts to the answer the emulator
// gives any unclaimed path (ARM's 404, after ARM authentication).
import { armRoute } from './arm.js';
import { armError } from './errors.js';
import type { EmulatorResponse, RouteContext, RouteHandler } from './types.js';

/** The leftmost DNS label when the request's host ends with `suffix` (port ignored), else undefined. */
export function hostPrefix(ctx: RouteContext, suffix: string): string | undefined {
  const host = ctx.url.hostname.toLowerCase();
  if (!host.endsWith(suffix) || host.length <= suffix.length) return undefined;
  const name = host.slice(0, -suffix.length);
  return name.includes('.') ? undefined : name;
}

export function onHost(
  suffix: string,
  handler: (ctx: RouteContext, name: string) => EmulatorResponse | Promise<EmulatorResponse>,
): RouteHandler {
  return (ctx) => {
    const name = hostPrefix(ctx, suffix);
    if (name !== undefined) return handler(ctx, name);
    return armRoute(() => armError(404, 'NotFound', `The requested path '${ctx.url.pathname}' was not found.`))(ctx);
  };
}
