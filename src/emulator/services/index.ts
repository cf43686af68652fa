// THE list of emulated services. EmulatedAzure builds its state, resource catalog, routes and
// snapshots from it, in this order (routes: among equally specific patterns the first registered
// wins; snapshots: the order of their keys). Adding a service: its folder, and one line here.
import type { EmulatedService } from '../core/service.js';
import { APP_CONFIGURATION } from './appconfiguration/index.js';
import { AUTHORIZATION } from './authorization/index.js';
import { COMPUTE } from './compute/index.js';
import { CONTAINER_REGISTRY } from './containerregistry/index.js';
import { GRAPH } from './graph/index.js';
import { IDENTITY } from './identity/index.js';
import { MANAGEMENT_GROUPS } from './management-groups/index.js';
import { NETWORK } from './network/index.js';
import { RESOURCES } from './resources/index.js';
import { STORAGE } from './storage/index.js';
import { SUBSCRIPTIONS } from './subscriptions/index.js';
import { WEB } from './web/index.js';

export const SERVICES: readonly EmulatedService[] = [
  IDENTITY,
  SUBSCRIPTIONS,
  RESOURCES,
  AUTHORIZATION,
  MANAGEMENT_GROUPS,
  GRAPH,
  COMPUTE,
  NETWORK,
  STORAGE,
  WEB,
  APP_CONFIGURATION,
  CONTAINER_REGISTRY,
];
