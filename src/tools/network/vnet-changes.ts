import { z } from 'zod';
import type { NetworkManagementClient, VirtualNetwork } from '@azure/arm-network';
import { defineTool } from '../define.js';
import { networkClient, resourcesClient } from '../../azure/clients.js';
import { UserFacingError } from '../../azure/errors.js';
import { waitForOperation } from '../../azure/long-running.js';
import { noWaitInput, parseArmId, resourceGroupInput } from '../arm-common.js';
import { firstBlock, overlaps, parseCidr, type Cidr } from './cidr.js';
import { operationOutcome, prefixListInput, vnetNameInput } from './common.js';
import { inUseError, isInUseRefusal } from './in-use.js';
import { spaceOf } from './vnets.js';

const statusOf = (error: unknown): number | undefined =>
  error instanceof Error ? (error as { statusCode?: number }).statusCode : undefined;

/** The network, or undefined when Azure says 404; any other failure is thrown. */
export async function findVnet(
  client: NetworkManagementClient,
  resourceGroup: string,
  name: string,
  signal: AbortSignal,
): Promise<VirtualNetwork | undefined> {
  try {
    return await client.virtualNetworks.get(resourceGroup, name, { abortSignal: signal });
  } catch (error) {
    if (statusOf(error) === 404 && !/ResourceGroupNotFound/i.test(String((error as { code?: string }).code))) return undefined;
    throw error;
  }
}

function existsError(name: string, resourceGroup: string, vnet: VirtualNetwork | undefined): UserFacingError {
  const what = vnet
    ? ` (address space ${spaceOf(vnet).join(', ') || 'none'}, ${vnet.subnets?.length ?? 0} subnets, ${vnet.location ?? '?'})`
    : '';
  return new UserFacingError(
    `A virtual network named ${name} already exists in ${resourceGroup}${what}. Nothing was changed: vnet_create only creates (writing over it would replace its subnets). Use vnet_show to see it, vnet_subnet_create to add a subnet, or pick another name.`,
  );
}

/** The default subnet: the first /24 of the first IPv4 prefix (the whole prefix if smaller), plus the first /64 of an IPv6 one. */
export function defaultSubnetPrefixes(space: Cidr[]): string[] {
  const v4 = space.find((block) => block.version === 4);
  const v6 = space.find((block) => block.version === 6);
  if (!v4) throw new UserFacingError('A virtual network needs an IPv4 address prefix; add an IPv6 one next to it for dual stack.');
  if (v4.length > 29)
    throw new UserFacingError(
      `${v4.text} is too small for a subnet: Azure's smallest IPv4 subnet is a /29 (it keeps 5 addresses of each).`,
    );
  if (v6 && v6.length > 64)
    throw new UserFacingError(`${v6.text} is too small: Azure's IPv6 subnets are /64, so the space must be /64 or larger.`);
  return [firstBlock(v4, 24).text, ...(v6 ? [firstBlock(v6, 64).text] : [])];
}

export const createVnet = defineTool({
  name: 'vnet_create',
  title: 'Create a virtual network',
  description:
    'Creates a virtual network (never overwriting one of the same name) with one subnet named default: the first /24 of the address space, or the whole space if smaller, plus the first /64 of an IPv6 prefix for dual stack. The location defaults to the resource group’s.',
  access: 'write',
  example: { name: 'vnet-lab', resource_group: 'rg-compute', address_prefix: '10.50.0.0/16' },
  inputSchema: z.object({
    name: vnetNameInput.describe('Name of the new virtual network.'),
    resource_group: resourceGroupInput,
    address_prefix: prefixListInput(4)
      .prefault('10.0.0.0/16')
      .describe(
        'Address space in CIDR notation (default 10.0.0.0/16); several separated by commas, e.g. 10.0.0.0/16,fd00:db8::/48 for dual stack.',
      ),
    location: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{2,40}$/, 'a location is a region name such as eastus or westeurope (no spaces)')
      .transform((value) => value.toLowerCase())
      .optional()
      .describe("Azure region, e.g. eastus; omit for the resource group's location."),
    no_wait: noWaitInput(),
  }),
  outputSchema: z.object({
    name: z.string(),
    resourceGroup: z.string(),
    location: z.string(),
    addressSpace: z.array(z.string()),
    defaultSubnet: z.object({ name: z.string(), addressPrefixes: z.array(z.string()) }),
    outcome: operationOutcome,
    elapsedSeconds: z.number(),
    message: z.string(),
    id: z.string().nullable(),
  }),
  async handler({ name, resource_group, address_prefix, location, no_wait }, ctx) {
    const space = address_prefix.map(parseCidr);
    for (const [index, block] of space.entries()) {
      const clash = space.slice(0, index).find((other) => overlaps(other, block));
      if (clash) throw new UserFacingError(`The address prefixes ${clash.text} and ${block.text} overlap; give each range once.`);
    }
    const subnetPrefixes = defaultSubnetPrefixes(space);
    const { client } = await networkClient(ctx.session);
    const region =
      location ??
      (await (await resourcesClient(ctx.session)).client.resourceGroups.get(resource_group, { abortSignal: ctx.signal })).location;
    const existing = await findVnet(client, resource_group, name, ctx.signal);
    if (existing) throw existsError(name, resource_group, existing);
    const subnet = subnetPrefixes.length === 1 ? { addressPrefix: subnetPrefixes[0] } : { addressPrefixes: subnetPrefixes };
    const poller = client.virtualNetworks.createOrUpdate(
      resource_group,
      name,
      { location: region, addressSpace: { addressPrefixes: address_prefix }, subnets: [{ name: 'default', ...subnet }] },
      // Create only, even if another client creates the same name between our check and this PUT.
      { abortSignal: ctx.signal, requestOptions: { headers: { 'If-None-Match': '*' } } },
    );
    const checkWith = `vnet_show name=${name} resource_group=${resource_group}`;
    const report = await waitForOperation(ctx, poller, { what: `Creating virtual network ${name}`, noWait: no_wait, checkWith }).catch(
      (error: unknown) => {
        if (statusOf(error) === 412) throw existsError(name, resource_group, undefined);
        throw error;
      },
    );
    const data = {
      name,
      resourceGroup: resource_group,
      location: report.result?.location ?? region,
      addressSpace: address_prefix,
      defaultSubnet: { name: 'default', addressPrefixes: subnetPrefixes },
      outcome: report.outcome,
      elapsedSeconds: report.elapsedSeconds,
      message: report.message,
      id: report.result?.id ?? null,
    };
    const text = `${report.message} ${name} in ${resource_group} (${data.location}): address space ${address_prefix.join(', ')}, subnet default ${subnetPrefixes.join(', ')}.`;
    return { data, text };
  },
});

export const deleteVnet = defineTool({
  name: 'vnet_delete',
  title: 'Delete a virtual network',
  description:
    'Deletes a virtual network with all its subnets and its own peerings; when Azure refuses because a subnet is in use, names what uses it (NICs and their VMs, private endpoints, delegated services).',
  access: 'destructive',
  example: { name: 'vnet-scratch', resource_group: 'rg-compute' },
  inputSchema: z.object({
    name: vnetNameInput.describe('Virtual network to delete.'),
    resource_group: resourceGroupInput,
    no_wait: noWaitInput(),
  }),
  outputSchema: z.object({
    name: z.string(),
    resourceGroup: z.string(),
    addressSpace: z.array(z.string()),
    subnetsRemoved: z.array(z.string()),
    remotePeeringsLeft: z.array(z.string()).describe('Networks whose peerings to this one stay behind, Disconnected, until deleted there.'),
    outcome: operationOutcome,
    elapsedSeconds: z.number(),
    message: z.string(),
  }),
  async handler({ name, resource_group, no_wait }, ctx) {
    const { client } = await networkClient(ctx.session);
    const vnet = await client.virtualNetworks.get(resource_group, name, { abortSignal: ctx.signal });
    const poller = client.virtualNetworks.delete(resource_group, name, { abortSignal: ctx.signal });
    const report = await waitForOperation(ctx, poller, {
      what: `Deleting virtual network ${name}`,
      noWait: no_wait,
      checkWith: `vnet_show name=${name} resource_group=${resource_group}`,
    }).catch(async (error: unknown) => {
      if (isInUseRefusal(error))
        throw await inUseError(client, ctx.signal, `virtual network ${name}`, vnet.subnets ?? [], (error as Error).message);
      throw error;
    });
    const remotes = (vnet.virtualNetworkPeerings ?? []).map((p) => parseArmId(p.remoteVirtualNetwork?.id).name).filter(Boolean);
    const data = {
      name,
      resourceGroup: resource_group,
      addressSpace: spaceOf(vnet),
      subnetsRemoved: report.outcome === 'succeeded' ? (vnet.subnets ?? []).map((s) => s.name ?? '') : [],
      remotePeeringsLeft: report.outcome === 'succeeded' ? remotes : [],
      outcome: report.outcome,
      elapsedSeconds: report.elapsedSeconds,
      message: report.message,
    };
    const subnets = (vnet.subnets ?? []).map((s) => s.name).join(', ');
    let text = report.message;
    if (report.outcome === 'succeeded')
      text += ` Removed ${name} (${data.addressSpace.join(', ')}) with its subnets${subnets ? ` ${subnets}` : ''}.`;
    if (data.remotePeeringsLeft.length)
      text += ` The peerings from ${remotes.join(', ')} to it stay behind as Disconnected; delete them in those networks.`;
    return { data, text };
  },
});
