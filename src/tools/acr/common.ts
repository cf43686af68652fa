import { z } from 'zod';
import type { Registry } from '@azure/arm-containerregistry';
import type { NameRule } from '../../azure/arm-names.js';
import { UserFacingError } from '../../azure/errors.js';
import { nameInput, parseArmId } from '../arm-common.js';

// Inputs, rows and texts the Container Registry tools share.

/** Azure's rules for ACR names (Registries_CheckNameAvailability, Tasks_Create). */
export const ACR_NAME_RULES = {
  registry: { what: 'registry name', pattern: /^[a-zA-Z0-9]{5,50}$/, rule: '5-50 letters and digits (no hyphens or other characters)' },
  task: {
    what: 'task name',
    pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{4,49}$/,
    rule: '5-50 letters, digits, hyphens and underscores, starting with a letter or digit',
  },
  // The Docker distribution rule: lower-case path components separated by '/', each joined by '.', '_', '__' or '-'.
  repository: {
    what: 'repository name',
    pattern: /^(?=.{1,256}$)[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/,
    rule: 'lower-case letters and digits in path components separated by /, each joined by ., _, __ or -, at most 256 characters',
  },
} satisfies Record<string, NameRule>;

export const registryNameInput = nameInput(ACR_NAME_RULES.registry).describe('Container registry name (not its login server).');
export const taskNameInput = nameInput(ACR_NAME_RULES.task).describe('ACR task name.');

export const registryRow = z.object({
  name: z.string(),
  resourceGroup: z.string(),
  location: z.string(),
  sku: z.string().nullable().describe('Basic, Standard or Premium.'),
  loginServer: z.string().nullable().describe('As Azure reports it (properties.loginServer): the host to push to and pull from.'),
  adminUserEnabled: z.boolean(),
  publicNetworkAccess: z.string().nullable(),
  creationDate: z.string().nullable(),
  provisioningState: z.string().nullable(),
  id: z.string(),
});
export type RegistryRow = z.infer<typeof registryRow>;

export function registryToRow(registry: Registry): RegistryRow {
  return {
    name: registry.name ?? '',
    resourceGroup: parseArmId(registry.id).resourceGroup,
    location: registry.location,
    sku: registry.sku?.name ?? null,
    loginServer: registry.loginServer ?? null,
    adminUserEnabled: registry.adminUserEnabled === true,
    publicNetworkAccess: registry.publicNetworkAccess ?? null,
    creationDate: registry.creationDate ? registry.creationDate.toISOString() : null,
    provisioningState: registry.provisioningState ?? null,
    id: registry.id ?? '',
  };
}

/** "azopsdemoacr (rg-shared): azopsdemoacr.azurecr.io, Basic, admin user off, public access Enabled, eastus". */
export function registryLine(r: RegistryRow): string {
  return `${r.name} (resource group ${r.resourceGroup}): ${r.loginServer ?? 'no login server yet'}, ${r.sku ?? '?'}, admin user ${r.adminUserEnabled ? 'on' : 'off'}, public access ${r.publicNetworkAccess ?? '?'}, ${r.location}`;
}

/** A registry's login server, which the data plane needs; Azure sets it once the registry exists. */
export function loginServerOf(registry: Registry): string {
  if (!registry.loginServer)
    throw new UserFacingError(
      `Registry ${registry.name ?? ''} has no login server yet (provisioning state ${registry.provisioningState ?? 'unknown'}); try again when it has been created.`,
    );
  return registry.loginServer;
}

/** Network rules (firewall) are a Premium feature: the clear error for the others. */
export function requirePremium(registry: Registry, what: string): void {
  const sku = registry.sku?.name ?? 'unknown';
  if (sku.toLowerCase() === 'premium') return;
  throw new UserFacingError(
    `${what} needs the Premium SKU: network rules (the registry firewall) exist only there, and ${registry.name ?? 'this registry'} is ${sku}. Its public network access is ${registry.publicNetworkAccess ?? 'unknown'}; to restrict access, move it to Premium first.`,
  );
}

export const PREFER_IDENTITY =
  'Prefer a managed identity with the AcrPull role (webapp_grant_cr_access) over the admin user: it needs no password to store or rotate.';
