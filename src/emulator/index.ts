// Emulated Azure: a local Entra ID, managed-identity endpoints and Azure Resource Manager that the real
// Azure SDK talks to, answering in Azure's wire shapes.
//   new EmulatedAzure(options)              state + route table + transport-agnostic `handle()`
//   startEmulatorServer(azure, tls)         HTTPS (Entra, ARM) + HTTP (managed identity) on 127.0.0.1
//   createEmulatorHttpClient(azure)         in-process HttpClient for the SDK's `httpClient` option
// Grow it by adding routes: `addArmRoute(azure.router, 'GET', '/subscriptions/:subscriptionId/resourcegroups', handler)`
// (ARM auth, api-version, headers included) or `azure.router.add(...)` for non-ARM endpoints, and by
// adding collections to EmulatorState.
export { SEED, TENANT_SEED, type Seed, type SeedSubscription, type TenantSeed } from './seed.js';
export { EmulatedAzure } from './emulated-azure.js';
export type { EmulatorOptions, EmulatorRequest, EmulatorResponse, RecordedRequest, RouteContext, RouteHandler, TokenKind } from './types.js';
export { EmulatorState, type Principal, type Subscription, type Tenant } from './state.js';
export type { TokenGrant } from './tokens.js';
export { Router } from './router.js';
export { addArmRoute, armPage, armRoute, resolveSubscription, authorizationFailed, type ArmContext, type ArmHandler } from './arm.js';
export { armError, jsonResponse } from './errors.js';
export { AZ_TOKEN_PATH } from './routes/az-cli.js';
export { startEmulatorServer, type RunningEmulator } from './server.js';
export { createEmulatorHttpClient } from './http-client.js';
export { ConnectionDropped, FaultInjector, type Fault, type FaultHandle, type FaultRule } from './faults.js';
export { DEMO, seedDemoEstate } from './demo/index.js';
