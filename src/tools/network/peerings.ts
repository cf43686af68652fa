import { z } from 'zod';
import type { VirtualNetworkPeering } from '@azure/arm-network';
import { defineTool } from '../define.js';
import { networkClient } from '../../azure/clients.js';
import { bounded, limitInput, listOutput, listText } from '../list.js';
import { parseArmId, resourceGroupInput } from '../arm-common.js';
import { vnetNameInput } from './common.js';

const peeringRow = z.object({
  name: z.string(),
  remoteNetwork: z.string().describe('Name of the peered network.'),
  remoteResourceGroup: z.string(),
  remoteSubscription: z.string().nullable(),
  remoteAddressSpace: z.array(z.string()).describe('Address space of the remote network, as this peering knows it.'),
  state: z.string().nullable().describe('Connected, Initiated (the other side is missing) or Disconnected (the other side was deleted).'),
  syncLevel: z.string().nullable().describe('FullyInSync, or which side must be synced after an address space change.'),
  allowVirtualNetworkAccess: z.boolean().nullable(),
  allowForwardedTraffic: z.boolean().nullable(),
  allowGatewayTransit: z.boolean().nullable(),
  useRemoteGateways: z.boolean().nullable(),
  advice: z.string().nullable().describe('What to do when the peering is not Connected and in sync; null when it is.'),
});
type PeeringRow = z.infer<typeof peeringRow>;

/** What a peering that is not Connected and fully in sync needs, in Azure's terms. */
export function peeringAdvice(state: string | undefined, sync: string | undefined, vnet: string, remote: string): string | null {
  const steps: string[] = [];
  if (state === 'Initiated') steps.push(`only this side exists: create the peering from ${remote} back to ${vnet} to connect them`);
  else if (state === 'Disconnected')
    steps.push(
      `the peering from ${remote} back to ${vnet} was deleted: delete this peering and create it again on both sides (a Disconnected peering cannot be reconnected)`,
    );
  else if (state && state !== 'Connected') steps.push(`state ${state}`);
  if (sync === 'LocalNotInSync' || sync === 'LocalAndRemoteNotInSync')
    steps.push(`${remote}'s address space changed: sync this peering (az network vnet peering sync, or Sync in the portal)`);
  if (sync === 'RemoteNotInSync' || sync === 'LocalAndRemoteNotInSync')
    steps.push(`${vnet}'s address space changed: sync the peering on ${remote}'s side`);
  return steps.length ? `${steps.join('; ')}.` : null;
}

function toRow(p: VirtualNetworkPeering, vnet: string): PeeringRow {
  const remoteId = p.remoteVirtualNetwork?.id;
  const remote = parseArmId(remoteId);
  return {
    name: p.name ?? '',
    remoteNetwork: remote.name,
    remoteResourceGroup: remote.resourceGroup,
    remoteSubscription: /\/subscriptions\/([^/]+)/i.exec(remoteId ?? '')?.[1] ?? null,
    remoteAddressSpace: p.remoteAddressSpace?.addressPrefixes ?? [],
    state: p.peeringState ?? null,
    syncLevel: p.peeringSyncLevel ?? null,
    allowVirtualNetworkAccess: p.allowVirtualNetworkAccess ?? null,
    allowForwardedTraffic: p.allowForwardedTraffic ?? null,
    allowGatewayTransit: p.allowGatewayTransit ?? null,
    useRemoteGateways: p.useRemoteGateways ?? null,
    advice: peeringAdvice(p.peeringState, p.peeringSyncLevel, vnet, remote.name),
  };
}

const flag = (value: boolean | null, word: string): string => (value ? word : `no ${word}`);

export const listPeerings = defineTool({
  name: 'vnet_peering_list',
  title: 'List the peerings of a virtual network',
  description:
    'Lists the peerings of a virtual network: remote network and address space, state (Connected / Initiated / Disconnected), sync level, forwarded traffic and gateway transit; a peering that is not Connected and in sync says what to do.',
  access: 'read',
  example: { vnet_name: 'vnet-spoke', resource_group: 'rg-network' },
  inputSchema: z.object({
    vnet_name: vnetNameInput.describe('Virtual network name.'),
    resource_group: resourceGroupInput,
    limit: limitInput(),
  }),
  outputSchema: listOutput(peeringRow),
  async handler({ vnet_name, resource_group, limit }, { session, signal }) {
    const { client } = await networkClient(session);
    const rows: PeeringRow[] = [];
    let total = 0;
    for await (const peering of client.virtualNetworkPeerings.list(resource_group, vnet_name, { abortSignal: signal })) {
      total++;
      if (rows.length < limit) rows.push(toRow(peering, vnet_name));
    }
    const data = bounded(rows, limit, undefined, total);
    const line = (p: PeeringRow) =>
      `${p.name} → ${p.remoteNetwork} (resource group ${p.remoteResourceGroup}, ${p.remoteAddressSpace.join(', ') || 'address space unknown'}): ${p.state ?? 'state unknown'}, ${p.syncLevel ?? 'sync unknown'}; ${flag(p.allowForwardedTraffic, 'forwarded traffic')}, ${flag(p.allowGatewayTransit, 'gateway transit')}${p.useRemoteGateways ? ', uses remote gateways' : ''}${p.advice ? `. To do: ${p.advice}` : ''}`;
    return { data, text: listText('peerings', `of ${vnet_name} (resource group ${resource_group})`, data, line) };
  },
});
