import type { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import type { ContainerRegistryManagementClient as TasksClient } from 'arm-containerregistry-tasks';
import type { ContainerRegistryClient } from '@azure/container-registry';
import type { AzureSession } from './session.js';
import { requireSubscription, type Scoped } from './clients.js';

// Azure Container Registry's three clients, each imported on first use and cached by the session under a key that
// starts with ACR_CLIENT_PREFIX and names the subscription (or registry): set_subscription and account_clear drop
// them with every other client, and acr_reset_client drops just these.
//   - registries, credentials, usages, network rules, replications: @azure/arm-containerregistry (current major);
//   - tasks and runs (api-version 2019-06-01-preview, not in the current major): @azure/arm-containerregistry
//     10.1.0, installed under the npm alias `arm-containerregistry-tasks`;
//   - repositories and tags: @azure/container-registry on the registry's login server, with the session's credential
//     (the SDK exchanges the Entra token for an ACR token; the Entra audience is the cloud's ARM audience).

export const ACR_CLIENT_PREFIX = 'acr:';

export async function acrClient(session: AzureSession): Promise<Scoped<ContainerRegistryManagementClient>> {
  const subscriptionId = await requireSubscription(session);
  const client = await session.client(`${ACR_CLIENT_PREFIX}registries:${subscriptionId}`, async (credential, options) => {
    const { ContainerRegistryManagementClient } = await import('@azure/arm-containerregistry');
    return new ContainerRegistryManagementClient(credential, subscriptionId, options);
  });
  return { client, subscriptionId };
}

export async function acrTasksClient(session: AzureSession): Promise<Scoped<TasksClient>> {
  const subscriptionId = await requireSubscription(session);
  const client = await session.client(`${ACR_CLIENT_PREFIX}tasks:${subscriptionId}`, async (credential, options) => {
    const { ContainerRegistryManagementClient } = await import('arm-containerregistry-tasks');
    return new ContainerRegistryManagementClient(credential, subscriptionId, { ...options, $host: options.endpoint });
  });
  return { client, subscriptionId };
}

/** The Entra audience ACR's token exchange accepts: the cloud's Resource Manager audience (management.azure.com, …). */
export function registryAudience(resourceManagerScope: string): string {
  return resourceManagerScope.replace(/\/\.default$/, '').replace(/\/+$/, '');
}

// Only the policies that suit any Azure endpoint: the rejected-token retry refreshes an ARM token, which the
// registry's own token flow has no use for.
const DATA_PLANE_POLICIES = new Set([
  'azopsRequestTimeout',
  'azopsRetryAfterCap',
  'azopsRequestIdCapture',
  'azopsPagingGuard',
  'azopsErrorBody',
]);

/**
 * The data-plane client of one registry, by its login server as ARM reports it (`properties.loginServer`: the
 * suffix differs in sovereign clouds, so it is never guessed).
 */
export async function registryDataClient(session: AzureSession, loginServer: string): Promise<ContainerRegistryClient> {
  const subscriptionId = await requireSubscription(session);
  const host = loginServer.toLowerCase();
  return session.client(`${ACR_CLIENT_PREFIX}data:${subscriptionId}:${host}`, async (credential, options) => {
    const { ContainerRegistryClient } = await import('@azure/container-registry');
    return new ContainerRegistryClient(`https://${host}`, credential, {
      audience: registryAudience(options.credentials.scopes[0] ?? ''),
      retryOptions: options.retryOptions,
      ...(options.httpClient ? { httpClient: options.httpClient } : {}),
      additionalPolicies: options.additionalPolicies.filter((entry) => DATA_PLANE_POLICIES.has(entry.policy.name)),
    });
  });
}

/**
 * The last `maxBytes` of a blob behind a SAS link (an ACR task run's log, from runs.getLogSasUrl), through the Azure
 * SDK's own HTTP pipeline (retries, proxy, timeouts; the session's in-process client in the sandbox). The link
 * carries its own authorization, so no credential is sent; it is never logged or shown.
 */
export async function readBlobTail(
  session: AzureSession,
  sasUrl: string,
  maxBytes: number,
  signal: AbortSignal,
): Promise<{ text: string; totalBytes: number; truncated: boolean }> {
  const { createDefaultHttpClient, createPipelineFromOptions, createPipelineRequest, RestError } =
    await import('@azure/core-rest-pipeline');
  const options = session.armClientOptions();
  const pipeline = createPipelineFromOptions({ retryOptions: options.retryOptions });
  const httpClient = options.httpClient ?? createDefaultHttpClient();
  const send = async (method: 'HEAD' | 'GET', headers: Record<string, string> = {}) => {
    const request = createPipelineRequest({ url: sasUrl, method, abortSignal: signal, timeout: session.config.apiTimeoutMs });
    request.headers.set('x-ms-version', '2021-08-06');
    for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
    const response = await pipeline.sendRequest(httpClient, request);
    // The error names the status only: the request (and its URL, a secret) stays out of the message.
    if (response.status >= 400) throw new RestError(`The log store answered ${response.status}.`, { statusCode: response.status });
    return response;
  };
  const head = await send('HEAD');
  const totalBytes = Number(head.headers.get('content-length') ?? '0');
  if (!Number.isFinite(totalBytes) || totalBytes <= 0) return { text: '', totalBytes: 0, truncated: false };
  const start = Math.max(0, totalBytes - maxBytes);
  const body = await send('GET', { 'x-ms-range': `bytes=${start}-${totalBytes - 1}` });
  let text = body.bodyAsText ?? '';
  // A cut in the middle of a line (or a UTF-8 sequence) starts the tail at the next whole line.
  if (start > 0) text = text.slice(text.indexOf('\n') + 1);
  return { text, totalBytes, truncated: start > 0 };
}
