// Shared fixtures for the emulator tests (no side effects on import; not a test file itself).
import { execFile } from 'node:child_process';
import { EmulatedAzure, SEED } from '../../src/emulator/index.js';

/** Preload for child processes: refuses any non-loopback connection. */
export const LOOPBACK_GUARD_URL = new URL('../helpers/loopback-guard.js', import.meta.url).href;
/** Children import the SDK by absolute URL, so their working directory does not matter. */
export const IDENTITY_MODULE_URL = import.meta.resolve('@azure/identity');

export async function emulatorRequest(
  azure: EmulatedAzure,
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; headers: Record<string, string>; json: Record<string, unknown> }> {
  const response = await azure.handle({ method, url, headers, body });
  return { status: response.status, headers: response.headers, json: JSON.parse(response.body) as Record<string, unknown> };
}

/** A valid service-principal ARM token, obtained the way MSAL gets one. */
export async function servicePrincipalToken(azure: EmulatedAzure, scope = 'https://management.azure.com/.default'): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: SEED.servicePrincipal.clientId,
    client_secret: SEED.servicePrincipal.clientSecret,
    scope,
  });
  const reply = await emulatorRequest(azure, 'POST', `https://login.microsoftonline.com/${SEED.tenantId}/oauth2/v2.0/token`, { 'content-type': 'application/x-www-form-urlencoded' }, form.toString());
  if (reply.status !== 200) throw new Error(`token request failed: ${JSON.stringify(reply.json)}`);
  return reply.json['access_token'] as string;
}

export function armGet(azure: EmulatedAzure, pathAndQuery: string, token?: string) {
  return emulatorRequest(azure, 'GET', `https://management.azure.com${pathAndQuery}`, token ? { authorization: `Bearer ${token}` } : {});
}

/**
 * The parent's environment minus anything that would steer a credential somewhere real, plus the
 * loopback guard preloaded and the given variables.
 */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(AZURE_|IDENTITY_|MSI_|IMDS_|AZ_STANDIN_|NODE_OPTIONS$|NODE_EXTRA_CA_CERTS$|NODE_TEST_CONTEXT$|HTTPS?_PROXY$)/i.test(name)) continue;
    env[name] = value;
  }
  return { ...env, NODE_OPTIONS: `--import ${LOOPBACK_GUARD_URL}`, ...extra };
}

export interface ChildResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<ChildResult> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs an ES module snippet in a fresh `node` (msal-node picks a managed-identity source once per process). */
export function runNodeModule(source: string, env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<ChildResult> {
  return run(process.execPath, ['--input-type=module', '--eval', source], env, timeoutMs);
}
