import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { GUID_PATTERN } from './util/guid.js';
import { loadSafetyConfig, type SafetyConfig, type SafetySwitches } from './config-safety.js';
import { boolean, ConfigError, number } from './config-values.js';
import { loadLocalConfig, type LocalConfig } from './config-local.js';
import { loadHttpConfig, type HttpConfig, type TransportSwitches } from './config-http.js';

export { ConfigError };

export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

export interface Cloud {
  /** `az cloud` style name: AzureCloud, AzureChinaCloud, AzureUSGovernment, or Custom. */
  name: string;
  authorityHost: string;
  resourceManager: string;
  /** Token scope for Azure Resource Manager. */
  resourceManagerScope: string;
  microsoftGraph: string;
  keyVaultResource: string;
  storageResource: string;
  /** Instance discovery only works against Microsoft's own authorities. */
  disableInstanceDiscovery: boolean;
}

const KNOWN_CLOUDS: Record<string, Omit<Cloud, 'resourceManagerScope' | 'disableInstanceDiscovery'>> = {
  AzureCloud: {
    name: 'AzureCloud',
    authorityHost: 'https://login.microsoftonline.com',
    resourceManager: 'https://management.azure.com',
    microsoftGraph: 'https://graph.microsoft.com',
    keyVaultResource: 'https://vault.azure.net',
    storageResource: 'https://storage.azure.com',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    authorityHost: 'https://login.chinacloudapi.cn',
    resourceManager: 'https://management.chinacloudapi.cn',
    microsoftGraph: 'https://microsoftgraph.chinacloudapi.cn',
    keyVaultResource: 'https://vault.azure.cn',
    storageResource: 'https://storage.azure.com',
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    authorityHost: 'https://login.microsoftonline.us',
    resourceManager: 'https://management.usgovcloudapi.net',
    microsoftGraph: 'https://graph.microsoft.us',
    keyVaultResource: 'https://vault.usgovcloudapi.net',
    storageResource: 'https://storage.azure.com',
  },
};
const MICROSOFT_AUTHORITIES = new Set(Object.values(KNOWN_CLOUDS).map((c) => c.authorityHost));

export type ServicePrincipalState = 'complete' | 'partial' | 'none';

export interface Config {
  subscriptionId?: string;
  /** Where AZURE_SUBSCRIPTION_ID came from, for auth_status. */
  subscriptionSource?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  servicePrincipal: ServicePrincipalState;
  defaultLocation: string;
  logLevel: LogLevel;
  debug: boolean;
  apiTimeoutMs: number;
  retryAttempts: number;
  retryDelayMs: number;
  /** How long a tool waits on an Azure long-running operation before answering "still running". */
  operationTimeoutMs: number;
  cloud: Cloud;
  /** The .env file that was read, if any. */
  envFile?: string;
  /**
   * What a file the user named (--env-file, AZOPS_ENV_FILE) set: applied to process.env where unset, as dotenv
   * does, so the Azure SDK sees a proxy or managed-identity setting there. Empty for a working-directory .env,
   * whose few accepted values are read from the configuration only and never reach child processes such as az.
   */
  envFileVariables: Record<string, string>;
  /** Problems worth telling the user that do not stop the server (e.g. a partial service principal). */
  findings: string[];
  /** Running against the in-process emulated Azure (--sandbox): nothing real is read or changed. */
  sandbox: boolean;
  safety: SafetyConfig;
  /** The local toolset: the Docker engine (DOCKER_HOST, DOCKER_TIMEOUT) and the host's /proc and systemctl. */
  local: LocalConfig;
  /** stdio or Streamable HTTP, and the HTTP listener's address, authentication and limits. */
  http: HttpConfig;
}

const SP_VARIABLES = ['AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID'] as const;

/** `named` says how the file was asked for (`--env-file PATH`, `AZOPS_ENV_FILE=PATH`); absent for ./.env, which may be missing. */
function readEnvFile(path: string, named: string | undefined): Record<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (!named && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`${named ?? path}: cannot read it (${(error as Error).message})`);
  }
  // An editor's byte-order mark would otherwise hide the first line's name (and a read-only switch with it).
  text = text.replace(/^\uFEFF/, '');
  checkEnvLines(text, named ?? path);
  return parseEnv(text) as Record<string, string>;
}

/** Node's parser skips a line it cannot read; a skipped line can be a safety switch, so it is an error here. */
function checkEnvLines(text: string, file: string): void {
  let openQuote: string | undefined;
  text.split(/\r?\n/).forEach((line, index) => {
    if (openQuote) {
      if (line.includes(openQuote)) openQuote = undefined;
      return;
    }
    if (/^\s*(#.*)?$/.test(line)) return;
    const assignment = /^\s*(export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=\s*(.*)$/.exec(line);
    // The value is never shown: it may be a secret.
    if (!assignment) throw new ConfigError(`${file}: line ${index + 1} is not NAME=value (nothing was loaded)`);
    const value = assignment[2]!;
    const quote = /^["'`]/.exec(value)?.[0];
    if (quote && !value.slice(1).includes(quote)) openQuote = quote;
  });
  if (openQuote) throw new ConfigError(`${file}: a quoted value is never closed (nothing was loaded)`);
}

/**
 * What a .env found in the working directory may set: the identity and the subscription, its documented use. A
 * repository the client happens to open must not be able to move the authority or the endpoints, switch off
 * consent or read-only mode, or redirect the audit log; those come from the real environment or a file the
 * user names (--env-file, AZOPS_ENV_FILE).
 */
const WORKING_DIRECTORY_ENV = new Set(['AZURE_SUBSCRIPTION_ID', 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET']);

function httpsUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a URL (expected https://host[:port])`);
  }
  if (url.protocol !== 'https:') throw new ConfigError(`${name} must be an https:// URL (Azure SDK bearer tokens require TLS)`);
  return url.href.replace(/\/+$/, '');
}

const LOG_LEVELS: Record<string, LogLevel> = {
  debug: 'debug',
  info: 'info',
  warning: 'warning',
  warn: 'warning',
  error: 'error',
  critical: 'error',
};

function resolveCloud(env: Record<string, string | undefined>): Cloud {
  const cloudName = env.AZURE_CLOUD?.trim() || 'AzureCloud';
  const known = Object.values(KNOWN_CLOUDS).find((c) => c.name.toLowerCase() === cloudName.toLowerCase());
  if (!known) {
    throw new ConfigError(
      `AZURE_CLOUD is not a known cloud: use one of ${Object.keys(KNOWN_CLOUDS).join(', ')}, or set the custom endpoints (AZURE_AUTHORITY_HOST, AZURE_RESOURCE_MANAGER_ENDPOINT, AZURE_GRAPH_ENDPOINT)`,
    );
  }
  const authorityHost = env.AZURE_AUTHORITY_HOST ? httpsUrl('AZURE_AUTHORITY_HOST', env.AZURE_AUTHORITY_HOST) : known.authorityHost;
  const resourceManager = env.AZURE_RESOURCE_MANAGER_ENDPOINT
    ? httpsUrl('AZURE_RESOURCE_MANAGER_ENDPOINT', env.AZURE_RESOURCE_MANAGER_ENDPOINT)
    : known.resourceManager;
  const microsoftGraph = env.AZURE_GRAPH_ENDPOINT ? httpsUrl('AZURE_GRAPH_ENDPOINT', env.AZURE_GRAPH_ENDPOINT) : known.microsoftGraph;
  const audience = env.AZURE_RESOURCE_MANAGER_AUDIENCE
    ? httpsUrl('AZURE_RESOURCE_MANAGER_AUDIENCE', env.AZURE_RESOURCE_MANAGER_AUDIENCE)
    : resourceManager;
  const custom =
    resourceManager !== known.resourceManager || authorityHost !== known.authorityHost || microsoftGraph !== known.microsoftGraph;
  return {
    ...known,
    name: custom ? 'Custom' : known.name,
    authorityHost,
    resourceManager,
    microsoftGraph,
    resourceManagerScope: `${audience}/.default`,
    disableInstanceDiscovery: !MICROSOFT_AUTHORITIES.has(authorityHost),
  };
}

/**
 * Builds the configuration from the process environment plus a .env file: the one given with --env-file,
 * else the one AZOPS_ENV_FILE names (Node 20 itself takes `--env-file` given after the script, so the
 * variable is the dependable way there), else the current directory's. A named file must exist. A variable
 * already in the environment wins over the file, as with python-dotenv.
 */
export function loadConfig(
  options: { envFile?: string; switches?: SafetySwitches; transport?: TransportSwitches } = {},
  processEnv: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): Config {
  const fromVariable = processEnv.AZOPS_ENV_FILE?.trim() || undefined;
  const envFile = options.envFile ?? fromVariable;
  const named =
    options.envFile !== undefined
      ? `--env-file ${options.envFile}`
      : fromVariable !== undefined
        ? `AZOPS_ENV_FILE=${fromVariable}`
        : undefined;
  const envPath = resolve(cwd, envFile ?? '.env');
  const readVars = readEnvFile(envPath, named);
  const refused =
    named || !readVars
      ? []
      : Object.keys(readVars)
          .filter((name) => !WORKING_DIRECTORY_ENV.has(name))
          .sort();
  const fileVars = readVars && Object.fromEntries(Object.entries(readVars).filter(([name]) => !refused.includes(name)));
  const env: Record<string, string | undefined> = { ...fileVars, ...processEnv };
  const fromFile = (name: string) => fileVars?.[name] !== undefined && processEnv[name] === undefined;
  const text = (name: string) => env[name]?.trim() || undefined;

  const findings: string[] = [];
  if (refused.length) {
    findings.push(
      `${envPath} sets ${refused.join(', ')}, which a .env in the working directory may not (only ${[...WORKING_DIRECTORY_ENV].join(', ')}); they were ignored. Set them in the environment, or name the file with --env-file or AZOPS_ENV_FILE.`,
    );
  }
  const subscriptionId = text('AZURE_SUBSCRIPTION_ID');
  if (subscriptionId && !GUID_PATTERN.test(subscriptionId)) {
    throw new ConfigError('AZURE_SUBSCRIPTION_ID is not a subscription id (expected a GUID)');
  }
  const tenantId = text('AZURE_TENANT_ID');
  const clientId = text('AZURE_CLIENT_ID');
  const clientSecret = env.AZURE_CLIENT_SECRET || undefined;
  const spSet = SP_VARIABLES.filter((name) => (name === 'AZURE_CLIENT_SECRET' ? clientSecret : text(name)));
  const servicePrincipal: ServicePrincipalState = spSet.length === 3 ? 'complete' : spSet.length === 0 ? 'none' : 'partial';
  if (servicePrincipal === 'partial') {
    const missing = SP_VARIABLES.filter((name) => !spSet.includes(name));
    findings.push(
      `Partial service principal: ${spSet.join(' and ')} ${spSet.length === 1 ? 'is' : 'are'} set but ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not, so the service principal is NOT used; falling back to Azure CLI, then managed identity. Set all three of ${SP_VARIABLES.join(', ')} to use it.`,
    );
  }

  const debug = boolean('DEBUG', text('DEBUG'));
  const levelText = text('LOG_LEVEL') ?? 'INFO';
  const logLevel = LOG_LEVELS[levelText.toLowerCase()];
  if (!logLevel) throw new ConfigError('LOG_LEVEL is invalid: use DEBUG, INFO, WARNING or ERROR');

  const http = loadHttpConfig(text, options.transport ?? {}, tenantId);
  const defaultLocation = text('AZURE_DEFAULT_LOCATION') ?? 'eastus';
  if (!/^[a-z0-9]+$/i.test(defaultLocation)) {
    throw new ConfigError('AZURE_DEFAULT_LOCATION is not a region name (e.g. eastus, westeurope)');
  }

  return {
    subscriptionId,
    subscriptionSource: subscriptionId ? (fromFile('AZURE_SUBSCRIPTION_ID') ? `.env file (${envPath})` : 'environment') : undefined,
    tenantId,
    clientId,
    clientSecret,
    servicePrincipal,
    defaultLocation: defaultLocation.toLowerCase(),
    logLevel: debug ? 'debug' : logLevel,
    debug,
    apiTimeoutMs: number('API_TIMEOUT', text('API_TIMEOUT'), 30, { min: 1 }) * 1000,
    retryAttempts: number('API_RETRY_ATTEMPTS', text('API_RETRY_ATTEMPTS'), 3, { integer: true }),
    retryDelayMs: number('API_RETRY_DELAY', text('API_RETRY_DELAY'), 1) * 1000,
    operationTimeoutMs: number('OPERATION_TIMEOUT', text('OPERATION_TIMEOUT'), 900, { min: 1 }) * 1000,
    cloud: resolveCloud(env),
    envFile: fileVars ? envPath : undefined,
    envFileVariables: named ? (fileVars ?? {}) : {},
    findings,
    sandbox: false,
    // Over HTTP the toolsets that act on this machine are off unless named.
    safety: loadSafetyConfig(text, (name) => (fromFile(name) ? '.env' : 'environment'), { ...options.switches, transport: http.transport }),
    local: loadLocalConfig(text),
    http,
  };
}
