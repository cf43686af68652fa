// Module customization hooks (node:module register): report every module URL loaded to the main thread.
import type { MessagePort } from 'node:worker_threads';

let port: MessagePort | undefined;

export function initialize(data: { port: MessagePort }): void {
  port = data.port;
}

export async function load(url: string, context: unknown, nextLoad: (url: string, context: unknown) => Promise<unknown>): Promise<unknown> {
  port?.postMessage(url);
  return nextLoad(url, context);
}
