// Azure's built-in role definitions (real ids, names and permission lists, abridged where Azure's
// lists run to dozens of actions) and the one custom role every emulated tenant has.
import { SEED } from '../../core/seed.js';

export interface RolePermission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface RoleDefinition {
  /** The GUID (the definition's `name`). */
  id: string;
  roleName: string;
  type: 'BuiltInRole' | 'CustomRole';
  description: string;
  assignableScopes: string[];
  permissions: RolePermission[];
}

function builtIn(
  id: string,
  roleName: string,
  description: string,
  actions: string[],
  extra: Partial<RolePermission> = {},
): RoleDefinition {
  return {
    id,
    roleName,
    type: 'BuiltInRole',
    description,
    assignableScopes: ['/'],
    permissions: [{ actions, notActions: [], dataActions: [], notDataActions: [], ...extra }],
  };
}

const READ_AUTHZ = 'Microsoft.Authorization/*/read';
const COMMON_MANAGE = [
  'Microsoft.Insights/alertRules/*',
  'Microsoft.ResourceHealth/availabilityStatuses/read',
  'Microsoft.Resources/deployments/*',
  'Microsoft.Resources/subscriptions/resourceGroups/read',
  'Microsoft.Support/*',
];
const APP_CONFIG = 'Microsoft.AppConfiguration/configurationStores';
const BLOB_CONTAINERS = 'Microsoft.Storage/storageAccounts/blobServices/containers';

export const BUILT_IN_ROLES: readonly RoleDefinition[] = [
  builtIn(
    '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    'Owner',
    'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
    ['*'],
  ),
  builtIn(
    'b24988ac-6180-42a0-ab88-20f7382dd24c',
    'Contributor',
    'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.',
    ['*'],
    {
      notActions: [
        'Microsoft.Authorization/*/Delete',
        'Microsoft.Authorization/*/Write',
        'Microsoft.Authorization/elevateAccess/Action',
        'Microsoft.Blueprint/blueprintAssignments/write',
        'Microsoft.Blueprint/blueprintAssignments/delete',
        'Microsoft.Compute/galleries/share/action',
        'Microsoft.Purview/consents/write',
        'Microsoft.Purview/consents/delete',
        'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
        'Microsoft.Subscription/cancel/action',
        'Microsoft.Subscription/enable/action',
      ],
    },
  ),
  builtIn('acdd72a7-3385-48ef-bd42-f606fba81ae7', 'Reader', 'View all resources, but does not allow you to make any changes.', ['*/read']),
  builtIn('18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', 'User Access Administrator', 'Lets you manage user access to Azure resources.', [
    '*/read',
    'Microsoft.Authorization/*',
    'Microsoft.Support/*',
  ]),
  builtIn('7f951dda-4ed3-4680-a7ca-43fe172d538d', 'AcrPull', 'acr pull', ['Microsoft.ContainerRegistry/registries/pull/read']),
  builtIn('8311e382-0749-4cb8-b61a-304f252e45ec', 'AcrPush', 'acr push', [
    'Microsoft.ContainerRegistry/registries/pull/read',
    'Microsoft.ContainerRegistry/registries/push/write',
  ]),
  builtIn('c2f4ef07-c644-48eb-af81-4b1b4947fb11', 'AcrDelete', 'acr delete', ['Microsoft.ContainerRegistry/registries/artifacts/delete']),
  builtIn(
    '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
    'Storage Blob Data Reader',
    'Allows for read access to Azure Storage blob containers and data',
    [`${BLOB_CONTAINERS}/read`, 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
    {
      dataActions: [`${BLOB_CONTAINERS}/blobs/read`],
    },
  ),
  builtIn(
    'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
    'Storage Blob Data Contributor',
    'Allows for read, write and delete access to Azure Storage blob containers and data',
    [
      `${BLOB_CONTAINERS}/delete`,
      `${BLOB_CONTAINERS}/read`,
      `${BLOB_CONTAINERS}/write`,
      'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action',
    ],
    {
      dataActions: [
        `${BLOB_CONTAINERS}/blobs/delete`,
        `${BLOB_CONTAINERS}/blobs/read`,
        `${BLOB_CONTAINERS}/blobs/write`,
        `${BLOB_CONTAINERS}/blobs/move/action`,
        `${BLOB_CONTAINERS}/blobs/add/action`,
      ],
    },
  ),
  builtIn(
    '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
    'Virtual Machine Contributor',
    'Create and manage virtual machines, manage disks, install and run software, reset password of the root user of the virtual machine using VM extensions, and manage local user accounts using VM extensions. This role does not grant you management access to the virtual network or storage account the virtual machines are connected to. This role does not allow you to assign roles in Azure RBAC.',
    [
      READ_AUTHZ,
      'Microsoft.Compute/availabilitySets/*',
      'Microsoft.Compute/locations/*',
      'Microsoft.Compute/virtualMachines/*',
      'Microsoft.Compute/virtualMachineScaleSets/*',
      'Microsoft.Compute/disks/write',
      'Microsoft.Compute/disks/read',
      'Microsoft.Compute/disks/delete',
      'Microsoft.Network/networkInterfaces/*',
      'Microsoft.Network/networkSecurityGroups/join/action',
      'Microsoft.Network/networkSecurityGroups/read',
      'Microsoft.Network/publicIPAddresses/join/action',
      'Microsoft.Network/publicIPAddresses/read',
      'Microsoft.Network/virtualNetworks/read',
      'Microsoft.Network/virtualNetworks/subnets/join/action',
      'Microsoft.Storage/storageAccounts/listKeys/action',
      'Microsoft.Storage/storageAccounts/read',
      ...COMMON_MANAGE,
    ],
  ),
  builtIn(
    'de139f84-1756-47ae-9be6-808fbbe84772',
    'Website Contributor',
    'Lets you manage websites (not web plans), but not access to them.',
    [
      READ_AUTHZ,
      'Microsoft.Insights/components/*',
      'Microsoft.Web/certificates/*',
      'Microsoft.Web/listSitesAssignedToHostName/read',
      'Microsoft.Web/serverFarms/join/action',
      'Microsoft.Web/serverFarms/read',
      'Microsoft.Web/sites/*',
      ...COMMON_MANAGE,
    ],
  ),
  builtIn('4d97b98b-1d4f-4787-a291-c67834d212e7', 'Network Contributor', 'Lets you manage networks, but not access to them.', [
    READ_AUTHZ,
    'Microsoft.Network/*',
    ...COMMON_MANAGE,
  ]),
  builtIn('516239f1-63e1-4d78-a4de-a74fb236a071', 'App Configuration Data Reader', 'Allows read access to App Configuration data.', [], {
    dataActions: [`${APP_CONFIG}/*/read`],
  }),
  builtIn('5ae67dd6-50cb-40e7-96ff-dc2bfa4b606b', 'App Configuration Data Owner', 'Allows full access to App Configuration data.', [], {
    dataActions: [`${APP_CONFIG}/*/read`, `${APP_CONFIG}/*/write`, `${APP_CONFIG}/*/delete`, `${APP_CONFIG}/*/action`],
  }),
];

/** A custom role assignable in the development subscription only. */
export const CUSTOM_VM_OPERATOR: RoleDefinition = {
  id: '6d3c6f1e-2b7a-4c1e-9a55-0c0ffee00001',
  roleName: 'Contoso VM Operator',
  type: 'CustomRole',
  description: 'Can see, start, restart and deallocate virtual machines, but not create or delete them.',
  assignableScopes: [`/subscriptions/${SEED.subscriptions[0]!.id}`],
  permissions: [
    {
      actions: [
        'Microsoft.Compute/virtualMachines/read',
        'Microsoft.Compute/virtualMachines/start/action',
        'Microsoft.Compute/virtualMachines/restart/action',
        'Microsoft.Compute/virtualMachines/deallocate/action',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
      ],
      notActions: [],
      dataActions: [],
      notDataActions: [],
    },
  ],
};

/** Ids of roles seeds and tests refer to by name. */
export const ROLE_IDS = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  userAccessAdministrator: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
  acrPush: '8311e382-0749-4cb8-b61a-304f252e45ec',
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  virtualMachineContributor: '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
  websiteContributor: 'de139f84-1756-47ae-9be6-808fbbe84772',
  appConfigurationDataReader: '516239f1-63e1-4d78-a4de-a74fb236a071',
  appConfigurationDataOwner: '5ae67dd6-50cb-40e7-96ff-dc2bfa4b606b',
  networkContributor: '4d97b98b-1d4f-4787-a291-c67834d212e7',
  customVmOperator: CUSTOM_VM_OPERATOR.id,
} as const;

/** Azure's action matching: case-insensitive, `*` matches any run of characters (slashes included). */
export function actionMatches(pattern: string, action: string): boolean {
  const escaped = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`, 'i').test(action);
}

/** Whether a role's permissions allow `action` (a control-plane action or a data action). */
export function roleAllows(role: RoleDefinition, action: string, kind: 'action' | 'dataAction'): boolean {
  return role.permissions.some((permission) => {
    const [allow, deny] =
      kind === 'action' ? [permission.actions, permission.notActions] : [permission.dataActions, permission.notDataActions];
    return allow.some((pattern) => actionMatches(pattern, action)) && !deny.some((pattern) => actionMatches(pattern, action));
  });
}
