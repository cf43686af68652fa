// The stand-in `az` run directly, then by the real AzureCliCredential (in a child process, so PATH
// can point at the stand-in without touching this process's environment).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { EmulatedAzure, SEED, startEmulatorServer, type RunningEmulator } from '../../src/emulator/index.js';
import { makeTestCertificate } from '../helpers/certs.js';
import { installAzStandin } from '../helpers/az-standin.js';
import { childEnv, IDENTITY_MODULE_URL, run, runNodeModule } from './support.js';

const azure = new EmulatedAzure();
const certificate = makeTestCertificate();
const standin = installAzStandin();
const az = join(standin.binDir, 'az');
let emulator: RunningEmulator;

before(async () => {
  emulator = await startEmulatorServer(azure, certificate);
});
after(async () => {
  await emulator.close();
});

function azEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return childEnv({
    AZ_STANDIN_EMULATOR_URL: emulator.httpsUrl,
    AZ_STANDIN_LOG: standin.logPath,
    NODE_EXTRA_CA_CERTS: certificate.certPath,
    ...extra,
  });
}

const GET_TOKEN = ['account', 'get-access-token', '--output', 'json', '--resource', 'https://management.azure.com/'];

test('logged out: exit 1 and the az login hint on stderr', async () => {
  const result = await run(az, GET_TOKEN, azEnv({ AZ_STANDIN_LOGGED_OUT: '1' }));
  assert.equal(result.code, 1);
  assert.equal(result.stderr.trim(), "ERROR: Please run 'az login' to setup account.");
  assert.equal(result.stdout, '');
});

test('logged in: prints az get-access-token JSON for the CLI user; one log line per run', async () => {
  const runsBefore = standin.spawnCount();
  const countBefore = azure.tokenRequests.az_cli;
  const result = await run(az, [...GET_TOKEN, '--tenant', SEED.tenantId], azEnv());
  assert.equal(result.code, 0, result.stderr);
  const output = JSON.parse(result.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(output).sort(), ['accessToken', 'expiresOn', 'expires_on', 'subscription', 'tenant', 'tokenType']);
  assert.match(String(output['expiresOn']), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
  assert.equal(typeof output['expires_on'], 'number');
  assert.equal(output['subscription'], SEED.subscriptions[0]!.id);
  assert.equal(output['tenant'], SEED.tenantId);
  assert.ok(azure.issuedTokens.has(String(output['accessToken'])));
  assert.equal(azure.tokenRequests.az_cli, countBefore + 1);
  assert.equal(standin.spawnCount(), runsBefore + 1);
  const lastLine = JSON.parse(readFileSync(standin.logPath, 'utf8').trim().split('\n').at(-1) ?? '{}') as { args: string[] };
  assert.deepEqual(lastLine.args, [...GET_TOKEN, '--tenant', SEED.tenantId]);
});

test("a user token is a real ARM token: it lists the user's subscriptions", async () => {
  const result = await run(
    az,
    ['account', 'get-access-token', '--output', 'json', '--scope', 'https://management.azure.com/.default'],
    azEnv(),
  );
  const token = String((JSON.parse(result.stdout) as Record<string, unknown>)['accessToken']);
  const reply = await azure.handle({
    method: 'GET',
    url: 'https://management.azure.com/subscriptions?api-version=2022-12-01',
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(reply.status, 200);
  assert.equal((JSON.parse(reply.body) as { value: unknown[] }).value.length, SEED.subscriptions.length);
  assert.equal(azure.requests.at(-1)?.tokenKind, 'az_cli');
  assert.equal(azure.requests.at(-1)?.principalId, SEED.cliUser.objectId);
});

test('unsupported commands and options exit 2', async () => {
  assert.equal((await run(az, ['group', 'list'], azEnv())).code, 2);
  assert.equal((await run(az, [...GET_TOKEN, '--query', 'accessToken'], azEnv())).code, 2);
  const unknownSubscription = await run(az, [...GET_TOKEN, '--subscription', SEED.inaccessibleSubscriptionId], azEnv());
  assert.equal(unknownSubscription.code, 1);
  assert.match(unknownSubscription.stderr, /^ERROR: Subscription '.*' not found/);
});

const CLI_SCRIPT = `
const { AzureCliCredential } = await import(${JSON.stringify(IDENTITY_MODULE_URL)});
try {
  const token = await new AzureCliCredential({ tenantId: process.env.CLI_TENANT || undefined }).getToken('https://management.azure.com/.default');
  console.log(JSON.stringify({ token: token.token, expiresOnTimestamp: token.expiresOnTimestamp }));
} catch (error) {
  console.log(JSON.stringify({ errorName: error.name, message: error.message }));
}
`;

function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = azEnv(extra);
  return { ...env, PATH: `${standin.binDir}:${env['PATH'] ?? ''}` };
}

test('AzureCliCredential gets its token from the stand-in az', async () => {
  const runsBefore = standin.spawnCount();
  const countBefore = azure.tokenRequests.az_cli;
  const result = await runNodeModule(CLI_SCRIPT, cliEnv({ CLI_TENANT: SEED.tenantId }));
  assert.equal(result.code, 0, result.stderr);
  const output = JSON.parse(result.stdout.trim()) as { token?: string; expiresOnTimestamp?: number; message?: string };
  assert.ok(output.token && azure.issuedTokens.has(output.token), output.message);
  assert.ok(Math.abs((output.expiresOnTimestamp ?? 0) - (Date.now() + 3_600_000)) < 60_000);
  assert.equal(azure.tokenRequests.az_cli, countBefore + 1);
  assert.equal(standin.spawnCount(), runsBefore + 1);
  const lastLine = JSON.parse(readFileSync(standin.logPath, 'utf8').trim().split('\n').at(-1) ?? '{}') as { args: string[]; cwd: string };
  assert.deepEqual(lastLine.args, [
    'account',
    'get-access-token',
    '--output',
    'json',
    '--resource',
    'https://management.azure.com',
    '--tenant',
    SEED.tenantId,
  ]);
  // identity runs az from /bin (a symlink to /usr/bin on merged-/usr systems).
  assert.equal(lastLine.cwd, realpathSync('/bin'));
});

test('AzureCliCredential with a logged-out az: CredentialUnavailableError asking for az login', async () => {
  const result = await runNodeModule(CLI_SCRIPT, cliEnv({ AZ_STANDIN_LOGGED_OUT: '1' }));
  const output = JSON.parse(result.stdout.trim()) as { errorName?: string; message?: string };
  assert.equal(output.errorName, 'CredentialUnavailableError');
  assert.match(output.message ?? '', /az login/);
});
