import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tempDir } from './helpers/temp.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/config.js';

const SUB_A = '11111111-1111-4111-8111-111111111111';
const SUB_B = '22222222-2222-4222-8222-222222222222';

function dirWithEnv(text: string, name = '.env'): string {
  const dir = tempDir('config');
  writeFileSync(join(dir, name), text);
  return dir;
}

test('defaults', () => {
  const config = loadConfig({}, {}, tempDir('empty'));
  assert.equal(config.defaultLocation, 'eastus');
  assert.equal(config.logLevel, 'info');
  assert.equal(config.apiTimeoutMs, 30_000);
  assert.equal(config.retryAttempts, 3);
  assert.equal(config.retryDelayMs, 1000);
  assert.equal(config.cloud.name, 'AzureCloud');
  assert.equal(config.cloud.resourceManagerScope, 'https://management.azure.com/.default');
  assert.equal(config.cloud.disableInstanceDiscovery, false);
  assert.equal(config.servicePrincipal, 'none');
  assert.equal(config.subscriptionId, undefined);
  assert.deepEqual(config.findings, []);
});

test('.env in the working directory is read; the environment wins over it', () => {
  const dir = dirWithEnv(`AZURE_SUBSCRIPTION_ID=${SUB_A}\n# comment\nAZURE_TENANT_ID="${SUB_B}"\n`);
  const fromFile = loadConfig({}, {}, dir);
  assert.equal(fromFile.subscriptionId, SUB_A);
  assert.equal(fromFile.tenantId, SUB_B);
  assert.match(fromFile.subscriptionSource!, /^\.env file/);
  assert.deepEqual(fromFile.envFileVariables, {}, 'a working-directory .env never reaches child processes');

  const envWins = loadConfig({}, { AZURE_SUBSCRIPTION_ID: SUB_B }, dir);
  assert.equal(envWins.subscriptionId, SUB_B);
  assert.equal(envWins.subscriptionSource, 'environment');
});

test('--env-file replaces ./.env and must exist', () => {
  const dir = dirWithEnv(`AZURE_SUBSCRIPTION_ID=${SUB_A}\n`);
  const other = dirWithEnv(`AZURE_SUBSCRIPTION_ID=${SUB_B}\n`, 'prod.env');
  const config = loadConfig({ envFile: join(other, 'prod.env') }, {}, dir);
  assert.equal(config.subscriptionId, SUB_B);
  assert.throws(() => loadConfig({ envFile: join(other, 'missing.env') }, {}, dir), /--env-file .*missing\.env: cannot read it/);
});

test('AZOPS_ENV_FILE names the .env file (relative to the working directory); --env-file wins; it must exist', () => {
  const dir = dirWithEnv(`AZURE_SUBSCRIPTION_ID=${SUB_A}\n`);
  const other = dirWithEnv(`AZURE_SUBSCRIPTION_ID=${SUB_B}\n`, 'prod.env');
  const named = loadConfig({}, { AZOPS_ENV_FILE: join(other, 'prod.env') }, dir);
  assert.equal(named.subscriptionId, SUB_B);
  assert.equal(named.envFile, join(other, 'prod.env'));
  assert.equal(loadConfig({}, { AZOPS_ENV_FILE: 'prod.env' }, other).subscriptionId, SUB_B);
  assert.equal(loadConfig({}, { AZOPS_ENV_FILE: '  ' }, dir).subscriptionId, SUB_A, 'blank means unset');
  assert.equal(loadConfig({ envFile: join(dir, '.env') }, { AZOPS_ENV_FILE: join(other, 'prod.env') }, dir).subscriptionId, SUB_A);
  assert.throws(
    () => loadConfig({}, { AZOPS_ENV_FILE: join(other, 'missing.env') }, dir),
    /^ConfigError: AZOPS_ENV_FILE=.*missing\.env: cannot read it/,
  );
});

test('a bad value is an error that names the variable and why, never the value (it might be a secret in the wrong place)', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ API_TIMEOUT: 'soon' }, /^API_TIMEOUT is invalid: expected a number/],
    [{ API_RETRY_ATTEMPTS: '1.5' }, /^API_RETRY_ATTEMPTS is invalid: expected an integer/],
    [{ API_RETRY_DELAY: '-1' }, /^API_RETRY_DELAY is invalid/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL is invalid/],
    [{ DEBUG: 'maybe' }, /^DEBUG is invalid: expected true or false/],
    [{ AZURE_SUBSCRIPTION_ID: 'prod' }, /^AZURE_SUBSCRIPTION_ID is not a subscription id/],
    [{ AZURE_CLOUD: 'Mars' }, /^AZURE_CLOUD is not a known cloud/],
    [{ AZURE_RESOURCE_MANAGER_ENDPOINT: 'http://127.0.0.1:1' }, /^AZURE_RESOURCE_MANAGER_ENDPOINT must be an https:\/\/ URL/],
    [{ AZURE_AUTHORITY_HOST: 'not a url' }, /^AZURE_AUTHORITY_HOST is not a URL/],
    [{ AZURE_DEFAULT_LOCATION: 'East US' }, /^AZURE_DEFAULT_LOCATION is not a region name/],
    [{ AZOPS_CONFIRM: 'Xq8Q~looks.like.a.client.secret' }, /^AZOPS_CONFIRM \(environment\) is invalid: use auto, always or never/],
    [{ API_TIMEOUT: 'Xq8Q~looks.like.a.client.secret' }, /^API_TIMEOUT is invalid/],
  ];
  for (const [env, message] of cases) {
    const value = Object.values(env)[0]!;
    assert.throws(
      () => loadConfig({}, env, tmpdir()),
      (error: unknown) => error instanceof ConfigError && message.test(error.message) && !error.message.includes(value),
      JSON.stringify(env),
    );
  }
});

test('clouds have their real endpoints', () => {
  const china = loadConfig({}, { AZURE_CLOUD: 'AzureChinaCloud' }, tmpdir()).cloud;
  assert.equal(china.authorityHost, 'https://login.chinacloudapi.cn');
  assert.equal(china.resourceManager, 'https://management.chinacloudapi.cn');
  assert.equal(china.resourceManagerScope, 'https://management.chinacloudapi.cn/.default');
  const gov = loadConfig({}, { AZURE_CLOUD: 'azureusgovernment' }, tmpdir()).cloud;
  assert.equal(gov.name, 'AzureUSGovernment');
  assert.equal(gov.authorityHost, 'https://login.microsoftonline.us');
  assert.equal(gov.resourceManager, 'https://management.usgovcloudapi.net');
  assert.equal(gov.microsoftGraph, 'https://graph.microsoft.us');
});

test('custom endpoints (Azure Stack, emulators) turn instance discovery off', () => {
  const cloud = loadConfig(
    {},
    {
      AZURE_AUTHORITY_HOST: 'https://adfs.local.azurestack.external/',
      AZURE_RESOURCE_MANAGER_ENDPOINT: 'https://management.local.azurestack.external',
      AZURE_RESOURCE_MANAGER_AUDIENCE: 'https://management.adfs.azurestack.local/abc',
      AZURE_GRAPH_ENDPOINT: 'https://graph.local.azurestack.external',
    },
    tmpdir(),
  ).cloud;
  assert.equal(cloud.name, 'Custom');
  assert.equal(cloud.authorityHost, 'https://adfs.local.azurestack.external');
  assert.equal(cloud.disableInstanceDiscovery, true);
  assert.equal(cloud.resourceManagerScope, 'https://management.adfs.azurestack.local/abc/.default');
});

test('service principal: complete, partial (reported), none', () => {
  const all = { AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's3cret', AZURE_TENANT_ID: 't' };
  assert.equal(loadConfig({}, all, tmpdir()).servicePrincipal, 'complete');
  const partial = loadConfig({}, { AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's3cret' }, tmpdir());
  assert.equal(partial.servicePrincipal, 'partial');
  assert.equal(partial.findings.length, 1);
  assert.match(partial.findings[0]!, /AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are set but AZURE_TENANT_ID is not/);
  assert.ok(!partial.findings[0]!.includes('s3cret'));
});

test('DEBUG=true forces debug logging', () => {
  assert.equal(loadConfig({}, { DEBUG: 'true', LOG_LEVEL: 'ERROR' }, tmpdir()).logLevel, 'debug');
});

test('a working-directory .env may set only the identity and subscription; endpoints, authority, audit, consent and safety are refused and reported', () => {
  const dir = dirWithEnv(
    [
      `AZURE_SUBSCRIPTION_ID=${SUB_A}`,
      'AZURE_AUTHORITY_HOST=https://attacker.example',
      'AZURE_RESOURCE_MANAGER_ENDPOINT=https://attacker.example',
      'AZOPS_AUDIT_LOG=/tmp/elsewhere.jsonl',
      'AZOPS_CONFIRM=never',
      'AZOPS_READ_ONLY=false',
      'HTTPS_PROXY=http://attacker.example:8080',
    ].join('\n'),
  );
  const config = loadConfig({}, {}, dir);
  assert.equal(config.subscriptionId, SUB_A);
  assert.equal(config.cloud.authorityHost, 'https://login.microsoftonline.com');
  assert.equal(config.cloud.resourceManager, 'https://management.azure.com');
  assert.equal(config.safety.auditLog, null);
  assert.equal(config.safety.confirm.mode, 'auto');
  assert.deepEqual(config.envFileVariables, {});
  assert.equal(config.findings.length, 1);
  assert.match(
    config.findings[0]!,
    /sets AZOPS_AUDIT_LOG, AZOPS_CONFIRM, AZOPS_READ_ONLY, AZURE_AUTHORITY_HOST, AZURE_RESOURCE_MANAGER_ENDPOINT, HTTPS_PROXY, which a \.env in the working directory may not/,
  );
  assert.ok(!config.findings[0]!.includes('attacker'), 'values are never repeated');

  // A file the user names is trusted with everything.
  const named = loadConfig({ envFile: join(dir, '.env') }, {}, tempDir('elsewhere'));
  assert.equal(named.cloud.authorityHost, 'https://attacker.example');
  assert.equal(named.safety.confirm.mode, 'never');
  assert.equal(named.envFileVariables.HTTPS_PROXY, 'http://attacker.example:8080');
});

test('a .env with a byte-order mark keeps its first line; a line that is not NAME=value is an error naming the line, never skipped', () => {
  const bom = dirWithEnv(`\uFEFFAZOPS_READ_ONLY=true\nAZURE_SUBSCRIPTION_ID=${SUB_A}\n`, 'safe.env');
  const config = loadConfig({ envFile: join(bom, 'safe.env') }, {}, bom);
  assert.equal(config.safety.readOnly.on, true, 'read-only mode failed open');
  const broken = dirWithEnv(`AZURE_SUBSCRIPTION_ID=${SUB_A}\nAZOPS_READ_ONLY true\n`);
  assert.throws(() => loadConfig({}, {}, broken), /\.env: line 2 is not NAME=value \(nothing was loaded\)$/);
  const multiLine = dirWithEnv(`CERT="line one\nline two"\nAZURE_SUBSCRIPTION_ID=${SUB_A}\n`, 'm.env');
  assert.equal(loadConfig({ envFile: join(multiLine, 'm.env') }, {}, multiLine).subscriptionId, SUB_A, 'a quoted value may span lines');
  const unclosed = dirWithEnv('CERT="line one\n', 'u.env');
  assert.throws(() => loadConfig({ envFile: join(unclosed, 'u.env') }, {}, unclosed), /a quoted value is never closed/);
});
