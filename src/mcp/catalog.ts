import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Tool } from '@modelcontextprotocol/server';
import type { Toolset } from '../config-safety.js';
import { annotationsFor, type Access, type ToolDefinition, type ToolsetDefinition } from '../tools/define.js';
import type { InputJsonSchema } from './arguments.js';

/**
 * What the server knows of a tool without loading its module: what clients see of it (`listed`), its input
 * schema for the argument rules, its output schema for the result, and what selection and consent need.
 * Computed at build time into dist/catalog.json, so start-up neither imports tools nor converts schemas.
 */
export interface CatalogEntry {
  name: string;
  toolset: Toolset;
  access: Access;
  listed: Tool;
  input: InputJsonSchema;
  output: Record<string, unknown>;
}

const TARGET = 'draft-2020-12';

/** A zod schema as the JSON Schema clients see (the one conversion, at build time or for tools given in code). */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  // `$schema` repeated on every tool only costs bytes: MCP fixes the dialect (2020-12) already.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: TARGET, io }) as Record<string, unknown>;
  return rest;
}

/** Output schemas describe what a tool returns; zod's closing of every nested object only costs bytes there. */
function openObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(openObjects);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([k, v]) => !(k === 'additionalProperties' && v === false))
      .map(([k, v]) => [k, openObjects(v)]),
  );
}

export function catalogEntry(tool: ToolDefinition): CatalogEntry {
  const input = { ...jsonSchema(tool.inputSchema, 'input'), type: 'object', additionalProperties: false } as InputJsonSchema;
  input.properties ??= {};
  const output = openObjects(jsonSchema(tool.outputSchema, 'output')) as Record<string, unknown>;
  const listed: Tool = {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: input as unknown as Tool['inputSchema'],
    outputSchema: output as Tool['outputSchema'],
    annotations: annotationsFor(tool),
  };
  return { name: tool.name, toolset: tool.toolset, access: tool.access, listed, input, output };
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
