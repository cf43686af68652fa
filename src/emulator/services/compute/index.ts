// Microsoft.Compute: virtual machines (power states, instance view, extensions) and scale sets.
import type { EmulatedService } from '../../core/service.js';
import { COMPUTE_BEHAVIOURS } from './arm.js';

export const COMPUTE: EmulatedService = {
  name: 'compute',
  namespaces: ['Microsoft.Compute'],
  resourceTypes: COMPUTE_BEHAVIOURS,
};
