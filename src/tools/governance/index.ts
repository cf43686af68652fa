import { defineToolset } from '../define.js';
import { listTags } from './tags.js';
import { listResourceLocks } from './locks.js';
import { getActivityLog } from './activity-log.js';
import { getManagementGroup, listManagementGroups } from './management-groups.js';
import { listRoleDefinitions } from './role-definitions.js';
import { createRoleAssignment, deleteRoleAssignment, listRoleAssignmentsForPrincipal } from './role-assignments.js';

export const governance = defineToolset('governance', 'Tags, locks, the activity log, management groups and role-based access control.', [
  listTags,
  listResourceLocks,
  getActivityLog,
  listManagementGroups,
  getManagementGroup,
  listRoleDefinitions,
  createRoleAssignment,
  deleteRoleAssignment,
  listRoleAssignmentsForPrincipal,
]);
