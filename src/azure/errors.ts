import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/**
 * Errors whose message is already what the user should read: it says what went wrong and how to fix it.
 * Tools throw these; the registration wrapper shows them as they are.
 */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

/** No subscription selected for a subscription-scoped tool. */
export class SubscriptionNotSetError extends UserFacingError {
  override name = 'SubscriptionNotSetError';
}

/** Authentication failed; `attempts` lists each method tried, why it failed and how to fix it. */
export class CredentialError extends UserFacingError {
  override name = 'CredentialError';
  constructor(
    message: string,
    readonly attempts: { method: string; reason: string; fix: string }[],
  ) {
    super(message);
  }
}

interface RestErrorLike {
  name: string;
  message: string;
  statusCode?: number;
  code?: string;
  request?: object;
  response?: { headers?: { get(name: string): string | undefined }; bodyAsText?: string | null; request?: object };
  details?: unknown;
}

/**
 * The body of every failed Azure response, by the request that got it. The newer generated clients' pagers
 * throw a RestError without the body ("Pagination failed with unexpected statusCode 400"), but it keeps
 * the request, so Azure's own message can still be found here. Weak: nothing outlives its request.
 */
const failedBodies = new WeakMap<object, string>();

/** Keeps the body of each 4xx/5xx response (see failedBodies); every SDK client gets it. */
export const errorBodyPolicy: PipelinePolicy = {
  name: 'azopsErrorBody',
  async sendRequest(request, next) {
    const response = await next(request);
    if (response.status >= 400 && response.bodyAsText) failedBodies.set(request, response.bodyAsText);
    return response;
  },
};

type ErrorFields = { code?: string; message?: string };

function fieldsOf(value: unknown): ErrorFields {
  if (!value || typeof value !== 'object') return {};
  const outer = value as { error?: unknown; errors?: unknown; code?: unknown; message?: unknown };
  // ARM: {"error":{code,message}}; the container registry data plane (Docker registry API): {"errors":[{code,message}]}.
  const first = Array.isArray(outer.errors) ? (outer.errors[0] as unknown) : undefined;
  const nested = outer.error ?? first;
  const inner = (nested && typeof nested === 'object' ? nested : outer) as { code?: unknown; message?: unknown };
  return {
    code: typeof inner.code === 'string' ? inner.code : undefined,
    message: typeof inner.message === 'string' ? inner.message : undefined,
  };
}

/**
 * Azure's own code and message. Some generated clients replace them with a generic "Pagination failed
 * with unexpected statusCode 404" or lose the code, so the response body is the better source: on the
 * error itself (older clients), kept by errorBodyPolicy (newer pagers), or deserialized into `details`.
 */
function azureErrorBody(error: RestErrorLike): ErrorFields {
  const request = error.request ?? error.response?.request;
  for (const text of [error.response?.bodyAsText, request ? failedBodies.get(request) : undefined]) {
    if (!text) continue;
    try {
      const fields = fieldsOf(JSON.parse(text));
      if (fields.message) return fields;
    } catch {
      // Not JSON (a gateway's HTML page, say): look further.
    }
  }
  return fieldsOf(error.details);
}

function isRestError(error: unknown): error is RestErrorLike {
  return error instanceof Error && error.name === 'RestError';
}

// ARM's AuthorizationFailed message: "... does not have authorization to perform action 'X' over scope 'Y' ..."
const AUTHORIZATION_FAILED = /perform action '([^']+)' over scope '([^']+)'/;

function describeRestError(error: RestErrorLike, asked: string, lastResponse: ResponseNote | undefined): string {
  const status = error.statusCode;
  const body = azureErrorBody(error);
  const rawCode = body.code ?? (error.code && error.code !== 'undefined' ? error.code : undefined);
  const code = rawCode ? ` ${rawCode}` : '';
  const requestId = error.response?.headers?.get('x-ms-request-id');
  const reference = requestId ? ` (request id ${requestId})` : '';
  // The newer generated pagers replace Azure's message with this one; the code survives.
  const message = (
    body.message ?? error.message.replace(/^Pagination failed with unexpected statusCode \d+$/, `Azure answered ${status} while listing.`)
  ).trim();
  switch (status) {
    case 401:
      return `Azure rejected the credentials (401${code}): ${message} Sign in again (az login, or check the service principal), then call account_clear.${reference}`;
    case 403: {
      const match = AUTHORIZATION_FAILED.exec(message);
      const hint = match
        ? ` The signed-in identity needs a role that grants '${match[1]}' on scope '${match[2]}' (for example Reader for reads, Contributor for changes); ask an owner of that scope to assign it.`
        : ' The signed-in identity lacks a role on this scope; ask an owner to assign one (Reader for reads, Contributor for changes).';
      return `Permission denied (403${code}): ${message}${hint}${reference}`;
    }
    case 404:
      return `Not found (404${code}): ${message}${asked ? ` Looked for ${asked}.` : ''} Check the name, resource group and subscription (account_show shows the active one).${reference}`;
    case 409:
      return `Conflict (409${code}): ${message}${reference}`;
    case 429:
      return `Azure is throttling requests (429${code}): ${message} Wait a moment and try again.${reference}`;
    default:
      if (status === undefined) {
        const target = requestLine(error);
        return `Could not reach Azure${target ? ` for ${target}` : ''}: ${sentence(message)} Check the network, proxy settings (HTTPS_PROXY) and the cloud endpoints.`;
      }
      // Not Azure's error format (a gateway's HTML page, say): say who probably answered.
      if (!body.message && lastResponse?.status === status && !/json/i.test(lastResponse.contentType ?? ''))
        return `Azure returned ${status} with ${lastResponse.contentType ?? 'no content type'} instead of Azure's error format for ${lastResponse.method} ${lastResponse.path}: a proxy or gateway may have answered (check HTTPS_PROXY and NO_PROXY); otherwise try again later.${reference}`;
      return `Azure returned ${status}${code}: ${message}${reference}`;
  }
}

const CREDENTIAL_ERROR_NAMES = new Set([
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
  'AuthenticationRequiredError',
]);

/**
 * One mapping from anything a tool can throw to the short, actionable text a user reads. `input` is the
 * tool's arguments: a 404 says what was looked for, since Azure's own message is sometimes generic.
 */
/** The last answer Azure gave during a tool call, for explaining an answer the SDK could not read. */
export interface ResponseNote {
  method: string;
  path: string;
  status: number;
  contentType?: string;
  bytes: number;
}

// What the JavaScript runtime throws on data it did not expect: never text for a user.
const INTERNAL_ERROR_NAMES = new Set(['TypeError', 'SyntaxError', 'RangeError', 'ReferenceError']);

export function describeError(error: unknown, input: Record<string, unknown> = {}, lastResponse?: ResponseNote): string {
  if (error instanceof UserFacingError) return error.message;
  // The SDK could not parse a body that claimed to be JSON (truncated, or a proxy's page): never its parser's text.
  if (isRestError(error) && error.code === 'PARSE_ERROR') return unreadableAnswer(responseNoteOf(error) ?? lastResponse);
  if (isRestError(error)) {
    const asked = Object.entries(input)
      .filter(([k, v]) => typeof v === 'string' && k !== 'limit')
      .map(([k, v]) => `${k}=${v as string}`)
      .join(', ');
    return describeRestError(error, asked, lastResponse);
  }
  if (error instanceof Error && CREDENTIAL_ERROR_NAMES.has(error.name)) {
    return `Authentication failed: ${firstLine(error.message)} Run auth_status for details.`;
  }
  if (error instanceof Error && error.name === 'AbortError') return 'The operation was cancelled.';
  if (error instanceof Error && INTERNAL_ERROR_NAMES.has(error.name)) {
    return unreadableAnswer(lastResponse);
  }
  return error instanceof Error ? error.message : String(error);
}

function unreadableAnswer(note: ResponseNote | undefined): string {
  if (!note) return 'The tool failed unexpectedly before Azure answered; the server log has the details (LOG_LEVEL=DEBUG).';
  const { method, path, status, contentType, bytes } = note;
  return `Azure's answer to ${method} ${path} (${status}, ${contentType ?? 'no content type'}, ${bytes} bytes) could not be read: it is not what Azure sends. A proxy or gateway may have answered instead of Azure (check HTTPS_PROXY and NO_PROXY); otherwise try again. The server log has the details.`;
}

/** "GET /subscriptions/…/resourcegroups" for the request an SDK error carries (the path only: no query). */
function requestLine(error: RestErrorLike): string | undefined {
  const request = (error.request ?? error.response?.request) as { method?: string; url?: string } | undefined;
  if (!request?.url) return undefined;
  try {
    return `${request.method ?? 'GET'} ${new URL(request.url).pathname}`;
  } catch {
    return undefined;
  }
}

function responseNoteOf(error: RestErrorLike): ResponseNote | undefined {
  const line = requestLine(error);
  const response = error.response as
    { status?: number; bodyAsText?: string | null; headers?: { get(name: string): string | undefined } } | undefined;
  if (!line || response?.status === undefined) return undefined;
  const [method, path] = line.split(' ') as [string, string];
  const contentType = response.headers?.get('content-type');
  return {
    method,
    path,
    status: response.status,
    bytes: Buffer.byteLength(response.bodyAsText ?? ''),
    ...(contentType ? { contentType } : {}),
  };
}

/** A message as a sentence: Node's 'socket hang up' gets its full stop. */
function sentence(message: string): string {
  return /[.!?]$/.test(message) ? message : `${message}.`;
}

/** Azure SDK credential messages append multi-line troubleshooting text; the first line carries the cause. */
export function firstLine(message: string): string {
  const line = message.split('\n').find((l) => l.trim()) ?? message;
  return line.trim();
}

/** True when `error` is an Azure REST error with this status (and code, when given). */
export function isAzureError(error: unknown, status: number, code?: string): boolean {
  return isRestError(error) && error.statusCode === status && (code === undefined || error.code === code);
}
