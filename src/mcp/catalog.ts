import { z } from 'zod';
import type { Tool } from '@modelcontextprotocol/server';
import { annotationsFor, type ToolDefinition } from '../tools/define.js';
import type { InputJsonSchema } from './arguments.js';

/** A tool with what clients see of it, computed once per process rather than on every tools/list. */
export interface CatalogEntry {
  tool: ToolDefinition;
  listed: Tool;
  input: InputJsonSchema;
  output: Record<string, unknown>;
}

const TARGET = 'draft-2020-12';

/** A zod schema as the JSON Schema clients see (the one conversion; tools/list and the command-line help use it). */
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
  return { tool, listed, input, output };
}

export const catalogOf = (tools: readonly ToolDefinition[]): Map<string, CatalogEntry> =>
  new Map(tools.map((t) => [t.name, catalogEntry(t)]));
