import { GUID_PATTERN } from '../util/guid.js';

/**
 * Azure's naming rules for the names that go into a request path, and a strict parser for ARM ids and
 * scopes. A value that passes is safe to place in a URL path: no `/`, `?`, `#`, `%`, `\`, whitespace,
 * control characters or dot-only segments can get through, so a name can never reach another resource.
 */
export interface NameRule {
  /** "resource group name", for messages. */
  what: string;
  pattern: RegExp;
  /** Azure's rule in words, for the error a user reads. */
  rule: string;
}

// \p{L}\p{N}: Azure allows Unicode letters and digits where its rules say "alphanumerics" for these types.
export const NAME_RULES = {
  resourceGroup: {
    what: 'resource group name',
    pattern: /^(?=.{1,90}$)[\p{L}\p{N}_.()-]*[\p{L}\p{N}_()-]$/u,
    rule: '1-90 letters, digits, underscores, hyphens, periods and parentheses, not ending in a period',
  },
  virtualMachine: {
    what: 'VM name',
    pattern: /^(?=.{1,64}$)[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$/,
    rule: '1-64 letters, digits, underscores, hyphens and periods, starting with a letter, digit or underscore, not ending in a period or hyphen',
  },
  scaleSet: {
    what: 'scale set name',
    pattern: /^(?=.{1,64}$)[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$/,
    rule: '1-64 letters, digits, underscores, hyphens and periods, starting with a letter, digit or underscore, not ending in a period or hyphen',
  },
  storageAccount: {
    what: 'storage account name',
    pattern: /^[a-z0-9]{3,24}$/,
    rule: '3-24 lowercase letters and digits',
  },
  managementGroup: {
    what: 'management group name',
    pattern: /^(?=.{1,90}$)[\p{L}\p{N}_.()-]*[\p{L}\p{N}_()-]$/u,
    rule: '1-90 letters, digits, underscores, hyphens, periods and parentheses, not ending in a period',
  },
} satisfies Record<string, NameRule>;

/** Why `name` breaks `rule`, or undefined when it is a valid name. */
export function nameProblem(name: string, rule: NameRule): string | undefined {
  if (rule.pattern.test(name)) return undefined;
  return `'${printable(name)}' is not a valid ${rule.what}: Azure allows ${rule.rule}.`;
}

/** The value as it may be shown in a message: control and invisible characters escaped, long values cut. */
export function printable(value: string): string {
  const shown = value.length > 120 ? `${value.slice(0, 120)}…` : value;
  return shown.replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

export class InvalidArmIdError extends Error {
  override name = 'InvalidArmIdError';
}

export type ScopeKind = 'root' | 'managementGroup' | 'subscription' | 'resourceGroup' | 'resource';

export interface ArmScope {
  kind: ScopeKind;
  /** Rebuilt from the parsed parts, with ARM's keywords in their canonical case. */
  id: string;
  subscriptionId?: string;
  resourceGroup?: string;
  managementGroup?: string;
  /** For a resource: its provider namespace and the type/name pairs below it. */
  provider?: { namespace: string; types: [type: string, name: string][] };
}

const NAMESPACE = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/;
const RESOURCE_TYPE = /^[A-Za-z][A-Za-z0-9]*$/;
// A generic resource name: what every resource type allows at most, and nothing that can change the path.
const RESOURCE_NAME = /^[\p{L}\p{N}_.()~-]{1,260}$/u;

const fail = (raw: string, why: string): never => {
  throw new InvalidArmIdError(`'${printable(raw)}' is not a valid Azure scope: ${why}`);
};

function checkedName(raw: string, value: string, rule: NameRule): string {
  const problem = nameProblem(value, rule);
  if (problem) fail(raw, problem);
  return value;
}

/**
 * Parses an ARM scope strictly: `/`, a management group, a subscription, a resource group, or a resource
 * (nested types allowed) under a subscription or resource group. Anything else, including query strings,
 * fragments, percent-encoding, empty or dot segments and extension resources, is refused.
 */
export function parseArmScope(raw: string): ArmScope {
  if (raw === '/') return { kind: 'root', id: '/' };
  if (!raw.startsWith('/')) fail(raw, 'it must start with /subscriptions/, /providers/Microsoft.Management/managementGroups/ or be /.');
  const bad = /[?#%\\\s\p{Cc}\p{Cf}]/u.exec(raw);
  if (bad) fail(raw, `it contains '${printable(bad[0])}', which no Azure id contains.`);
  const segments = raw.slice(1).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) fail(raw, 'it has an empty, "." or ".." segment.');
  const [first, second, third, fourth, ...rest] = segments;
  const lower = segments.map((s) => s.toLowerCase());

  if (lower[0] === 'providers') {
    if (lower[1] !== 'microsoft.management' || lower[2] !== 'managementgroups' || segments.length !== 4) {
      fail(raw, 'at tenant level only /providers/Microsoft.Management/managementGroups/<name> is a scope.');
    }
    const name = checkedName(raw, fourth!, NAME_RULES.managementGroup);
    return { kind: 'managementGroup', id: `/providers/Microsoft.Management/managementGroups/${name}`, managementGroup: name };
  }
  if (lower[0] !== 'subscriptions' || second === undefined) fail(raw, `expected /subscriptions/<subscription id>, found /${first ?? ''}.`);
  if (!GUID_PATTERN.test(second!)) fail(raw, `'${printable(second!)}' is not a subscription id (a GUID).`);
  const subscriptionId = second!.toLowerCase();
  let id = `/subscriptions/${subscriptionId}`;
  if (third === undefined) return { kind: 'subscription', id, subscriptionId };

  let resourceGroup: string | undefined;
  let providerAt = 2;
  if (lower[2] === 'resourcegroups') {
    if (fourth === undefined) fail(raw, 'resourceGroups must be followed by a resource group name.');
    resourceGroup = checkedName(raw, fourth!, NAME_RULES.resourceGroup);
    id += `/resourceGroups/${resourceGroup}`;
    if (!rest.length) return { kind: 'resourceGroup', id, subscriptionId, resourceGroup };
    providerAt = 4;
  }
  if (lower[providerAt] !== 'providers') fail(raw, `expected 'providers' after ${id}, found '${printable(segments[providerAt]!)}'.`);
  const [namespace, ...pairs] = segments.slice(providerAt + 1);
  if (!namespace || !NAMESPACE.test(namespace))
    fail(raw, `'${printable(namespace ?? '')}' is not a resource provider namespace (like Microsoft.Compute).`);
  if (!pairs.length || pairs.length % 2 !== 0)
    fail(raw, 'a resource id names each type with a name after it (…/providers/<namespace>/<type>/<name>).');
  const types: [string, string][] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const [type, name] = [pairs[i]!, pairs[i + 1]!];
    if (type.toLowerCase() === 'providers') fail(raw, 'extension resources (a second /providers/) are not accepted here.');
    if (!RESOURCE_TYPE.test(type)) fail(raw, `'${printable(type)}' is not a resource type.`);
    if (!RESOURCE_NAME.test(name)) fail(raw, `'${printable(name)}' is not a valid resource name.`);
    types.push([type, name]);
  }
  id += `/providers/${namespace}/${types.flat().join('/')}`;
  return { kind: 'resource', id, subscriptionId, ...(resourceGroup ? { resourceGroup } : {}), provider: { namespace: namespace!, types } };
}

export interface RoleAssignmentId {
  /** Rebuilt full id. */
  id: string;
  scope: ArmScope;
  /** The assignment's GUID. */
  name: string;
}

/** A full role assignment id: a strict scope, then /providers/Microsoft.Authorization/roleAssignments/<guid>. */
export function parseRoleAssignmentId(raw: string): RoleAssignmentId {
  const match = /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignments\/([^/]*)$/i.exec(raw);
  if (!match)
    throw new InvalidArmIdError(
      `'${printable(raw)}' is not a role assignment id: it must end in /providers/Microsoft.Authorization/roleAssignments/<guid>.`,
    );
  const [, scopePart, name] = match as unknown as [string, string, string];
  if (!GUID_PATTERN.test(name)) throw new InvalidArmIdError(`'${printable(name)}' is not a role assignment name (a GUID).`);
  const scope = parseArmScope(scopePart === '' ? '/' : scopePart);
  const prefix = scope.id === '/' ? '' : scope.id;
  return { id: `${prefix}/providers/Microsoft.Authorization/roleAssignments/${name.toLowerCase()}`, scope, name: name.toLowerCase() };
}
