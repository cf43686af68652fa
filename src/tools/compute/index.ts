import { defineToolset } from '../define.js';
import { getVmStatus, listVms } from './vms.js';
import { deallocateVm, restartVm, startVm, stopVm } from './power.js';
import { scaleVmss } from './vmss.js';

export const compute = defineToolset('compute', 'Virtual machines and scale sets: status, power and scale.', [
  listVms,
  getVmStatus,
  startVm,
  stopVm,
  restartVm,
  deallocateVm,
  scaleVmss,
]);
