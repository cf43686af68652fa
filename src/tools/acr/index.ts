import { defineToolset } from '../define.js';
import { getLoginServer, listRegistries, showRegistry } from './registries.js';
import { createRegistry, deleteRegistry, updateRegistry } from './registry-changes.js';
import { getCredentials } from './credentials.js';
import { listRepositories, listTags } from './repositories.js';
import { createTask, deleteTask, listTasks, showTask } from './tasks.js';
import { listBuilds, runTask } from './runs.js';
import { showQuotas, showUsage } from './usage.js';
import { listNetworkRules, updateNetworkRules } from './network.js';
import { resetClient } from './reset.js';

// In this order the sandbox runs the examples in one session: the registry created is updated, then deleted; the
// task created is deleted after the demo task ran.
export const acr = defineToolset(
  'acr',
  'Azure Container Registry: registries, admin credentials (masked), repositories and tags, tasks and runs, usage, network rules.',
  [
    listRegistries,
    showRegistry,
    getLoginServer,
    createRegistry,
    updateRegistry,
    deleteRegistry,
    getCredentials,
    listRepositories,
    listTags,
    listTasks,
    showTask,
    createTask,
    runTask,
    listBuilds,
    deleteTask,
    showUsage,
    showQuotas,
    listNetworkRules,
    updateNetworkRules,
    resetClient,
  ],
);
