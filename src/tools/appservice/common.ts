import { z } from 'zod';
import type { AppServicePlan, ManagedServiceIdentity, Site, SiteConfig, WebSiteManagementClient } from '@azure/arm-appservice';
import { nameInput, parseArmId, parsedInput } from '../arm-common.js';
import { InvalidArmIdError, nameProblem, parseArmScope, type NameRule } from '../../azure/arm-names.js';
import { isAzureError } from '../../azure/errors.js';

// What the App Service tools share: name rules, how a site's OS, container image and identity are read,
// and the one way a system-assigned identity is turned on (a PATCH that keeps user-assigned identities).

export const WEB_APP_NAME: NameRule = {
  what: 'web app name',
  pattern: /^(?=.{2,60}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/,
  rule: '2-60 letters, digits and hyphens, not starting or ending with a hyphen (it becomes <name>.azurewebsites.net, so it must be globally unique)',
};

export const PLAN_NAME: NameRule = {
  what: 'App Service plan name',
  pattern: /^(?=.{1,60}$)[\p{L}\p{N}_-]+$/u,
  rule: '1-60 letters, digits, underscores and hyphens',
};

export const REGISTRY_NAME: NameRule = {
  what: 'container registry name',
  pattern: /^[A-Za-z0-9]{5,50}$/,
  rule: '5-50 letters and digits',
};

const VNET_NAME: NameRule = {
  what: 'virtual network name',
  pattern: /^(?=.{2,64}$)[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$/,
  rule: '2-64 letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore',
};

const SUBNET_NAME: NameRule = {
  what: 'subnet name',
  pattern: /^(?=.{1,80}$)[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$/,
  rule: '1-80 letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore',
};

export const webAppNameInput = nameInput(WEB_APP_NAME).describe('Web app name.');
export const planNameInput = nameInput(PLAN_NAME).describe('App Service plan name.');

export interface SubnetRef {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  vnet: string;
  subnet: string;
}

/** A subnet's full ARM id, parsed strictly and rebuilt: /subscriptions/…/resourceGroups/…/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>. */
export function parseSubnetId(value: string): SubnetRef {
  const scope = parseArmScope(value);
  const types = scope.provider?.types ?? [];
  const isSubnet =
    scope.kind === 'resource' &&
    scope.resourceGroup !== undefined &&
    scope.provider?.namespace.toLowerCase() === 'microsoft.network' &&
    types.length === 2 &&
    types[0]![0].toLowerCase() === 'virtualnetworks' &&
    types[1]![0].toLowerCase() === 'subnets';
  if (!isSubnet)
    throw new InvalidArmIdError(
      `'${scope.id}' is not a subnet id: it must look like /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>.`,
    );
  const [vnet, subnet] = [types[0]![1], types[1]![1]];
  for (const [name, rule] of [
    [vnet, VNET_NAME],
    [subnet, SUBNET_NAME],
  ] as const) {
    const problem = nameProblem(name, rule);
    if (problem) throw new InvalidArmIdError(`'${scope.id}' is not a valid subnet id: ${problem}`);
  }
  const id = `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${subnet}`;
  return { id, subscriptionId: scope.subscriptionId!, resourceGroup: scope.resourceGroup!, vnet, subnet };
}

export const subnetIdInput = parsedInput(parseSubnetId);

export type OsType = 'Linux' | 'Windows';

/** Linux when the plan is reserved (or its kind says so). */
export const planOs = (plan: AppServicePlan): OsType => (plan.reserved || /linux/i.test(plan.kind ?? '') ? 'Linux' : 'Windows');
export const siteOs = (site: Site): OsType => (site.reserved || /linux/i.test(site.kind ?? '') ? 'Linux' : 'Windows');

/** "P1v3 (PremiumV3)" */
export const skuText = (plan: AppServicePlan): string =>
  plan.sku?.name ? `${plan.sku.name}${plan.sku.tier ? ` (${plan.sku.tier})` : ''}` : 'unknown SKU';

/** What the site runs: the container image (DOCKER|…), a compose file, or a language runtime (NODE|20-lts). */
export function runtimeOf(config: SiteConfig | undefined): { kind: 'container' | 'compose' | 'runtime' | 'none'; value: string | null } {
  const fx = config?.linuxFxVersion || config?.windowsFxVersion || '';
  if (/^docker\|/i.test(fx)) return { kind: 'container', value: fx.slice('DOCKER|'.length) };
  if (/^compose\|/i.test(fx)) return { kind: 'compose', value: 'Docker Compose (multi-container)' };
  if (fx) return { kind: 'runtime', value: fx };
  if (config?.netFrameworkVersion) return { kind: 'runtime', value: `.NET ${config.netFrameworkVersion}` };
  return { kind: 'none', value: null };
}

export const identityOutput = z
  .object({
    type: z.string().describe('SystemAssigned, UserAssigned, "SystemAssigned, UserAssigned" or None.'),
    principalId: z.string().nullable().describe('Object id of the system-assigned identity (what role assignments name).'),
    tenantId: z.string().nullable(),
    userAssigned: z.array(z.string()).describe('Resource ids of the user-assigned identities.'),
  })
  .describe('Managed identity of the app.');

export function identityOf(identity: ManagedServiceIdentity | undefined): z.infer<typeof identityOutput> {
  return {
    type: identity?.type ?? 'None',
    principalId: identity?.principalId ?? null,
    tenantId: identity?.tenantId ?? null,
    userAssigned: Object.keys(identity?.userAssignedIdentities ?? {}),
  };
}

export const hasSystemIdentity = (identity: ManagedServiceIdentity | undefined): boolean =>
  /systemassigned/i.test(identity?.type ?? '') && Boolean(identity?.principalId);

export interface IdentityChange {
  identity: z.infer<typeof identityOutput>;
  /** False when the system identity was already there. */
  added: boolean;
}

/**
 * Turns on the site's system-assigned identity with a PATCH of `identity` only, listing the user-assigned
 * identities it already has so they stay (a whole-site PUT would drop them and could clobber other settings).
 */
export async function ensureSystemIdentity(
  client: WebSiteManagementClient,
  resourceGroup: string,
  site: Site,
  signal: AbortSignal,
): Promise<IdentityChange> {
  if (hasSystemIdentity(site.identity)) return { identity: identityOf(site.identity), added: false };
  const userAssigned = Object.keys(site.identity?.userAssignedIdentities ?? {});
  const identity: ManagedServiceIdentity = userAssigned.length
    ? { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: Object.fromEntries(userAssigned.map((id) => [id, {}])) }
    : { type: 'SystemAssigned' };
  const updated = await client.webApps.update(resourceGroup, site.name!, { identity }, { abortSignal: signal });
  return { identity: identityOf(updated.identity), added: true };
}

/** The plan a site runs on, or undefined when it cannot be read (another group the caller cannot see, say). */
export async function planOfSite(client: WebSiteManagementClient, site: Site, signal: AbortSignal): Promise<AppServicePlan | undefined> {
  const { resourceGroup, name } = parseArmId(site.serverFarmId);
  if (!resourceGroup || !name) return undefined;
  return client.appServicePlans.get(resourceGroup, name, { abortSignal: signal }).catch((error: unknown) => {
    if (isAzureError(error, 404) || isAzureError(error, 403)) return undefined;
    throw error;
  });
}
