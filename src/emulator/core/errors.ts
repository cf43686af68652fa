// Error bodies in the three dialects the emulator speaks: ARM, Entra ID (AADSTS) and managed identity.
import type { EmulatorResponse, RouteContext } from './types.js';
import { entraTimestamp, newGuid } from './util.js';

const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

/** ARM's `{"error":{"code","message"}}`; the ARM wrapper adds the request-id headers. */
export function armError(status: number, code: string, message: string, headers: Record<string, string> = {}): EmulatorResponse {
  return jsonResponse(status, { error: { code, message } }, headers);
}

/**
 * Entra's OAuth error: the AADSTS code leads the description, which ends with the trace and
 * correlation ids, as login.microsoftonline.com does.
 */
export function entraError(ctx: RouteContext, status: number, error: string, aadstsCode: number, message: string): EmulatorResponse {
  const traceId = newGuid();
  const correlationId = clientRequestId(ctx) ?? newGuid();
  const timestamp = entraTimestamp();
  return jsonResponse(
    status,
    {
      error,
      error_description: `AADSTS${aadstsCode}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [aadstsCode],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${ctx.url.origin}/error?code=${aadstsCode}`,
    },
    entraHeaders(ctx, traceId),
  );
}

export function entraHeaders(ctx: RouteContext, requestId = newGuid()): Record<string, string> {
  return {
    'cache-control': 'no-store, no-cache',
    pragma: 'no-cache',
    'x-ms-request-id': requestId,
    'x-ms-ests-server': '2.1.emulated - local',
    ...(clientRequestId(ctx) ? { 'client-request-id': clientRequestId(ctx) as string } : {}),
  };
}

/** MSAL sends its correlation id as a `client-request-id` query parameter; other clients as a header. */
function clientRequestId(ctx: RouteContext): string | undefined {
  return ctx.url.searchParams.get('client-request-id') ?? ctx.headers['client-request-id'];
}

/** The IMDS / App Service token endpoints' OAuth-style error. */
export function identityEndpointError(status: number, error: string, description: string): EmulatorResponse {
  return jsonResponse(status, { error, error_description: description });
}
