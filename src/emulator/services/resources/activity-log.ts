// Azure Monitor's activity log (ActivityLogs_List, api-version 2015-04-01):
// GET /subscriptions/{id}/providers/Microsoft.Insights/eventtypes/management/values?$filter=...&$select=...
import { addArmRoute, armPage, isResponse } from '../../core/arm.js';
import type { Router } from '../../core/router.js';
import { eventToArm, parseActivityFilter } from '../../core/resources/activity-log.js';
import { errorResponse, subscriptionFor } from '../../core/resources/http.js';

export function registerActivityLogRoutes(router: Router): void {
  addArmRoute(router, 'GET', '/subscriptions/:subscriptionId/providers/Microsoft.Insights/eventtypes/management/values', (ctx) => {
    const sub = subscriptionFor(ctx, ctx.params['subscriptionId'] ?? '', 'Microsoft.Insights/eventtypes/values/read', false);
    if (isResponse(sub)) return sub;
    const filter = parseActivityFilter(ctx.url.searchParams.get('$filter'));
    if ('code' in filter) return errorResponse(filter);
    const select = ctx.url.searchParams
      .get('$select')
      ?.split(',')
      .map((field) => field.trim())
      .filter(Boolean);
    return armPage(ctx, ctx.state.resources.activity.query(sub.subscriptionId, filter), (event) => eventToArm(event, select));
  });
}
