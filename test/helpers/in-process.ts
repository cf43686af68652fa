// Tool tests run in process: the server factory, the in-process emulated Azure (answering the real SDK through its
// `httpClient` option) and an in-memory MCP transport with a real MCP client. No child process, no socket, no TLS;
// stdio stays for start-up, credentials, the command line, safety switches and leaks (see server-process.ts).
import { InMemoryTransport } from '@modelcontextprotocol/client';
import {
  createEmulatorHttpClient,
  createHostProfile,
  EmulatedAzure,
  EmulatedDockerEngine,
  SEED,
  seedDemoEstate,
  type EmulatorOptions,
} from '../../src/emulator/index.js';
import type { HostProbe } from '../../src/local/host.js';
import type { LocalConfig } from '../../src/config-local.js';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createAzopsServer } from '../../src/server.js';
import { runningServer, testClient, transcript, type RunningServer, type SpawnOptions } from './server-process.js';
import { tempDir } from './temp.js';
import { recordEmulator } from './leak-record.js';
import assert from 'node:assert/strict';
import type { HttpClient } from '@azure/core-rest-pipeline';

export interface ServerOptions extends Pick<SpawnOptions, 'onElicit'> {
  /** The machine the local tools read: the emulated host profile by default; null for this machine itself. */
  host?: HostProbe | null;
  /** Overrides of the local configuration (a fixture /proc, a stand-in systemctl). */
  local?: Partial<LocalConfig>;
}

export interface InProcessFixture {
  azure: EmulatedAzure;
  /** The emulated Docker engine every server's DOCKER_HOST points at (unless `env` names another). */
  docker: EmulatedDockerEngine;
  /** Its DOCKER_HOST value. */
  dockerHost: string;
  /** A server signed in as the seeded service principal; `env` adds or overrides configuration variables. */
  server(env?: Record<string, string>, options?: ServerOptions): Promise<RunningServer>;
  /** Fails when any tool result or log line so far holds the client secret or an issued token. */
  assertNoLeaks(): void;
  close(): Promise<void>;
}

export interface InProcessOptions extends EmulatorOptions {
  demo?: boolean;
  /** Stands between the SDK and the emulator, to answer what no emulator fault can (a malformed Azure). */
  wrapHttpClient?: (client: HttpClient) => HttpClient;
}

export async function startInProcessFixture(options: InProcessOptions = {}): Promise<InProcessFixture> {
  const { demo, wrapHttpClient, ...emulatorOptions } = options;
  const azure = new EmulatedAzure(emulatorOptions);
  if (demo) seedDemoEstate(azure);
  recordEmulator(azure);
  const emulated = createEmulatorHttpClient(azure);
  const httpClient = wrapHttpClient ? wrapHttpClient(emulated) : emulated;
  const open = new Set<RunningServer>();
  // The local tools never reach this machine's Docker engine or systemd: an emulated engine and host profile answer.
  const docker = new EmulatedDockerEngine();
  const socket = join(tempDir('docker'), 'docker.sock');
  await docker.listen(socket);
  const dockerHost = `unix://${socket}`;
  return {
    azure,
    docker,
    dockerHost,
    async server(env = {}, serverOptions = {}) {
      const config = loadConfig(
        {},
        {
          AZURE_TENANT_ID: SEED.tenantId,
          AZURE_CLIENT_ID: SEED.servicePrincipal.clientId,
          AZURE_CLIENT_SECRET: SEED.servicePrincipal.clientSecret,
          LOG_LEVEL: 'DEBUG',
          API_RETRY_DELAY: '0.05',
          // Tests make many calls in a row; the rate-limit tests turn it back on.
          RATE_LIMIT_ENABLED: 'false',
          DOCKER_HOST: dockerHost,
          ...env,
        },
        tempDir('cwd'),
      );
      config.local = { ...config.local, ...serverOptions.local };
      // The in-process client answers login.microsoftonline.com itself; there is no instance to discover.
      config.cloud = { ...config.cloud, disableInstanceDiscovery: true };
      const logs: string[] = [];
      const host = serverOptions.host === undefined ? createHostProfile() : (serverOptions.host ?? undefined);
      const azops = createAzopsServer(config, { httpClient, host, writeLog: (line) => logs.push(line) });
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await azops.createMcpServer().connect(serverSide);
      const client = testClient(serverOptions.onElicit);
      await client.connect(clientSide);
      const running = runningServer(
        client,
        () => logs.join(''),
        () => open.delete(running),
        { kind: 'an in-process server', auditLog: config.safety.auditLog ?? undefined },
      );
      open.add(running);
      return running;
    },
    assertNoLeaks() {
      const everything = transcript.join('\n');
      assert.ok(!everything.includes(SEED.servicePrincipal.clientSecret), 'the client secret appeared in a tool result or log line');
      for (const token of azure.issuedTokens)
        assert.ok(!everything.includes(token), 'a full access token appeared in a tool result or log line');
    },
    async close() {
      for (const server of [...open]) await server.close();
      // A delay fault still holding a request (a token request its caller gave up on) would keep the process alive.
      azure.faults.clear();
      await docker.close();
    },
  };
}
