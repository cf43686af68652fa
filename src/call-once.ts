import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { parseToolArguments, type CommandLine } from './cli.js';
import { ConfigError } from './config.js';
import { inputSchemaOf } from './mcp/catalog.js';
import type { AzopsServer } from './server.js';
import { toolHelpText, unknownToolMessage } from './tool-help.js';

/**
 * `azops-mcp call`: runs one tool through a real MCP client over an in-memory transport, so validation,
 * the error path and the result are exactly what an MCP client gets. Returns the exit code.
 */
export async function callOnce(azops: AzopsServer, cli: CommandLine): Promise<number> {
  if (cli.toolHelp) return await printToolHelp(azops, cli.toolName!);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await azops.createMcpServer().connect(serverSide);
  const client = new Client({ name: 'azops-mcp-cli', version: '1.0.0' });
  await client.connect(clientSide);
  try {
    // What tools/list would say of this tool, from the catalogue: the client validates the result against its
    // output schema without listing (and compiling a validator for) every tool. A tool hidden by read-only mode
    // or toolsets is not exposed, but calling it explains the refusal.
    const entry = azops.tools.find((t) => t.name === cli.toolName);
    const args = parseToolArguments(cli.toolArgs, cli.json, entry ? (inputSchemaOf(entry).properties ?? {}) : {});
    const call = { name: cli.toolName!, arguments: args };
    const result = await client.callTool(call, entry ? { toolDefinition: entry.listed } : undefined).catch((error: Error) => {
      throw /not found/i.test(error.message)
        ? new ConfigError(
            unknownToolMessage(
              cli.toolName!,
              azops.tools.map((t) => t.name),
            ),
          )
        : error;
    });
    const text = (result.content as { type: string; text?: string }[]).map((c) => c.text ?? '').join('\n');
    if (result.isError) {
      process.stderr.write(`${text}\n`);
      return 1;
    }
    process.stdout.write(cli.output === 'json' ? `${JSON.stringify(result.structuredContent ?? {}, null, 2)}\n` : `${text}\n`);
    return 0;
  } finally {
    await client.close();
  }
}

/** `call <tool> --help`: the exposed tool's description and parameters; a hidden one says why it is hidden. */
async function printToolHelp(azops: AzopsServer, name: string): Promise<number> {
  const tool = azops.tools.find((t) => t.name === name);
  if (tool) {
    process.stdout.write(toolHelpText(tool, await azops.resultSchema(tool)));
    return 0;
  }
  const refusal = azops.selection.refused.get(name);
  if (refusal) {
    process.stderr.write(`${refusal}\n`);
    return 1;
  }
  throw new ConfigError(
    unknownToolMessage(
      name,
      azops.tools.map((t) => t.name),
    ),
  );
}
