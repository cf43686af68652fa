import { defineToolset } from '../define.js';
import { listResourceGroups, listResources } from './resource-groups.js';

export const resources = defineToolset('resources', 'Resource groups and the resources in them.', [listResourceGroups, listResources]);
