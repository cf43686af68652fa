// Microsoft Entra ID (login.microsoftonline.com) as MSAL uses it for client-credential sign-in:
// OpenID discovery, instance discovery, JWKS and the v2.0 token endpoint.
import { entraError, entraHeaders, jsonResponse } from '../../core/errors.js';
import type { Router } from '../../core/router.js';
import { SIGNING_KEY_ID } from '../../core/tokens.js';
import type { EmulatorResponse, RouteContext } from '../../core/types.js';
import { randomBytes } from 'node:crypto';
import { scopeToResource } from '../../core/util.js';

/** Multi-tenant authority aliases: discoverable, but no token can be issued for them. */
const MULTI_TENANT_ALIASES = new Set(['common', 'organizations', 'consumers']);
/** OIDC scopes MSAL may add; they never name a resource. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
/** Tokens for Azure's own services are not really signed; their key only has to look like one (2048 bits, odd). */
const SIGNING_KEY_MODULUS = (() => {
  const bytes = randomBytes(256);
  bytes[0]! |= 0x80;
  bytes[255]! |= 1;
  return bytes.toString('base64url');
})();

export function registerEntraRoutes(router: Router): void {
  router.add('GET', '/:tenant/v2.0/.well-known/openid-configuration', openIdConfiguration);
  router.add('GET', '/common/discovery/instance', instanceDiscovery);
  // Also the real keys that sign tokens for applications' APIs (see core/tokens.ts), which those APIs verify.
  router.add('GET', '/:tenant/discovery/v2.0/keys', (ctx) =>
    jsonResponse(
      200,
      {
        keys: [
          { kty: 'RSA', use: 'sig', kid: SIGNING_KEY_ID, x5t: SIGNING_KEY_ID, n: SIGNING_KEY_MODULUS, e: 'AQAB' },
          ...ctx.state.tokens.signingKeys.published(),
        ],
      },
      entraHeaders(ctx),
    ),
  );
  router.add('POST', '/:tenant/oauth2/v2.0/token', tokenEndpoint);
}

function openIdConfiguration(ctx: RouteContext): EmulatorResponse {
  const requested = ctx.params['tenant'] ?? '';
  const alias = MULTI_TENANT_ALIASES.has(requested.toLowerCase());
  const tenant = alias ? undefined : ctx.state.findTenant(requested);
  if (!alias && !tenant) return tenantNotFound(ctx, requested);
  const origin = ctx.url.origin;
  // login.microsoftonline.com answers multi-tenant aliases with a "{tenantid}" placeholder issuer.
  const issuerTenant = tenant?.tenantId ?? '{tenantid}';
  const pathTenant = tenant?.tenantId ?? requested;
  const base = `${origin}/${pathTenant}`;
  return jsonResponse(
    200,
    {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${origin}/${issuerTenant}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'cloud_instance_name',
        'cloud_instance_host_name',
        'cloud_graph_host_name',
        'msgraph_host',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'at_hash',
        'c_hash',
        'email',
      ],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: 'NA',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    },
    entraHeaders(ctx),
  );
}

/** MSAL asks this for authorities it does not know, unless instance discovery is disabled. */
function instanceDiscovery(ctx: RouteContext): EmulatorResponse {
  const authorizationEndpoint = ctx.url.searchParams.get('authorization_endpoint') ?? '';
  let tenant = 'common';
  try {
    tenant = new URL(authorizationEndpoint).pathname.split('/').filter(Boolean)[0] ?? tenant;
  } catch {
    // Keep "common", as Entra does for a missing or malformed endpoint.
  }
  const host = ctx.url.host;
  return jsonResponse(
    200,
    {
      tenant_discovery_endpoint: `${ctx.url.origin}/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    },
    entraHeaders(ctx),
  );
}

function tokenEndpoint(ctx: RouteContext): EmulatorResponse {
  const requested = ctx.params['tenant'] ?? '';
  if (MULTI_TENANT_ALIASES.has(requested.toLowerCase())) {
    return entraError(
      ctx,
      400,
      'invalid_request',
      50059,
      'No tenant-identifying information found in either the request or implied by any provided credentials.',
    );
  }
  const tenant = ctx.state.findTenant(requested);
  if (!tenant) return tenantNotFound(ctx, requested, 'invalid_request');

  const form = new URLSearchParams(ctx.body);
  const missing = ['grant_type', 'client_id', 'scope'].find((name) => !form.get(name));
  if (missing) {
    return entraError(ctx, 400, 'invalid_request', 900144, `The request body must contain the following parameter: '${missing}'.`);
  }
  const grantType = form.get('grant_type') ?? '';
  if (grantType !== 'client_credentials') {
    return entraError(ctx, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
  }
  const clientId = form.get('client_id') ?? '';
  const principal = ctx.state.findServicePrincipal(clientId, tenant.tenantId);
  if (!principal) {
    return entraError(
      ctx,
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  const secret = form.get('client_secret');
  if (form.get('client_assertion')) {
    return entraError(
      ctx,
      401,
      'invalid_client',
      700027,
      'The certificate with identifier used to sign the client assertion is not registered on application.',
    );
  }
  if (!secret) {
    return entraError(
      ctx,
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  if (secret !== principal.clientSecret) {
    return entraError(
      ctx,
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    );
  }

  const scopes = (form.get('scope') ?? '').split(/\s+/).filter((scope) => scope && !OIDC_SCOPES.has(scope));
  const [scope] = scopes;
  if (scopes.length !== 1 || !scope?.endsWith('/.default')) {
    return entraError(
      ctx,
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${form.get('scope') ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }

  const grant = ctx.state.tokens.issue({
    kind: 'client_credentials',
    principal,
    tenantId: tenant.tenantId,
    audience: scopeToResource(scope),
  });
  const lifetime = grant.expiresAt - grant.issuedAt;
  return jsonResponse(
    200,
    { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: grant.token },
    entraHeaders(ctx),
  );
}

function tenantNotFound(ctx: RouteContext, requested: string, error = 'invalid_tenant'): EmulatorResponse {
  return entraError(
    ctx,
    400,
    error,
    90002,
    `Tenant '${requested}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  );
}
