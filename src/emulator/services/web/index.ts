// Microsoft.Web (App Service): plans, web apps (Running/Stopped, start/stop/restart), site config.
import type { EmulatedService } from '../../core/service.js';
import { WEB_BEHAVIOURS } from './arm.js';

export const WEB: EmulatedService = {
  name: 'web',
  namespaces: ['Microsoft.Web'],
  resourceTypes: WEB_BEHAVIOURS,
};
