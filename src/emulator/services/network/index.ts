// Microsoft.Network: virtual networks with subnets and peerings, network interfaces, public IPs, private endpoints.
import type { EmulatedService } from '../../core/service.js';
import { NETWORK_BEHAVIOURS } from './arm.js';

export const NETWORK: EmulatedService = {
  name: 'network',
  namespaces: ['Microsoft.Network'],
  resourceTypes: NETWORK_BEHAVIOURS,
};
