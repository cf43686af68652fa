import { z } from 'zod';

/** Bounded list output shared by every list tool: the rows shown, how many exist, and how to get more. */
export const limitInput = (byDefault = 50) =>
  z.number().int().min(1).max(1000).default(byDefault).describe(`Maximum number of rows to return (1-1000, default ${byDefault}).`);

export function listOutput<R extends z.ZodType>(row: R) {
  return z.object({
    // Plain numbers: .int() would add ±2^53 bounds to every list tool's schema in tools/list.
    total: z.number().describe('How many rows exist in all.'),
    shown: z.number().describe('How many rows are in `items`.'),
    items: z.array(row),
    hint: z.string().optional().describe('How to narrow the list or get more, when rows were left out.'),
  });
}

export interface BoundedList<T> {
  total: number;
  shown: number;
  items: T[];
  hint?: string;
}

/** `total` is given when the caller counted more rows than it kept (large lists are not held in memory). */
export function bounded<T>(rows: T[], limit: number, howToNarrow: string, total = rows.length): BoundedList<T> {
  const items = rows.slice(0, limit);
  const hint = total > items.length ? `Showing ${items.length} of ${total}. Raise limit (up to 1000) or ${howToNarrow}.` : undefined;
  return { total, shown: items.length, items, ...(hint ? { hint } : {}) };
}

/** One compact line per row, then the hint. */
export function listText<T>(heading: string, list: BoundedList<T>, line: (row: T) => string): string {
  const lines = [`${heading} (${list.total}):`, ...list.items.map((row) => `- ${line(row)}`)];
  if (list.hint) lines.push(list.hint);
  return lines.join('\n');
}
