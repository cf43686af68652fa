import type { ToolDefinition } from './define.js';
import { accountClear, accountShow } from './account/account.js';
import { accountGetAccessToken } from './account/access-token.js';
import { authStatus } from './account/auth-status.js';
import { listLocations, listTenants } from './account/locations-tenants.js';
import { listSubscriptions, setSubscription } from './account/subscriptions.js';
import { healthCheck } from './health/health-check.js';
import { listResourceGroups, listResources } from './resources/resource-groups.js';
import { listTags } from './governance/tags.js';
import { listResourceLocks } from './governance/locks.js';
import { getActivityLog } from './governance/activity-log.js';
import { getManagementGroup, listManagementGroups } from './governance/management-groups.js';
import { listRoleDefinitions } from './governance/role-definitions.js';
import { getVmStatus, listVms } from './compute/vms.js';
import { deallocateVm, restartVm, startVm, stopVm } from './compute/power.js';
import { scaleVmss } from './compute/vmss.js';
import { getStorageStatus, listStorageAccounts } from './storage/accounts.js';
import { createRoleAssignment, deleteRoleAssignment, listRoleAssignmentsForPrincipal } from './governance/role-assignments.js';

/** Every tool the server offers; registration, docs and invariant tests all read this one list. */
export const allTools: readonly ToolDefinition[] = [
  healthCheck,
  authStatus,
  setSubscription,
  accountShow,
  accountClear,
  accountGetAccessToken,
  listSubscriptions,
  listLocations,
  listTenants,
  listResourceGroups,
  listResources,
  listTags,
  listResourceLocks,
  getActivityLog,
  listManagementGroups,
  getManagementGroup,
  listRoleDefinitions,
  createRoleAssignment,
  deleteRoleAssignment,
  listRoleAssignmentsForPrincipal,
  listVms,
  getVmStatus,
  startVm,
  stopVm,
  restartVm,
  deallocateVm,
  scaleVmss,
  listStorageAccounts,
  getStorageStatus,
];
