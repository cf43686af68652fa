// A stand-in `az` executable for tests: AzureCliCredential runs `az account get-access-token ...`,
// and this answers from the emulator instead of a real Azure CLI login.
// Environment it reads:
//   AZ_STANDIN_EMULATOR_URL  https URL of the emulator (trust comes from NODE_EXTRA_CA_CERTS)
//   AZ_STANDIN_LOG           file to append one line per run to (default: the install's logPath)
//   AZ_STANDIN_LOGGED_OUT=1  behave like a CLI with no signed-in account
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface AzStandin {
  /** Put this first on PATH. */
  binDir: string;
  logPath: string;
  /** How many times `az` ran (lines in the log). */
  spawnCount(): number;
}

export function installAzStandin(): AzStandin {
  const binDir = mkdtempSync(join(tmpdir(), 'azops-az-standin-'));
  process.once('exit', () => rmSync(binDir, { recursive: true, force: true }));
  const logPath = join(binDir, 'az-invocations.log');
  // An extensionless script is CommonJS only if no enclosing package.json says otherwise.
  writeFileSync(join(binDir, 'package.json'), '{"type":"commonjs"}\n');
  const scriptPath = join(binDir, 'az');
  writeFileSync(scriptPath, standinSource(logPath));
  chmodSync(scriptPath, 0o755);
  return {
    binDir,
    logPath,
    spawnCount: () => (existsSync(logPath) ? readFileSync(logPath, 'utf8').split('\n').filter(Boolean).length : 0),
  };
}

function standinSource(defaultLogPath: string): string {
  return `#!/usr/bin/env node
'use strict';
const fs = require('node:fs');
const https = require('node:https');

const args = process.argv.slice(2);
fs.appendFileSync(process.env.AZ_STANDIN_LOG || ${JSON.stringify(defaultLogPath)},
  JSON.stringify({ at: new Date().toISOString(), args, cwd: process.cwd() }) + '\\n');

function fail(message, code) {
  process.stderr.write(message + '\\n');
  process.exit(code);
}

if (args[0] !== 'account' || args[1] !== 'get-access-token') {
  fail("ERROR: '" + args.slice(0, 2).join(' ') + "' is misspelled or not recognized by the system. (az stand-in supports only 'account get-access-token')", 2);
}
const valueOptions = { '--output': 'output', '-o': 'output', '--resource': 'resource', '--scope': 'scope',
  '--tenant': 'tenant', '-t': 'tenant', '--subscription': 'subscription' };
const options = {};
for (let i = 2; i < args.length; i += 2) {
  const name = valueOptions[args[i]];
  if (!name || args[i + 1] === undefined) fail('ERROR: unrecognized arguments: ' + args.slice(i).join(' '), 2);
  options[name] = args[i + 1];
}
if (options.output !== undefined && options.output !== 'json') fail("ERROR: the stand-in az prints only '--output json'", 2);
if (options.resource && options.scope) fail('ERROR: usage error: --resource and --scope are mutually exclusive', 2);
if (process.env.AZ_STANDIN_LOGGED_OUT === '1') fail("ERROR: Please run 'az login' to setup account.", 1);

const base = process.env.AZ_STANDIN_EMULATOR_URL;
if (!base) fail('ERROR: AZ_STANDIN_EMULATOR_URL is not set (az stand-in)', 2);
const url = new URL('/__emulator/az/token', base);
for (const name of ['resource', 'scope', 'tenant', 'subscription']) {
  if (options[name]) url.searchParams.set(name, options[name]);
}
const request = https.get(url, { timeout: 5000 }, (response) => {
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk) => { text += chunk; });
  response.on('end', () => {
    let body;
    try { body = JSON.parse(text); } catch { fail('ERROR: unexpected reply from the emulator: ' + text, 1); }
    if (response.statusCode !== 200) fail('ERROR: ' + ((body.error && body.error.message) || text), 1);
    process.stdout.write(JSON.stringify(body, null, 2) + '\\n');
    process.exit(0);
  });
});
request.on('timeout', () => request.destroy(new Error('timed out')));
request.on('error', (error) => fail('ERROR: cannot reach the emulator: ' + error.message, 1));
`;
}
