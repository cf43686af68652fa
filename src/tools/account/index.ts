import { defineToolset } from '../define.js';
import { healthCheck } from './health-check.js';
import { authStatus } from './auth-status.js';
import { accountClear, accountShow } from './account.js';
import { accountGetAccessToken } from './access-token.js';
import { listSubscriptions, setSubscription } from './subscriptions.js';
import { listLocations, listTenants } from './locations-tenants.js';

export const account = defineToolset(
  'account',
  'Sign-in status, the active subscription, tenants, locations and access tokens (always on).',
  [
    healthCheck,
    authStatus,
    setSubscription,
    accountShow,
    accountClear,
    accountGetAccessToken,
    listSubscriptions,
    listLocations,
    listTenants,
  ],
);
