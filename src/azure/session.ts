import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient, PipelinePolicy } from '@azure/core-rest-pipeline';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { AzopsCredential } from './credentials.js';
import { errorBodyPolicy } from './errors.js';
import { attemptPolicy, callSignalPolicy, maxRetryWaitMs, pagingGuardPolicy, requestIdPolicy } from './call-scope.js';
import { rejectedTokenPolicy, requestTimeoutPolicy, retryAfterCapPolicy } from './policies.js';

export interface ActiveSubscription {
  id: string;
  /** Where it came from: set in chat, the environment, or the .env file. */
  source: string;
}

/** Options every Azure SDK client gets, for both the older and the newer generated clients. */
export interface ArmClientOptions {
  endpoint: string;
  /** Newer generated clients (arm-resources 8, arm-resources-subscriptions 3). */
  credentials: { scopes: string[] };
  /** Older generated clients. */
  credentialScopes: string[];
  retryOptions: { maxRetries: number; retryDelayInMs: number; maxRetryDelayInMs: number };
  httpClient?: HttpClient;
  additionalPolicies: { policy: PipelinePolicy; position: 'perCall' | 'perRetry' }[];
  abortSignal?: AbortSignal;
}

/** The service a client talks to: its endpoint and the token scope its requests carry. */
export interface ServiceTarget {
  endpoint: string;
  scope: string;
}

export interface SessionOptions {
  /** Answers every Azure request in process (the sandbox); when absent the SDK uses the network. */
  httpClient?: HttpClient;
}

/**
 * The state one server process keeps about Azure: the active subscription, the credential and the SDK
 * clients, which are created on first use and dropped whenever the subscription or identity changes.
 */
export class AzureSession {
  private subscriptionOverride?: string;
  private credentialInstance?: AzopsCredential;
  /** Set on a fork: the session whose credential (and token cache) this one uses. */
  private credentialOwner?: AzureSession;
  private readonly clients = new Map<string, Promise<unknown>>();

  constructor(
    readonly config: Config,
    private readonly logger: Logger,
    private readonly options: SessionOptions = {},
  ) {}

  get subscription(): ActiveSubscription | undefined {
    if (this.subscriptionOverride) return { id: this.subscriptionOverride, source: 'set in chat (set_subscription)' };
    if (this.config.subscriptionId) return { id: this.config.subscriptionId, source: this.config.subscriptionSource ?? 'environment' };
    return undefined;
  }

  get credential(): AzopsCredential {
    if (this.credentialOwner) return this.credentialOwner.credential;
    this.credentialInstance ??= new AzopsCredential(this.config, this.logger, this.options.httpClient);
    return this.credentialInstance;
  }

  /** Session only: a restart reverts to AZURE_SUBSCRIPTION_ID. Clients bound to the old one are dropped. */
  setSubscription(id: string): void {
    this.subscriptionOverride = id;
    this.dropClients();
  }

  /** Drops the cached clients (only those whose key starts with `prefix`, when given); returns how many. */
  dropClients(prefix?: string): number {
    const keys = [...this.clients.keys()].filter((key) => prefix === undefined || key.startsWith(prefix));
    for (const key of keys) this.clients.delete(key);
    return keys.length;
  }

  /** Drops one cached client (aad_reset_client); the next use creates it again. */
  dropClient(key: string): boolean {
    return this.clients.delete(key);
  }

  /**
   * Like `az account clear`: forget the override, the credential with its token cache, and every client; says what
   * was dropped. A fork (one HTTP caller) drops only its own state: the credential is the server's, shared by
   * every caller, and one caller must not reset it for the others.
   */
  clear(): string[] {
    this.subscriptionOverride = undefined;
    this.dropClients();
    if (this.credentialOwner) return ['subscription override', 'Azure SDK clients'];
    this.credentialInstance = undefined;
    return ['subscription override', 'credential and token cache', 'Azure SDK clients'];
  }

  /**
   * A session of its own for one caller of a shared server (an HTTP session): its own active subscription
   * (starting from this one's) and SDK clients, with this session's credential and token cache, so every caller
   * acts with the server's one identity and signs in once.
   */
  fork(): AzureSession {
    const child = new AzureSession(this.config, this.logger, this.options);
    child.credentialOwner = this.credentialOwner ?? this;
    child.subscriptionOverride = this.subscriptionOverride;
    return child;
  }

  /**
   * A cached SDK client; `create` runs once per key until the clients are dropped. `target` is Azure Resource
   * Manager unless given (Microsoft Graph): the pipeline options and policies are the same for every service.
   */
  client<T>(
    key: string,
    create: (credential: TokenCredential, options: ArmClientOptions) => Promise<T> | T,
    target?: ServiceTarget,
  ): Promise<T> {
    let client = this.clients.get(key) as Promise<T> | undefined;
    if (!client) {
      client = Promise.resolve(create(this.credential, this.armClientOptions(target)));
      client.catch(() => this.clients.delete(key));
      this.clients.set(key, client);
    }
    return client;
  }

  /** The longest single wait between retries, whatever Azure's Retry-After says: API_TIMEOUT, at most 10 s. */
  get maxRetryWaitMs(): number {
    return maxRetryWaitMs(this.config);
  }

  /** Azure Resource Manager of the configured cloud. */
  get armTarget(): ServiceTarget {
    const { cloud } = this.config;
    return { endpoint: cloud.resourceManager, scope: cloud.resourceManagerScope };
  }

  armClientOptions(target: ServiceTarget = this.armTarget): ArmClientOptions {
    const { apiTimeoutMs, retryAttempts, retryDelayMs } = this.config;
    return {
      endpoint: target.endpoint,
      credentials: { scopes: [target.scope] },
      credentialScopes: [target.scope],
      retryOptions: { maxRetries: retryAttempts, retryDelayInMs: retryDelayMs, maxRetryDelayInMs: this.maxRetryWaitMs },
      httpClient: this.options.httpClient,
      additionalPolicies: [
        { policy: requestTimeoutPolicy(apiTimeoutMs), position: 'perRetry' },
        { policy: attemptPolicy, position: 'perRetry' },
        { policy: retryAfterCapPolicy(this.maxRetryWaitMs), position: 'perRetry' },
        {
          policy: rejectedTokenPolicy({
            refresh: async () => {
              this.credential.forget(target.scope);
              return (await this.credential.getToken(target.scope)).token;
            },
            // The clients' own token caches still hold the rejected token: later calls get new clients.
            rejected: () => this.dropClients(),
          }),
          position: 'perRetry',
        },
        // First of the per-call policies: the call's cancel and deadline reach the retry policy's waits too.
        { policy: callSignalPolicy, position: 'perCall' },
        { policy: requestIdPolicy, position: 'perCall' },
        { policy: pagingGuardPolicy, position: 'perCall' },
        { policy: errorBodyPolicy, position: 'perCall' },
      ],
    };
  }
}
