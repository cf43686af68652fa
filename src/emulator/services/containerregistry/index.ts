// Azure Container Registry: registries in ARM (listCredentials, listUsages, checkNameAvailability), ACR Tasks
// (tasks, scheduleRun, runs and their logs) and the registries' data plane ({name}.azurecr.io: the Docker
// registry API and ACR's token service); both planes share state.ts.
import type { EmulatedService } from '../../core/service.js';
import { REGISTRY_BEHAVIOURS } from './arm.js';
import { registerAcrDataRoutes } from './data-plane.js';
import { registerRegistryArmRoutes } from './routes.js';
import { REGISTRY_SNAPSHOT, RegistryState } from './state.js';
import { TASK_BEHAVIOURS } from './tasks.js';

export const CONTAINER_REGISTRY: EmulatedService = {
  name: 'containerregistry',
  state: () => ({ registries: new RegistryState() }),
  namespaces: ['Microsoft.ContainerRegistry'],
  resourceTypes: [...REGISTRY_BEHAVIOURS, ...TASK_BEHAVIOURS],
  routes(router) {
    registerAcrDataRoutes(router);
    registerRegistryArmRoutes(router);
  },
  snapshot: REGISTRY_SNAPSHOT,
};
