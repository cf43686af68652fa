// What a person needs to call a tool from the command line: its parameters (derived here, in one place, from
// the tool's zod input schema), `call <tool> --help`, the one-line-per-tool `tools` list and "did you mean".
import { inputSchemaOf, type CatalogEntry } from './mcp/catalog.js';
import { closeMatches } from './util/close-matches.js';

export interface ToolParameter {
  name: string;
  /** string, integer, number, boolean, string[], object, … (`any` when the schema does not say). */
  type: string;
  /** False when the parameter may be left out (it is optional or has a default). */
  required: boolean;
  /** Present only when the schema gives a default. */
  default?: unknown;
  /** The allowed values, for enums. */
  choices?: unknown[];
  /** Bounds and patterns, e.g. `1..1000`, `3-24 characters`. */
  limits: string[];
  description?: string;
}

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

/** The tool's parameters in schema order, as a client sees them (the input side: defaults make a parameter optional). */
export function toolParameters(tool: Pick<CatalogEntry, 'listed'>): ToolParameter[] {
  const schema = inputSchemaOf(tool) as JsonSchema;
  const required = new Set(schema.required ?? []);
  const parameters = Object.entries(schema.properties ?? {}).map(([name, property]): ToolParameter => {
    const choices = property.enum ?? (property.const !== undefined ? [property.const] : undefined);
    return {
      name,
      type: typeName(property),
      required: required.has(name),
      ...('default' in property ? { default: property.default } : {}),
      ...(choices ? { choices } : {}),
      limits: limitsOf(property),
      ...(property.description ? { description: property.description } : {}),
    };
  });
  return parameters;
}

function typeName(property: JsonSchema): string {
  const alternatives = property.anyOf ?? property.oneOf;
  if (alternatives) return [...new Set(alternatives.map(typeName))].join(' or ');
  const types = [property.type ?? (property.enum ? typeof property.enum[0] : 'any')].flat();
  return types.map((type) => (type === 'array' ? `${property.items ? typeName(property.items) : 'any'}[]` : type)).join(' or ');
}

function limitsOf(property: JsonSchema): string[] {
  const range = (low: number | undefined, high: number | undefined, unit = '') =>
    low !== undefined && high !== undefined
      ? `${low}..${high}${unit}`
      : low !== undefined
        ? `at least ${low}${unit}`
        : high !== undefined
          ? `at most ${high}${unit}`
          : undefined;
  return [
    range(property.minimum, property.maximum),
    range(property.minLength, property.maxLength, ' characters'),
    range(property.minItems, property.maxItems, ' items'),
  ].filter((limit): limit is string => limit !== undefined);
}

/** `resource_group, [limit]`: required parameters bare, optional ones in brackets. */
export function parameterSummary(tool: Pick<CatalogEntry, 'listed'>): string {
  return toolParameters(tool)
    .map((p) => (p.required ? p.name : `[${p.name}]`))
    .join(', ');
}

/** `azops-mcp tools`: one line per tool — name, access, title, then its parameters (optional ones in brackets). */
export function toolListText(tools: readonly CatalogEntry[]): string {
  const rows = tools.map((tool) => [tool.name, tool.access, tool.listed.title ?? '', parameterSummary(tool) || '-'] as const);
  const width = (column: 0 | 1 | 2) => Math.max(...rows.map((row) => row[column].length));
  const [name, access, title] = [width(0), width(1), width(2)];
  const lines = rows.map(([n, a, t, p]) => `${n.padEnd(name)}  ${a.padEnd(access)}  ${t.padEnd(title)}  ${p}`);
  return `${lines.join('\n')}\n\n[name] is optional. Details: azops-mcp call <tool> --help\n`;
}

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** `azops-mcp call <tool> --help`; `output` is its output schema with the field descriptions (`resultSchema`). */
export function toolHelpText(tool: CatalogEntry, output: Record<string, unknown>): string {
  const parameters = toolParameters(tool);
  const placeholder = (p: ToolParameter) => `${p.name}=${p.choices ? p.choices.map(show).join('|') : `<${p.type}>`}`;
  const usage = ['azops-mcp call', tool.name, ...parameters.map((p) => (p.required ? placeholder(p) : `[${placeholder(p)}]`))].join(' ');
  const { title, description } = tool.listed;
  const lines = [`${tool.name}: ${title} (${tool.access}, toolset ${tool.toolset})`, '', description ?? '', '', `Usage: ${usage}`, ''];
  if (parameters.length === 0) {
    lines.push('Parameters: none.');
  } else {
    lines.push('Parameters:');
    const width = Math.max(...parameters.map((p) => p.name.length));
    for (const p of parameters) {
      const facts = [
        p.type,
        p.required ? 'required' : 'optional',
        ...(p.default !== undefined ? [`default ${show(p.default)}`] : []),
        ...(p.choices ? [`one of: ${p.choices.map(show).join(', ')}`] : []),
        ...p.limits,
      ];
      lines.push(`  ${p.name.padEnd(width)}  ${facts.join(', ')}`);
      if (p.description) lines.push(`  ${''.padEnd(width)}  ${p.description}`);
    }
    lines.push(
      '',
      "Numbers and booleans are typed from key=value; give arrays and objects as JSON, or every argument at once with --json '{...}'.",
    );
  }
  lines.push('', ...resultLines(output));
  return `${lines.join('\n')}\n`;
}

/** The result's fields (structuredContent, `--output json`): the top-level names, then each described field by its path. */
function resultLines(output: Record<string, unknown>): string[] {
  const described: [string, string][] = [];
  const walk = (schema: JsonSchema | undefined, path: string): void => {
    if (!schema) return;
    if (path && schema.description) described.push([path, schema.description]);
    for (const [name, sub] of Object.entries(schema.properties ?? {})) walk(sub, path ? `${path}.${name}` : name);
    walk(schema.items, `${path}[]`);
    for (const variant of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) walk({ ...variant, description: undefined }, path);
  };
  walk(output as JsonSchema, '');
  const top = Object.keys((output as JsonSchema).properties ?? {});
  const lines = [`Result fields (--output json): ${top.join(', ') || 'none'}.`];
  const width = Math.max(0, ...described.map(([path]) => path.length));
  for (const [path, text] of described) lines.push(`  ${path.padEnd(width)}  ${text}`);
  return lines;
}

/** "no tool named X", with the closest names when there are any. */
export function unknownToolMessage(name: string, known: readonly string[]): string {
  const close = closeMatches(name, known, 3);
  const suggestion = close.length ? ` Did you mean ${close.join(', or ')}?` : '';
  return `no tool named ${name}.${suggestion} (azops-mcp tools lists them)`;
}
