// The real Azure CLI (Debian's azure-cli; .ci/run installs it) signed in to the emulated Azure, and the
// server using it through AzureCliCredential. az runs on the public cloud configuration and reaches the
// emulator through the allow-list CONNECT proxy (HTTPS_PROXY, REQUESTS_CA_BUNDLE): anything else it
// tries (version checks, telemetry) is refused, so it never touches the real Azure.
// Skipped when no `az` is on PATH. AZOPS_REAL_AZ_REPORT names a file that gets "ran ..." or "skipped: ...".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { SEED } from '../../src/emulator/index.js';
import { startProxiedAzure, type ProxiedAzure } from '../helpers/proxied-azure.js';
import { nodeOnlyBinDir, spawnServer } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp.js';

const AZ = findExecutable('az');
const SKIP_REASON = 'the Azure CLI (az) is not installed: apt-get install azure-cli (as .ci/run does) to run this test';

function report(line: string): void {
  const file = process.env.AZOPS_REAL_AZ_REPORT;
  if (file) writeFileSync(file, `${line}\n`);
}

function findExecutable(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here; keep looking.
    }
  }
  return undefined;
}

let setup: ProxiedAzure | undefined;
before(async () => {
  if (AZ) setup = await startProxiedAzure();
  else report(`skipped: ${SKIP_REASON}`);
});
after(async () => {
  await setup?.close();
});

/** az's environment: a throw-away config dir, every request through the allow-list proxy, no telemetry. */
function azEnv(proxied: ProxiedAzure, az: string): Record<string, string> {
  return {
    AZURE_CONFIG_DIR: tempDir('azconfig'),
    HOME: tempDir('azhome'),
    HTTPS_PROXY: proxied.proxy.url,
    HTTP_PROXY: proxied.proxy.url,
    REQUESTS_CA_BUNDLE: proxied.cert.certPath,
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
    AZURE_CORE_SURVEY_MESSAGE: 'false',
    AZURE_CORE_NO_COLOR: 'true',
    AZURE_CORE_ONLY_SHOW_ERRORS: 'true',
    LANG: 'C.UTF-8',
    // az's own directory (its interpreter may live in /usr/bin or /bin), and node for the server.
    PATH: [dirname(az), nodeOnlyBinDir(), '/usr/bin', '/bin'].join(delimiter),
  };
}

function runAz(az: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(az, args, { env, timeout: 30_000, cwd: env.HOME }, (error, stdout, stderr) => {
      if (error) reject(new Error(`az ${args[0]} ${args[1]} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

test(
  'the real az signs in to the emulator and the server uses it (method Azure CLI)',
  { skip: AZ ? false : SKIP_REASON, timeout: 60_000 },
  async (t) => {
    const proxied = setup!;
    const az = AZ!;
    const started = Date.now();
    const env = azEnv(proxied, az);
    const { clientId, clientSecret } = SEED.servicePrincipal;

    const login = JSON.parse(
      await runAz(
        az,
        ['login', '--service-principal', '-u', clientId, '-p', clientSecret, '--tenant', SEED.tenantId, '--output', 'json'],
        env,
      ),
    ) as { id: string; user: { name: string } }[];
    assert.deepEqual(login.map((s) => s.id).sort(), SEED.subscriptions.map((s) => s.id).sort());
    assert.equal(login[0]?.user.name, clientId);
    const loginMs = Date.now() - started;
    const tokensBefore = { ...proxied.azure.tokenRequests };

    const server = await spawnServer({
      ...env,
      NODE_EXTRA_CA_CERTS: proxied.cert.certPath,
      AZURE_SUBSCRIPTION_ID: SEED.subscriptions[0]!.id,
      LOG_LEVEL: 'DEBUG',
    });
    try {
      const status = await server.call('auth_status');
      assert.equal(status.isError, false, status.text);
      assert.equal(status.structured.method, 'Azure CLI', status.text);
      assert.equal(status.structured.authenticated, true);
      assert.equal((status.structured.identity as Record<string, unknown>).appId, clientId);

      const list = await server.call('list_subscriptions');
      assert.equal(list.isError, false, list.text);
      assert.deepEqual((list.structured.items as { id: string }[]).map((s) => s.id).sort(), SEED.subscriptions.map((s) => s.id).sort());
      assert.ok(!server.stderr().includes(clientSecret), 'the secret reached the server log');
    } finally {
      await server.close();
    }

    // The server's token came from az's own MSAL sign-in, not from the stand-in's back door.
    assert.ok(proxied.azure.tokenRequests.client_credentials > tokensBefore.client_credentials);
    assert.equal(proxied.azure.tokenRequests.az_cli, 0);
    assert.ok(proxied.proxy.tunnelCount('login.microsoftonline.com') >= 1 && proxied.proxy.tunnelCount('management.azure.com') >= 1);
    const totalMs = Date.now() - started;
    // Anything az tried beyond the emulated hosts (e.g. its azure.microsoft.com connectivity check) was refused.
    t.diagnostic(`az login ${loginMs} ms, total ${totalMs} ms; refused by the proxy: ${proxied.proxy.refused.join(', ') || 'nothing'}`);
    report(`ran: ${az} (login ${loginMs} ms, total ${totalMs} ms)`);
  },
);
