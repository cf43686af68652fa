// Microsoft.Resources subscription-level reads (package @azure/arm-resources-subscriptions):
// GET /subscriptions, /subscriptions/{id}, /subscriptions/{id}/locations and /tenants.
import { addArmRoute, armPage, isResponse, resolveSubscription, type ArmRouteOptions } from '../../core/arm.js';
import { jsonResponse } from '../../core/errors.js';
import { regionToArm } from '../../core/locations.js';
import type { Router } from '../../core/router.js';
import type { Subscription, Tenant } from '../../core/state.js';

/** api-versions Azure accepts for these operations (newest first); others get a 400. */
const API_VERSIONS: ArmRouteOptions = {
  apiVersions: [
    '2022-12-01',
    '2022-09-01',
    '2022-05-01',
    '2022-01-01',
    '2021-01-01',
    '2020-01-01',
    '2019-11-01',
    '2019-06-01',
    '2018-06-01',
    '2016-06-01',
    '2015-11-01',
    '2014-04-01',
  ],
};

const READ_ACTION = 'Microsoft.Resources/subscriptions/read';

export function registerArmSubscriptionRoutes(router: Router): void {
  addArmRoute(
    router,
    'GET',
    '/subscriptions',
    (ctx) => {
      const readable = ctx.state.listReadableSubscriptions(ctx.caller.principal.objectId, ctx.caller.tenantId);
      return armPage(ctx, readable.map(subscriptionToArm));
    },
    API_VERSIONS,
  );

  addArmRoute(
    router,
    'GET',
    '/subscriptions/:subscriptionId',
    (ctx) => {
      const found = resolveSubscription(ctx, ctx.params['subscriptionId'] ?? '', READ_ACTION);
      return isResponse(found) ? found : jsonResponse(200, subscriptionToArm(found));
    },
    API_VERSIONS,
  );

  addArmRoute(
    router,
    'GET',
    '/subscriptions/:subscriptionId/locations',
    (ctx) => {
      const found = resolveSubscription(ctx, ctx.params['subscriptionId'] ?? '', READ_ACTION);
      if (isResponse(found)) return found;
      return armPage(
        ctx,
        ctx.state.regions.map((region) => regionToArm(region, found.subscriptionId)),
      );
    },
    API_VERSIONS,
  );

  addArmRoute(router, 'GET', '/tenants', (ctx) => armPage(ctx, [...ctx.state.tenants.values()].map(tenantToArm)), API_VERSIONS);
}

/** Wire shape of Microsoft's GetSubscriptions/GetSubscription examples. */
export function subscriptionToArm(sub: Subscription): Record<string, unknown> {
  return {
    id: `/subscriptions/${sub.subscriptionId}`,
    authorizationSource: sub.authorizationSource,
    managedByTenants: sub.managedByTenants.map((tenant) => ({ ...tenant })),
    tags: { ...sub.tags },
    subscriptionId: sub.subscriptionId,
    tenantId: sub.tenantId,
    displayName: sub.displayName,
    state: sub.state,
    subscriptionPolicies: { ...sub.subscriptionPolicies },
  };
}

/** Wire shape of Microsoft's GetTenants example. */
function tenantToArm(tenant: Tenant): Record<string, unknown> {
  return {
    id: `/tenants/${tenant.tenantId}`,
    tenantId: tenant.tenantId,
    countryCode: tenant.countryCode,
    displayName: tenant.displayName,
    domains: [...tenant.domains],
    tenantCategory: tenant.tenantCategory,
    defaultDomain: tenant.defaultDomain,
    tenantType: 'AAD',
  };
}
