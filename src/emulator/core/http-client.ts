// An HttpClient for the Azure SDK that answers from an EmulatedAzure in process: no socket, no TLS,
// and the request URL keeps its real host (login.microsoftonline.com, management.azure.com, ...).
import { Readable } from 'node:stream';
import {
  createHttpHeaders,
  RestError,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
  type RequestBodyType,
} from '@azure/core-rest-pipeline';
import { ConnectionDropped, sleep } from './faults.js';
import type { EmulatorHandler, EmulatorResponse } from './types.js';

export function createEmulatorHttpClient(azure: EmulatorHandler): HttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      throwIfAborted(request.abortSignal);
      const headers: Record<string, string> = {};
      for (const [name, value] of request.headers) headers[name] = value;
      // Like the SDK's node client: `timeout` covers the whole exchange, body included, and ends in an abort.
      const gaveUp = new AbortController();
      const giveUp = () => gaveUp.abort();
      request.abortSignal?.addEventListener('abort', giveUp);
      const timer = request.timeout > 0 ? setTimeout(giveUp, request.timeout) : undefined;
      try {
        const response = await azure
          .handle({ method: request.method, url: request.url, headers, body: await bodyText(request.body), signal: gaveUp.signal })
          .catch((error: unknown) => {
            // What the SDK's node client throws for a reset socket, so its retry policy treats both alike.
            if (error instanceof ConnectionDropped) throw new RestError('socket hang up', { code: 'ECONNRESET', request });
            throw error;
          });
        // A slow body: in process, the answer as a whole is late (the SDK reads it whole anyway).
        if (response.bodyDelayMs) await sleep(response.bodyDelayMs, gaveUp.signal);
        // As from a socket, the answer comes in a later turn of the event loop: timers (a deadline, a timeout) can
        // fire between two requests, even in a list of a thousand pages.
        await new Promise((resolve) => setImmediate(resolve));
        throwIfAborted(gaveUp.signal);
        return toPipelineResponse(request, response);
      } finally {
        clearTimeout(timer);
        request.abortSignal?.removeEventListener('abort', giveUp);
      }
    },
  };
}

function toPipelineResponse(request: PipelineRequest, response: EmulatorResponse): PipelineResponse {
  const wantsStream =
    request.streamResponseStatusCodes?.has(Number.POSITIVE_INFINITY) || request.streamResponseStatusCodes?.has(response.status);
  const result: PipelineResponse = { request, status: response.status, headers: createHttpHeaders(response.headers) };
  // Mirror the node client: streamed statuses get a stream body instead of text.
  if (wantsStream) result.readableStreamBody = Readable.from([Buffer.from(response.body, 'utf8')]);
  else result.bodyAsText = response.body;
  return result;
}

function throwIfAborted(signal: { aborted: boolean } | undefined): void {
  if (signal?.aborted) {
    const error = new Error('The operation was aborted.');
    error.name = 'AbortError';
    throw error;
  }
}

async function bodyText(body: RequestBodyType | undefined): Promise<string | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body).toString('utf8');
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (typeof Blob !== 'undefined' && body instanceof Blob) return body.text();
  if (typeof FormData !== 'undefined' && body instanceof FormData) {
    throw new Error('emulator http client: multipart FormData bodies are not supported');
  }
  const stream = typeof body === 'function' ? body() : body;
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Uint8Array | string>)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
