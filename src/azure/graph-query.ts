// Building Microsoft Graph URLs: every path segment encoded, every OData string literal quoted with its quotes
// doubled, every query option set through URLSearchParams. Nothing a caller typed is spliced into a URL as is.

/** An OData string literal: `'O''Brien'` for O'Brien. */
export function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `/users/{id}`: each segment percent-encoded, so a `/`, `?`, `#` or `..` in a value stays inside its segment. */
export function graphPath(...segments: string[]): string {
  return segments.map((segment) => `/${encodeURIComponent(segment)}`).join('');
}

/**
 * The path of one user by object id or userPrincipalName. Graph reads `/users/$x@contoso.com` as a system
 * query option, so a UPN that starts with `$` takes the key form `/users('$x@contoso.com')`, as Graph documents.
 */
export function userPath(idOrUpn: string): string {
  return idOrUpn.startsWith('$') ? `/users(${encodeURIComponent(odataString(idOrUpn))})` : graphPath('users', idOrUpn);
}

// String literals removed, so an operator word inside a name does not count.
const withoutLiterals = (filter: string): string => filter.replace(/'(?:[^']|'')*'?/g, "''");

/**
 * True when a filter is OData rather than plain text: every OData filter compares a property with a literal
 * (`eq 'x'`, `ne 5`, `eq false`, `in ('a','b')`) or calls a function. "Megan", "Sean O'Brien", "Bread and
 * Butter", "Jean le Blanc" and "Megan (Contractor)" are plain text; "accountEnabled eq false" and
 * "startswith(displayName,'M')" are OData.
 */
export function isODataFilter(filter: string): boolean {
  return (
    /\s(eq|ne|gt|ge|lt|le)\s+('|-?\d|true\b|false\b|null\b)/i.test(filter) ||
    /\sin\s*\(/i.test(filter) ||
    /\b(startswith|endswith|contains|any|all)\s*\(/i.test(withoutLiterals(filter))
  );
}

/** The filter for plain text: a display-name prefix search, quotes escaped. */
export function displayNamePrefixFilter(text: string): string {
  return `startswith(displayName,${odataString(text)})`;
}

/**
 * Operators Graph accepts on directory objects only as an "advanced query" (ConsistencyLevel: eventual plus
 * $count=true): ne, not, endsWith, and counting a relationship (`memberOf/$count`).
 */
export function needsAdvancedQuery(filter: string): boolean {
  const bare = withoutLiterals(filter);
  return /\b(ne|not)\b/i.test(bare) || /\bendswith\s*\(/i.test(bare) || /\/\$count\b/i.test(bare);
}
