// Microsoft Graph over the Entra ID directory: users, groups, applications, service principals.
import type { EmulatedService } from '../../core/service.js';
import { DIRECTORY_SNAPSHOT, DirectoryState } from './directory.js';
import { registerGraphRoutes } from './routes.js';
import { registerGraphWriteRoutes } from './writes.js';

export const GRAPH: EmulatedService = {
  name: 'graph',
  state: () => ({ directory: new DirectoryState() }),
  routes(router) {
    registerGraphRoutes(router);
    registerGraphWriteRoutes(router);
  },
  snapshot: DIRECTORY_SNAPSHOT,
};
