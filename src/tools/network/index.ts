import { defineToolset } from '../define.js';
import { listPeerings } from './peerings.js';
import { createSubnet, deleteSubnet } from './subnet-changes.js';
import { listSubnets, showSubnet } from './subnets.js';
import { createVnet, deleteVnet } from './vnet-changes.js';
import { listVnets, showVnet } from './vnets.js';

// In this order the sandbox's examples run: creates before deletes, each delete on something disposable.
export const network = defineToolset('network', 'Virtual networks, subnets and peerings: inspect, create and delete.', [
  listVnets,
  showVnet,
  createVnet,
  listSubnets,
  showSubnet,
  createSubnet,
  deleteSubnet,
  listPeerings,
  deleteVnet,
]);
