#!/usr/bin/env node
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { ConfigError, loadConfig, parseCommandLine } from './config.js';
import { createAzopsServer, VERSION } from './server.js';

const USAGE = `azops-mcp ${VERSION}: an MCP server for operating Azure, over stdio.

Usage: azops-mcp [--env-file PATH]

Configuration comes from environment variables and a .env file in the working directory
(variables already set in the environment win). See the README for the full list.
`;

function main(): void {
  const argv = process.argv.slice(2);
  const { rest } = parseCommandLine(argv);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  if (rest.includes('--version')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (rest.length) throw new ConfigError(`unknown argument ${rest[0]} (see azops-mcp --help)`);

  const config = loadConfig(argv);
  // Like python-dotenv: .env values reach the Azure SDK (proxy, managed identity) unless already set.
  for (const [name, value] of Object.entries(config.envFileVariables)) process.env[name] ??= value;

  const azops = createAzopsServer(config);
  for (const finding of config.findings) azops.logger.warning(finding);

  const handle = serveStdio(() => azops.createMcpServer(), { onerror: (error) => azops.logger.error(`transport: ${error.message}`) });
  let closing = false;
  const shutdown = (why: string) => {
    if (closing) return;
    closing = true;
    azops.logger.info(`shutting down (${why})`);
    void handle.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.stdin.on('end', () => shutdown('stdin closed'));
  process.stdin.on('close', () => shutdown('stdin closed'));
  azops.logger.info(`azops-mcp ${VERSION} ready on stdio: ${azops.tools.length} tools; credential: ${azops.session.credential.plan}; cloud ${config.cloud.name}.`);
}

try {
  main();
} catch (error) {
  const message = error instanceof ConfigError ? `configuration error: ${error.message}` : String((error as Error)?.stack ?? error);
  process.stderr.write(`azops-mcp: ${message}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
