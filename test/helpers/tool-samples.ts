import { DEMO, SEED } from '../../src/emulator/index.js';

// One sample call per tool that works against the demo estate (the sandbox's, and the emulator's with demo: true).
const rg = DEMO.resourceGroups;
export const SAMPLES: Record<string, Record<string, unknown>> = {
  health_check: {},
  auth_status: {},
  set_subscription: { subscription_id: DEMO.devSubscriptionId },
  account_show: {},
  account_get_access_token: { resource: 'graph' },
  list_subscriptions: {},
  list_locations: {},
  list_tenants: {},
  list_resource_groups: {},
  list_resources: { resource_group: rg.compute },
  list_tags: {},
  list_resource_locks: { resource_group: rg.network },
  get_activity_log: { days: 7 },
  list_management_groups: {},
  get_management_group: { group_id: DEMO.managementGroups.workloads },
  list_role_definitions: {},
  create_role_assignment: { principal_id: SEED.managedIdentity.objectId, role_definition_name: 'Reader', resource_group: rg.web },
  list_role_assignments_for_principal: { principal_id: SEED.cliUser.objectId },
  list_vms: { resource_group: rg.compute },
  get_vm_status: { resource_group: rg.compute, vm_name: DEMO.vms.running },
  start_vm: { resource_group: rg.compute, vm_name: DEMO.vms.deallocated },
  stop_vm: { resource_group: rg.compute, vm_name: DEMO.vms.deallocated },
  deallocate_vm: { resource_group: rg.compute, vm_name: DEMO.vms.deallocated },
  restart_vm: { resource_group: rg.compute, vm_name: DEMO.vms.running },
  scale_vmss: { resource_group: rg.compute, vmss_name: DEMO.vmss, capacity: 3 },
  list_storage_accounts: {},
  get_storage_status: { resource_group: rg.shared, account_name: DEMO.storageAccounts[0] },
  account_clear: {},
};
