import { z } from 'zod';
import { defineTool } from '../define.js';
import { networkClient } from '../../azure/clients.js';
import { bounded, limitInput, listOutput, listText } from '../list.js';
import { resourceGroupInput } from '../arm-common.js';
import { subnetLine, subnetNameInput, subnetRow, toSubnetRow, vnetNameInput } from './common.js';

/** IP configuration ids shown by vnet_subnet_show; the count is always complete. */
const SHOWN_IP_CONFIGURATIONS = 50;

export const listSubnets = defineTool({
  name: 'vnet_subnet_list',
  title: 'List the subnets of a virtual network',
  description:
    'Lists the subnets of a virtual network: prefixes, NSG, route table, NAT gateway, delegations, service endpoints, private endpoints, and addresses in use and free.',
  access: 'read',
  example: { vnet_name: 'vnet-spoke', resource_group: 'rg-network' },
  inputSchema: z.object({
    vnet_name: vnetNameInput.describe('Virtual network name.'),
    resource_group: resourceGroupInput,
    limit: limitInput(),
  }),
  outputSchema: listOutput(subnetRow),
  async handler({ vnet_name, resource_group, limit }, { session, signal }) {
    const { client } = await networkClient(session);
    const rows: z.infer<typeof subnetRow>[] = [];
    let total = 0;
    for await (const subnet of client.subnets.list(resource_group, vnet_name, { abortSignal: signal })) {
      total++;
      if (rows.length < limit) rows.push(toSubnetRow(subnet));
    }
    const data = bounded(rows, limit, 'look at one with vnet_subnet_show', total);
    return { data, text: listText('subnets', `in ${vnet_name} (resource group ${resource_group})`, data, subnetLine) };
  },
});

export const showSubnet = defineTool({
  name: 'vnet_subnet_show',
  title: 'Subnet details',
  description:
    'Shows one subnet: prefixes, NSG, route table, NAT gateway, delegations, service endpoints, private endpoint network policy, private endpoints, service association links, and the IP configurations that use its addresses.',
  access: 'read',
  example: { vnet_name: 'vnet-spoke', subnet_name: 'snet-appsvc', resource_group: 'rg-network' },
  inputSchema: z.object({
    vnet_name: vnetNameInput.describe('Virtual network name.'),
    subnet_name: subnetNameInput,
    resource_group: resourceGroupInput,
  }),
  outputSchema: subnetRow.extend({
    vnet: z.string(),
    resourceGroup: z.string(),
    privateEndpointNetworkPolicies: z.string().nullable().describe('Whether NSGs and route tables apply to private endpoints here.'),
    ipConfigurations: z.array(z.string()).describe(`Ids of the IP configurations using the subnet (the first ${SHOWN_IP_CONFIGURATIONS}).`),
    id: z.string(),
  }),
  async handler({ vnet_name, subnet_name, resource_group }, { session, signal }) {
    const { client } = await networkClient(session);
    const subnet = await client.subnets.get(resource_group, vnet_name, subnet_name, { abortSignal: signal });
    const row = toSubnetRow(subnet);
    const ids = (subnet.ipConfigurations ?? []).map((c) => c.id ?? '').slice(0, SHOWN_IP_CONFIGURATIONS);
    const data = {
      ...row,
      vnet: vnet_name,
      resourceGroup: resource_group,
      privateEndpointNetworkPolicies: subnet.privateEndpointNetworkPolicies ?? null,
      ipConfigurations: ids,
      id: subnet.id ?? '',
    };
    const text = [
      `Subnet ${subnetLine(row)}.`,
      `In ${vnet_name} (resource group ${resource_group}). Private endpoint network policies: ${data.privateEndpointNetworkPolicies ?? 'not set'}.`,
      ids.length ? `Used by (${row.addresses.inUse}):` : 'Nothing uses its addresses.',
      ...ids.map((id) => `- ${id}`),
      ...(row.addresses.inUse > ids.length ? [`… and ${row.addresses.inUse - ids.length} more.`] : []),
    ].join('\n');
    return { data, text };
  },
});
