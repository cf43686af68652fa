import { z } from 'zod';
import { GUID_PATTERN } from '../../util/guid.js';
import { displayNamePrefixFilter, isODataFilter, needsAdvancedQuery } from '../../azure/graph-query.js';
import type { GraphList, GraphNeed } from '../../azure/graph.js';

// Inputs and wording the Entra ID tools share.

/**
 * Entra's userPrincipalName rule: `alias@domain`, the alias up to 64 of A-Z a-z 0-9 ' . - _ ! # ^ ~ (and a
 * leading `$`, which Graph addresses in key form), the domain a DNS name; 113 characters at most.
 */
const UPN = /^\$?[A-Za-z0-9'\-_!#^~]+(\.[A-Za-z0-9'\-_!#^~]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export function upnProblem(value: string): string | undefined {
  if (value.length > 113) return 'A userPrincipalName has at most 113 characters.';
  if ((value.split('@')[0] ?? '').length > 64) return 'The part of a userPrincipalName before @ has at most 64 characters.';
  if (!UPN.test(value))
    return `'${value}' is not a userPrincipalName (alias@verified.domain; the alias may use A-Z a-z 0-9 ' . - _ ! # ^ ~).`;
  return undefined;
}

/** An object id (GUID) or a userPrincipalName, checked before it goes into a URL path. */
export function userKeyProblem(value: string): string | undefined {
  if (GUID_PATTERN.test(value)) return undefined;
  if (!value.includes('@')) return `'${value}' is neither an object id (GUID) nor a userPrincipalName (alias@domain).`;
  return upnProblem(value);
}

const checked = (problem: (value: string) => string | undefined) =>
  z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const found = problem(value);
      if (found) ctx.addIssue({ code: 'custom', message: found });
    });

export const upnInput = () => checked(upnProblem);
export const userKeyInput = () => checked(userKeyProblem);

export const filterInput = (what: string) =>
  z
    .string()
    .trim()
    .max(2000)
    .optional()
    .describe(
      `OData $filter for ${what}, sent as a query parameter (e.g. "startswith(displayName,'Web')"; double a ' inside a quoted value). Plain text without an operator is a display-name prefix search: "Megan" finds "Megan Bowen". Filters with ne, not or endsWith are sent as Graph advanced queries (ConsistencyLevel: eventual).`,
    );

export const topInput = () =>
  z.number().int().min(1).max(999).default(50).describe('Maximum number of results (1-999, default 50); Graph is read in pages of 100.');

/** How a tool's `filter` becomes Graph query options. */
export interface FilterPlan {
  $filter?: string;
  eventual: boolean;
  /** Said in the result, so the user knows how the text was read. */
  note?: string;
}

export function planFilter(filter: string | undefined): FilterPlan {
  if (!filter) return { eventual: false };
  if (!isODataFilter(filter)) {
    return { $filter: displayNamePrefixFilter(filter), eventual: false, note: `display name starting with "${filter}"` };
  }
  return { $filter: filter, eventual: needsAdvancedQuery(filter), note: `filter ${filter}` };
}

/** Graph's answer cut to the list tools' shape. */
export const entraListOutput = <R extends z.ZodType>(row: R) =>
  z.object({
    shown: z.number().describe('How many results are in `items`.'),
    total: z.number().nullable().describe('How many match in all, when Graph counted them; null when unknown.'),
    more: z.boolean().describe('True when more match than were returned.'),
    items: z.array(row),
    hint: z.string().optional().describe('How to get the rest, when results were left out.'),
  });

export interface EntraList<T> {
  shown: number;
  total: number | null;
  more: boolean;
  items: T[];
  hint?: string;
}

export function entraList<T>(list: GraphList<unknown>, items: T[], count: number | undefined, narrow: string): EntraList<T> {
  const total = count ?? (list.more ? null : items.length);
  const hint = list.more
    ? `Showing ${items.length} of ${total ?? 'more'}. Raise top (up to 999) or narrow with filter (${narrow}).`
    : undefined;
  return { shown: items.length, total, more: list.more, items, ...(hint ? { hint } : {}) };
}

/** "Users matching display name starting with "Meg" (2):", one line per row, then the hint. */
export function entraListText<T>(what: string, plan: FilterPlan, list: EntraList<T>, line: (row: T) => string): string {
  const where = plan.note ? ` matching ${plan.note}` : '';
  if (list.shown === 0) return `No ${what}${where}.`;
  const count = list.more ? `${list.shown} shown of ${list.total ?? 'more'}` : String(list.shown);
  const lines = [`${what.charAt(0).toUpperCase()}${what.slice(1)}${where} (${count}):`, ...list.items.map((row) => `- ${line(row)}`)];
  if (list.hint) lines.push(list.hint);
  return lines.join('\n');
}

/** The permission and role each operation needs, named in a 403. */
export const NEEDS = {
  listUsers: { what: 'list users', permission: 'User.Read.All', role: 'Directory Readers' },
  readUser: {
    what: 'read the user',
    permission: 'User.Read.All',
    role: 'Directory Readers',
    notFound: 'Check the object id or userPrincipalName; aad_list_users finds users by name.',
  },
  createUser: {
    what: 'create the user',
    permission: 'User.ReadWrite.All',
    role: 'User Administrator',
    badRequest:
      "Entra's default password policy: 8-256 characters with three of lower case, upper case, digits and symbols; leave password out to have a strong temporary one generated. The UPN's domain must be a verified domain of the tenant (aad_verify_tenant lists them).",
  },
  deleteUser: { what: 'delete the user', permission: 'User.ReadWrite.All', role: 'User Administrator' },
  listApplications: { what: 'list applications', permission: 'Application.Read.All', role: 'Directory Readers' },
  createApplication: { what: 'create the application', permission: 'Application.ReadWrite.OwnedBy', role: 'Application Developer' },
  listGroups: { what: 'list groups', permission: 'GroupMember.Read.All', role: 'Directory Readers' },
  readOrganization: { what: 'read the tenant (organization)', permission: 'Organization.Read.All', role: 'Directory Readers' },
} satisfies Record<string, GraphNeed>;
