import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { ConfigError, type Config } from './config.js';
import { GUID_PATTERN } from './util/guid.js';
import type { AzureSession } from './azure/session.js';
import type { EmulatorSnapshot } from './emulator/index.js';
import type { HostProbe } from './local/host.js';
import type { LocalConfig } from './config-local.js';

export interface SandboxOptions {
  /** --sandbox-state: the JSON file the estate is loaded from (created from the demo estate when missing) and saved to. */
  statePath?: string;
}

export interface Sandbox {
  httpClient: HttpClient;
  config: Config;
  /** The sandbox's machine for the local tools: a fixed host profile (its Docker engine is in config.local). */
  host: HostProbe;
  /**
   * Hooks the sandbox to the server's session: with a state file, the subscription an earlier run chose with
   * set_subscription becomes the session's again (it wins over AZURE_SUBSCRIPTION_ID, as within one session).
   */
  attach(session: AzureSession): void;
  /** Writes the state file (with --sandbox-state; otherwise does nothing). Call it once the work is done. */
  save(): void;
}

/** The --sandbox-state file: the emulator's snapshot plus the subscription chosen with set_subscription. */
interface StateFile {
  format: typeof STATE_FORMAT;
  version: 1;
  savedAt: string;
  /** Set by set_subscription in an earlier run; null when none was (or account_clear forgot it). */
  selectedSubscription: string | null;
  emulator: EmulatorSnapshot;
}

const STATE_FORMAT = 'azops-mcp-sandbox-state';
const START_AGAIN = 'it was left as it is: fix it, or delete it to start again from the demo estate';

/**
 * The in-process emulated Azure behind --sandbox: the real Azure SDK and credential classes run unchanged,
 * and every request they make is answered in this process by the emulator through the SDK's `httpClient`
 * option, so nothing reaches the network. Loaded only when asked for, to keep normal start-up lean.
 *
 * AZURE_SUBSCRIPTION_ID picks the starting subscription when it is one of the sandbox's (anything else is a
 * configuration error naming them). With a state file the estate carries over from run to run; an
 * operation still running when the state is saved is finished first, as if its time had come.
 */
export async function startSandbox(base: Config, options: SandboxOptions = {}): Promise<Sandbox> {
  const {
    EmulatedAzure,
    SEED,
    createEmulatorHttpClient,
    seedDemoEstate,
    DEMO,
    SnapshotError,
    startEmulatedDockerEngine,
    createHostProfile,
  } = await import('./emulator/index.js');
  // Operations take about a second, like a quick one in Azure; Retry-After makes the SDK poll at that pace.
  // A sandbox may serve for days (over HTTP): it keeps only the latest requests in the emulator's request log.
  const azure = new EmulatedAzure({ lroDurationMs: 1000, lroRetryAfterSeconds: 1, requestLogLimit: 1000 });
  const statePath = options.statePath === undefined ? undefined : resolve(options.statePath);
  const saved = statePath ? readStateFile(statePath) : undefined;
  if (saved) {
    try {
      azure.importState(saved.emulator);
    } catch (error) {
      if (!(error instanceof SnapshotError)) throw error;
      throw new ConfigError(`--sandbox-state ${statePath}: not a usable sandbox state (${error.message}); ${START_AGAIN}`);
    }
  } else {
    seedDemoEstate(azure);
  }

  const visible = azure.state.listReadableSubscriptions(SEED.servicePrincipal.objectId, SEED.tenantId);
  let subscriptionId: string = DEMO.devSubscriptionId;
  let subscriptionSource = 'sandbox default';
  if (base.subscriptionId) {
    const match = visible.find((s) => s.subscriptionId.toLowerCase() === base.subscriptionId!.toLowerCase());
    if (!match) {
      const names = visible.map((s) => `${s.subscriptionId} (${s.displayName}${s.state === 'Enabled' ? '' : `, ${s.state}`})`).join(', ');
      throw new ConfigError(
        `AZURE_SUBSCRIPTION_ID=${base.subscriptionId} (from ${base.subscriptionSource ?? 'the environment'}) is not a sandbox subscription. With --sandbox use one of ${names}, or unset it to start in ${DEMO.devSubscriptionId}.`,
      );
    }
    subscriptionId = match.subscriptionId;
    subscriptionSource = base.subscriptionSource ?? 'environment';
  }

  const config: Config = {
    ...base,
    sandbox: true,
    subscriptionId,
    subscriptionSource,
    tenantId: SEED.tenantId,
    clientId: SEED.servicePrincipal.clientId,
    clientSecret: SEED.servicePrincipal.clientSecret,
    servicePrincipal: 'complete',
    cloud: {
      name: 'Sandbox (emulated AzureCloud)',
      authorityHost: 'https://login.microsoftonline.com',
      resourceManager: 'https://management.azure.com',
      resourceManagerScope: 'https://management.azure.com/.default',
      microsoftGraph: 'https://graph.microsoft.com',
      keyVaultResource: 'https://vault.azure.net',
      storageResource: 'https://storage.azure.com',
      disableInstanceDiscovery: true,
    },
    // The real environment's Azure settings (other than a sandbox AZURE_SUBSCRIPTION_ID) do not apply to the sandbox.
    findings: [],
    local: await sandboxDockerEngine(base.local, startEmulatedDockerEngine),
  };

  const selected = saved?.selectedSubscription ?? undefined;
  if (selected && selected.toLowerCase() !== subscriptionId.toLowerCase() && base.subscriptionId) {
    config.findings.push(
      `AZURE_SUBSCRIPTION_ID=${base.subscriptionId} is overridden by subscription ${selected}, chosen with set_subscription in an earlier run and kept in ${statePath}; account_clear forgets that choice.`,
    );
  }
  let session: AzureSession | undefined;
  const write = () => {
    if (!statePath) return;
    // set_subscription's choice is what the session reports beyond what the configuration alone gives.
    const active = session?.subscription;
    const chosen = active && (active.id !== config.subscriptionId || active.source !== config.subscriptionSource) ? active.id : null;
    const file: StateFile = {
      format: STATE_FORMAT,
      version: 1,
      savedAt: new Date().toISOString(),
      selectedSubscription: session ? chosen : (selected ?? null),
      emulator: azure.exportState(),
    };
    writeAtomically(statePath, `${JSON.stringify(file, null, 1)}\n`);
  };
  // A missing state file starts from the demo estate and is created at once.
  if (statePath && !saved) write();

  return {
    httpClient: createEmulatorHttpClient(azure),
    config,
    host: createHostProfile(),
    attach(target) {
      session = target;
      if (selected) target.setSubscription(selected);
    },
    save: write,
  };
}

/**
 * The sandbox's Docker engine: the emulated one, on a socket (a named pipe on Windows) of its own, never the
 * machine's. It does not keep the process alive, and its socket goes with the process.
 */
async function sandboxDockerEngine(base: LocalConfig, start: (path: string) => Promise<{ unref(): void }>): Promise<LocalConfig> {
  let path: string;
  let display: string;
  if (process.platform === 'win32') {
    path = `\\\\.\\pipe\\azops-sandbox-docker-${process.pid}-${randomBytes(4).toString('hex')}`;
    display = `npipe://${path.replace(/\\/g, '/')}`;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'azops-sandbox-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    path = join(dir, 'docker.sock');
    display = `unix://${path}`;
  }
  (await start(path)).unref();
  return { ...base, docker: { kind: 'socket', path, display }, dockerHostSource: 'sandbox' };
}

/** The state file, or undefined when there is none yet; anything unreadable is a ConfigError and the file is not touched. */
function readStateFile(path: string): StateFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`--sandbox-state ${path}: cannot read it (${(error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`--sandbox-state ${path}: not valid JSON (${(error as Error).message}); ${START_AGAIN}`);
  }
  const file = parsed as Partial<StateFile> | null;
  if (typeof file !== 'object' || file === null || Array.isArray(file) || file.format !== STATE_FORMAT) {
    throw new ConfigError(`--sandbox-state ${path}: not an azops-mcp sandbox state file (no "format": "${STATE_FORMAT}"); ${START_AGAIN}`);
  }
  if (file.version !== 1)
    throw new ConfigError(
      `--sandbox-state ${path}: state file version ${JSON.stringify(file.version)} is not one this azops-mcp reads (1); ${START_AGAIN}`,
    );
  const selected = file.selectedSubscription;
  if (selected !== null && selected !== undefined && (typeof selected !== 'string' || !GUID_PATTERN.test(selected))) {
    throw new ConfigError(
      `--sandbox-state ${path}: selectedSubscription ${JSON.stringify(selected)} is not a subscription id; ${START_AGAIN}`,
    );
  }
  return file as StateFile;
}

/** Write a temporary file next to the target, flush it, then rename it over the target: readers see the old or the new file, never half of one. */
function writeAtomically(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new ConfigError(`--sandbox-state ${path}: cannot write it (${(error as Error).message})`);
  }
}
