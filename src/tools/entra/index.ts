import { defineToolset } from '../define.js';
import { listUsers, showUser } from './users.js';
import { createUser, deleteUser } from './user-writes.js';
import { createApplication, listApplications } from './applications.js';
import { listGroups } from './groups.js';
import { resetClient, verifyTenant } from './tenant.js';

export const entra = defineToolset('entra', 'Entra ID (Azure AD) through Microsoft Graph: users, groups, app registrations, tenant.', [
  listUsers,
  showUser,
  createUser,
  deleteUser,
  listApplications,
  createApplication,
  listGroups,
  verifyTenant,
  resetClient,
]);
