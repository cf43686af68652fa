// The ARM side of the sandbox's demo estate, written straight into the resource store (no HTTP):
// resource groups with tags, VMs in every power state with NICs and public IPs, a scale set, two
// storage accounts (one with a weak security posture), the networks of demo/network.ts, App Service,
// the registry and the App Configuration store, a smaller production estate, locks, and an activity
// log with history of different ages (so a "last N days" window visibly leaves some out).
import type { EmulatedAzure } from '../emulated-azure.js';
import { SEED } from '../core/seed.js';
import { armTime } from '../core/resources/documents.js';
import { groupId, type TypeName } from '../core/resources/ids.js';
import type { Actor, ArmErrorInfo, Doc, StoredResource } from '../core/resources/model.js';
import type { ResourceStore } from '../core/resources/store.js';
import { DEMO_IDENTITY } from './identity.js';
import { DEMO } from './names.js';
import { seedDemoNetworks } from './network.js';
import { appendContainerLog } from '../services/web/site-data.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const LOCATION = DEMO.location;

/** Names this seed adds to names.ts (used nowhere else). */
export const ARM_DEMO = {
  prodPlan: 'plan-web-prod',
  windowsPlan: 'plan-web-windows',
  prodVnet: 'vnet-prod',
  networkLock: 'rg-network-nodelete',
  prodLock: 'production-nodelete',
  nic: (vm: string): string => `nic-${vm}`,
  publicIp: (vm: string): string => `pip-${vm}`,
} as const;

const USER: Actor = { name: SEED.cliUser.upn, type: 'User', objectId: SEED.cliUser.objectId, tenantId: SEED.tenantId };
const PIPELINE: Actor = {
  name: SEED.servicePrincipal.clientId,
  type: 'Application',
  objectId: SEED.servicePrincipal.objectId,
  tenantId: SEED.tenantId,
};

type Chain = [string, string][];

class Seeder {
  private readonly now = Date.now();
  constructor(private readonly azure: EmulatedAzure) {}

  get store(): ResourceStore {
    return this.azure.state.resources;
  }

  ago(ms: number): string {
    return armTime(this.now - ms);
  }

  group(subscriptionId: string, name: string, tags: Record<string, string>): void {
    this.store.putGroup({ subscriptionId, name, location: LOCATION, tags, createdAt: this.ago(45 * DAY) });
  }

  put(
    subscriptionId: string,
    resourceGroup: string,
    namespace: string,
    chain: Chain,
    body: Doc,
    actor: Actor = USER,
    ageMs = 30 * DAY,
  ): StoredResource {
    const path = { subscriptionId, resourceGroup, namespace, chain: chain.map(([type, name]): TypeName => ({ type, name })) };
    const written = this.store.writeResource({ path, body: { location: LOCATION, ...body }, actor, mode: 'put', at: this.ago(ageMs) });
    if ('code' in written) throw new Error(`demo seed: ${written.code}: ${written.message}`);
    return written.resource;
  }

  /** A finished operation in the activity log: Started, then its outcome 20 s later. */
  history(
    resource: { id: string; type: string; subscriptionId: string; resourceGroup?: string },
    operation: string,
    ageMs: number,
    actor: Actor,
    outcome: { httpStatus: number; error?: ArmErrorInfo } = { httpStatus: 200 },
  ): void {
    const common = {
      subscriptionId: resource.subscriptionId,
      resourceId: resource.id,
      resourceType: resource.type,
      ...(resource.resourceGroup ? { resourceGroup: resource.resourceGroup } : {}),
      operationName: operation,
      correlationId: `${hex(operation + ageMs)}`,
      operationId: hex(`${resource.id}|${ageMs}`),
      method: operation.endsWith('/delete') ? 'DELETE' : operation.endsWith('/action') ? 'POST' : 'PUT',
      actor,
    };
    this.store.activity.record({ ...common, status: 'Started', timestamp: this.now - ageMs });
    const error = outcome.error;
    this.store.activity.record({
      ...common,
      status: error ? 'Failed' : 'Succeeded',
      httpStatus: error ? error.status : outcome.httpStatus,
      timestamp: this.now - ageMs + 20_000,
      ...(error ? { error: { code: error.code, message: error.message } } : {}),
    });
  }
}

function hex(text: string): string {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  const part = hash.toString(16).padStart(8, '0');
  return `${part}-${part.slice(0, 4)}-4${part.slice(1, 4)}-8${part.slice(4, 7)}-${part}${part.slice(0, 4)}`;
}

function ref(resource: StoredResource): { id: string; type: string; subscriptionId: string; resourceGroup: string } {
  return { id: resource.id, type: resource.type, subscriptionId: resource.path.subscriptionId, resourceGroup: resource.path.resourceGroup };
}

const UBUNTU = { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest' };
const WINDOWS = { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2016-Datacenter', version: 'latest' };

function vmBody(
  subscriptionId: string,
  resourceGroup: string,
  name: string,
  size: string,
  os: 'Linux' | 'Windows',
  nicId: string,
  tags: Record<string, string>,
  zone?: string,
): Doc {
  const disk = `${name}-osdisk`;
  return {
    tags,
    ...(zone ? { zones: [zone] } : {}),
    properties: {
      hardwareProfile: { vmSize: size },
      storageProfile: {
        imageReference: os === 'Linux' ? UBUNTU : WINDOWS,
        osDisk: {
          osType: os,
          name: disk,
          createOption: 'FromImage',
          caching: 'ReadWrite',
          managedDisk: {
            storageAccountType: 'Premium_LRS',
            id: `${groupId(subscriptionId, resourceGroup)}/providers/Microsoft.Compute/disks/${disk}`,
          },
          diskSizeGB: os === 'Linux' ? 30 : 127,
        },
        dataDisks: [],
      },
      osProfile:
        os === 'Linux'
          ? {
              computerName: name,
              adminUsername: 'azureuser',
              linuxConfiguration: { disablePasswordAuthentication: true, provisionVMAgent: true },
              secrets: [],
            }
          : {
              computerName: name.slice(0, 15),
              adminUsername: 'azureadmin',
              windowsConfiguration: { provisionVMAgent: true, enableAutomaticUpdates: true },
              secrets: [],
            },
      networkProfile: { networkInterfaces: [{ id: nicId }] },
      diagnosticsProfile: { bootDiagnostics: { enabled: true } },
    },
  };
}

function nicBody(subnetId: string, publicIpId?: string): Doc {
  return {
    properties: {
      ipConfigurations: [
        { name: 'ipconfig1', properties: { subnet: { id: subnetId }, ...(publicIpId ? { publicIPAddress: { id: publicIpId } } : {}) } },
      ],
    },
  };
}

/** A VM with its NIC (and public IP), in the given power state. */
function seedVm(
  s: Seeder,
  sub: string,
  rg: string,
  name: string,
  size: string,
  os: 'Linux' | 'Windows',
  subnetId: string,
  power: string,
  tags: Record<string, string>,
  withPublicIp: boolean,
  zone?: string,
): StoredResource {
  const pip = withPublicIp
    ? s.put(sub, rg, 'Microsoft.Network', [['publicIPAddresses', ARM_DEMO.publicIp(name)]], {
        tags,
        sku: { name: 'Standard', tier: 'Regional' },
        properties: { publicIPAllocationMethod: 'Static' },
      })
    : undefined;
  const nic = s.put(sub, rg, 'Microsoft.Network', [['networkInterfaces', ARM_DEMO.nic(name)]], { tags, ...nicBody(subnetId, pip?.id) });
  const vm = s.put(sub, rg, 'Microsoft.Compute', [['virtualMachines', name]], vmBody(sub, rg, name, size, os, nic.id, tags, zone));
  vm.runtime.powerState = power;
  return vm;
}

function seedNetwork(
  s: Seeder,
  sub: string,
  rg: string,
  name: string,
  prefix: string,
  subnets: [string, string][],
  tags: Record<string, string>,
): StoredResource {
  return s.put(sub, rg, 'Microsoft.Network', [['virtualNetworks', name]], {
    tags,
    properties: {
      addressSpace: { addressPrefixes: [prefix] },
      subnets: subnets.map(([subnet, addressPrefix]) => ({ name: subnet, properties: { addressPrefix } })),
    },
  });
}

function subnetId(vnet: StoredResource, name: string): string {
  return `${vnet.id}/subnets/${name}`;
}

export function seedArmDemoEstate(azure: EmulatedAzure): void {
  const s = new Seeder(azure);
  const dev = DEMO.devSubscriptionId;
  const prod = DEMO.prodSubscriptionId;
  const rg = DEMO.resourceGroups;
  const devTags = { env: 'dev' };
  s.group(dev, rg.web, { env: 'dev', owner: 'web-team' });
  s.group(dev, rg.compute, { env: 'dev', costCenter: '1234' });
  s.group(dev, rg.network, { env: 'dev', owner: 'platform-team' });
  s.group(dev, rg.shared, { env: 'dev', owner: 'platform-team' });

  // Networking (demo/network.ts): hub and spoke peered both ways, and more.
  const { spoke } = seedDemoNetworks((...args) => s.put(...args), dev);
  azure.state.resources.locks.put({
    scope: groupId(dev, rg.network),
    name: ARM_DEMO.networkLock,
    level: 'CanNotDelete',
    notes: 'Shared networking: ask the platform team before deleting.',
  });

  // Compute: one VM per power state, and a scale set of two.
  const computeTags = { env: 'dev', costCenter: '1234' };
  const web = seedVm(
    s,
    dev,
    rg.compute,
    DEMO.vms.running,
    'Standard_B2s',
    'Linux',
    subnetId(spoke, 'snet-web'),
    'running',
    { ...computeTags, role: 'web' },
    true,
    '1',
  );
  const batch = seedVm(
    s,
    dev,
    rg.compute,
    DEMO.vms.stopped,
    'Standard_D4s_v5',
    'Linux',
    subnetId(spoke, 'snet-app'),
    'stopped',
    { ...computeTags, role: 'batch' },
    false,
    '2',
  );
  const legacy = seedVm(
    s,
    dev,
    rg.compute,
    DEMO.vms.deallocated,
    'Standard_DS2_v2',
    'Windows',
    subnetId(spoke, 'snet-app'),
    'deallocated',
    { ...computeTags, role: 'legacy' },
    false,
  );
  const vmss = s.put(
    dev,
    rg.compute,
    'Microsoft.Compute',
    [['virtualMachineScaleSets', DEMO.vmss]],
    {
      tags: { ...computeTags, role: 'worker' },
      sku: { name: 'Standard_D2s_v5', tier: 'Standard', capacity: 2 },
      properties: {
        orchestrationMode: 'Uniform',
        upgradePolicy: { mode: 'Manual' },
        overprovision: false,
        singlePlacementGroup: true,
        virtualMachineProfile: {
          osProfile: {
            computerNamePrefix: 'worker',
            adminUsername: 'azureuser',
            linuxConfiguration: { disablePasswordAuthentication: true },
          },
          storageProfile: {
            imageReference: UBUNTU,
            osDisk: { createOption: 'FromImage', caching: 'ReadWrite', managedDisk: { storageAccountType: 'Standard_LRS' } },
          },
          networkProfile: {
            networkInterfaceConfigurations: [
              {
                name: 'worker-nic',
                properties: {
                  primary: true,
                  ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: subnetId(spoke, 'snet-app') } } }],
                },
              },
            ],
          },
        },
      },
    },
    PIPELINE,
  );

  // Storage: a well-configured account and one with a weak security posture.
  const [dataName, logsName] = DEMO.storageAccounts;
  s.put(dev, rg.shared, 'Microsoft.Storage', [['storageAccounts', dataName]], {
    tags: { env: 'dev', dataClass: 'confidential' },
    kind: 'StorageV2',
    sku: { name: 'Standard_GRS' },
    properties: {
      accessTier: 'Hot',
      isHnsEnabled: true,
      minimumTlsVersion: 'TLS1_2',
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      supportsHttpsTrafficOnly: true,
      publicNetworkAccess: 'Enabled',
      networkAcls: {
        bypass: 'AzureServices',
        defaultAction: 'Deny',
        ipRules: [{ value: '203.0.113.0/24', action: 'Allow' }],
        virtualNetworkRules: [{ id: subnetId(spoke, 'snet-app'), action: 'Allow', state: 'Succeeded' }],
      },
    },
  });
  const logs = s.put(
    dev,
    rg.shared,
    'Microsoft.Storage',
    [['storageAccounts', logsName]],
    {
      tags: { env: 'dev', dataClass: 'internal' },
      kind: 'StorageV2',
      sku: { name: 'Standard_LRS' },
      properties: {
        accessTier: 'Cool',
        minimumTlsVersion: 'TLS1_0',
        allowBlobPublicAccess: true,
        allowSharedKeyAccess: true,
        supportsHttpsTrafficOnly: false,
        publicNetworkAccess: 'Enabled',
      },
    },
    PIPELINE,
    10 * DAY,
  );
  s.put(dev, rg.shared, 'Microsoft.ContainerRegistry', [['registries', DEMO.registry]], {
    tags: devTags,
    sku: { name: 'Basic' },
    properties: { adminUserEnabled: true },
  });
  s.put(dev, rg.shared, 'Microsoft.AppConfiguration', [['configurationStores', DEMO.appConfigStore]], {
    tags: devTags,
    sku: { name: 'Standard' },
    properties: { disableLocalAuth: false },
  });
  s.put(dev, rg.shared, 'Microsoft.AppConfiguration', [['configurationStores', DEMO.appConfigSecureStore]], {
    tags: { ...devTags, dataClass: 'confidential' },
    sku: { name: 'Standard' },
    properties: { disableLocalAuth: true, publicNetworkAccess: 'Enabled', enablePurgeProtection: true, softDeleteRetentionInDays: 7 },
  });

  // App Service: a Linux plan with two container apps from the registry (the running one pulls with its managed
  // identity, the stopped one with a stored registry password), an empty Windows plan that is still billed, and a
  // subnet delegated to App Service, ready for VNet integration.
  const plan = s.put(dev, rg.web, 'Microsoft.Web', [['serverfarms', DEMO.appServicePlan]], {
    tags: devTags,
    kind: 'linux',
    sku: { name: 'P1v3', capacity: 1 },
    properties: { reserved: true },
  });
  s.put(dev, rg.web, 'Microsoft.Web', [['serverfarms', ARM_DEMO.windowsPlan]], {
    tags: devTags,
    kind: 'app',
    sku: { name: 'S1', capacity: 1 },
    properties: { reserved: false },
  });
  const registryHost = `${DEMO.registry}.azurecr.io`;
  const frontend = s.put(dev, rg.web, 'Microsoft.Web', [['sites', DEMO.webApps.running]], {
    tags: devTags,
    kind: 'app,linux,container',
    identity: { type: 'SystemAssigned', principalId: DEMO_IDENTITY.webAppPrincipalId, tenantId: DEMO.tenantId },
    properties: {
      serverFarmId: plan.id,
      httpsOnly: true,
      reserved: true,
      siteConfig: {
        linuxFxVersion: `DOCKER|${registryHost}/web/frontend:1.1.0`,
        acrUseManagedIdentityCreds: true,
        alwaysOn: true,
        ftpsState: 'FtpsOnly',
        http20Enabled: true,
        appCommandLine: 'node server.js',
        appSettings: [
          { name: 'WEBSITES_ENABLE_APP_SERVICE_STORAGE', value: 'false' },
          { name: 'WEBSITES_PORT', value: '8080' },
          { name: 'APP_ENV', value: 'dev' },
          { name: 'PAYMENTS_API_KEY', value: 'demo-not-a-real-key-7f3a9c' },
        ],
        connectionStrings: [
          {
            name: 'OrdersDb',
            connectionString:
              'Server=tcp:azops-sql-dev.database.windows.net;Database=orders;User ID=web;Password=demo-not-a-real-password;',
            type: 'SQLAzure',
          },
        ],
      },
    },
  });
  appendContainerLog(
    frontend,
    'INFO  - Container azops-web-frontend_0_4f2c1b7e: Listening on port 8080',
    'INFO  - Container azops-web-frontend_0_4f2c1b7e: GET /health 200 3ms',
    'WARN  - Container azops-web-frontend_0_4f2c1b7e: slow response from orders API (1840ms)',
    'INFO  - Container azops-web-frontend_0_4f2c1b7e: GET / 200 41ms',
  );
  const admin = s.put(dev, rg.web, 'Microsoft.Web', [['sites', DEMO.webApps.stopped]], {
    tags: devTags,
    kind: 'app,linux,container',
    properties: {
      serverFarmId: plan.id,
      httpsOnly: false,
      reserved: true,
      siteConfig: {
        linuxFxVersion: `DOCKER|${registryHost}/web/admin:0.9.2`,
        minTlsVersion: '1.0',
        ftpsState: 'AllAllowed',
        appSettings: [
          { name: 'WEBSITES_ENABLE_APP_SERVICE_STORAGE', value: 'false' },
          { name: 'DOCKER_REGISTRY_SERVER_URL', value: `https://${registryHost}` },
          { name: 'DOCKER_REGISTRY_SERVER_USERNAME', value: DEMO.registry },
          { name: 'DOCKER_REGISTRY_SERVER_PASSWORD', value: 'demo-not-a-real-registry-password' },
          { name: 'ADMIN_FEATURES', value: 'reports' },
        ],
      },
    },
  });
  appendContainerLog(admin, `INFO  - Stopping site ${DEMO.webApps.stopped} because it was stopped.`);
  admin.runtime.siteState = 'Stopped';
  // The spoke's snet-appsvc (demo/network.ts) is delegated to App Service and linked to this plan: the VNet example.

  // Production: a smaller estate behind a subscription-wide CanNotDelete lock.
  const prodTags = { env: 'prod', owner: 'web-team' };
  s.group(prod, rg.prod, prodTags);
  const prodNet = seedNetwork(s, prod, rg.prod, ARM_DEMO.prodVnet, '10.20.0.0/16', [['snet-web', '10.20.1.0/24']], prodTags);
  seedVm(s, prod, rg.prod, DEMO.vms.prod, 'Standard_D2s_v5', 'Linux', subnetId(prodNet, 'snet-web'), 'running', prodTags, true, '1');
  const prodPlan = s.put(prod, rg.prod, 'Microsoft.Web', [['serverfarms', ARM_DEMO.prodPlan]], {
    tags: prodTags,
    kind: 'linux',
    sku: { name: 'P1v3', capacity: 2 },
    properties: { reserved: true },
  });
  const prodSite = s.put(prod, rg.prod, 'Microsoft.Web', [['sites', DEMO.webApps.prod]], {
    tags: prodTags,
    kind: 'app,linux',
    properties: {
      serverFarmId: prodPlan.id,
      httpsOnly: true,
      reserved: true,
      siteConfig: { linuxFxVersion: 'NODE|20-lts', alwaysOn: true },
    },
  });
  azure.state.resources.locks.put({
    scope: `/subscriptions/${prod}`,
    name: ARM_DEMO.prodLock,
    level: 'CanNotDelete',
    notes: 'Production: nothing is deleted without a change request.',
  });

  // Activity history of different ages.
  s.history(
    { id: groupId(dev, rg.compute), type: 'Microsoft.Resources/resourceGroups', subscriptionId: dev, resourceGroup: rg.compute },
    'Microsoft.Resources/subscriptions/resourceGroups/write',
    30 * DAY,
    USER,
    { httpStatus: 201 },
  );
  s.history(ref(legacy), 'Microsoft.Compute/virtualMachines/write', 10 * DAY, USER, { httpStatus: 201 });
  s.history(ref(logs), 'Microsoft.Storage/storageAccounts/write', 10 * DAY, PIPELINE, { httpStatus: 200 });
  s.history(ref(batch), 'Microsoft.Compute/virtualMachines/powerOff/action', 3 * DAY, PIPELINE);
  s.history(ref(legacy), 'Microsoft.Compute/virtualMachines/deallocate/action', 3 * DAY + 2 * HOUR, USER);
  s.history(ref(admin), 'Microsoft.Web/sites/stop/action', DAY, USER);
  s.history(
    {
      id: `${groupId(dev, rg.network)}/providers/Microsoft.Authorization/locks/${ARM_DEMO.networkLock}`,
      type: 'Microsoft.Authorization/locks',
      subscriptionId: dev,
      resourceGroup: rg.network,
    },
    'Microsoft.Authorization/locks/write',
    DAY + 3 * HOUR,
    USER,
    { httpStatus: 201 },
  );
  s.history(ref(legacy), 'Microsoft.Compute/virtualMachines/start/action', 5 * HOUR, USER, {
    httpStatus: 200,
    error: {
      status: 409,
      code: 'AllocationFailed',
      message:
        "Allocation failed. We do not have sufficient capacity for the requested VM size 'Standard_DS2_v2' in this region. Read more about improving likelihood of allocation success at http://aka.ms/allocation-guidance",
    },
  });
  s.history(ref(web), 'Microsoft.Compute/virtualMachines/restart/action', 2 * HOUR, USER);
  s.history(ref(vmss), 'Microsoft.Compute/virtualMachineScaleSets/write', 40 * 60_000, PIPELINE);
  s.history(
    {
      id: `/subscriptions/${prod}/providers/Microsoft.Authorization/locks/${ARM_DEMO.prodLock}`,
      type: 'Microsoft.Authorization/locks',
      subscriptionId: prod,
    },
    'Microsoft.Authorization/locks/write',
    10 * DAY,
    USER,
    { httpStatus: 201 },
  );
  s.history(ref(prodSite), 'Microsoft.Web/sites/restart/action', 2 * DAY, PIPELINE);
}

export interface GenericSeedOptions {
  resourceGroup: string;
  count: number;
  /** Default: the demo's development subscription. */
  subscriptionId?: string;
  /** Full type; default Microsoft.Network/networkSecurityGroups (generic, synchronous). */
  type?: string;
  namePrefix?: string;
  location?: string;
}

/** Seeds `count` resources into one group (created if missing), for list and paging benchmarks. */
export function seedGenericResources(azure: EmulatedAzure, options: GenericSeedOptions): void {
  const store = azure.state.resources;
  const subscriptionId = options.subscriptionId ?? DEMO.devSubscriptionId;
  const location = options.location ?? LOCATION;
  if (!store.getGroup(subscriptionId, options.resourceGroup))
    store.putGroup({ subscriptionId, name: options.resourceGroup, location, tags: { purpose: 'benchmark' } });
  const [namespace = 'Microsoft.Network', ...types] = (options.type ?? 'Microsoft.Network/networkSecurityGroups').split('/');
  const prefix = options.namePrefix ?? 'res';
  const width = String(options.count).length;
  const at = armTime();
  for (let i = 0; i < options.count; i++) {
    const name = `${prefix}-${String(i).padStart(width, '0')}`;
    const chain = [{ type: types[0] ?? 'resources', name }];
    const written = store.writeResource({
      path: { subscriptionId, resourceGroup: options.resourceGroup, namespace, chain },
      body: { location, tags: { env: i % 2 === 0 ? 'dev' : 'test', index: String(i) }, properties: {} },
      actor: PIPELINE,
      mode: 'put',
      asIs: true,
      at,
    });
    if ('code' in written) throw new Error(`seedGenericResources: ${written.code}: ${written.message}`);
  }
}
