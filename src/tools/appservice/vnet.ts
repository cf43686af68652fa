import { z } from 'zod';
import type { AppServicePlan, Site, WebSiteManagementClient } from '@azure/arm-appservice';
import type { Subnet } from '@azure/arm-network';
import { defineTool, type ToolContext } from '../define.js';
import { appServiceClient, networkClientIn } from '../../azure/clients-appservice.js';
import { isAzureError, UserFacingError } from '../../azure/errors.js';
import { waitForOperation } from '../../azure/long-running.js';
import { parseArmId, resourceGroupInput } from '../arm-common.js';
import { planOfSite, subnetIdInput, webAppNameInput, type SubnetRef } from './common.js';

const WEB_DELEGATION = 'Microsoft.Web/serverFarms';
/** Tiers without regional VNet integration. */
const NO_VNET_TIERS = new Set(['free', 'shared', 'dynamic']);

export interface IntegrationResult {
  subnetId: string;
  vnet: string;
  subnetResourceGroup: string;
  addressPrefix: string | null;
  /** True when this call added the Microsoft.Web/serverFarms delegation to the subnet. */
  delegatedNow: boolean;
  /** False when the app was already integrated with this subnet. */
  changed: boolean;
  previousSubnetId: string | null;
}

const sameId = (a: string | undefined | null, b: string | undefined | null) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

/** The plan already using the subnet, other than `plan`: from the subnet's service association links, else the subscription's apps. */
async function otherPlanOnSubnet(
  client: WebSiteManagementClient,
  subnet: Subnet,
  subnetId: string,
  plan: AppServicePlan | undefined,
  site: Site,
  signal: AbortSignal,
): Promise<string | undefined> {
  const linked = (subnet.serviceAssociationLinks ?? []).find(
    (link) => /microsoft\.web\/serverfarms/i.test(link.linkedResourceType ?? '') && link.link && !sameId(link.link, plan?.id),
  );
  if (linked?.link) return parseArmId(linked.link).name;
  for await (const other of client.webApps.list({ abortSignal: signal })) {
    if (sameId(other.id, site.id) || !sameId(other.virtualNetworkSubnetId, subnetId)) continue;
    if (!sameId(other.serverFarmId, site.serverFarmId)) return `${parseArmId(other.serverFarmId).name} (app ${other.name})`;
  }
  return undefined;
}

/**
 * Regional VNet integration the way Azure wants it: the subnet must exist, be delegated to Microsoft.Web/serverFarms
 * (delegated here when it is free, and said so) and not be used by another plan; then the app's
 * virtualNetworkSubnetId is set with a PATCH. Throws a UserFacingError naming what is wrong.
 */
export async function integrateWithSubnet(
  ctx: Pick<ToolContext, 'session' | 'signal' | 'config' | 'progress'>,
  client: WebSiteManagementClient,
  resourceGroup: string,
  site: Site,
  ref: SubnetRef,
): Promise<IntegrationResult> {
  const { signal } = ctx;
  const network = await networkClientIn(ctx.session, ref.subscriptionId);
  const subnet = await network.subnets.get(ref.resourceGroup, ref.vnet, ref.subnet, { abortSignal: signal }).catch((error: unknown) => {
    if (isAzureError(error, 404))
      throw new UserFacingError(
        `Subnet ${ref.subnet} of virtual network ${ref.vnet} was not found in resource group ${ref.resourceGroup} (subscription ${ref.subscriptionId}). Check the subnet id; nothing was changed.`,
      );
    throw error;
  });
  const base: Omit<IntegrationResult, 'delegatedNow' | 'changed'> = {
    subnetId: ref.id,
    vnet: ref.vnet,
    subnetResourceGroup: ref.resourceGroup,
    addressPrefix: subnet.addressPrefix ?? subnet.addressPrefixes?.[0] ?? null,
    previousSubnetId: site.virtualNetworkSubnetId ?? null,
  };
  if (sameId(site.virtualNetworkSubnetId, ref.id)) return { ...base, delegatedNow: false, changed: false };

  const plan = await planOfSite(client, site, signal);
  const tier = (plan?.sku?.tier ?? '').toLowerCase();
  if (plan && NO_VNET_TIERS.has(tier))
    throw new UserFacingError(
      `VNet integration is not available on the ${plan.sku?.tier} tier of App Service plan ${plan.name}. Scale the plan to Basic or higher; nothing was changed.`,
    );
  const other = await otherPlanOnSubnet(client, subnet, ref.id, plan, site, signal);
  if (other)
    throw new UserFacingError(
      `Subnet ${ref.subnet} is already used for VNet integration by App Service plan ${other}; a subnet serves one plan only. Use another subnet (an empty one, /28 or larger; /26 recommended); nothing was changed.`,
    );

  const delegations = subnet.delegations ?? [];
  const delegated = delegations.some((d) => sameId(d.serviceName, WEB_DELEGATION));
  let delegatedNow = false;
  if (!delegated) {
    if (delegations.length)
      throw new UserFacingError(
        `Subnet ${ref.subnet} is delegated to ${delegations.map((d) => d.serviceName).join(', ')}, so App Service cannot use it (it needs a subnet delegated to ${WEB_DELEGATION}). Use another subnet; nothing was changed.`,
      );
    const inUse = (subnet.ipConfigurations?.length ?? 0) + (subnet.privateEndpoints?.length ?? 0);
    if (inUse)
      throw new UserFacingError(
        `Subnet ${ref.subnet} is in use by ${inUse} network interface(s) or private endpoint(s); VNet integration needs an empty subnet delegated to ${WEB_DELEGATION}. Use an empty subnet; nothing was changed.`,
      );
    // Read-merge-write: the subnet as it is, plus the delegation.
    const poller = network.subnets.createOrUpdate(
      ref.resourceGroup,
      ref.vnet,
      ref.subnet,
      { ...subnet, delegations: [...delegations, { name: 'Microsoft.Web.serverFarms', serviceName: WEB_DELEGATION }] },
      { abortSignal: signal },
    );
    const report = await waitForOperation(ctx, poller, {
      what: `Delegating subnet ${ref.subnet} to ${WEB_DELEGATION}`,
      noWait: false,
      checkWith: `webapp_configure_vnet_integration again (it checks the delegation first)`,
    });
    if (report.outcome !== 'succeeded') throw new UserFacingError(`${report.message} The app was not integrated yet.`);
    delegatedNow = true;
  }
  await client.webApps.update(resourceGroup, site.name!, { virtualNetworkSubnetId: ref.id }, { abortSignal: signal });
  return { ...base, delegatedNow, changed: true };
}

export const configureVnetIntegration = defineTool({
  name: 'webapp_configure_vnet_integration',
  title: 'Integrate a web app with a subnet',
  description:
    "Routes a web app's outbound traffic through a virtual network (regional VNet integration). Checks that the subnet exists, is delegated to Microsoft.Web/serverFarms (delegating a free, empty subnet and saying so) and is not used by another App Service plan, then sets the app's subnet. The subnet may be in another resource group or subscription.",
  access: 'destructive',
  role: 'Website Contributor on the app and Network Contributor on the subnet',
  example: {
    webapp_name: 'azops-web-frontend',
    resource_group: 'rg-web',
    subnet_id:
      '/subscriptions/5ab1c0de-0000-4000-8000-00000000a001/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/snet-appsvc',
  },
  inputSchema: z.object({
    webapp_name: webAppNameInput,
    resource_group: resourceGroupInput,
    subnet_id: subnetIdInput.describe(
      'Full subnet id: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>.',
    ),
  }),
  outputSchema: z.object({
    webApp: z.string(),
    subnetId: z.string(),
    vnet: z.string(),
    subnetResourceGroup: z.string(),
    addressPrefix: z.string().nullable(),
    delegatedNow: z.boolean().describe('True when this call delegated the subnet to Microsoft.Web/serverFarms.'),
    changed: z.boolean().describe('False when the app was already integrated with this subnet.'),
    previousSubnetId: z.string().nullable(),
    message: z.string(),
  }),
  async handler({ webapp_name, resource_group, subnet_id }, ctx) {
    const { client } = await appServiceClient(ctx.session);
    const site = await client.webApps.get(resource_group, webapp_name, { abortSignal: ctx.signal });
    const result = await integrateWithSubnet(ctx, client, resource_group, site, subnet_id);
    const parts = [
      result.changed
        ? `Web app ${webapp_name} is now integrated with subnet ${subnet_id.subnet} (${result.addressPrefix ?? '?'}) of virtual network ${subnet_id.vnet} in ${subnet_id.resourceGroup}.`
        : `Web app ${webapp_name} was already integrated with subnet ${subnet_id.subnet} of ${subnet_id.vnet}; nothing changed.`,
    ];
    if (result.delegatedNow) parts.push(`The subnet had no delegation, so it was delegated to ${WEB_DELEGATION} first.`);
    if (result.changed && result.previousSubnetId) parts.push(`It was integrated with ${result.previousSubnetId} before.`);
    const message = parts.join(' ');
    return { data: { webApp: webapp_name, ...result, message }, text: message };
  },
});
