// Names of the sandbox's demo estate, shared by every area's seed so the estate is consistent across
// services (the registry in ARM is the one whose repositories the data plane lists, and so on).
import { SEED } from '../core/seed.js';

export const DEMO = {
  /** "Contoso Development": most of the estate. */
  devSubscriptionId: SEED.subscriptions[0]!.id,
  /** "Contoso Production": a smaller estate, so switching subscriptions shows a difference. */
  prodSubscriptionId: SEED.subscriptions[1]!.id,
  tenantId: SEED.tenantId,
  location: 'eastus',
  resourceGroups: {
    web: 'rg-web', // App Service plan + web apps; tags env=dev, owner=web-team
    compute: 'rg-compute', // VMs (running, stopped, deallocated) + a VM scale set; tags env=dev, costCenter=1234
    network: 'rg-network', // hub, spoke and partner networks, peerings, NSG, private endpoint (demo/network.ts); a CanNotDelete lock
    shared: 'rg-shared', // storage accounts, the container registry, the App Configuration stores
    prod: 'rg-prod-web', // in the production subscription: one VM and one web app
  },
  vms: { running: 'vm-web-01', stopped: 'vm-batch-01', deallocated: 'vm-legacy-01', prod: 'vm-prod-01' },
  vmss: 'vmss-workers',
  storageAccounts: ['azopsdemodata', 'azopsdemologs'],
  vnets: { hub: 'vnet-hub', spoke: 'vnet-spoke' },
  appServicePlan: 'plan-web-dev',
  webApps: { running: 'azops-web-frontend', stopped: 'azops-web-admin', prod: 'azops-web-prod' },
  /** Basic, admin user on; the task `registryTask` builds into it (runs: one failed, with its log). */
  registry: 'azopsdemoacr',
  /** Premium, with network rules (an IP allow rule). */
  premiumRegistry: 'azopsdemopremium',
  registryTask: 'build-frontend',
  registryRepositories: { 'web/frontend': ['1.0.0', '1.1.0', 'latest'], 'web/admin': ['0.9.2', 'latest'], 'jobs/batch': ['2026.11.01'] },
  appConfigStore: 'azops-demo-config',
  /** The second store: local (access-key) auth disabled, so Entra ID with a data role is the only way in. */
  appConfigSecureStore: 'azops-demo-config-secure',
  managementGroups: { root: SEED.tenantId, platform: 'mg-platform', workloads: 'mg-workloads' },
} as const;
