import { parseArgs } from 'node:util';
import { ConfigError } from './config.js';
import type { SafetySwitches } from './config-safety.js';
import type { TransportSwitches } from './config-http.js';

export type OutputFormat = 'text' | 'json';

export interface CommandLine {
  command: 'serve' | 'tools' | 'call' | 'help' | 'version';
  envFile?: string;
  sandbox: boolean;
  /** --sandbox-state: the JSON file the sandbox's estate is kept in between runs. */
  sandboxState?: string;
  /** `call <tool> --help`: describe the tool instead of running it. */
  toolHelp?: boolean;
  switches: SafetySwitches;
  /** --transport, --host, --port (serve only). */
  transport: TransportSwitches;
  /** For `call`: the tool and its key=value arguments, or --json. */
  toolName?: string;
  toolArgs: string[];
  json?: string;
  output: OutputFormat;
}

export const USAGE = `Usage:
  azops-mcp [options]                          serve MCP over stdio (what MCP clients run)
  azops-mcp --transport http [--host H] [--port P] [options]
                                               serve MCP over Streamable HTTP at http://H:P/mcp
  azops-mcp tools [options]                    list the tools
  azops-mcp call <tool> [key=value ...] [options]
                                               run one tool and print its result (exit 1 on a tool error)
  azops-mcp call <tool> --help                 the tool's description and parameters

Options:
  --sandbox             use the built-in emulated Azure: no account, no network, demo resources
  --sandbox-state PATH  (with --sandbox) keep the sandbox's resources and chosen subscription in the
                        JSON file PATH between runs; created from the demo estate when missing
  --transport T         serve MCP over stdio (default) or http (AZOPS_TRANSPORT)
  --host H              (http) the address to listen on (AZOPS_HTTP_HOST); default 127.0.0.1
  --port P              (http) the port (AZOPS_HTTP_PORT); default 8080, 0 picks a free one
  --env-file PATH       read configuration from PATH instead of ./.env (or set AZOPS_ENV_FILE=PATH)
  --read-only           expose only tools that do not change Azure (AZOPS_READ_ONLY)
  --toolsets a,b        only these toolsets, plus account (AZOPS_TOOLSETS); default all
  --tools x,y           only these tools, plus account (AZOPS_TOOLS)
  --confirm MODE        destructive tools without client prompts: auto, always or never (AZOPS_CONFIRM)
  --json '{...}'        (call) the tool's arguments as one JSON object
  --output text|json    (call) print the text (default) or the structured result
  -h, --help            this help
  --version             the version
`;

/** Parses the command line; usage mistakes are ConfigErrors so they stop start-up with a clear message. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        sandbox: { type: 'boolean', default: false },
        'sandbox-state': { type: 'string' },
        'env-file': { type: 'string' },
        'read-only': { type: 'boolean' },
        toolsets: { type: 'string' },
        tools: { type: 'string' },
        confirm: { type: 'string' },
        transport: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        json: { type: 'string' },
        output: { type: 'string', default: 'text' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message} (see azops-mcp --help)`);
  }
  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;
  const output = values.output;
  if (output !== 'text' && output !== 'json') throw new ConfigError(`--output ${output}: use text or json`);
  const switches: SafetySwitches = {
    readOnly: values['read-only'],
    toolsets: values.toolsets,
    tools: values.tools,
    confirm: values.confirm,
  };
  const sandboxState = values['sandbox-state'];
  if (sandboxState !== undefined && !values.sandbox) throw new ConfigError('--sandbox-state only applies to the sandbox: add --sandbox');
  if (sandboxState === '') throw new ConfigError('--sandbox-state needs a file path');
  const transport: TransportSwitches = { transport: values.transport, host: values.host, port: values.port };
  const base = {
    transport,
    envFile: values['env-file'],
    sandbox: values.sandbox ?? false,
    sandboxState,
    switches,
    toolArgs: [] as string[],
    output: output as OutputFormat,
    json: values.json,
  };
  // `call <tool> --help` (or -h anywhere on that line) is about the tool; any other --help is the usage.
  if (values.help && first === 'call' && rest[0] !== undefined)
    return { ...base, command: 'call', toolName: rest[0], toolArgs: rest.slice(1), toolHelp: true };
  if (values.help) return { ...base, command: 'help' };
  if (values.version) return { ...base, command: 'version' };
  if (first === undefined) return { ...base, command: 'serve' };
  if (values.transport !== undefined || values.host !== undefined || values.port !== undefined)
    throw new ConfigError(`--transport, --host and --port apply to serving only, not to ${first}`);
  if (first === 'tools') {
    if (rest.length) throw new ConfigError(`tools takes no arguments (got ${rest.join(' ')})`);
    return { ...base, command: 'tools' };
  }
  if (first === 'call') {
    const [toolName, ...toolArgs] = rest;
    if (!toolName) throw new ConfigError('call needs a tool name: azops-mcp call <tool> [key=value ...] (azops-mcp tools lists them)');
    return { ...base, command: 'call', toolName, toolArgs };
  }
  throw new ConfigError(`unknown command ${first} (see azops-mcp --help)`);
}

type JsonSchemaProperty = { type?: string | string[] };

/**
 * Turns `key=value` words into tool arguments, typed by the tool's JSON Schema so `limit=5` is a number and
 * `no_wait=true` a boolean; arrays and objects are given as JSON.
 */
export function parseToolArguments(
  words: readonly string[],
  json: string | undefined,
  properties: Record<string, JsonSchemaProperty>,
): Record<string, unknown> {
  let args: Record<string, unknown> = {};
  if (json !== undefined) {
    try {
      args = JSON.parse(json) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`--json is not valid JSON: ${(error as Error).message}`);
    }
    if (!args || typeof args !== 'object' || Array.isArray(args)) throw new ConfigError('--json must be a JSON object');
  }
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) throw new ConfigError(`argument '${word}' is not key=value`);
    const key = word.slice(0, eq);
    const raw = word.slice(eq + 1);
    const types = [properties[key]?.type ?? 'string'].flat();
    if (types.includes('integer') || types.includes('number')) {
      const value = Number(raw);
      args[key] = raw.trim() !== '' && Number.isFinite(value) ? value : raw;
    } else if (types.includes('boolean')) {
      args[key] = raw === 'true' ? true : raw === 'false' ? false : raw;
    } else if (types.includes('array') || types.includes('object')) {
      try {
        args[key] = JSON.parse(raw);
      } catch {
        throw new ConfigError(`${key}: give a JSON ${types.includes('array') ? 'array' : 'object'}`);
      }
    } else {
      args[key] = raw;
    }
  }
  return args;
}
