import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { ManagedIdentityCredentialClientIdOptions } from '@azure/identity';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { CredentialError, firstLine } from './errors.js';
import { waitingFor } from './call-scope.js';
import { requestTimeoutPolicy } from './policies.js';

export type CredentialMethod = 'Service principal' | 'Azure CLI' | 'Managed identity';

/** Reuse a token until it is this close to expiry: `az` costs hundreds of milliseconds a spawn. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** The IMDS availability probe; a machine without IMDS must fail fast (the spec asks for < 1 s overall). */
const IMDS_PROBE_TIMEOUT_MS = 500;

interface Source {
  method: CredentialMethod;
  /** Who answers its token requests, for the error when they do not. */
  endpoint: string;
  credential: TokenCredential;
  fix: (reason: string) => string;
  probeOptions?: GetTokenOptions;
}

export interface IssuedToken {
  token: AccessToken;
  method: CredentialMethod;
}

/**
 * The credential every Azure client uses. It follows the specified priority (service principal only when
 * all three variables are set; otherwise Azure CLI, then managed identity), remembers which method issued
 * each token, and caches tokens per scope. @azure/identity is imported on first use to keep start-up fast.
 */
export class AzopsCredential implements TokenCredential {
  private sources?: Promise<Source[]>;
  private readonly cache = new Map<string, IssuedToken>();
  private readonly inflight = new Map<string, Promise<IssuedToken>>();
  /** The method that issued the most recent token. */
  lastMethod?: CredentialMethod;
  /** Who is being asked for a token right now, for a tool call that runs out of time waiting. */
  private asking?: string;

  constructor(
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly httpClient?: HttpClient,
  ) {}

  /** What will be tried, in order, without trying it. */
  get plan(): string {
    const { config } = this;
    if (config.servicePrincipal === 'complete') return `Service principal (client id ${config.clientId}, tenant ${config.tenantId}) only`;
    const mi = config.clientId ? `managed identity (user-assigned, client id ${config.clientId})` : 'managed identity';
    return `Azure CLI (az login), then ${mi}`;
  }

  /**
   * Drops the cached token for a scope (Azure rejected it), so the next request gets a fresh one. The credential
   * objects go too: MSAL keeps its own token cache inside each of them.
   */
  forget(scope: string): void {
    this.cache.delete(scope);
    this.sources = undefined;
  }

  /** The token already cached for `scope` and not about to expire; never asks for one. */
  cached(scope: string): IssuedToken | undefined {
    const cached = this.cache.get(scope);
    return cached && cached.token.expiresOnTimestamp - Date.now() > TOKEN_REFRESH_MARGIN_MS ? cached : undefined;
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return (await this.getTokenWithMethod(Array.isArray(scopes) ? scopes.join(' ') : scopes, options)).token;
  }

  async getTokenWithMethod(scope: string, options?: GetTokenOptions): Promise<IssuedToken> {
    const cached = this.cached(scope);
    if (cached && !options?.claims) return cached;
    let pending = this.inflight.get(scope);
    if (!pending) {
      pending = this.acquire(scope, options).finally(() => this.inflight.delete(scope));
      this.inflight.set(scope, pending);
    }
    return waitingFor(() => `a token from ${this.asking ?? 'the credential'}`, pending);
  }

  private async acquire(scope: string, options?: GetTokenOptions): Promise<IssuedToken> {
    const attempts: { method: string; reason: string; fix: string }[] = [];
    for (const source of await this.loadSources()) {
      this.asking = source.endpoint;
      try {
        const token = await withinTimeout(
          source.credential.getToken(scope, { ...options, ...source.probeOptions }),
          this.config.apiTimeoutMs,
          source.endpoint,
        );
        if (!token) throw new Error('the credential returned no token');
        const issued = { token, method: source.method };
        this.cache.set(scope, issued);
        this.lastMethod = source.method;
        this.logger.debug(`${source.method} issued a token for ${scope}, expires ${new Date(token.expiresOnTimestamp).toISOString()}`);
        return issued;
      } catch (error) {
        const reason = firstLine(error instanceof Error ? error.message : String(error));
        attempts.push({ method: source.method, reason, fix: source.fix(reason) });
        this.logger.debug(`${source.method} could not get a token: ${reason}`);
        // A configured service principal is the only identity: never fall back to another one.
        if (source.method === 'Service principal') {
          throw new CredentialError(
            `Service principal ${this.config.clientId} (tenant ${this.config.tenantId}) could not authenticate: ${reason} ${attempts[0]!.fix}`,
            attempts,
          );
        }
      }
    }
    const lines = attempts.map((a, i) => `${i + 1}. ${a.method}: ${a.reason} Fix: ${a.fix}`);
    throw new CredentialError(`No Azure credential worked. Tried, in order:\n${lines.join('\n')}`, attempts);
  }

  private loadSources(): Promise<Source[]> {
    this.sources ??= this.createSources();
    return this.sources;
  }

  private async createSources(): Promise<Source[]> {
    const identity = await import('@azure/identity');
    const { config, httpClient } = this;
    // The token request itself ends at API_TIMEOUT too, not only the wait for it (withinTimeout).
    const additionalPolicies = [{ policy: requestTimeoutPolicy(config.apiTimeoutMs), position: 'perRetry' as const }];
    const common = { authorityHost: config.cloud.authorityHost, httpClient, additionalPolicies };
    if (config.servicePrincipal === 'complete') {
      const credential = new identity.ClientSecretCredential(config.tenantId!, config.clientId!, config.clientSecret!, {
        ...common,
        disableInstanceDiscovery: config.cloud.disableInstanceDiscovery,
      });
      return [
        {
          method: 'Service principal',
          endpoint: `the token endpoint ${config.cloud.authorityHost}/${config.tenantId}`,
          credential,
          fix: () =>
            'Check AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET (secrets expire: az ad sp credential reset makes a new one), or unset all three to use Azure CLI.',
        },
      ];
    }
    // `sendProbeRequest` is the SDK's own fast IMDS check (DefaultAzureCredential uses it); it is typed internal.
    const miOptions = { ...common, sendProbeRequest: true, ...(config.clientId ? { clientId: config.clientId } : {}) };
    return [
      {
        method: 'Azure CLI',
        endpoint: 'az account get-access-token',
        credential: new identity.AzureCliCredential({ tenantId: config.tenantId, processTimeoutInMs: config.apiTimeoutMs }),
        fix: (reason) =>
          /not installed|not found|could not be found|ENOENT/i.test(reason)
            ? 'Install the Azure CLI (https://aka.ms/azure-cli) and run az login.'
            : 'Run az login (add --tenant <tenant id> if the subscription is in another tenant).',
      },
      {
        method: 'Managed identity',
        endpoint: 'the managed identity endpoint',
        credential: new identity.ManagedIdentityCredential(miOptions as ManagedIdentityCredentialClientIdOptions),
        probeOptions: { requestOptions: { timeout: IMDS_PROBE_TIMEOUT_MS } },
        fix: () =>
          'Managed identity exists only on Azure compute (VM, App Service, Functions, AKS) with an identity assigned; elsewhere use az login or a service principal (AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_TENANT_ID).',
      },
    ];
  }
}

/**
 * A token request that does not answer within API_TIMEOUT fails, naming who did not answer; callers that
 * shared its in-flight promise fail with it, and the next call starts a new request.
 */
function withinTimeout<T>(pending: Promise<T>, timeoutMs: number, endpoint: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${endpoint} did not answer within ${Math.round(timeoutMs / 1000)}s (API_TIMEOUT).`)),
      timeoutMs,
    );
  });
  return Promise.race([pending, timeout]).finally(() => clearTimeout(timer));
}
