import type { z } from 'zod';
import { closeMatches } from '../util/close-matches.js';

/** The parts of a tool's input JSON Schema that argument normalisation reads. */
export interface InputJsonSchema {
  type: 'object';
  properties: Record<string, PropertySchema>;
  required?: string[];
  additionalProperties: false;
}

interface PropertySchema {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: PropertySchema[];
}

/** Arguments that cannot be taken as given: the message names the parameter and what to send instead. */
export class ArgumentError extends Error {
  override name = 'ArgumentError';
}

const typesOf = (p: PropertySchema): string[] => [...[p.type ?? []].flat(), ...(p.anyOf ?? []).flatMap(typesOf)];
const enumOf = (p: PropertySchema): unknown[] => [...(p.enum ?? []), ...(p.anyOf ?? []).flatMap(enumOf)];
const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/**
 * The one place where the original server's leniency lives, applied before schema validation so no tool
 * repeats it: unknown keys are refused (a misspelt `resourceGroup` must never widen a scope), `""` or null
 * for an optional parameter means "not given", numbers and booleans may come as strings, and enum values
 * match in any case. Schemas keep declaring the real types.
 */
export function normalizeArguments(raw: unknown, schema: InputJsonSchema): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new ArgumentError('the arguments must be a JSON object of parameter names and values.');
  const names = Object.keys(schema.properties);
  const required = new Set(schema.required ?? []);
  const unknown = Object.keys(raw).filter((key) => !Object.hasOwn(schema.properties, key));
  if (unknown.length) {
    const each = unknown.map((key) => {
      const [guess] = closeMatches(key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[-\s]/g, '_'), names, 1);
      return `unknown parameter ${printableKey(key)}${guess ? `; did you mean ${guess}?` : ''}`;
    });
    throw new ArgumentError(`${each.join('; ')}. Parameters: ${names.length ? names.join(', ') : 'none'}.`);
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const property = schema.properties[key]!;
    if ((value === '' || value === null) && !required.has(key)) continue;
    args[key] = coerce(value, property);
  }
  return args;
}

function coerce(value: unknown, property: PropertySchema): unknown {
  if (typeof value !== 'string') return value;
  const types = typesOf(property);
  if (types.includes('string')) {
    const choices = enumOf(property);
    const match = choices.find((c) => typeof c === 'string' && c.toLowerCase() === value.trim().toLowerCase());
    return match ?? value;
  }
  if ((types.includes('integer') || types.includes('number')) && NUMERIC.test(value)) return Number(value);
  if (types.includes('boolean') && /^\s*(true|false)\s*$/i.test(value)) return value.trim().toLowerCase() === 'true';
  return value;
}

/** A key as it may be shown: a hostile key (control characters, a long string) must not shape the message. */
const printableKey = (key: string) => (/^[\w.-]{1,60}$/.test(key) ? key : JSON.stringify(key.length > 60 ? `${key.slice(0, 60)}…` : key));

/** Zod's issues in a parameter's own words: "resource_group: required", not a type dump. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const where = issue.path.length ? issue.path.map(String).join('.') : 'arguments';
      const missing = issue.code === 'invalid_type' && issue.input === undefined;
      return `${where}: ${missing ? 'required' : issue.message}`;
    })
    .join('; ');
}
