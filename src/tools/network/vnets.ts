import { z } from 'zod';
import type { VirtualNetwork } from '@azure/arm-network';
import { defineTool } from '../define.js';
import { networkClient } from '../../azure/clients.js';
import { bounded, limitInput, listOutput, listText, provisioningNote } from '../list.js';
import { optionalResourceGroupInput, parseArmId, resourceGroupInput, tagsText } from '../arm-common.js';
import { subnetLine, subnetRow, toSubnetRow, vnetNameInput } from './common.js';

export const vnetRow = z.object({
  name: z.string(),
  resourceGroup: z.string(),
  location: z.string(),
  addressSpace: z.array(z.string()).describe('Address prefixes of the network (IPv4, and IPv6 for dual stack).'),
  subnets: z.number().describe('Number of subnets.'),
  peerings: z.number().describe('Number of peerings to other networks.'),
  provisioningState: z.string().nullable(),
});

export function spaceOf(vnet: VirtualNetwork): string[] {
  return vnet.addressSpace?.addressPrefixes ?? [];
}

export const listVnets = defineTool({
  name: 'vnet_list',
  title: 'List virtual networks',
  description:
    'Lists the virtual networks of a resource group, or of the whole subscription when resource_group is omitted: location, address space, and how many subnets and peerings each has.',
  access: 'read',
  example: {},
  inputSchema: z.object({ resource_group: optionalResourceGroupInput, limit: limitInput() }),
  outputSchema: listOutput(vnetRow),
  async handler({ resource_group, limit }, { session, signal }) {
    const { client, subscriptionId } = await networkClient(session);
    const pages = resource_group
      ? client.virtualNetworks.list(resource_group, { abortSignal: signal })
      : client.virtualNetworks.listAll({ abortSignal: signal });
    const rows: z.infer<typeof vnetRow>[] = [];
    let total = 0;
    for await (const vnet of pages) {
      total++;
      if (rows.length < limit)
        rows.push({
          name: vnet.name ?? '',
          resourceGroup: parseArmId(vnet.id).resourceGroup,
          location: vnet.location ?? '',
          addressSpace: spaceOf(vnet),
          subnets: vnet.subnets?.length ?? 0,
          peerings: vnet.virtualNetworkPeerings?.length ?? 0,
          provisioningState: vnet.provisioningState ?? null,
        });
    }
    const data = bounded(rows, limit, resource_group ? undefined : 'narrow with resource_group', total);
    const where = resource_group ? `resource group ${resource_group}` : `subscription ${subscriptionId}`;
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const line = (v: z.infer<typeof vnetRow>) =>
      `${v.name} (resource group ${v.resourceGroup}): ${v.addressSpace.join(', ') || 'no address space'}, ${v.location}, ${plural(v.subnets, 'subnet')}, ${plural(v.peerings, 'peering')}${provisioningNote(v.provisioningState)}`;
    return { data, text: listText('virtual networks', `in ${where}`, data, line) };
  },
});

const peeringSummary = z.object({
  name: z.string(),
  remoteNetwork: z.string().describe('Name of the peered network.'),
  remoteResourceGroup: z.string(),
  state: z.string().nullable().describe('Connected, Initiated or Disconnected.'),
  syncLevel: z.string().nullable().describe('FullyInSync, LocalNotInSync, RemoteNotInSync or LocalAndRemoteNotInSync.'),
});

export const showVnet = defineTool({
  name: 'vnet_show',
  title: 'Virtual network details',
  description:
    'Shows one virtual network: address space, DNS servers, DDoS protection, each subnet (prefixes, NSG, route table, NAT gateway, delegations, service endpoints, private endpoints, addresses in use and free) and each peering (remote network, state, sync level).',
  access: 'read',
  example: { name: 'vnet-spoke', resource_group: 'rg-network' },
  inputSchema: z.object({ name: vnetNameInput.describe('Virtual network name.'), resource_group: resourceGroupInput }),
  outputSchema: z.object({
    name: z.string(),
    resourceGroup: z.string(),
    location: z.string(),
    addressSpace: z.array(z.string()),
    dnsServers: z.array(z.string()).describe("Custom DNS servers; empty when the network uses Azure's DNS."),
    ddosProtection: z.object({ enabled: z.boolean(), plan: z.string().nullable() }),
    tags: z.record(z.string(), z.string()),
    provisioningState: z.string().nullable(),
    subnets: z.array(subnetRow),
    peerings: z.array(peeringSummary),
    id: z.string(),
  }),
  async handler({ name, resource_group }, { session, signal }) {
    const { client } = await networkClient(session);
    const vnet = await client.virtualNetworks.get(resource_group, name, { abortSignal: signal });
    const subnets = (vnet.subnets ?? []).map(toSubnetRow);
    const peerings = (vnet.virtualNetworkPeerings ?? []).map((p) => {
      const remote = parseArmId(p.remoteVirtualNetwork?.id);
      return {
        name: p.name ?? '',
        remoteNetwork: remote.name,
        remoteResourceGroup: remote.resourceGroup,
        state: p.peeringState ?? null,
        syncLevel: p.peeringSyncLevel ?? null,
      };
    });
    const data = {
      name: vnet.name ?? name,
      resourceGroup: resource_group,
      location: vnet.location ?? '',
      addressSpace: spaceOf(vnet),
      dnsServers: vnet.dhcpOptions?.dnsServers ?? [],
      ddosProtection: {
        enabled: vnet.enableDdosProtection ?? false,
        plan: vnet.ddosProtectionPlan?.id ? parseArmId(vnet.ddosProtectionPlan.id).name : null,
      },
      tags: vnet.tags ?? {},
      provisioningState: vnet.provisioningState ?? null,
      subnets,
      peerings,
      id: vnet.id ?? '',
    };
    const text = [
      `${data.name} in ${resource_group} (${data.location})${tagsText(data.tags)}: address space ${data.addressSpace.join(', ') || 'none'}${provisioningNote(data.provisioningState)}.`,
      `DNS: ${data.dnsServers.length ? data.dnsServers.join(', ') : 'Azure-provided'}. DDoS protection: ${data.ddosProtection.enabled ? `on${data.ddosProtection.plan ? ` (plan ${data.ddosProtection.plan})` : ''}` : 'off'}.`,
      subnets.length ? `Subnets (${subnets.length}):` : 'No subnets.',
      ...subnets.map((s) => `- ${subnetLine(s)}`),
      peerings.length ? `Peerings (${peerings.length}):` : 'No peerings.',
      ...peerings.map(
        (p) =>
          `- ${p.name} → ${p.remoteNetwork} (resource group ${p.remoteResourceGroup}): ${p.state ?? 'state unknown'}, ${p.syncLevel ?? 'sync unknown'}`,
      ),
    ].join('\n');
    return { data, text };
  },
});
