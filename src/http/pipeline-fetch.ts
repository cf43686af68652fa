// jose fetches the tenant's signing keys through this: the Azure SDK's HTTP pipeline (its proxy settings, retries and
// TLS trust, like every other request to Entra), or the sandbox's in-process client.
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
} from '@azure/core-rest-pipeline';
import type { FetchImplementation } from 'jose';

/** The keys could not be fetched (network, Entra unavailable): the server's problem, not the caller's token. */
export class KeyFetchError extends Error {
  override name = 'KeyFetchError';
}

export function fetchThroughPipeline(httpClient: HttpClient | undefined): FetchImplementation {
  const client = httpClient ?? createDefaultHttpClient();
  const pipeline = createPipelineFromOptions({ retryOptions: { maxRetries: 2 } });
  return async (url, options) => {
    const headers: Record<string, string> = {};
    options.headers.forEach((value, name) => (headers[name] = value));
    let response;
    try {
      response = await pipeline.sendRequest(
        client,
        createPipelineRequest({ url, method: 'GET', abortSignal: options.signal, headers: createHttpHeaders(headers) }),
      );
    } catch (error) {
      throw new KeyFetchError(`GET ${url}: ${(error as Error).message}`);
    }
    if (response.status !== 200) throw new KeyFetchError(`GET ${url}: HTTP ${response.status}`);
    const responseHeaders = new Headers();
    for (const [name, value] of response.headers) responseHeaders.set(name, value);
    return new Response(response.bodyAsText ?? '', { status: response.status, headers: responseHeaders });
  };
}
