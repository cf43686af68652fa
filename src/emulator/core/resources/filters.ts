// The OData subset ARM accepts in $filter on resource and resource-group lists:
// resourceType/name/location/resourceGroup eq, substringof('x', name), tagName eq [and tagValue eq],
// clauses joined with `and`, alternatives with `or`; and $top, which sets the page size.
import type { ArmContext } from '../arm.js';
import { armError } from '../errors.js';
import type { EmulatorResponse } from '../types.js';
import type { ArmErrorInfo, StoredResource } from './model.js';

export interface FilterSubject {
  name: string;
  location?: string;
  tags?: Record<string, string>;
  type?: string;
  resourceGroup?: string;
}

export interface FilterClause {
  test(subject: FilterSubject): boolean;
}

const invalid = (filter: string): ArmErrorInfo => ({
  status: 400,
  code: 'InvalidFilterInQueryString',
  message: `The filter '${filter}' is not supported. Supported: resourceType eq '...', name eq '...', location eq '...', resourceGroup eq '...', substringof('...', name), tagName eq '...' [and tagValue eq '...'], joined with 'and' / 'or'.`,
});

function predicate(part: string): ((subject: FilterSubject) => boolean) | { tagName?: string; tagValue?: string } | undefined {
  const substring = /^substringof\(\s*'([^']*)'\s*,\s*name\s*\)$/i.exec(part);
  if (substring) return (subject) => subject.name.toLowerCase().includes((substring[1] as string).toLowerCase());
  const eq = /^(\w+)\s+eq\s+'([^']*)'$/i.exec(part);
  if (!eq) return undefined;
  const field = (eq[1] as string).toLowerCase();
  const value = (eq[2] as string).toLowerCase();
  switch (field) {
    case 'resourcetype':
      return (subject) => subject.type?.toLowerCase() === value;
    case 'name':
      return (subject) => subject.name.toLowerCase() === value;
    case 'location':
      return (subject) => subject.location?.toLowerCase() === value;
    case 'resourcegroup':
      return (subject) => subject.resourceGroup?.toLowerCase() === value;
    case 'tagname':
      return { tagName: value };
    case 'tagvalue':
      return { tagValue: value };
    default:
      return undefined;
  }
}

function tagTest(tagName: string, tagValue: string | undefined): (subject: FilterSubject) => boolean {
  return (subject) =>
    Object.entries(subject.tags ?? {}).some(
      ([name, value]) => name.toLowerCase() === tagName && (tagValue === undefined || value.toLowerCase() === tagValue),
    );
}

export function parseResourceFilter(filter: string | null): FilterClause[] | ArmErrorInfo {
  if (!filter || filter.trim() === '') return [];
  const clauses: FilterClause[] = [];
  let tagName: string | undefined;
  let tagValue: string | undefined;
  for (const conjunct of filter.trim().split(/\s+and\s+/i)) {
    const alternatives: ((subject: FilterSubject) => boolean)[] = [];
    for (const part of conjunct.replace(/^\(|\)$/g, '').split(/\s+or\s+/i)) {
      const parsed = predicate(part.trim());
      if (parsed === undefined) return invalid(filter);
      if (typeof parsed === 'function') alternatives.push(parsed);
      else if (parsed.tagName !== undefined) tagName = parsed.tagName;
      else tagValue = parsed.tagValue;
    }
    if (alternatives.length > 0) clauses.push({ test: (subject) => alternatives.some((test) => test(subject)) });
  }
  if (tagValue !== undefined && tagName === undefined) return invalid(filter);
  if (tagName !== undefined) clauses.push({ test: tagTest(tagName, tagValue) });
  return clauses;
}

export function filterResources(resources: StoredResource[], clauses: FilterClause[]): StoredResource[] {
  if (clauses.length === 0) return resources;
  return resources.filter((resource) => {
    const subject: FilterSubject = {
      name: resource.name,
      type: resource.type,
      resourceGroup: resource.path.resourceGroup,
      ...(resource.location ? { location: resource.location } : {}),
      ...(resource.tags ? { tags: resource.tags } : {}),
    };
    return clauses.every((clause) => clause.test(subject));
  });
}

/** `$top`: the page size ARM uses for this list (it still returns a nextLink for the rest). */
export function topOf(ctx: ArmContext): number | EmulatorResponse {
  const raw = ctx.url.searchParams.get('$top');
  if (raw === null) return ctx.options.pageSize;
  const top = Number(raw);
  if (!Number.isInteger(top) || top < 1)
    return armError(
      400,
      'InvalidTopParameter',
      `The value '${raw}' of the $top query parameter is invalid. It must be a positive integer.`,
    );
  return Math.min(top, 1000);
}
