import { UserFacingError } from './errors.js';

/** What a Graph call needs and what to tell the user when Graph says no. */
export interface GraphNeed {
  /** "list users": the words for the operation. */
  what: string;
  /** The least-privileged Microsoft Graph application permission (service principals, managed identities). */
  permission: string;
  /** The Entra directory role a signed-in user needs. */
  role: string;
  /** Added to a 404: what to check. */
  notFound?: string;
  /** Added to a 400: what usually causes it. */
  badRequest?: string;
}

function errorFields(text: string): { code?: string; message?: string } {
  try {
    const error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
    return {
      code: typeof error?.code === 'string' ? error.code : undefined,
      message: typeof error?.message === 'string' ? error.message : undefined,
    };
  } catch {
    return {};
  }
}

/** A Graph answer of 400 or more, in words the user can act on; `status` and `code` stay for control flow. */
export class GraphRequestError extends UserFacingError {
  override name = 'GraphRequestError';

  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
  }

  static from(status: number, body: string, requestId: string | undefined, need: GraphNeed): GraphRequestError {
    const { code, message: graphMessage } = errorFields(body);
    const said = `(${status}${code ? ` ${code}` : ''}): ${(graphMessage ?? 'no error message').trim()}`;
    const reference = requestId ? ` (request id ${requestId})` : '';
    let text: string;
    switch (status) {
      case 400:
        text = `Microsoft Graph rejected the request to ${need.what} ${said}${need.badRequest ? ` ${need.badRequest}` : ''}`;
        break;
      case 401:
        text = `Microsoft Graph rejected the credentials ${said} Sign in again (az login, or check the service principal), then call account_clear.`;
        break;
      case 403:
        text =
          `Permission denied: Microsoft Graph would not ${need.what} ${said} ` +
          `A service principal or managed identity needs the Microsoft Graph application permission ${need.permission} (with admin consent); ` +
          `a signed-in user needs the ${need.role} directory role or one that includes it. ` +
          'Once it is granted, call aad_reset_client so the next call gets a token that carries it.';
        break;
      case 404:
        text = `Not found in the directory ${said}${need.notFound ? ` ${need.notFound}` : ''}`;
        break;
      case 429:
        text = `Microsoft Graph is throttling requests ${said} Wait a moment and try again.`;
        break;
      default:
        text = `Microsoft Graph could not ${need.what} ${said}`;
    }
    return new GraphRequestError(`${text}${reference}`, status, code);
  }
}
