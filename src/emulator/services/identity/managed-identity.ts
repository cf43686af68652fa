// Managed identity token endpoints: Azure IMDS (VMs, AKS pod identity) and App Service's
// IDENTITY_ENDPOINT. Both are plain-http endpoints in Azure, so both listeners serve them.
import { identityEndpointError, jsonResponse } from '../../core/errors.js';
import type { Router } from '../../core/router.js';
import type { EmulatorResponse, RouteContext } from '../../core/types.js';
import { newGuid, nowSeconds } from '../../core/util.js';

export function registerManagedIdentityRoutes(router: Router): void {
  // The router ignores trailing slashes, so this also serves `/metadata/identity/oauth2/token/`.
  router.add('GET', '/metadata/identity/oauth2/token', imdsToken);
  router.add('GET', '/msi/token', appServiceToken);
}

function imdsToken(ctx: RouteContext): EmulatorResponse {
  if (ctx.headers['metadata']?.toLowerCase() !== 'true') {
    return identityEndpointError(400, 'invalid_request', 'Required metadata header not specified');
  }
  return issueManagedIdentityToken(ctx, { objectIdParam: 'object_id', resourceIdParam: 'msi_res_id' });
}

function appServiceToken(ctx: RouteContext): EmulatorResponse {
  const presented = ctx.headers['x-identity-header'];
  if (!presented) return identityEndpointError(401, 'invalid_request', 'The X-IDENTITY-HEADER header is required.');
  if (presented !== ctx.state.appServiceIdentityHeader) {
    return identityEndpointError(403, 'invalid_request', 'The X-IDENTITY-HEADER header is invalid.');
  }
  return issueManagedIdentityToken(ctx, { objectIdParam: 'principal_id', resourceIdParam: 'mi_res_id' });
}

/** Both endpoints' success body: every number as a string, as IMDS and App Service send them. */
function issueManagedIdentityToken(ctx: RouteContext, names: { objectIdParam: string; resourceIdParam: string }): EmulatorResponse {
  const query = ctx.url.searchParams;
  if (!query.get('api-version')) {
    return identityEndpointError(400, 'invalid_request', 'Required api-version parameter not specified');
  }
  const resource = query.get('resource');
  if (!resource) return identityEndpointError(400, 'invalid_request', 'Required audience parameter not specified');

  const identity = ctx.state.findManagedIdentity();
  const clientId = query.get('client_id');
  // msal-node sends `object_id` to IMDS and `principal_id` to App Service; accept either on both.
  const objectId = query.get(names.objectIdParam) ?? query.get('object_id') ?? query.get('principal_id');
  const resourceId = query.get(names.resourceIdParam) ?? query.get('msi_res_id') ?? query.get('mi_res_id');
  const matches =
    identity !== undefined &&
    (!clientId || clientId.toLowerCase() === identity.clientId.toLowerCase()) &&
    (!objectId || objectId.toLowerCase() === identity.objectId.toLowerCase()) &&
    (!resourceId || resourceId.toLowerCase() === identity.resourceId.toLowerCase());
  if (!identity || !matches) return identityEndpointError(400, 'invalid_request', 'Identity not found');

  const grant = ctx.state.tokens.issue({ kind: 'managed_identity', principal: identity, tenantId: identity.tenantId, audience: resource });
  const lifetime = String(grant.expiresAt - grant.issuedAt);
  return jsonResponse(
    200,
    {
      access_token: grant.token,
      client_id: identity.clientId,
      expires_in: lifetime,
      expires_on: String(grant.expiresAt),
      ext_expires_in: lifetime,
      not_before: String(grant.issuedAt),
      resource,
      token_type: 'Bearer',
    },
    { 'x-ms-request-id': newGuid(), date: new Date(nowSeconds() * 1000).toUTCString() },
  );
}
