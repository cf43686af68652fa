// How the benchmark starts each server: azops-mcp from dist/ (with the loopback guard, as the tests do) and
// Microsoft's @azure/mcp 2.0.5, installed on demand into a temporary folder and cut off from any network.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOOPBACK_GUARD, SERVER_ENTRY, nodeOnlyBinDir } from '../../test/helpers/server-process.js';
import { tempDir } from '../../test/helpers/temp.js';
import type { SpawnSpec } from './raw-mcp.js';

let sharedHome: string | undefined;
let nodeBin: string | undefined;

/** One HOME for every run, so first-run caches are paid in the warm-up, as on a user's machine. */
export function benchHome(): string {
  sharedHome ??= tempDir('bench-home');
  return sharedHome;
}

/** A PATH holding node only: no az, no other tools. */
export function nodeOnlyPath(): string {
  nodeBin ??= nodeOnlyBinDir();
  return nodeBin;
}

/**
 * azops-mcp exactly as an MCP client starts it, plus the loopback guard (NODE_OPTIONS --import, as the
 * tests' spawnServer does), so no connection can leave the machine. `env` replaces the default PATH etc.
 */
export function azopsSpec(args: string[] = [], env: Record<string, string> = {}): SpawnSpec {
  return {
    command: process.execPath,
    args: [SERVER_ENTRY, ...args],
    env: { HOME: benchHome(), PATH: nodeOnlyPath(), NODE_OPTIONS: `--import ${LOOPBACK_GUARD}`, ...env },
    cwd: tempDir('bench-cwd'),
  };
}

export const MICROSOFT_PACKAGE = '@azure/mcp@2.0.5';

export interface MicrosoftInstall {
  dir: string;
  bin: string;
  platformPackage: string;
  /** How it is kept off the network. */
  isolation: string;
  spec(mode: 'namespace' | 'all'): SpawnSpec;
}

/** A loopback port with nothing listening: proxy settings point here, so any HTTP(S) attempt fails at once. */
async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** unshare(1) gives the process a network namespace with no interface up: nothing can leave the machine. */
function netnsPrefix(): { command: string; args: string[] } | undefined {
  const unshare = ['/usr/bin/unshare', '/bin/unshare'].find((p) => existsSync(p));
  if (!unshare) return undefined;
  for (const flags of [['-n'], ['-r', '-n']]) {
    const probe = spawnSync(unshare, [...flags, process.execPath, '-e', '0'], { stdio: 'ignore', timeout: 10_000 });
    if (probe.status === 0) return { command: unshare, args: flags };
  }
  return undefined;
}

/** `npm install --prefix <tmp> @azure/mcp@2.0.5` (the platform binary comes as its optional dependency). */
export async function installMicrosoft(log: (line: string) => void): Promise<MicrosoftInstall> {
  const dir = mkdtempSync(join(tmpdir(), 'azops-bench-azure-mcp-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  log(`installing ${MICROSOFT_PACKAGE} into ${dir} ...`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--prefix', dir, MICROSOFT_PACKAGE, '--no-audit', '--no-fund', '--loglevel=error'], {
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  if (result.status !== 0)
    throw new Error(`npm install ${MICROSOFT_PACKAGE} failed (exit ${result.status}): ${result.stderr || result.error?.message}`);
  const pkgDir = join(dir, 'node_modules', '@azure', 'mcp');
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
  const bin = join(pkgDir, Object.values(pkg.bin)[0]!);
  const platformPackage = `@azure/mcp-${process.platform}-${process.arch}`;
  // Without its platform package the wrapper would run `npm install` itself at start-up: refuse instead.
  if (!existsSync(join(dir, 'node_modules', platformPackage, 'package.json'))) {
    throw new Error(`${platformPackage} was not installed with ${MICROSOFT_PACKAGE}: this platform may not be supported`);
  }
  const proxy = `http://127.0.0.1:${await closedLoopbackPort()}`;
  const netns = netnsPrefix();
  const isolation = netns
    ? `own network namespace (${netns.command} ${netns.args.join(' ')}: no interface up), telemetry off, HTTP(S)_PROXY=${proxy} (closed)`
    : `telemetry off, HTTP(S)_PROXY=${proxy} (closed loopback port); no network namespace available`;
  const home = tempDir('bench-azure-mcp-home');
  return {
    dir,
    bin,
    platformPackage,
    isolation,
    spec(mode) {
      const serverArgs = [bin, 'server', 'start', ...(mode === 'all' ? ['--mode', 'all'] : [])];
      return {
        command: netns ? netns.command : process.execPath,
        args: netns ? [...netns.args, process.execPath, ...serverArgs] : serverArgs,
        env: {
          HOME: home,
          // No az on PATH, no Azure credentials of any kind in the environment.
          PATH: nodeOnlyPath(),
          AZURE_MCP_COLLECT_TELEMETRY: 'false',
          AZURE_MCP_COLLECT_TELEMETRY_MICROSOFT: 'false',
          DOTNET_CLI_TELEMETRY_OPTOUT: '1',
          HTTPS_PROXY: proxy,
          HTTP_PROXY: proxy,
          https_proxy: proxy,
          http_proxy: proxy,
          ALL_PROXY: proxy,
          NO_PROXY: '',
          no_proxy: '',
        },
        cwd: tempDir('bench-azure-mcp-cwd'),
      };
    },
  };
}
