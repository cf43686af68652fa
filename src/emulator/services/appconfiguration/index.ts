// Azure App Configuration: configuration stores in ARM (keys, listKeys) and their data plane
// ({store}.azconfig.io: key-values, labels, locks, HMAC and Entra auth); both planes share state.ts.
import type { EmulatedService } from '../../core/service.js';
import { APP_CONFIG_BEHAVIOURS } from './arm.js';
import { registerAppConfigDataRoutes } from './data-plane.js';
import { APP_CONFIG_SNAPSHOT, AppConfigState } from './state.js';

export const APP_CONFIGURATION: EmulatedService = {
  name: 'appconfiguration',
  state: () => ({ appConfig: new AppConfigState() }),
  namespaces: ['Microsoft.AppConfiguration'],
  resourceTypes: APP_CONFIG_BEHAVIOURS,
  routes: registerAppConfigDataRoutes,
  snapshot: APP_CONFIG_SNAPSHOT,
};
