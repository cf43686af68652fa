import { z } from 'zod';
import {
  InvalidArmIdError,
  nameProblem,
  NAME_RULES,
  parseArmScope,
  type ArmScope,
  type NameRule,
  type ScopeKind,
} from '../azure/arm-names.js';

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

/**
 * A string input replaced by what `parse` rebuilds from it, so what is shown for consent and what is sent are the
 * same string; an InvalidArmIdError from `parse` becomes the parameter's validation message.
 */
export function parsedInput<T>(parse: (value: string) => T) {
  return z
    .string()
    .trim()
    .transform((value, ctx) => {
      try {
        return parse(value);
      } catch (error) {
        if (!(error instanceof InvalidArmIdError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
        return z.NEVER;
      }
    });
}

/** A scope of one of `kinds`, parsed strictly. */
export function scopeOfKind(value: string, kinds: readonly ScopeKind[]): ArmScope {
  const scope = parseArmScope(value);
  if (!kinds.includes(scope.kind))
    throw new InvalidArmIdError(`'${scope.id}' is a ${scope.kind} scope; this parameter takes ${kinds.join(', ')} scopes.`);
  return scope;
}

/** A full ARM scope or id of one of `kinds`, parsed strictly and rebuilt. */
export const armScopeInput = (kinds: readonly ScopeKind[]) => parsedInput((value) => scopeOfKind(value, kinds).id);

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
