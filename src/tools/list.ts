import { z } from 'zod';

/** Bounded list output shared by every list tool: the rows shown, how many exist, and how to get more. */
export const limitInput = (byDefault = 50) =>
  z.number().int().min(1).max(1000).default(byDefault).describe(`Maximum number of rows to return (1-1000, default ${byDefault}).`);

export function listOutput<R extends z.ZodType>(row: R) {
  return z.object({
    // Plain numbers: .int() would add ±2^53 bounds to every list tool's schema in tools/list.
    total: z.number().describe('How many rows exist in all (with `more`, how many were read).'),
    shown: z.number().describe('How many rows are in `items`.'),
    more: z.boolean().optional().describe('True when more rows exist than were read: reading stopped at limit.'),
    items: z.array(row),
    hint: z.string().optional().describe('How to narrow the list or get more, when rows were left out.'),
  });
}

export interface BoundedList<T> {
  total: number;
  shown: number;
  more?: boolean;
  items: T[];
  hint?: string;
}

/** The rows of a list read only as far as the tool shows it; `more` when at least one row lies beyond. */
export interface FirstRows<T> {
  rows: T[];
  more: boolean;
}

/**
 * Reads an Azure list only as far as it will be shown: `limit` rows, plus one to learn that more exist. Paging
 * stops there (leaving the loop ends the SDK's pager), so a group of 100,000 resources costs one page, not a
 * hundred. For lists sorted or filtered here, read everything instead: their first rows are not Azure's.
 */
export async function firstRows<S, T>(source: AsyncIterable<S>, limit: number, toRow: (item: S) => T): Promise<FirstRows<T>> {
  const rows: T[] = [];
  for await (const item of source) {
    if (rows.length === limit) return { rows, more: true };
    rows.push(toRow(item));
  }
  return { rows, more: false };
}

/** A list read with firstRows: the total is what was read, and `more` says the list goes on. */
export function boundedFirst<T>({ rows, more }: FirstRows<T>, howToNarrow: string | undefined): BoundedList<T> {
  if (!more) return { total: rows.length, shown: rows.length, items: rows };
  const hint = `Showing the first ${rows.length}; more exist. Raise limit (up to 1000)${howToNarrow ? ` or ${howToNarrow}` : ''}.`;
  return { total: rows.length, shown: rows.length, more: true, items: rows, hint };
}

/**
 * `total` is given when the caller counted more rows than it kept (large lists are not held in memory).
 * `howToNarrow` names an input or tool that really narrows the list; leave it out when none does.
 */
export function bounded<T>(rows: T[], limit: number, howToNarrow: string | undefined, total = rows.length): BoundedList<T> {
  const items = rows.slice(0, limit);
  const hint =
    total > items.length
      ? `Showing ${items.length} of ${total}. Raise limit (up to 1000)${howToNarrow ? ` or ${howToNarrow}` : ''}.`
      : undefined;
  return { total, shown: items.length, items, ...(hint ? { hint } : {}) };
}

/**
 * Every list tool's text, in one form: "VMs in rg-web (3):", one compact line per row, then the hint; and
 * "No VMs in rg-web." when there is nothing. `what` is the plural in running text ("storage accounts"),
 * `where` the rest of the phrase ("in subscription <id>"), empty when nothing more needs saying. Each line
 * must carry the identifier the row's follow-up tool takes (a test checks it for every list tool).
 */
export function listText<T>(what: string, where: string, list: BoundedList<T>, line: (row: T) => string): string {
  const place = where ? ` ${where}` : '';
  if (list.total === 0) return `No ${what}${place}.`;
  const count = list.more ? `first ${list.shown}` : String(list.total);
  const lines = [`${what.charAt(0).toUpperCase()}${what.slice(1)}${place} (${count}):`, ...list.items.map((row) => `- ${line(row)}`)];
  if (list.hint) lines.push(list.hint);
  return lines.join('\n');
}

/** ", provisioning Failed" for a row whose provisioning state is anything but Succeeded; "" otherwise. */
export function provisioningNote(state: string | null | undefined): string {
  return state && state.toLowerCase() !== 'succeeded' ? `, provisioning ${state}` : '';
}
