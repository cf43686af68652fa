// Our Resource Manager answers against Microsoft's own examples (azure-rest-api-specs x-ms-examples)
// for resources, locks, the activity log, compute, storage, network, App Service, container registry
// and App Configuration: the example's request goes through azure.handle (with whatever it needs
// seeded first) and the answer must have an allowed status, the same keys at every level and the same
// value types as the example's body for that status, and the headers the SDK relies on.
//
// Container registry tasks and runs (TasksList.json, RunsList.json) are served for @azure/arm-containerregistry
// 10.1.0 (installed as arm-containerregistry-tasks), the last package with the 2019-06-01-preview operations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EmulatedAzure } from '../../src/emulator/index.js';
import { servicePrincipalToken, REST_EXAMPLES_DIR } from './support.js';
import { arm, assertArmShape, insert, pollUntilDone, SUB, without, type ShapeOptions } from './arm-support.js';

interface Example {
  parameters: Record<string, unknown>;
  responses: Record<string, { body?: unknown; headers?: Record<string, string> }>;
}

interface Case {
  file: string;
  method: string;
  /** `{name}` is replaced by the example's parameter (the subscription by a seeded one). */
  path: string;
  /** The parameter holding the request body. */
  body?: string;
  /** Query parameter → example parameter. */
  query?: Record<string, string>;
  seed?(azure: EmulatedAzure, example: Example): void;
  shape?: ShapeOptions;
}

const GROUP = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}';
const VM = `${GROUP}/providers/Microsoft.Compute/virtualMachines/{vmName}`;
const VNET = `${GROUP}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}`;
const REGISTRY = `${GROUP}/providers/Microsoft.ContainerRegistry/registries/{registryName}`;
const CONFIG_STORE = `${GROUP}/providers/Microsoft.AppConfiguration/configurationStores/{configStoreName}`;
const WINDOWS_IMAGE = { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2016-Datacenter', version: 'latest' };

const param = (example: Example, name: string): string => String(example.parameters[name]);
const responseBody = (example: Example, status: string): Record<string, unknown> =>
  example.responses[status]?.body as Record<string, unknown>;
const valueItems = (example: Example): Record<string, unknown>[] => responseBody(example, '200')['value'] as Record<string, unknown>[];

function minimalVm(azure: EmulatedAzure, example: Example): void {
  insert(azure, param(example, 'resourceGroupName'), 'Microsoft.Compute', [['virtualMachines', param(example, 'vmName')]], {
    location: 'eastus',
    properties: { hardwareProfile: { vmSize: 'Standard_B1s' } },
  });
}

function vnet(azure: EmulatedAzure, group: string, name: string, prefix: string, extra: Record<string, unknown> = {}): void {
  insert(azure, group, 'Microsoft.Network', [['virtualNetworks', name]], {
    location: 'westus',
    properties: { addressSpace: { addressPrefixes: [prefix] }, ...extra },
  });
}

const SITE_DERIVED = [
  'id',
  'name',
  'type',
  'properties.availabilityState',
  'properties.defaultHostName',
  'properties.enabledHostNames',
  'properties.hostNameSslStates',
  'properties.hostNames',
  'properties.lastModifiedTimeUtc',
  'properties.repositorySiteName',
  'properties.resourceGroup',
  'properties.state',
  'properties.usageState',
];
const STORAGE_DERIVED = [
  'id',
  'name',
  'type',
  'properties.primaryEndpoints',
  'properties.primaryLocation',
  'properties.secondaryLocation',
  'properties.statusOfPrimary',
  'properties.statusOfSecondary',
  'properties.provisioningState',
  'properties.creationTime',
];

const CASES: Case[] = [
  // ---- resources ----
  // CreateResourceGroup.json omits `type`, which ResourceGroups_Get.json (and Azure) return for the same group.
  { file: 'resources/CreateResourceGroup.json', method: 'PUT', path: GROUP, body: 'parameters', shape: { allowExtra: ['$.type'] } },
  {
    file: 'resources/ResourceGroups_Get.json',
    method: 'GET',
    path: GROUP,
    seed: (azure, ex) =>
      void azure.state.resources.putGroup({ subscriptionId: SUB, name: param(ex, 'resourceGroupName'), location: 'westus2' }),
  },
  {
    file: 'resources/ForceDeleteVMsInResourceGroup.json',
    method: 'DELETE',
    path: GROUP,
    query: { forceDeletionTypes: 'forceDeletionTypes' },
    seed: (azure, ex) => minimalVm(azure, { ...ex, parameters: { ...ex.parameters, vmName: 'vm1' } }),
  },
  {
    file: 'resources/PatchTagsResource.json',
    method: 'PATCH',
    path: '/{scope}/providers/Microsoft.Resources/tags/default',
    body: 'parameters',
    seed: (azure) => void insert(azure, 'my-resource-group', 'myPRNameSpace', [['VM', 'myVm']], { location: 'eastus' }),
  },
  {
    file: 'resources/GetTagsResource.json',
    method: 'GET',
    path: '/{scope}/providers/Microsoft.Resources/tags/default',
    seed: (azure) =>
      void insert(azure, 'my-resource-group', 'myPRNameSpace', [['VM', 'myVm']], {
        location: 'eastus',
        tags: { tagKey1: 'tag-value-1', tagKey2: 'tag-value-2' },
      }),
  },
  // ---- locks ---- (the resource-level example's parentResourcePath is a placeholder for "none")
  {
    file: 'locks/ManagementLocks_CreateOrUpdateAtResourceLevel.json',
    method: 'PUT',
    body: 'parameters',
    path: `${GROUP}/providers/{resourceProviderNamespace}/{resourceType}/{resourceName}/providers/Microsoft.Authorization/locks/{lockName}`,
    seed: (azure, ex) =>
      void insert(azure, param(ex, 'resourceGroupName'), 'Microsoft.Storage', [['storageAccounts', param(ex, 'resourceName')]], {
        location: 'eastus',
        kind: 'StorageV2',
        sku: { name: 'Standard_LRS' },
      }),
  },
  {
    file: 'locks/ManagementLocks_DeleteAtResourceGroupLevel.json',
    method: 'DELETE',
    path: `${GROUP}/providers/Microsoft.Authorization/locks/{lockName}`,
    seed: seedGroupLock,
  },
  {
    file: 'locks/ManagementLocks_ListAtResourceGroupLevel.json',
    method: 'GET',
    path: `${GROUP}/providers/Microsoft.Authorization/locks`,
    seed: seedGroupLock,
  },
  {
    file: 'locks/ManagementLocks_ListAtSubscriptionLevel.json',
    method: 'GET',
    path: '/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/locks',
    seed: seedGroupLock,
  },
  // ---- monitor ---- (category, resourceId, resourceType and tenantId are EventData fields newer than the 2015 example)
  {
    file: 'monitor/GetActivityLogsFiltered.json',
    method: 'GET',
    path: '/subscriptions/{subscriptionId}/providers/Microsoft.Insights/eventtypes/management/values',
    query: { $filter: '$filter' },
    shape: {
      dictionaries: ['tags', 'claims', 'properties'],
      allowExtra: ['$.value[].category', '$.value[].resourceId', '$.value[].resourceType', '$.value[].tenantId'],
    },
    seed: (azure) => {
      azure.state.resources.putGroup({ subscriptionId: SUB, name: 'MSSupportGroup', location: 'eastus' });
      const common = {
        subscriptionId: SUB,
        resourceGroup: 'MSSupportGroup',
        resourceId: `/subscriptions/${SUB}/resourceGroups/MSSupportGroup/providers/microsoft.support/supporttickets/115012112305841`,
        resourceType: 'microsoft.support/supporttickets',
        operationName: 'microsoft.support/supporttickets/write',
        correlationId: '1e121103-0ba6-4300-ac9d-952bb5d0c80f',
        operationId: '1e121103-0ba6-4300-ac9d-952bb5d0c80f',
        method: 'PUT',
        actor: {
          name: 'admin@contoso.com',
          type: 'User' as const,
          objectId: '2468adf0-8211-44e3-95aa-85137af64708',
          tenantId: '1e8d8218-c5e7-4578-9acc-9abbd5d23315',
        },
      };
      azure.state.resources.activity.record({
        ...common,
        status: 'Succeeded',
        httpStatus: 201,
        timestamp: Date.parse('2015-01-21T22:14:26.979Z'),
      });
    },
  },
  // ---- compute ---- (the *_MinimumSet_Gen examples list only a minimum of keys: ours must include them)
  ...['Start', 'PowerOff', 'Restart', 'Deallocate'].map((action): Case => ({
    file: `compute/VirtualMachine_${action}_MinimumSet_Gen.json`,
    method: 'POST',
    path: `${VM}/${action.charAt(0).toLowerCase()}${action.slice(1)}`,
    seed: minimalVm,
  })),
  {
    file: 'compute/VirtualMachine_List_MinimumSet_Gen.json',
    method: 'GET',
    path: `${GROUP}/providers/Microsoft.Compute/virtualMachines`,
    shape: { subset: true },
    seed: (azure, ex) => ['vm1', 'vm2'].forEach((vmName) => minimalVm(azure, { ...ex, parameters: { ...ex.parameters, vmName } })),
  },
  {
    file: 'compute/VirtualMachineScaleSet_Update_MinimumSet_Gen.json',
    method: 'PATCH',
    path: `${GROUP}/providers/Microsoft.Compute/virtualMachineScaleSets/{vmScaleSetName}`,
    body: 'parameters',
    shape: { subset: true },
    seed: (azure, ex) =>
      void insert(azure, param(ex, 'resourceGroupName'), 'Microsoft.Compute', [['virtualMachineScaleSets', param(ex, 'vmScaleSetName')]], {
        location: 'westus',
        sku: { name: 'Standard_D2s_v5', capacity: 2 },
        properties: { orchestrationMode: 'Uniform' },
      }),
  },
  {
    file: 'compute/VirtualMachine_Get_InstanceView.json',
    method: 'GET',
    path: `${VM}/instanceView`,
    seed: (azure, ex) => {
      const group = param(ex, 'resourceGroupName');
      const vmName = param(ex, 'vmName');
      insert(azure, group, 'Microsoft.Compute', [['virtualMachines', vmName]], {
        location: 'westus',
        properties: {
          hardwareProfile: { vmSize: 'Standard_DS3_v2' },
          storageProfile: {
            imageReference: WINDOWS_IMAGE,
            osDisk: { name: 'myOsDisk', osType: 'Windows', createOption: 'FromImage' },
            dataDisks: [{ lun: 0, name: 'myDataDisk0', createOption: 'Empty' }],
          },
          osProfile: { computerName: vmName, adminUsername: 'admin', windowsConfiguration: { provisionVMAgent: true } },
          diagnosticsProfile: { bootDiagnostics: { enabled: true, storageUri: 'https://mystorage.blob.core.windows.net' } },
          capacityReservation: {
            capacityReservationGroup: {
              id: `/subscriptions/${SUB}/resourceGroups/${group}/providers/Microsoft.Compute/capacityReservationGroups/crg`,
            },
          },
        },
      });
      insert(
        azure,
        group,
        'Microsoft.Compute',
        [
          ['virtualMachines', vmName],
          ['extensions', 'IaaSAntiMalware-ext0'],
        ],
        {
          location: 'westus',
          properties: { publisher: 'Microsoft.Azure.Security', type: 'IaaSAntimalware', typeHandlerVersion: '1.5.5.9' },
        },
      );
    },
  },
  {
    file: 'compute/VirtualMachine_Get_WithVMSizeProperties.json',
    method: 'GET',
    path: VM,
    query: { $expand: 'expand' },
    seed: (azure, ex) => {
      const body = responseBody(ex, '200');
      const group = param(ex, 'resourceGroupName');
      insert(
        azure,
        group,
        'Microsoft.Compute',
        [['virtualMachines', param(ex, 'vmName')]],
        without(body, ['id', 'name', 'type', 'resources', 'properties.provisioningState', 'properties.vmId']),
      );
      const extension = (body['resources'] as Record<string, unknown>[])[0]!;
      insert(
        azure,
        group,
        'Microsoft.Compute',
        [
          ['virtualMachines', param(ex, 'vmName')],
          ['extensions', String(extension['name'])],
        ],
        without(extension, ['id', 'name', 'type', 'properties.provisioningState']),
      );
    },
  },
  // ---- storage ----
  {
    file: 'storage/StorageAccountGetProperties.json',
    method: 'GET',
    path: `${GROUP}/providers/Microsoft.Storage/storageAccounts/{accountName}`,
    seed: (azure, ex) =>
      void insert(
        azure,
        param(ex, 'resourceGroupName'),
        'Microsoft.Storage',
        [['storageAccounts', param(ex, 'accountName')]],
        without(responseBody(ex, '200'), STORAGE_DERIVED),
      ),
  },
  {
    file: 'storage/StorageAccountListByResourceGroup.json',
    method: 'GET',
    path: `${GROUP}/providers/Microsoft.Storage/storageAccounts`,
    seed: (azure, ex) =>
      valueItems(ex).forEach((item) =>
        insert(
          azure,
          param(ex, 'resourceGroupName'),
          'Microsoft.Storage',
          [['storageAccounts', String(item['name'])]],
          without(item, STORAGE_DERIVED),
        ),
      ),
  },
  // ---- network ----
  {
    file: 'network/VirtualNetworkGet.json',
    method: 'GET',
    path: VNET,
    seed: (azure, ex) => {
      const body = responseBody(ex, '200');
      const group = param(ex, 'resourceGroupName');
      const name = param(ex, 'virtualNetworkName');
      insert(
        azure,
        group,
        'Microsoft.Network',
        [['virtualNetworks', name]],
        without(body, ['id', 'name', 'type', 'properties.subnets', 'properties.virtualNetworkPeerings', 'properties.provisioningState']),
      );
      insert(
        azure,
        group,
        'Microsoft.Network',
        [
          ['virtualNetworks', name],
          ['subnets', 'subnet1'],
        ],
        { properties: { addressPrefix: '10.0.1.0/24' } },
      );
      insert(azure, group, 'Microsoft.Network', [['networkInterfaces', 'nic1']], {
        location: 'westus',
        properties: {
          ipConfigurations: [
            {
              name: 'ipconfig1',
              properties: {
                subnet: {
                  id: `/subscriptions/${SUB}/resourceGroups/${group}/providers/Microsoft.Network/virtualNetworks/${name}/subnets/subnet1`,
                },
              },
            },
          ],
        },
      });
    },
  },
  {
    file: 'network/VirtualNetworkList.json',
    method: 'GET',
    path: `${GROUP}/providers/Microsoft.Network/virtualNetworks`,
    seed: (azure, ex) => {
      const group = param(ex, 'resourceGroupName');
      for (const item of valueItems(ex)) {
        insert(
          azure,
          group,
          'Microsoft.Network',
          [['virtualNetworks', String(item['name'])]],
          without(item, ['id', 'name', 'type', 'properties.subnets', 'properties.virtualNetworkPeerings', 'properties.provisioningState']),
        );
        for (const subnet of (item['properties'] as { subnets: Record<string, unknown>[] }).subnets) {
          insert(
            azure,
            group,
            'Microsoft.Network',
            [
              ['virtualNetworks', String(item['name'])],
              ['subnets', String(subnet['name'])],
            ],
            without(subnet, ['id', 'name', 'properties.provisioningState']),
          );
        }
      }
    },
  },
  {
    file: 'network/SubnetCreate.json',
    method: 'PUT',
    path: `${VNET}/subnets/{subnetName}`,
    body: 'subnetParameters',
    seed: (azure, ex) => vnet(azure, param(ex, 'resourceGroupName'), param(ex, 'virtualNetworkName'), '10.0.0.0/8'),
  },
  {
    file: 'network/SubnetGet.json',
    method: 'GET',
    path: `${VNET}/subnets/{subnetName}`,
    seed: (azure, ex) => {
      vnet(azure, param(ex, 'resourceGroupName'), param(ex, 'virtualNetworkName'), '10.0.0.0/8');
      insert(
        azure,
        param(ex, 'resourceGroupName'),
        'Microsoft.Network',
        [
          ['virtualNetworks', param(ex, 'virtualNetworkName')],
          ['subnets', param(ex, 'subnetName')],
        ],
        { properties: { addressPrefix: '10.0.0.0/16' } },
      );
    },
  },
  {
    file: 'network/VirtualNetworkPeeringCreate.json',
    method: 'PUT',
    path: `${VNET}/virtualNetworkPeerings/{virtualNetworkPeeringName}`,
    body: 'VirtualNetworkPeeringParameters',
    seed: seedPeeringNetworks,
  },
  {
    file: 'network/VirtualNetworkPeeringDelete.json',
    method: 'DELETE',
    path: `${VNET}/virtualNetworkPeerings/{virtualNetworkPeeringName}`,
    seed: (azure, ex) => {
      seedPeeringNetworks(azure, ex);
      insert(
        azure,
        param(ex, 'resourceGroupName'),
        'Microsoft.Network',
        [
          ['virtualNetworks', 'vnet1'],
          ['virtualNetworkPeerings', param(ex, 'virtualNetworkPeeringName')],
        ],
        {
          properties: {
            remoteVirtualNetwork: {
              id: `/subscriptions/${SUB}/resourceGroups/${param(ex, 'resourceGroupName')}/providers/Microsoft.Network/virtualNetworks/vnet2`,
            },
          },
        },
      );
    },
  },
  // ---- App Service ----
  {
    file: 'appservice/GetAppServicePlan.json',
    method: 'GET',
    path: `${GROUP}/providers/Microsoft.Web/serverfarms/{name}`,
    seed: (azure, ex) =>
      void insert(
        azure,
        param(ex, 'resourceGroupName'),
        'Microsoft.Web',
        [['serverfarms', param(ex, 'name')]],
        without(responseBody(ex, '200'), [
          'id',
          'name',
          'type',
          'properties.numberOfSites',
          'properties.provisioningState',
          'properties.geoRegion',
          'properties.maximumNumberOfWorkers',
          'properties.numberOfWorkers',
          'properties.status',
        ]),
      ),
  },
  {
    file: 'appservice/GetSiteConfig.json',
    method: 'GET',
    path: `${GROUP}/providers/Microsoft.Web/sites/{name}/config/web`,
    seed: (azure, ex) =>
      void insert(azure, param(ex, 'resourceGroupName'), 'Microsoft.Web', [['sites', param(ex, 'name')]], {
        location: 'eastus',
        kind: 'app',
        properties: {},
      }),
  },
  {
    file: 'appservice/ListWebApps.json',
    method: 'GET',
    path: '/subscriptions/{subscriptionId}/providers/Microsoft.Web/sites',
    seed: (azure, ex) =>
      valueItems(ex).forEach((item) =>
        insert(azure, 'testrg123', 'Microsoft.Web', [['sites', String(item['name'])]], without(item, SITE_DERIVED)),
      ),
  },
  // ---- Container Registry ----
  {
    file: 'containerregistry/RegistryCreate.json',
    method: 'PUT',
    path: REGISTRY,
    body: 'registry',
    seed: (azure, ex) =>
      void azure.state.resources.putGroup({ subscriptionId: SUB, name: param(ex, 'resourceGroupName'), location: 'westus' }),
  },
  { file: 'containerregistry/RegistryDelete.json', method: 'DELETE', path: REGISTRY, seed: (azure, ex) => seedRegistry(azure, ex, false) },
  {
    file: 'containerregistry/RegistryListCredentials.json',
    method: 'POST',
    path: `${REGISTRY}/listCredentials`,
    seed: (azure, ex) => seedRegistry(azure, ex, true),
  },
  {
    file: 'containerregistry/RegistryListUsages.json',
    method: 'GET',
    path: `${REGISTRY}/listUsages`,
    seed: (azure, ex) => seedRegistry(azure, ex, false),
  },
  {
    file: 'containerregistry/TasksList.json',
    method: 'GET',
    path: `${REGISTRY}/tasks`,
    seed: (azure, ex) => {
      seedRegistry(azure, ex, false);
      for (const item of valueItems(ex))
        insert(
          azure,
          param(ex, 'resourceGroupName'),
          'Microsoft.ContainerRegistry',
          [
            ['registries', param(ex, 'registryName')],
            ['tasks', String(item['name'])],
          ],
          without(item, ['id', 'name', 'type', 'properties.provisioningState']),
        );
    },
    // The task's credentials name custom registries by login server: keys that are data.
    shape: { dictionaries: ['tags', 'customRegistries'] },
  },
  {
    file: 'containerregistry/RunsList.json',
    method: 'GET',
    path: `${REGISTRY}/runs`,
    query: { $filter: '$filter', $top: '$top' },
    seed: (azure, ex) => {
      seedRegistry(azure, ex, false);
      for (const item of valueItems(ex))
        insert(
          azure,
          param(ex, 'resourceGroupName'),
          'Microsoft.ContainerRegistry',
          [
            ['registries', param(ex, 'registryName')],
            ['runs', String(item['name'])],
          ],
          without(item, ['id', 'name', 'type', 'properties.provisioningState']),
        );
    },
  },
  // ---- App Configuration ----
  {
    file: 'appconfiguration/ConfigurationStoresCreate.json',
    method: 'PUT',
    path: CONFIG_STORE,
    body: 'configStoreCreationParameters',
    seed: (azure, ex) =>
      void azure.state.resources.putGroup({ subscriptionId: SUB, name: param(ex, 'resourceGroupName'), location: 'westus' }),
  },
  {
    file: 'appconfiguration/ConfigurationStoresGet.json',
    method: 'GET',
    path: CONFIG_STORE,
    seed: (azure, ex) =>
      void insert(
        azure,
        param(ex, 'resourceGroupName'),
        'Microsoft.AppConfiguration',
        [['configurationStores', param(ex, 'configStoreName')]],
        without(responseBody(ex, '200'), ['id', 'name', 'type', 'systemData', 'properties.provisioningState', 'properties.endpoint']),
      ),
  },
  {
    file: 'appconfiguration/ConfigurationStoresListKeys.json',
    method: 'POST',
    path: `${CONFIG_STORE}/listKeys`,
    seed: (azure, ex) =>
      void insert(
        azure,
        param(ex, 'resourceGroupName'),
        'Microsoft.AppConfiguration',
        [['configurationStores', param(ex, 'configStoreName')]],
        { location: 'westus', sku: { name: 'Standard' } },
      ),
  },
];

function seedGroupLock(azure: EmulatedAzure, ex: Example): void {
  const group = param(ex, 'resourceGroupName');
  azure.state.resources.putGroup({ subscriptionId: SUB, name: group, location: 'eastus' });
  azure.state.resources.locks.put({
    scope: `/subscriptions/${SUB}/resourceGroups/${group}`,
    name: String(ex.parameters['lockName'] ?? 'testlock'),
    level: 'ReadOnly',
  });
}

function seedPeeringNetworks(azure: EmulatedAzure, ex: Example): void {
  vnet(azure, param(ex, 'resourceGroupName'), 'vnet1', '10.0.0.0/16');
  vnet(azure, param(ex, 'resourceGroupName'), 'vnet2', '12.0.0.0/8', {
    bgpCommunities: { virtualNetworkCommunity: '12076:20002', regionalCommunity: '12076:50004' },
  });
}

function seedRegistry(azure: EmulatedAzure, ex: Example, adminUserEnabled: boolean): void {
  insert(azure, param(ex, 'resourceGroupName'), 'Microsoft.ContainerRegistry', [['registries', param(ex, 'registryName')]], {
    location: 'westus',
    sku: { name: 'Standard' },
    properties: { adminUserEnabled },
  });
}

function buildPath(template: string, example: Example): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (name === 'subscriptionId') return SUB;
    const value = String(example.parameters[name]);
    // A scope parameter is a path of its own (and its subscription a placeholder, too).
    return name === 'scope' ? value.replace(/^\/?subscriptions\/[^/]+/, `subscriptions/${SUB}`) : encodeURIComponent(value);
  });
}

for (const spec of CASES) {
  test(`fidelity: ${spec.file}`, async () => {
    const example = JSON.parse(readFileSync(new URL(spec.file, REST_EXAMPLES_DIR), 'utf8')) as Example;
    const azure = new EmulatedAzure();
    const token = await servicePrincipalToken(azure);
    spec.seed?.(azure, example);
    const query = new URLSearchParams({ 'api-version': param(example, 'api-version') });
    for (const [name, parameter] of Object.entries(spec.query ?? {})) query.set(name, param(example, parameter));
    const path = `${buildPath(spec.path, example)}?${query}`;

    // Ids inside the body name the example's subscription too.
    const exampleSub = String(example.parameters['subscriptionId']);
    const body = spec.body
      ? JSON.parse(JSON.stringify(example.parameters[spec.body]).replaceAll(`/subscriptions/${exampleSub}/`, `/subscriptions/${SUB}/`))
      : undefined;
    const reply = await arm(azure, token, spec.method, path, body);

    const allowed = Object.keys(example.responses).filter((status) => Number(status) < 300);
    assert.ok(allowed.includes(String(reply.status)), `status ${reply.status} not in [${allowed}]: ${reply.text}`);
    assert.match(reply.headers['x-ms-request-id'] ?? '', /^[0-9a-f-]{36}$/);
    const expected = example.responses[String(reply.status)] ?? {};
    if (expected.body !== undefined) {
      const list = (expected.body as { value?: unknown }).value;
      if (Array.isArray(list))
        assert.ok(
          Array.isArray(reply.json['value']) && (reply.json['value'] as unknown[]).length >= Math.min(list.length, 1),
          'an empty list would prove nothing',
        );
      assertArmShape(reply.json, expected.body, spec.shape);
    } else {
      assert.equal(reply.text, '', 'the example has no body for this status');
    }
    if (Object.keys(expected.headers ?? {}).some((name) => name.toLowerCase() === 'location'))
      assert.ok(reply.headers['location'], 'Location header missing');
    // A long-running answer: Azure-AsyncOperation (201 with a body, POST actions) or Location (202).
    if (reply.status === 202) assert.ok(reply.headers['location'], '202 without Location');
    const state = (reply.json['properties'] as Record<string, unknown> | undefined)?.['provisioningState'];
    if (reply.status === 201 && typeof state === 'string' && state !== 'Succeeded') {
      assert.ok(reply.headers['azure-asyncoperation'], '201 in progress without Azure-AsyncOperation');
    }
    if (reply.headers['azure-asyncoperation'] || reply.status === 202) {
      const polls = await pollUntilDone(azure, token, reply);
      const last = polls.at(-1)!;
      assert.ok(
        last.json['status'] === 'Succeeded' || (last.status >= 200 && last.status < 300 && !last.json['status']),
        `operation did not succeed: ${last.text}`,
      );
      // After a long-running PUT/PATCH, the resource must match the example's final (200) body.
      const final = responseBody(example, '200');
      if (final && (spec.method === 'PUT' || spec.method === 'PATCH'))
        assertArmShape((await arm(azure, token, 'GET', path)).json, final, spec.shape);
    }
  });
}
