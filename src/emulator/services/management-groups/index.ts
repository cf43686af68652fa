// Management groups (Microsoft.Management): the hierarchy above the subscriptions, which role
// assignments are inherited through (scopes.ts).
import type { EmulatedService } from '../../core/service.js';
import { registerManagementGroupRoutes } from './routes.js';
import { MANAGEMENT_GROUPS_SNAPSHOT, ManagementGroupState } from './state.js';

export const MANAGEMENT_GROUPS: EmulatedService = {
  name: 'management-groups',
  state: () => ({ managementGroups: new ManagementGroupState() }),
  routes: registerManagementGroupRoutes,
  snapshot: MANAGEMENT_GROUPS_SNAPSHOT,
};
