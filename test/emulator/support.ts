// Shared fixtures for the emulator tests (no side effects on import; not a test file itself).
import { execFile } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { EmulatedAzure, ROLE_IDS, SEED, removeRoleAssignment } from '../../src/emulator/index.js';

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
  const reply = await emulatorRequest(
    azure,
    'POST',
    `https://login.microsoftonline.com/${SEED.tenantId}/oauth2/v2.0/token`,
    { 'content-type': 'application/x-www-form-urlencoded' },
    form.toString(),
  );
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
    if (/^(AZURE_|IDENTITY_|MSI_|IMDS_|AZ_STANDIN_|NODE_OPTIONS$|NODE_EXTRA_CA_CERTS$|NODE_TEST_CONTEXT$|HTTPS?_PROXY$)/i.test(name))
      continue;
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

/** Any request with a bearer token (ARM, Graph or a data plane): `url` is absolute. */
export function bearerRequest(
  azure: EmulatedAzure,
  method: string,
  url: string,
  token: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const all = {
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(text !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
    ...headers,
  };
  return azure.handle({ method, url, headers: all, body: text }).then((response) => ({
    status: response.status,
    headers: response.headers,
    text: response.body,
    json: (response.body ? JSON.parse(response.body) : {}) as Record<string, unknown>,
  }));
}

/** A user token for the seeded CLI user (what AzureCliCredential gets), for any resource. */
export async function cliUserToken(azure: EmulatedAzure, resource = 'https://management.core.windows.net/'): Promise<string> {
  const reply = await emulatorRequest(azure, 'GET', `https://127.0.0.1/__emulator/az/token?resource=${encodeURIComponent(resource)}`);
  if (reply.status !== 200) throw new Error(`az token request failed: ${JSON.stringify(reply.json)}`);
  return reply.json['accessToken'] as string;
}

/** A managed-identity token (IMDS) for any resource. */
export async function managedIdentityToken(azure: EmulatedAzure, resource: string): Promise<string> {
  const reply = await emulatorRequest(
    azure,
    'GET',
    `http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=${encodeURIComponent(resource)}`,
    { metadata: 'true' },
  );
  if (reply.status !== 200) throw new Error(`IMDS token request failed: ${JSON.stringify(reply.json)}`);
  return reply.json['access_token'] as string;
}

/**
 * Headers @azure/app-configuration's access-key policy adds, computed independently of the emulator:
 * HMAC-SHA256 over "VERB\npath?query\nx-ms-date;host;x-ms-content-sha256" with the base64-decoded secret.
 */
export function appConfigHmacHeaders(
  method: string,
  url: string,
  body: string,
  credential: string,
  secret: string,
  date = new Date(),
): Record<string, string> {
  const parsed = new URL(url);
  const contentHash = createHash('sha256').update(body).digest('base64');
  const utcNow = date.toUTCString();
  const stringToSign = `${method}\n${parsed.pathname}${parsed.search}\n${utcNow};${parsed.host};${contentHash}`;
  const signature = createHmac('sha256', Buffer.from(secret, 'base64')).update(stringToSign).digest('base64');
  return {
    'x-ms-date': utcNow,
    'x-ms-content-sha256': contentHash,
    authorization: `HMAC-SHA256 Credential=${credential}&SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
  };
}

/** Microsoft's x-ms-examples, checked in under test/fixtures/azure-rest-examples/. */
export { REST_EXAMPLES_DIR } from '../helpers/repo-root.js';

/** Same keys at every level and same value types as Microsoft's example (`tags` values are data). */
export function assertSameShape(ours: unknown, theirs: unknown, where = '$'): void {
  const fail = (message: string): never => {
    throw new Error(`${where}: ${message}`);
  };
  if (Array.isArray(theirs)) {
    if (!Array.isArray(ours)) fail('expected an array');
    const [template] = theirs;
    if (template !== undefined) (ours as unknown[]).forEach((item, index) => assertSameShape(item, template, `${where}[${index}]`));
    return;
  }
  if (theirs !== null && typeof theirs === 'object') {
    if (ours === null || typeof ours !== 'object' || Array.isArray(ours)) fail('expected an object');
    if (where.split('.').at(-1) === 'tags') return;
    const keys = (value: object): string => Object.keys(value).sort().join(',');
    if (keys(ours as object) !== keys(theirs)) fail(`key sets differ: ours [${keys(ours as object)}] theirs [${keys(theirs)}]`);
    for (const key of Object.keys(theirs))
      assertSameShape((ours as Record<string, unknown>)[key], (theirs as Record<string, unknown>)[key], `${where}.${key}`);
    return;
  }
  if (theirs === null) return;
  if (typeof ours !== typeof theirs) fail(`value type differs: ${typeof ours} vs ${typeof theirs}`);
}

/**
 * The demo makes the seeded service principal User Access Administrator too (so the sandbox's RBAC tools
 * work); tests about a plain Contributor take that away again.
 */
export function onlyContributor(azure: EmulatedAzure): void {
  for (const [name, assignment] of azure.state.authorization.roleAssignments) {
    if (
      assignment.principalId.toLowerCase() === SEED.servicePrincipal.objectId.toLowerCase() &&
      assignment.roleDefinitionId.toLowerCase().endsWith(ROLE_IDS.userAccessAdministrator)
    ) {
      removeRoleAssignment(azure.state, name);
    }
  }
}
