// Task run logs as ACR serves them: runs/{id}/listLogSasUrl answers a read-only SAS link to a blob in ACR's own
// storage account (https://{account}.blob.core.windows.net/{registry}/logs/{runId}/rawtext.log?sv=…&sig=…), and
// clients read the blob with Azure Storage's Blob API: HEAD for its length, GET with x-ms-range for a part.
// The signature is an HMAC of the blob path and expiry under a key of this emulator, so a link cannot be
// forged or reused after it expires; errors are Blob Storage's XML.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Router } from '../../core/router.js';
import type { EmulatorResponse, RouteContext } from '../../core/types.js';
import { newGuid } from '../../core/util.js';
import { onHost } from '../../core/data-plane-host.js';
import type { RegistryState } from './state.js';

/** The log text of a registry's run as it stands now ('' when there is none yet). */
export type RunLogLookup = (ctx: RouteContext, registryName: string, runId: string, now: number) => string;

export const RUN_LOG_ACCOUNT = 'acrtasklogs';
const SUFFIX = '.blob.core.windows.net';
const LINK_LIFETIME_MS = 60 * 60 * 1000;
const BLOB_VERSION = '2021-08-06';

function signature(state: { registries: RegistryState }, path: string, expiry: string): string {
  return createHmac('sha256', state.registries.logKey).update(`${path}\n${expiry}`).digest('base64');
}

/** The SAS link listLogSasUrl answers, valid for an hour. */
export function runLogLink(state: { registries: RegistryState }, registryName: string, runId: string, now = Date.now()): string {
  const path = `/${registryName.toLowerCase()}/logs/${runId}/rawtext.log`;
  const expiry = new Date(now + LINK_LIFETIME_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const query = new URLSearchParams({ sv: BLOB_VERSION, se: expiry, sr: 'b', sp: 'r', sig: signature(state, path, expiry) });
  return `https://${RUN_LOG_ACCOUNT}${SUFFIX}${path}?${query}`;
}

function blobError(status: number, code: string, message: string): EmulatorResponse {
  const requestId = newGuid();
  const body = `\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${requestId}\nTime:${new Date().toISOString()}</Message></Error>`;
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-ms-error-code': code, 'x-ms-request-id': requestId, 'x-ms-version': BLOB_VERSION },
    body,
  };
}

function authorized(ctx: RouteContext, path: string, now: number): EmulatorResponse | undefined {
  const query = ctx.url.searchParams;
  const expiry = query.get('se') ?? '';
  const given = Buffer.from(query.get('sig') ?? '', 'base64');
  const expected = Buffer.from(signature(ctx.state, path, expiry), 'base64');
  if (query.get('sp') !== 'r' || given.length !== expected.length || !timingSafeEqual(given, expected))
    return blobError(
      403,
      'AuthenticationFailed',
      'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
    );
  if (!(Date.parse(expiry) > now))
    return blobError(
      403,
      'AuthenticationFailed',
      `Signed expiry time [${new Date(Date.parse(expiry)).toUTCString()}] has to be after signed start time [${new Date(now).toUTCString()}]`,
    );
  return undefined;
}

function readLog(ctx: RouteContext, account: string, lookup: RunLogLookup): EmulatorResponse {
  const container = (ctx.params['container'] ?? '').toLowerCase();
  const runId = ctx.params['runId'] ?? '';
  const now = Date.now();
  if (account !== RUN_LOG_ACCOUNT) return blobError(404, 'ResourceNotFound', 'The specified resource does not exist.');
  const denied = authorized(ctx, `/${container}/logs/${runId}/rawtext.log`, now);
  if (denied) return denied;
  const text = lookup(ctx, container, runId, now);
  if (!text) return blobError(404, 'BlobNotFound', 'The specified blob does not exist.');
  const bytes = Buffer.from(text, 'utf8');
  const headers = {
    'content-type': 'text/plain; charset=utf-8',
    'x-ms-blob-type': 'AppendBlob',
    'x-ms-version': BLOB_VERSION,
    'x-ms-request-id': newGuid(),
    'accept-ranges': 'bytes',
  };
  if (ctx.method === 'HEAD') return { status: 200, headers: { ...headers, 'content-length': String(bytes.length) }, body: '' };
  const range = /^bytes=(\d+)-(\d*)$/.exec(ctx.headers['x-ms-range'] ?? ctx.headers['range'] ?? '');
  if (!range) return { status: 200, headers, body: text };
  const start = Number(range[1]);
  const end = Math.min(range[2] ? Number(range[2]) : bytes.length - 1, bytes.length - 1);
  if (start >= bytes.length || end < start)
    return blobError(416, 'InvalidRange', 'The range specified is invalid for the current size of the resource.');
  return {
    status: 206,
    headers: { ...headers, 'content-range': `bytes ${start}-${end}/${bytes.length}` },
    body: bytes.subarray(start, end + 1).toString('utf8'),
  };
}

export function registerRunLogRoutes(router: Router, lookup: RunLogLookup): void {
  const route = onHost(SUFFIX, (ctx, account) => readLog(ctx, account, lookup));
  router.add('GET', '/:container/logs/:runId/rawtext.log', route);
  router.add('HEAD', '/:container/logs/:runId/rawtext.log', route);
}
