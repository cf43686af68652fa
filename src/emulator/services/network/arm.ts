// Microsoft.Network's resource types: virtual networks with their subnets and peerings (vnets.ts,
// subnets.ts), network interfaces, public IP addresses and private endpoints (interfaces.ts).
import type { ResourceBehaviour } from '../../core/resources/store.js';
import { INTERFACE_BEHAVIOURS } from './interfaces.js';
import { subnets } from './subnets.js';
import { peerings, virtualNetworks } from './vnets.js';

export { NIC_TYPE, PEERING_TYPE, PRIVATE_ENDPOINT_TYPE, PUBLIC_IP_TYPE, SUBNET_TYPE, VNET_TYPE } from './common.js';

export const NETWORK_BEHAVIOURS: readonly ResourceBehaviour[] = [virtualNetworks, subnets, peerings, ...INTERFACE_BEHAVIOURS];
