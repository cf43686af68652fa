// ARM's basics over the core resource store: resource groups, generic resources of any registered
// provider (with their lists, children, views and actions), tags, management locks and the activity log.
import type { EmulatedService } from '../../core/service.js';
import { registerActivityLogRoutes } from './activity-log.js';
import { registerArmLockRoutes } from './locks.js';
import { registerArmResourceGroupRoutes } from './resource-groups.js';
import { registerArmResourceRoutes } from './routes.js';
import { registerArmTagRoutes } from './tags.js';

export const RESOURCES: EmulatedService = {
  name: 'resources',
  // Providers registered in the emulated subscriptions whose types behave generically (the services
  // with their own folder register theirs).
  namespaces: [
    'Microsoft.KeyVault',
    'Microsoft.Sql',
    'Microsoft.Insights',
    'Microsoft.OperationalInsights',
    'Microsoft.ContainerService',
    'Microsoft.App',
    'Microsoft.DocumentDB',
    'Microsoft.Cache',
    'Microsoft.ManagedIdentity',
    'Microsoft.EventHub',
    'Microsoft.ServiceBus',
    'Microsoft.Logic',
    'Microsoft.DBforPostgreSQL',
    'Microsoft.DBforMySQL',
    'Microsoft.CognitiveServices',
    'Microsoft.Cdn',
    'Microsoft.Automation',
    'Microsoft.RecoveryServices',
  ],
  routes(router) {
    registerArmResourceGroupRoutes(router);
    registerArmLockRoutes(router);
    registerArmTagRoutes(router);
    registerActivityLogRoutes(router);
    registerArmResourceRoutes(router);
  },
};
