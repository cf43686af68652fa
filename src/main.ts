import { ConfigError, loadConfig, type Config } from './config.js';
import { parseCommandLine, USAGE, type CommandLine } from './cli.js';
import { createAzopsServer, VERSION, type AzopsServer } from './server.js';
import type { Sandbox } from './sandbox.js';

async function main(): Promise<number> {
  const cli = parseCommandLine(process.argv.slice(2));
  if (cli.command === 'help') return print(`azops-mcp ${VERSION}: an MCP server for operating Azure.\n\n${USAGE}`);
  if (cli.command === 'version') return print(`${VERSION}\n`);

  // Only serving has a transport; one-shot commands run here whatever AZOPS_TRANSPORT says.
  const transport = cli.command === 'serve' ? cli.transport : { transport: 'stdio' };
  let config: Config = loadConfig({ envFile: cli.envFile, switches: cli.switches, transport });
  // One-shot commands print the tool's own result; routine log lines would only repeat it.
  if (cli.command !== 'serve' && !process.env.LOG_LEVEL && !config.debug) config = { ...config, logLevel: 'error' };
  // Like python-dotenv: a named env file's values reach the Azure SDK (proxy, managed identity) unless already set.
  for (const [name, value] of Object.entries(config.envFileVariables)) process.env[name] ??= value;
  // Describing a tool needs no Azure, real or emulated.
  if (cli.toolHelp) {
    const { callOnce } = await import('./call-once.js');
    return callOnce(createAzopsServer(config), cli);
  }
  let httpClient;
  let sandbox: Sandbox | undefined;
  if (cli.sandbox) {
    const { startSandbox } = await import('./sandbox.js');
    sandbox = await startSandbox(config, { statePath: cli.sandboxState });
    ({ config, httpClient } = sandbox);
  }
  const azops = createAzopsServer(config, { httpClient, host: sandbox?.host });
  sandbox?.attach(azops.session);
  for (const finding of config.findings) azops.logger.warning(finding);

  if (cli.command === 'tools') {
    const { toolListText } = await import('./tool-help.js');
    return print(toolListText(azops.tools));
  }
  if (cli.command === 'call') {
    const { callOnce } = await import('./call-once.js');
    try {
      return await callOnce(azops, cli);
    } finally {
      sandbox?.save();
    }
  }
  if (config.http.transport === 'http') {
    const { serveHttp } = await import('./http/serve.js');
    await serveHttp(azops, { httpClient, version: VERSION, onStopped: () => sandbox?.save() });
    return -1;
  }
  await serve(azops, cli, sandbox);
  return -1;
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

async function serve(azops: AzopsServer, cli: CommandLine, sandbox: Sandbox | undefined): Promise<void> {
  const { serveStdio } = await import('@modelcontextprotocol/server/stdio');
  const { GuardedStdioTransport } = await import('./mcp/stdio-transport.js');
  // Our own line reader: every malformed request gets a JSON-RPC error instead of silence (see stdio-transport.ts).
  const handle = serveStdio(() => azops.createMcpServer(), {
    transport: new GuardedStdioTransport(process.stdin, process.stdout),
    onerror: (error) => azops.logger.error(`transport: ${error.message}`),
  });
  let closing = false;
  const shutdown = (why: string) => {
    if (closing) return;
    closing = true;
    azops.logger.info(`shutting down (${why})`);
    void handle.close().finally(() => {
      // With --sandbox-state the estate is saved when the server stops (not after each call).
      try {
        sandbox?.save();
      } catch (error) {
        azops.logger.error((error as Error).message);
        process.exit(1);
      }
      process.exit(0);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.stdin.on('end', () => shutdown('stdin closed'));
  process.stdin.on('close', () => shutdown('stdin closed'));
  const mode = cli.sandbox ? 'SANDBOX (emulated Azure, nothing real is touched)' : `cloud ${azops.session.config.cloud.name}`;
  azops.logger.info(
    `azops-mcp ${VERSION} ready on stdio: ${azops.selection.summary} Credential: ${azops.session.credential.plan}; ${mode}.`,
  );
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof ConfigError ? `configuration error: ${error.message}` : String((error as Error)?.stack ?? error);
    process.stderr.write(`azops-mcp: ${message}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
