// Signing in: Entra ID's token endpoints (client credentials, discovery), the managed-identity
// endpoints (IMDS and App Service) and the stand-in for `az account get-access-token`.
import type { EmulatedService } from '../../core/service.js';
import { registerAzCliRoutes } from './az-cli.js';
import { registerEntraRoutes } from './entra.js';
import { registerManagedIdentityRoutes } from './managed-identity.js';

export const IDENTITY: EmulatedService = {
  name: 'identity',
  routes(router) {
    registerEntraRoutes(router);
    registerManagedIdentityRoutes(router);
    registerAzCliRoutes(router);
  },
};
