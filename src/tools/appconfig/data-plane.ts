import { z } from 'zod';
import type { AppConfigurationClient } from '@azure/app-configuration';
import type { AzureSession } from '../../azure/session.js';
import { describeError, isAzureError, UserFacingError } from '../../azure/errors.js';
import {
  appConfigAccessKeyClient,
  appConfigDataClient,
  resolveAppConfigStore,
  type AppConfigStoreRef,
} from '../../azure/clients-appconfig.js';

// Every key-value call goes through here: Entra ID first; the store's access keys (fetched through ARM) only when the
// data plane refuses the Entra identity and the store allows access keys; and the answer says which was used.

export const READER_ROLE = 'App Configuration Data Reader';
export const OWNER_ROLE = 'App Configuration Data Owner';

export const authOutput = z.object({
  method: z.enum(['entra', 'accessKey']).describe('entra: the signed-in identity; accessKey: the store access key named in note.'),
  note: z.string().nullable().describe('Why an access key was used instead of Entra ID, and how to avoid it.'),
});
export type AuthUsed = z.infer<typeof authOutput>;

interface Problem {
  type?: string;
  title?: string;
  detail?: string;
}

/** The service's RFC 7807 body, which the SDK puts in `details`. */
export function problemOf(error: unknown): Problem {
  const details = (error as { details?: unknown }).details;
  return details && typeof details === 'object' ? (details as Problem) : {};
}

/** The reason in the service's problem body, or the code and message of an ARM-shaped body (a gateway's, say). */
function problemText(error: unknown): string {
  const { title, detail } = problemOf(error);
  if (title || detail) return [title, detail].filter(Boolean).join(': ');
  const { code, message } = error as { code?: unknown; message?: unknown };
  const parts = [code, message].filter(
    (part): part is string => typeof part === 'string' && part !== '' && !part.startsWith('Unexpected status code'),
  );
  return parts.join(': ') || 'no reason given';
}

const statusOf = (error: unknown): number | undefined => (error as { statusCode?: number }).statusCode;

/** A data-plane failure the tool did not expect, in words (the SDK's own message is "Unexpected status code: 409"). */
function dataPlaneError(error: unknown, store: AppConfigStoreRef): unknown {
  const status = statusOf(error);
  if (status === undefined || !(error instanceof Error) || error.name !== 'RestError') return error;
  const { type } = problemOf(error);
  if (status === 409 && type?.endsWith('/key-locked'))
    return new UserFacingError(
      `The key-value is locked (read-only) in ${store.name}: ${problemText(error)} Nothing was changed. Unlock it first (az appconfig kv unlock), then try again.`,
    );
  if (status === 429)
    return new UserFacingError(`App Configuration store ${store.name} is throttling requests (429). Wait a moment and try again.`);
  if (problemOf(error).title)
    return new UserFacingError(`App Configuration store ${store.name} refused the request (${status}): ${problemText(error)}`);
  return new UserFacingError(`App Configuration store ${store.name} answered ${status}: ${describeError(error)}`);
}

export interface KeyValueCall<T> {
  store: AppConfigStoreRef;
  value: T;
  auth: AuthUsed;
}

/**
 * Runs `run` against the store's data plane. `run` handles the statuses it expects (404, 412); other failures become
 * one clear error. A 401/403 with Entra ID falls back to an access key only when the store allows them; otherwise the
 * error names the role to assign.
 */
export async function withKeyValues<T>(
  session: AzureSession,
  target: { storeName: string; resourceGroup: string | undefined; signal: AbortSignal },
  purpose: 'read' | 'write',
  run: (client: AppConfigurationClient, store: AppConfigStoreRef) => Promise<T>,
): Promise<KeyValueCall<T>> {
  const store = await resolveAppConfigStore(session, target.storeName, target.resourceGroup, target.signal);
  const role = purpose === 'read' ? `${READER_ROLE} (or ${OWNER_ROLE})` : OWNER_ROLE;
  let denied: unknown;
  try {
    const entra = await appConfigDataClient(session, store.endpoint);
    return { store, value: await run(entra, store), auth: { method: 'entra', note: null } };
  } catch (error) {
    if (!isAzureError(error, 401) && !isAzureError(error, 403)) throw dataPlaneError(error, store);
    denied = error;
  }
  const refusal = `the data plane refused the signed-in identity (${statusOf(denied)}: ${problemText(denied)})`;
  if (!store.localAuthEnabled)
    throw new UserFacingError(
      `Permission denied on App Configuration store ${store.name}: ${refusal}. Assign '${role}' to the signed-in identity on ${store.id} (role assignments can take a few minutes to apply). The store disables access keys, so there is no fallback.`,
    );
  let keyed;
  try {
    keyed = await appConfigAccessKeyClient(session, store, purpose, target.signal);
  } catch (error) {
    if (target.signal.aborted) throw error;
    throw new UserFacingError(
      `Permission denied on App Configuration store ${store.name}: ${refusal}, and its access keys could not be fetched through ARM either: ${describeError(error)} Assign '${role}' on ${store.id} to the signed-in identity.`,
    );
  }
  try {
    return {
      store,
      value: await run(keyed.client, store),
      auth: {
        method: 'accessKey',
        note: `Used the store's '${keyed.keyName}' access key (fetched through ARM) because ${refusal}. Assign '${role}' on ${store.id} to use Entra ID instead.`,
      },
    };
  } catch (error) {
    if (isAzureError(error, 401) || isAzureError(error, 403))
      throw new UserFacingError(
        `Permission denied on App Configuration store ${store.name}: ${refusal}, and the '${keyed.keyName}' access key was refused too (${statusOf(error)}: ${problemText(error)}). Assign '${role}' on ${store.id} to the signed-in identity.`,
      );
    throw dataPlaneError(error, store);
  }
}

/** "(used the 'Primary Read Only' access key: …)" for a text, or nothing when Entra ID was used. */
export const authText = (auth: AuthUsed): string => (auth.note ? `\nNote: ${auth.note}` : '');

/** True for a RestError with this status; for `run` functions handling what they expect. */
export const hasStatus = (error: unknown, status: number): boolean => isAzureError(error, status);
