// The emulated Azure behind an allow-list CONNECT proxy, under its public-cloud host names: a server
// (or the real `az`) configured for the real public cloud reaches the emulator through HTTPS_PROXY.
import { EmulatedAzure, SEED, startEmulatorServer, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { makeTestCertificate, type TestCertificate } from './certs.js';
import { AZURE_PROXY_HOSTS, startConnectProxy, type ConnectProxy } from './connect-proxy.js';
import { assertLoopbackUrl } from './loopback-guard.js';
import { nodeOnlyBinDir } from './server-process.js';

export interface ProxiedAzure {
  azure: EmulatedAzure;
  emulator: RunningEmulator;
  proxy: ConnectProxy;
  /** Names the public-cloud hosts as well as loopback. */
  cert: TestCertificate;
  /**
   * Environment for a server process on the public cloud (no endpoint variables) that signs in with
   * the seeded service principal through the proxy.
   */
  servicePrincipalEnv(extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

export async function startProxiedAzure(options: EmulatorOptions = {}): Promise<ProxiedAzure> {
  const azure = new EmulatedAzure(options);
  const cert = makeTestCertificate({ dnsNames: AZURE_PROXY_HOSTS });
  const emulator = await startEmulatorServer(azure, cert);
  assertLoopbackUrl(emulator.httpsUrl, 'emulator');
  const target = new URL(emulator.httpsUrl);
  const proxy = await startConnectProxy({ target: { host: target.hostname, port: Number(target.port) } });
  const nodeBin = nodeOnlyBinDir();
  return {
    azure,
    emulator,
    proxy,
    cert,
    servicePrincipalEnv: (extra = {}) => ({
      NODE_EXTRA_CA_CERTS: cert.certPath,
      HTTPS_PROXY: proxy.url,
      AZURE_TENANT_ID: SEED.tenantId,
      AZURE_CLIENT_ID: SEED.servicePrincipal.clientId,
      AZURE_CLIENT_SECRET: SEED.servicePrincipal.clientSecret,
      AZURE_SUBSCRIPTION_ID: SEED.subscriptions[0]!.id,
      API_RETRY_DELAY: '0.05',
      LOG_LEVEL: 'DEBUG',
      PATH: nodeBin,
      ...extra,
    }),
    close: async () => {
      await proxy.close();
      await emulator.close();
    },
  };
}
