// Emulated Azure: a local Entra ID, managed-identity endpoints and Azure Resource Manager that the real
// Azure SDK talks to, answering in Azure's wire shapes.
//   new EmulatedAzure(options)              state + route table + transport-agnostic `handle()`
//   startEmulatorServer(azure, tls)         HTTPS (Entra, ARM) + HTTP (managed identity) on 127.0.0.1
//   createEmulatorHttpClient(azure)         in-process HttpClient for the SDK's `httpClient` option
//   azure.faults.add({ path, fault })       throttling, 5xx, dropped connections, delays, token expiry (faults.ts)
// Grow it by adding routes: `addArmRoute(azure.router, 'GET', '/subscriptions/:subscriptionId/resourcegroups', handler)`
// (ARM auth, api-version, headers included) or `azure.router.add(...)` for non-ARM endpoints, and by
// adding collections to EmulatorState.
export { SEED, TENANT_SEED, type Seed, type SeedSubscription, type TenantSeed } from './core/seed.js';
export { EmulatedAzure } from './emulated-azure.js';
export { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, SnapshotError, type EmulatorSnapshot } from './core/snapshot.js';
export type { EmulatorOptions, EmulatorRequest, EmulatorResponse, RecordedRequest, RouteContext, RouteHandler, TokenKind } from './core/types.js';
export type { EmulatorState, EmulatorStateParts, Principal, Subscription, Tenant } from './core/state.js';
export type { TokenGrant } from './core/tokens.js';
export { Router } from './core/router.js';
export { addArmRoute, armPage, armRoute, resolveSubscription, authorizationFailed, type ArmContext, type ArmHandler } from './core/arm.js';
export { armError, jsonResponse } from './core/errors.js';
export { AZ_TOKEN_PATH } from './services/identity/az-cli.js';
export { startEmulatorServer, type RunningEmulator } from './core/server.js';
export { createEmulatorHttpClient } from './core/http-client.js';
export { ConnectionDropped, FaultInjector, type Fault, type FaultHandle, type FaultRule } from './core/faults.js';
export { DEMO, seedDemoEstate } from './demo/index.js';
export {
  AuthorizationState, assignRole, effectiveAssignments, findRoleByName, findRoleDefinition, hasPermission, listRoleAssignments,
  removeRoleAssignment, resourceStoreScopeExists, type AssignRoleInput, type AssignmentFilter, type RoleAssignment, type ScopeExistsHook,
} from './services/authorization/state.js';
export { BUILT_IN_ROLES, CUSTOM_VM_OPERATOR, ROLE_IDS, actionMatches, type RoleDefinition, type RolePermission } from './services/authorization/role-definitions.js';
export { parseScope, scopeChain, type ParsedScope } from './services/management-groups/scopes.js';
export { ManagementGroupState, type ManagementGroup } from './services/management-groups/state.js';
export {
  DirectoryState, newUser, type DirectoryApplication, type DirectoryGroup, type DirectoryObject, type DirectoryServicePrincipal, type DirectoryUser, type PrincipalType,
} from './services/graph/directory.js';
export {
  AppConfigState, appConfigListKeys, deleteAppConfigStore, ensureAppConfigStore, regenerateAppConfigKey, setKeyValue,
  type AppConfigAccessKey, type AppConfigKeyValue, type AppConfigStore,
} from './services/appconfiguration/state.js';
export {
  RegistryState, deleteRegistry, ensureRegistry, pushImage, regenerateRegistryPassword, registryCredentials,
  type Registry, type RegistryRepository, type RegistryTag, type PushImageInput,
} from './services/containerregistry/state.js';
export { ACR_TOKEN_USERNAME } from './services/containerregistry/auth.js';
export { DEMO_IDENTITY, seedIdentityDemoEstate } from './demo/identity.js';
export { seedDataPlaneDemoEstate } from './demo/data-planes.js';
export { ResourceStore, type WriteInput, type WriteResult } from './core/resources/store.js';
export type { Actor, ArmErrorInfo, ResourceGroup, StoredResource } from './core/resources/model.js';
export type { ResourceBehaviour } from './core/resources/store.js';
export { resourceId, groupId, parseResourceId, type ResourcePath } from './core/resources/ids.js';
export { type ManagementLock, type LockLevel } from './core/resources/locks.js';
export { type ActivityEvent } from './core/resources/activity-log.js';
export { type Operation, type OperationStatus } from './core/resources/lro.js';
export { failNextOperation, type PlannedFailure } from './core/resources/failures.js';
export { vmInstanceView, powerStateOf } from './services/compute/arm.js';
export { ARM_DEMO, seedArmDemoEstate, seedGenericResources, type GenericSeedOptions } from './demo/arm.js';
