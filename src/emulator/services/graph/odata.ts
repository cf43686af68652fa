// The OData `$filter` subset Microsoft Graph supports on directory objects: eq/ne/gt/ge/lt/le,
// startswith/endswith, and/or/not, parentheses and `collection/any(x: ...)`. String comparisons
// ignore case, as the directory does. Parsing marks "advanced" operators (ne, not, endswith), which
// Graph accepts only with `ConsistencyLevel: eventual` and `$count=true`.

export type Literal = string | number | boolean | null;

export type FilterNode =
  | { type: 'compare'; op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; path: string; value: Literal }
  | { type: 'function'; name: 'startswith' | 'endswith'; path: string; value: string }
  | { type: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { type: 'not'; operand: FilterNode }
  | { type: 'any'; path: string; variable: string; predicate: FilterNode };

export interface ParsedFilter {
  root: FilterNode;
  /** The first operator that needs an advanced query, if any ('ne', 'not', 'endsWith'). */
  advancedOperator: string | undefined;
  /** Top-level property names used (lambda variables excluded). */
  properties: string[];
}

export class FilterSyntaxError extends Error {}

type Token =
  | { kind: 'string'; value: string }
  | { kind: 'word'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'punct'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new FilterSyntaxError('unterminated string literal');
        if (text[i] === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
          continue;
        }
        if (text[i] === "'") {
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ kind: 'string', value });
    } else if ('(),:'.includes(ch)) {
      tokens.push({ kind: 'punct', value: ch });
      i++;
    } else {
      const match = /^[A-Za-z0-9_.\-/@+$]+/.exec(text.slice(i));
      if (!match) throw new FilterSyntaxError(`unexpected character '${ch}'`);
      const word = match[0];
      i += word.length;
      if (/^-?\d+(\.\d+)?$/.test(word)) tokens.push({ kind: 'number', value: Number(word) });
      else tokens.push({ kind: 'word', value: word });
    }
  }
  return tokens;
}

export function parseFilter(text: string): ParsedFilter {
  const tokens = tokenize(text);
  let pos = 0;
  let advancedOperator: string | undefined;
  const properties = new Set<string>();
  const variables: string[] = [];
  const peek = (): Token | undefined => tokens[pos];
  const isWord = (word: string): boolean => peek()?.kind === 'word' && (peek()?.value as string).toLowerCase() === word;
  const expectPunct = (value: string): void => {
    const token = tokens[pos++];
    if (token?.kind !== 'punct' || token.value !== value) throw new FilterSyntaxError(`expected '${value}'`);
  };
  const path = (): string => {
    const token = tokens[pos++];
    if (token?.kind !== 'word') throw new FilterSyntaxError('expected a property name');
    const head = token.value.split('/')[0] as string;
    if (!variables.includes(head)) properties.add(head);
    return token.value;
  };
  const literal = (): Literal => {
    const token = tokens[pos++];
    if (!token) throw new FilterSyntaxError('expected a value');
    if (token.kind === 'string' || token.kind === 'number') return token.value;
    if (token.kind === 'word') {
      const word = token.value.toLowerCase();
      if (word === 'true' || word === 'false') return word === 'true';
      if (word === 'null') return null;
      if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(token.value)) return token.value;
    }
    throw new FilterSyntaxError(`'${token.value}' is not a literal`);
  };
  const primary = (): FilterNode => {
    if (peek()?.kind === 'punct' && peek()?.value === '(') {
      pos++;
      const inner = orExpr();
      expectPunct(')');
      return inner;
    }
    const head = peek();
    if (head?.kind === 'word' && ['startswith', 'endswith'].includes(head.value.toLowerCase()) && tokens[pos + 1]?.value === '(') {
      const name = head.value.toLowerCase() as 'startswith' | 'endswith';
      if (name === 'endswith') advancedOperator ??= 'endsWith';
      pos += 2;
      const target = path();
      expectPunct(',');
      const value = literal();
      expectPunct(')');
      if (typeof value !== 'string') throw new FilterSyntaxError(`${name} needs a string`);
      return { type: 'function', name, path: target, value };
    }
    const target = path();
    if (/\/any$/i.test(target) && peek()?.value === '(') {
      pos++;
      const variableToken = tokens[pos++];
      if (variableToken?.kind !== 'word') throw new FilterSyntaxError('expected a lambda variable');
      expectPunct(':');
      variables.push(variableToken.value);
      const predicate = orExpr();
      variables.pop();
      expectPunct(')');
      return { type: 'any', path: target.slice(0, -4), variable: variableToken.value, predicate };
    }
    const opToken = tokens[pos++];
    const op = opToken?.kind === 'word' ? opToken.value.toLowerCase() : '';
    if (!['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op)) throw new FilterSyntaxError(`expected an operator after '${target}'`);
    if (op === 'ne') advancedOperator ??= 'ne';
    return { type: 'compare', op: op as 'eq', path: target, value: literal() };
  };
  const unary = (): FilterNode => {
    if (isWord('not')) {
      pos++;
      advancedOperator ??= 'not';
      return { type: 'not', operand: unary() };
    }
    return primary();
  };
  const andExpr = (): FilterNode => {
    let left = unary();
    while (isWord('and')) {
      pos++;
      left = { type: 'and', left, right: unary() };
    }
    return left;
  };
  const orExpr = (): FilterNode => {
    let left = andExpr();
    while (isWord('or')) {
      pos++;
      left = { type: 'or', left, right: andExpr() };
    }
    return left;
  };
  const root = orExpr();
  if (pos < tokens.length) throw new FilterSyntaxError(`unexpected '${String(tokens[pos]?.value)}'`);
  return { root, advancedOperator, properties: [...properties] };
}

/** Evaluates a parsed filter against a Graph-shaped object. */
export function matchesFilter(node: FilterNode, item: Record<string, unknown>, scope: Record<string, unknown> = {}): boolean {
  switch (node.type) {
    case 'and':
      return matchesFilter(node.left, item, scope) && matchesFilter(node.right, item, scope);
    case 'or':
      return matchesFilter(node.left, item, scope) || matchesFilter(node.right, item, scope);
    case 'not':
      return !matchesFilter(node.operand, item, scope);
    case 'function': {
      const actual = resolve(node.path, item, scope);
      if (typeof actual !== 'string') return false;
      const [a, b] = [actual.toLowerCase(), node.value.toLowerCase()];
      return node.name === 'startswith' ? a.startsWith(b) : a.endsWith(b);
    }
    case 'any': {
      const collection = resolve(node.path, item, scope);
      return (
        Array.isArray(collection) &&
        collection.some((element) => matchesFilter(node.predicate, item, { ...scope, [node.variable]: element }))
      );
    }
    case 'compare':
      return compare(resolve(node.path, item, scope), node.op, node.value);
  }
}

function resolve(path: string, item: Record<string, unknown>, scope: Record<string, unknown>): unknown {
  const [head, ...rest] = path.split('/');
  let value: unknown = head !== undefined && head in scope ? scope[head] : item[head ?? ''];
  for (const part of rest) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

function compare(actual: unknown, op: string, expected: Literal): boolean {
  const norm = (value: unknown): unknown => (typeof value === 'string' ? value.toLowerCase() : (value ?? null));
  const [a, b] = [norm(actual), norm(expected)];
  if (op === 'eq') return a === b;
  if (op === 'ne') return a !== b;
  if (a === null || b === null || typeof a !== typeof b) return false;
  const [x, y] = [a as string | number, b as string | number];
  return op === 'gt' ? x > y : op === 'ge' ? x >= y : op === 'lt' ? x < y : x <= y;
}
