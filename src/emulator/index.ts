// Emulated Azure: a local Entra ID, managed-identity endpoints, Azure Resource Manager, Microsoft Graph and
// two data planes that the real Azure SDK talks to, answering in Azure's wire shapes. README.md (next to
// this file) describes the layout, the API tests use, and how to add a service.

// ---- the API tests use: the emulator, its transports, seeds, faults, the request log, state export ----
export { EmulatedAzure } from './emulated-azure.js';
export type { EmulatorOptions, EmulatorRequest, EmulatorResponse, RecordedRequest, TokenKind } from './core/types.js';
export { startEmulatorServer, type RunningEmulator } from './core/server.js';
export { createEmulatorHttpClient } from './core/http-client.js';
export { SEED, TENANT_SEED, type Seed, type SeedSubscription, type TenantSeed } from './core/seed.js';
export { DEMO, seedDemoEstate } from './demo/index.js';
export { ARM_DEMO, seedArmDemoEstate, seedGenericResources, type GenericSeedOptions } from './demo/arm.js';
export { NETWORK_DEMO } from './demo/network.js';
export { DEMO_IDENTITY, seedIdentityDemoEstate } from './demo/identity.js';
export { DEMO_SECRETS, seedDataPlaneDemoEstate } from './demo/data-planes.js';
export { seedRegistryDemoEstate } from './demo/acr.js';
export { ConnectionDropped, FaultInjector, type Fault, type FaultHandle, type FaultRule } from './core/faults.js';
export { failNextOperation, type PlannedFailure } from './core/resources/failures.js';
export { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, SnapshotError, type EmulatorSnapshot } from './core/snapshot.js';
export type { EmulatorState, EmulatorStateParts, Principal, Subscription, Tenant } from './core/state.js';
export type { TokenGrant } from './core/tokens.js';

// ---- the machine the local tools read: an emulated Docker engine and a fixed host profile ----
export {
  EmulatedDockerEngine,
  startEmulatedDockerEngine,
  type DockerEngineOptions,
  type DockerRequestRecord,
} from './local/docker-engine.js';
export { DOCKER_DEMO, demoContainers } from './local/demo.js';
export {
  containerIdFor,
  humanDuration,
  newContainer,
  type ContainerInput,
  type ContainerState,
  type EmulatedContainer,
  type EmulatedLogLine,
} from './local/containers.js';
export { HOST_DEMO, createHostProfile, type HostProfile } from './local/host-profile.js';

// ---- each service's state and the helpers that arrange it (they take `azure.state`) ----
export { AZ_TOKEN_PATH } from './services/identity/az-cli.js';
export {
  AuthorizationState,
  assignRole,
  effectiveAssignments,
  findRoleByName,
  findRoleDefinition,
  hasPermission,
  listRoleAssignments,
  removeRoleAssignment,
  resourceStoreScopeExists,
  type AssignRoleInput,
  type AssignmentFilter,
  type RoleAssignment,
  type ScopeExistsHook,
} from './services/authorization/state.js';
export {
  BUILT_IN_ROLES,
  CUSTOM_VM_OPERATOR,
  ROLE_IDS,
  actionMatches,
  type RoleDefinition,
  type RolePermission,
} from './services/authorization/role-definitions.js';
export { parseScope, scopeChain, type ParsedScope } from './services/management-groups/scopes.js';
export { ManagementGroupState, type ManagementGroup } from './services/management-groups/state.js';
export {
  DirectoryState,
  newUser,
  type DirectoryApplication,
  type DirectoryGroup,
  type DirectoryObject,
  type DirectoryServicePrincipal,
  type DirectoryUser,
  type PrincipalType,
} from './services/graph/directory.js';
export {
  AppConfigState,
  appConfigListKeys,
  deleteAppConfigStore,
  ensureAppConfigStore,
  regenerateAppConfigKey,
  setKeyValue,
  type AppConfigAccessKey,
  type AppConfigKeyValue,
  type AppConfigStore,
} from './services/appconfiguration/state.js';
export {
  RegistryState,
  deleteRegistry,
  ensureRegistry,
  pushImage,
  regenerateRegistryPassword,
  registryCredentials,
  type Registry,
  type RegistryRepository,
  type RegistryTag,
  type PushImageInput,
} from './services/containerregistry/state.js';
export { ACR_TOKEN_USERNAME } from './services/containerregistry/auth.js';
export { RUN_TYPE, TASK_TYPE } from './services/containerregistry/tasks.js';
export { RUN_LOG_ACCOUNT, runLogLink } from './services/containerregistry/run-logs.js';
export { vmInstanceView, powerStateOf } from './services/compute/arm.js';

// ---- the ARM resource store (azure.state.resources) ----
export { ResourceStore, type ResourceBehaviour, type WriteInput, type WriteResult } from './core/resources/store.js';
export type { Actor, ArmErrorInfo, ResourceGroup, StoredResource } from './core/resources/model.js';
export { resourceId, groupId, parseResourceId, type ResourcePath } from './core/resources/ids.js';
export { type ManagementLock, type LockLevel } from './core/resources/locks.js';
export { type ActivityEvent } from './core/resources/activity-log.js';
export { type Operation, type OperationStatus } from './core/resources/lro.js';

// ---- for routes of one's own (`azure.router`) ----
export type { RouteContext, RouteHandler } from './core/types.js';
export { Router } from './core/router.js';
export { addArmRoute, armPage, armRoute, resolveSubscription, authorizationFailed, type ArmContext, type ArmHandler } from './core/arm.js';
export { armError, jsonResponse } from './core/errors.js';
