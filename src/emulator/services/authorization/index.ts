// Azure RBAC (Microsoft.Authorization): role definitions, role assignments at any scope, and the
// permission check other services' data planes use (hasPermission).
import type { EmulatedService } from '../../core/service.js';
import { registerAuthorizationRoutes } from './routes.js';
import { AUTHORIZATION_SNAPSHOT, AuthorizationState } from './state.js';

export const AUTHORIZATION: EmulatedService = {
  name: 'authorization',
  state: () => ({ authorization: new AuthorizationState() }),
  routes: registerAuthorizationRoutes,
  snapshot: AUTHORIZATION_SNAPSHOT,
};
