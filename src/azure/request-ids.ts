import { AsyncLocalStorage } from 'node:async_hooks';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/** Request ids Azure returned during the current tool call (collected by a pipeline policy), for the audit log. */
const callRequests = new AsyncLocalStorage<string[]>();

export function withRequestIdCapture<T>(run: () => Promise<T>): { requestIds: string[]; result: Promise<T> } {
  const requestIds: string[] = [];
  return { requestIds, result: callRequests.run(requestIds, run) };
}

export const requestIdPolicy: PipelinePolicy = {
  name: 'azopsRequestIdCapture',
  async sendRequest(request, next) {
    const response = await next(request);
    const id = response.headers.get('x-ms-request-id') ?? response.headers.get('request-id');
    if (id) callRequests.getStore()?.push(id);
    return response;
  },
};
