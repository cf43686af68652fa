import type { ToolDefinition } from './define.js';
import { accountClear, accountShow } from './account/account.js';
import { accountGetAccessToken } from './account/access-token.js';
import { authStatus } from './account/auth-status.js';
import { listLocations, listTenants } from './account/locations-tenants.js';
import { listSubscriptions, setSubscription } from './account/subscriptions.js';
import { healthCheck } from './health/health-check.js';

/** Every tool the server offers; registration, docs and invariant tests all read this one list. */
export const allTools: readonly ToolDefinition[] = [
  healthCheck,
  authStatus,
  setSubscription,
  accountShow,
  accountClear,
  accountGetAccessToken,
  listSubscriptions,
  listLocations,
  listTenants,
] as unknown as readonly ToolDefinition[];
