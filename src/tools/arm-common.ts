import { z } from 'zod';
import { InvalidArmIdError, nameProblem, NAME_RULES, parseArmScope, type NameRule, type ScopeKind } from '../azure/arm-names.js';

// Input fields and formatting shared by the Azure Resource Manager tools.

/** A name that goes into a request path, checked against Azure's rule for its type before anything is sent. */
export function nameInput(rule: NameRule) {
  return z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const problem = nameProblem(value, rule);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/** Why `value` is not a valid scope of one of `kinds`, or undefined when it is. */
export function scopeProblem(value: string, kinds: readonly ScopeKind[]): string | undefined {
  try {
    const scope = parseArmScope(value);
    return kinds.includes(scope.kind)
      ? undefined
      : `'${scope.id}' is a ${scope.kind} scope; this parameter takes ${kinds.join(', ')} scopes.`;
  } catch (error) {
    if (error instanceof InvalidArmIdError) return error.message;
    throw error;
  }
}

/**
 * A full ARM scope or id, parsed strictly and replaced by its rebuilt form, so what is shown for consent and
 * what is sent are the same string. `kinds` lists the scope kinds the parameter accepts.
 */
export function armScopeInput(kinds: readonly ScopeKind[]) {
  return z
    .string()
    .trim()
    .transform((value, ctx) => {
      const problem = scopeProblem(value, kinds);
      if (!problem) return parseArmScope(value).id;
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    });
}

export const noWaitInput = () =>
  z
    .boolean()
    .default(false)
    .describe('Return as soon as Azure accepts the request instead of waiting for it to finish (like az --no-wait).');

export const resourceGroupInput = nameInput(NAME_RULES.resourceGroup).describe('Resource group name.');
export const optionalResourceGroupInput = nameInput(NAME_RULES.resourceGroup)
  .optional()
  .describe('Resource group name; omit for the whole subscription.');

export const tagsText = (tags: Record<string, string> | undefined): string => {
  const entries = Object.entries(tags ?? {});
  return entries.length ? ` [${entries.map(([k, v]) => `${k}=${v}`).join(', ')}]` : '';
};

/** The scope part of an ARM id that names a child under /providers/{namespace}/{type}/{name}. */
export function scopeOf(id: string, providerSegment: string): string {
  const index = id.toLowerCase().lastIndexOf(`/providers/${providerSegment.toLowerCase()}/`);
  return index > 0 ? id.slice(0, index) : index === 0 ? '/' : id;
}

export const subscriptionScope = (subscriptionId: string) => `/subscriptions/${subscriptionId}`;
export const resourceGroupScope = (subscriptionId: string, resourceGroup: string) =>
  `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;

/** The resource group and last name segment of an ARM resource id ('' when absent). */
export function parseArmId(id: string | undefined): { resourceGroup: string; name: string } {
  const value = id ?? '';
  return { resourceGroup: /\/resourceGroups\/([^/]+)/i.exec(value)?.[1] ?? '', name: value.split('/').filter(Boolean).pop() ?? '' };
}
