import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Tool } from '@modelcontextprotocol/server';
import type { Toolset } from '../config-safety.js';
import { annotationsFor, type Access, type ToolDefinition, type ToolsetDefinition } from '../tools/define.js';
import type { InputJsonSchema } from './arguments.js';

/**
 * What the server knows of a tool without loading its module: what clients see of it (`listed`, whose input schema
 * the argument rules read too) and what selection and consent need. Computed at build time into dist/catalog.json,
 * so start-up neither imports tools nor converts schemas. The output schema with its field descriptions is not in
 * it (only `call <tool> --help` shows them): start-up reads and parses half as much.
 */
export interface CatalogEntry {
  name: string;
  toolset: Toolset;
  access: Access;
  listed: Tool;
}

/** The input schema as the argument rules read it: the one clients are given. */
export function inputSchemaOf(entry: Pick<CatalogEntry, 'listed'>): InputJsonSchema {
  return entry.listed.inputSchema as unknown as InputJsonSchema;
}

const TARGET = 'draft-2020-12';

/** A zod schema as the JSON Schema clients see (the one conversion, at build time or for tools given in code). */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  // `$schema` repeated on every tool only costs bytes: MCP fixes the dialect (2020-12) already.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: TARGET, io }) as Record<string, unknown>;
  return rest;
}

const SUBSCHEMA_MAPS = ['properties', '$defs'];
const SUBSCHEMAS = ['items', 'additionalProperties', 'propertyNames'];
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];

/**
 * An output schema as clients get it: what a result must look like, for validating `structuredContent`. zod's
 * closing of every nested object and the field descriptions only cost bytes there (clients validate with the schema;
 * models read the tool's description and the result's text); `azops-mcp call <tool> --help` shows them, from the
 * tool's definition (`ToolCatalog.resultSchema`). Walks schema keywords only, so a field named `description` keeps its place.
 */
function forValidation(schema: unknown): unknown {
  if (Array.isArray(schema) || !schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description' || (key === 'additionalProperties' && value === false)) continue;
    if (SUBSCHEMA_MAPS.includes(key) && value && typeof value === 'object')
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, forValidation(sub)]));
    else if (SUBSCHEMAS.includes(key)) out[key] = forValidation(value);
    else if (SUBSCHEMA_LISTS.includes(key) && Array.isArray(value)) out[key] = value.map(forValidation);
    else out[key] = value;
  }
  return out;
}

export function catalogEntry(tool: ToolDefinition): CatalogEntry {
  const input = { ...jsonSchema(tool.inputSchema, 'input'), type: 'object', additionalProperties: false } as InputJsonSchema;
  input.properties ??= {};
  const listed: Tool = {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: input as unknown as Tool['inputSchema'],
    outputSchema: forValidation(jsonSchema(tool.outputSchema, 'output')) as Tool['outputSchema'],
    annotations: annotationsFor(tool),
  };
  return { name: tool.name, toolset: tool.toolset, access: tool.access, listed };
}

/**
 * The catalogue as the build writes it: JSON with every character past ASCII escaped, so Node reads it and V8 parses
 * it on their one-byte fast paths (a few em dashes in descriptions otherwise double the cost).
 */
export function catalogJson(version: string, entries: readonly CatalogEntry[]): string {
  const json = JSON.stringify({ version, tools: entries });
  return `${json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

/** The tools a server can offer: their catalogue entries at once, their definitions (handlers, zod) on demand. */
export class ToolCatalog {
  private readonly byName: Map<string, CatalogEntry>;
  private readonly loaded = new Map<Toolset, Promise<readonly ToolDefinition[]>>();

  constructor(
    readonly entries: readonly CatalogEntry[],
    private readonly loadToolset: (name: Toolset) => Promise<Pick<ToolsetDefinition, 'tools'>>,
  ) {
    this.byName = new Map(entries.map((e) => [e.name, e]));
  }

  get(name: string): CatalogEntry | undefined {
    return this.byName.get(name);
  }

  /** The tool's definition, importing its toolset's module on first use; a failed import is retried next time. */
  async definition(entry: CatalogEntry): Promise<ToolDefinition> {
    let tools = this.loaded.get(entry.toolset);
    if (!tools) {
      tools = this.loadToolset(entry.toolset).then((t) => t.tools);
      this.loaded.set(entry.toolset, tools);
      tools.catch(() => this.loaded.delete(entry.toolset));
    }
    const tool = (await tools).find((t) => t.name === entry.name);
    if (!tool) throw new Error(`${entry.name} is in the tool catalogue but not in toolset ${entry.toolset}: rebuild (npm run build)`);
    return tool;
  }

  /** The tool's output schema with its field descriptions (for `call <tool> --help`), from its definition. */
  async resultSchema(entry: CatalogEntry): Promise<Record<string, unknown>> {
    return jsonSchema((await this.definition(entry)).outputSchema, 'output');
  }

  /** From definitions in hand (tests, a custom tool list): entries computed now, nothing to load later. */
  static of(tools: readonly ToolDefinition[]): ToolCatalog {
    return new ToolCatalog(tools.map(catalogEntry), async () => ({ tools }));
  }

  /** From the catalogue the build wrote; toolsets are imported when their tools are first called. */
  static fromFile(path: URL, loadToolset: (name: Toolset) => Promise<ToolsetDefinition>): ToolCatalog {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`The tool catalogue ${path.pathname} cannot be read (${(error as NodeJS.ErrnoException).code}): run npm run build.`, {
        cause: error,
      });
    }
    return new ToolCatalog((JSON.parse(text) as { tools: CatalogEntry[] }).tools, loadToolset);
  }
}
