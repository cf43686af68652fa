import { defineToolset } from '../define.js';
import { listAppServicePlans, showAppServicePlan } from './plans.js';
import { listWebApps, showWebApp } from './sites.js';
import { restartWebApp, startWebApp, stopWebApp } from './power.js';
import { createWebAppForContainer } from './create.js';
import { grantRegistryAccess, setRegistryCredentials } from './registry.js';
import { configureVnetIntegration } from './vnet.js';
import { assignWebAppIdentity } from './identity.js';
import { viewWebAppLogs } from './logs.js';
import { deleteWebApp } from './delete.js';

// In this order the sandbox runs the examples: the create example makes the app the later ones change and
// webapp_delete removes.
export const appservice = defineToolset(
  'appservice',
  'App Service plans and web apps, including web apps for containers: state, power, identity, registry access, VNet integration, logs.',
  [
    listAppServicePlans,
    showAppServicePlan,
    listWebApps,
    showWebApp,
    startWebApp,
    stopWebApp,
    restartWebApp,
    createWebAppForContainer,
    grantRegistryAccess,
    configureVnetIntegration,
    assignWebAppIdentity,
    viewWebAppLogs,
    setRegistryCredentials,
    deleteWebApp,
  ],
);
