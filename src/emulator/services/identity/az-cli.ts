// Back door for the test stand-in `az`: it stands for a signed-in Azure CLI, so this issues a user
// token for the seeded CLI user and answers in `az account get-access-token --output json` shape.
import { jsonResponse } from '../../core/errors.js';
import type { Router } from '../../core/router.js';
import type { EmulatorResponse, RouteContext } from '../../core/types.js';
import { azCliLocalTime, scopeToResource } from '../../core/util.js';
import { SEED } from '../../core/seed.js';

export const AZ_TOKEN_PATH = '/__emulator/az/token';

export function registerAzCliRoutes(router: Router): void {
  router.add('GET', AZ_TOKEN_PATH, azAccessToken);
}

/** Errors carry az's own message text; the stand-in prints "ERROR: <message>". */
function azError(status: number, message: string): EmulatorResponse {
  return jsonResponse(status, { error: { code: 'AzCliError', message } });
}

function azAccessToken(ctx: RouteContext): EmulatorResponse {
  const query = ctx.url.searchParams;
  const scope = query.get('scope');
  const resource = query.get('resource') ?? (scope ? scopeToResource(scope) : 'https://management.core.windows.net/');
  const user = ctx.state.findUser(SEED.cliUser.upn);
  if (!user) return azError(401, "Please run 'az login' to setup account.");

  const requestedSubscription = query.get('subscription');
  const subscription = requestedSubscription ? ctx.state.subscriptions.get(requestedSubscription.toLowerCase()) : undefined;
  if (requestedSubscription && (!subscription || !ctx.state.canRead(user.objectId, subscription.subscriptionId))) {
    return azError(400, `Subscription '${requestedSubscription}' not found. Check the spelling and casing and try again.`);
  }
  const tenantArg = query.get('tenant');
  const tenant = ctx.state.findTenant(tenantArg ?? subscription?.tenantId ?? user.tenantId);
  if (!tenant) {
    return azError(
      400,
      `AADSTS90002: Tenant '${tenantArg ?? ''}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
  }

  const grant = ctx.state.tokens.issue({ kind: 'az_cli', principal: user, tenantId: tenant.tenantId, audience: resource });
  // az reports the subscription the token is "for": the one asked for, else the default one in that tenant.
  const reported = subscription ?? ctx.state.listReadableSubscriptions(user.objectId, tenant.tenantId)[0];
  return jsonResponse(200, {
    accessToken: grant.token,
    expiresOn: azCliLocalTime(grant.expiresAt),
    expires_on: grant.expiresAt,
    ...(reported ? { subscription: reported.subscriptionId } : {}),
    tenant: tenant.tenantId,
    tokenType: 'Bearer',
  });
}
