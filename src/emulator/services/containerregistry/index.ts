// Azure Container Registry: registries in ARM (listCredentials, listUsages) and their data plane
// ({name}.azurecr.io: the Docker registry API and ACR's token service); both planes share state.ts.
import type { EmulatedService } from '../../core/service.js';
import { REGISTRY_BEHAVIOURS } from './arm.js';
import { registerAcrDataRoutes } from './data-plane.js';
import { REGISTRY_SNAPSHOT, RegistryState } from './state.js';

export const CONTAINER_REGISTRY: EmulatedService = {
  name: 'containerregistry',
  state: () => ({ registries: new RegistryState() }),
  namespaces: ['Microsoft.ContainerRegistry'],
  resourceTypes: REGISTRY_BEHAVIOURS,
  routes: registerAcrDataRoutes,
  snapshot: REGISTRY_SNAPSHOT,
};
