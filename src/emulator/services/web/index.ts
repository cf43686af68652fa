// Microsoft.Web (App Service): plans, web apps (Running/Stopped, start/stop/restart, managed identities,
// VNet integration), site config, app settings and connection strings, container logs.
import type { EmulatedService } from '../../core/service.js';
import { WEB_BEHAVIOURS } from './arm.js';
import { registerWebRoutes } from './routes.js';

export const WEB: EmulatedService = {
  name: 'web',
  namespaces: ['Microsoft.Web'],
  resourceTypes: WEB_BEHAVIOURS,
  routes: registerWebRoutes,
};
