import { z } from 'zod';
import type { Subnet, VirtualNetwork } from '@azure/arm-network';
import { defineTool } from '../define.js';
import { networkClient } from '../../azure/clients.js';
import { UserFacingError } from '../../azure/errors.js';
import { waitForOperation } from '../../azure/long-running.js';
import { noWaitInput, resourceGroupInput } from '../arm-common.js';
import { contains, firstFree, overlaps, parseCidr, type Cidr } from './cidr.js';
import {
  blocksOf,
  operationOutcome,
  prefixesOf,
  prefixListInput,
  subnetLine,
  subnetNameInput,
  toSubnetRow,
  vnetNameInput,
} from './common.js';
import { inUseError, isInUseRefusal } from './in-use.js';
import { spaceOf } from './vnets.js';

const statusOf = (error: unknown): number | undefined =>
  error instanceof Error ? (error as { statusCode?: number }).statusCode : undefined;

function existsError(subnet: Subnet, vnet: string): UserFacingError {
  return new UserFacingError(
    `Subnet ${subnet.name ?? ''} already exists in ${vnet} (${subnetLine(toSubnetRow(subnet))}). Nothing was changed: writing over it would drop its NSG, route table, delegations and service endpoints. Pick another name, or delete it first with vnet_subnet_delete.`,
  );
}

/** Where a block of `length` is still free in the network, for messages that refuse a prefix. */
function freeHint(space: Cidr[], taken: Cidr[], block: Cidr): string {
  const free = firstFree(
    space.filter((s) => s.version === block.version),
    taken,
    block.length,
  );
  return free ? ` The first free /${block.length} in the network is ${free.text}.` : ` No /${block.length} is free in the network.`;
}

/** What a subnet's prefixes must be on their own: one per family, IPv4 at least a /29, IPv6 exactly a /64. */
export function checkSubnetPrefixes(blocks: Cidr[]): void {
  if (blocks.filter((b) => b.version === 4).length > 1 || blocks.filter((b) => b.version === 6).length > 1)
    throw new UserFacingError('A subnet takes one IPv4 prefix and, for dual stack, one IPv6 prefix.');
  for (const block of blocks) {
    if (block.version === 4 && block.length > 29)
      throw new UserFacingError(`${block.text} is too small: Azure's smallest IPv4 subnet is a /29 (it keeps 5 addresses of each subnet).`);
    if (block.version === 6 && block.length !== 64) throw new UserFacingError(`${block.text}: Azure's IPv6 subnets are exactly /64.`);
  }
}

/** The new subnet's prefixes against the network: inside its address space, overlapping no other subnet (named). */
export function checkInNetwork(blocks: Cidr[], vnet: VirtualNetwork): void {
  const name = vnet.name ?? '';
  const space = blocksOf(spaceOf(vnet));
  const siblings = (vnet.subnets ?? []).map((s) => ({ name: s.name ?? '?', blocks: blocksOf(prefixesOf(s)) }));
  const taken = siblings.flatMap((s) => s.blocks);
  for (const block of blocks) {
    if (!space.some((outer) => contains(outer, block)))
      throw new UserFacingError(
        `${block.text} lies outside the address space of ${name} (${spaceOf(vnet).join(', ') || 'none'}).${freeHint(space, taken, block)}`,
      );
    for (const sibling of siblings) {
      const clash = sibling.blocks.find((other) => overlaps(other, block));
      if (clash)
        throw new UserFacingError(
          `${block.text} overlaps subnet ${sibling.name} (${clash.text}) in ${name}.${freeHint(space, taken, block)}`,
        );
    }
  }
}

export const createSubnet = defineTool({
  name: 'vnet_subnet_create',
  title: 'Create a subnet',
  description:
    'Creates a subnet, checking its prefix before anything is sent (CIDR notation, inside the network’s address space, no overlap with another subnet, at least a /29; IPv6 a /64) and never replacing an existing subnet. A refused prefix names the subnet it overlaps and the first free range.',
  access: 'write',
  example: { vnet_name: 'vnet-spoke', subnet_name: 'snet-data', resource_group: 'rg-network', address_prefix: '10.1.5.0/24' },
  inputSchema: z.object({
    vnet_name: vnetNameInput.describe('Virtual network to add the subnet to.'),
    subnet_name: subnetNameInput,
    resource_group: resourceGroupInput,
    address_prefix: prefixListInput(2).describe(
      'Prefix in CIDR notation, e.g. 10.0.1.0/24; for dual stack an IPv4 and an IPv6 /64 separated by a comma, e.g. 10.0.1.0/24,fd00:db8:0:1::/64.',
    ),
    no_wait: noWaitInput(),
  }),
  outputSchema: z.object({
    name: z.string(),
    vnet: z.string(),
    resourceGroup: z.string(),
    addressPrefixes: z.array(z.string()),
    outcome: operationOutcome,
    elapsedSeconds: z.number(),
    message: z.string(),
    id: z.string().nullable(),
  }),
  async handler({ vnet_name, subnet_name, resource_group, address_prefix, no_wait }, ctx) {
    const blocks = address_prefix.map(parseCidr);
    checkSubnetPrefixes(blocks);
    const { client } = await networkClient(ctx.session);
    const vnet = await client.virtualNetworks.get(resource_group, vnet_name, { abortSignal: ctx.signal });
    const same = (vnet.subnets ?? []).find((s) => (s.name ?? '').toLowerCase() === subnet_name.toLowerCase());
    if (same) throw existsError(same, vnet_name);
    checkInNetwork(blocks, vnet);
    const body = address_prefix.length === 1 ? { addressPrefix: address_prefix[0] } : { addressPrefixes: address_prefix };
    const poller = client.subnets.createOrUpdate(resource_group, vnet_name, subnet_name, body, {
      abortSignal: ctx.signal,
      // Create only, even if the subnet appears between the check above and this PUT.
      requestOptions: { headers: { 'If-None-Match': '*' } },
    });
    const checkWith = `vnet_subnet_show vnet_name=${vnet_name} subnet_name=${subnet_name} resource_group=${resource_group}`;
    const report = await waitForOperation(ctx, poller, { what: `Creating subnet ${subnet_name}`, noWait: no_wait, checkWith }).catch(
      async (error: unknown) => {
        if (statusOf(error) !== 412) throw error;
        throw existsError(await client.subnets.get(resource_group, vnet_name, subnet_name, { abortSignal: ctx.signal }), vnet_name);
      },
    );
    const data = {
      name: subnet_name,
      vnet: vnet_name,
      resourceGroup: resource_group,
      addressPrefixes: address_prefix,
      outcome: report.outcome,
      elapsedSeconds: report.elapsedSeconds,
      message: report.message,
      id: report.result?.id ?? null,
    };
    return {
      data,
      text: `${report.message} Subnet ${subnet_name} (${address_prefix.join(', ')}) in ${vnet_name}, resource group ${resource_group}.`,
    };
  },
});

export const deleteSubnet = defineTool({
  name: 'vnet_subnet_delete',
  title: 'Delete a subnet',
  description:
    'Deletes a subnet; when Azure refuses because it is in use, names what uses it (NICs and their VMs, private endpoints, delegated services) and what to remove first.',
  access: 'destructive',
  example: { vnet_name: 'vnet-scratch', subnet_name: 'snet-old', resource_group: 'rg-compute' },
  inputSchema: z.object({
    vnet_name: vnetNameInput.describe('Virtual network holding the subnet.'),
    subnet_name: subnetNameInput,
    resource_group: resourceGroupInput,
    no_wait: noWaitInput(),
  }),
  outputSchema: z.object({
    name: z.string(),
    vnet: z.string(),
    resourceGroup: z.string(),
    addressPrefixes: z.array(z.string()),
    outcome: operationOutcome,
    elapsedSeconds: z.number(),
    message: z.string(),
  }),
  async handler({ vnet_name, subnet_name, resource_group, no_wait }, ctx) {
    const { client } = await networkClient(ctx.session);
    const subnet = await client.subnets.get(resource_group, vnet_name, subnet_name, { abortSignal: ctx.signal });
    const poller = client.subnets.delete(resource_group, vnet_name, subnet_name, { abortSignal: ctx.signal });
    const report = await waitForOperation(ctx, poller, {
      what: `Deleting subnet ${subnet_name}`,
      noWait: no_wait,
      checkWith: `vnet_subnet_list vnet_name=${vnet_name} resource_group=${resource_group}`,
    }).catch(async (error: unknown) => {
      if (isInUseRefusal(error))
        throw await inUseError(client, ctx.signal, `subnet ${subnet_name} of ${vnet_name}`, [subnet], (error as Error).message);
      throw error;
    });
    const data = {
      name: subnet_name,
      vnet: vnet_name,
      resourceGroup: resource_group,
      addressPrefixes: prefixesOf(subnet),
      outcome: report.outcome,
      elapsedSeconds: report.elapsedSeconds,
      message: report.message,
    };
    return { data, text: `${report.message} Subnet ${subnet_name} (${data.addressPrefixes.join(', ')}) of ${vnet_name}.` };
  },
});
