// Microsoft.Storage: storage accounts, their endpoints, replication and keys.
import type { EmulatedService } from '../../core/service.js';
import { STORAGE_BEHAVIOURS } from './arm.js';

export const STORAGE: EmulatedService = {
  name: 'storage',
  namespaces: ['Microsoft.Storage'],
  resourceTypes: STORAGE_BEHAVIOURS,
};
