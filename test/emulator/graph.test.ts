// Microsoft Graph v1.0 through azure.handle: authentication, OData query options, paging, errors in
// Graph's shape, and directory writes, against the demo directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EmulatedAzure, SEED, seedIdentityDemoEstate } from '../../src/emulator/index.js';
import { bearerRequest, cliUserToken, managedIdentityToken, servicePrincipalToken } from './support.js';

const GRAPH = 'https://graph.microsoft.com/v1.0';
const USER_DEFAULTS = [
  'businessPhones',
  'displayName',
  'givenName',
  'id',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
];

async function demo(): Promise<{ azure: EmulatedAzure; app: string; user: string }> {
  const azure = new EmulatedAzure();
  seedIdentityDemoEstate(azure);
  return {
    azure,
    app: await servicePrincipalToken(azure, 'https://graph.microsoft.com/.default'),
    user: await cliUserToken(azure, 'https://graph.microsoft.com'),
  };
}

type Reply = Awaited<ReturnType<typeof bearerRequest>>;
const get = (azure: EmulatedAzure, token: string | undefined, path: string, headers: Record<string, string> = {}): Promise<Reply> =>
  bearerRequest(azure, 'GET', `${GRAPH}${path}`, token, undefined, headers);
const names = (reply: Reply): string[] => (reply.json['value'] as { displayName: string }[]).map((item) => item.displayName).sort();
const eventual = { consistencylevel: 'eventual' };

function assertGraphError(reply: Reply, status: number, code: string, message?: string | RegExp): void {
  assert.equal(reply.status, status, reply.text);
  const error = reply.json['error'] as { code: string; message: string; innerError: Record<string, string> };
  assert.equal(error.code, code);
  if (typeof message === 'string') assert.equal(error.message, message);
  else if (message) assert.match(error.message, message);
  assert.deepEqual(Object.keys(error.innerError).sort(), ['client-request-id', 'date', 'request-id']);
  assert.equal(error.innerError['request-id'], reply.headers['request-id']);
  assert.match(error.innerError['date'] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
}

test('Graph authentication: missing token, an ARM token, an expired token; the loopback origin is a Graph audience', async () => {
  const { azure } = await demo();
  assertGraphError(await get(azure, undefined, '/users'), 401, 'InvalidAuthenticationToken', 'Access token is empty.');
  assertGraphError(
    await get(azure, await servicePrincipalToken(azure), '/users'),
    401,
    'InvalidAuthenticationToken',
    'Access token validation failure. Invalid audience.',
  );
  const origin = 'https://127.0.0.1:8443';
  const local = await servicePrincipalToken(azure, `${origin}/.default`);
  assert.equal((await bearerRequest(azure, 'GET', `${origin}/v1.0/organization`, local)).status, 200);
  azure.expireAllTokens();
  assertGraphError(
    await bearerRequest(azure, 'GET', `${origin}/v1.0/organization`, local),
    401,
    'InvalidAuthenticationToken',
    'Lifetime validation failed, the token is expired.',
  );
});

test('/me is the signed-in user; an app token gets 400', async () => {
  const { azure, app, user } = await demo();
  const me = await get(azure, user, '/me');
  assert.equal(me.status, 200);
  assert.equal(me.json['@odata.context'], `${GRAPH}/$metadata#users/$entity`);
  assert.equal(me.json['userPrincipalName'], SEED.cliUser.upn);
  assert.equal(me.json['id'], SEED.cliUser.objectId);
  assertGraphError(await get(azure, app, '/me'), 400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
});

test('users: default properties, $select, filters, 404 in Graph shape', async () => {
  const { azure, app } = await demo();
  const all = await get(azure, app, '/users');
  assert.equal(all.json['@odata.context'], `${GRAPH}/$metadata#users`);
  for (const item of all.json['value'] as Record<string, unknown>[]) assert.deepEqual(Object.keys(item).sort(), USER_DEFAULTS);
  assert.match(all.headers['content-type'] ?? '', /^application\/json;odata\.metadata=minimal/);
  assert.match(all.headers['request-id'] ?? '', /^[0-9a-f-]{36}$/);
  assert.deepEqual(names(await get(azure, app, `/users?$filter=${encodeURIComponent("startswith(displayName,'a')")}`)), ['Alex Wilber']);
  assert.deepEqual(names(await get(azure, app, `/users?$filter=${encodeURIComponent("displayName eq 'Megan Bowen'")}`)), ['Megan Bowen']);
  assert.deepEqual(
    names(await get(azure, app, `/users?$filter=${encodeURIComponent("userPrincipalName eq 'DIEGOS@contoso.onmicrosoft.com'")}`)),
    ['Diego Siciliani'],
  );
  const disabled = await get(azure, app, `/users?$filter=accountEnabled eq false&$select=displayName,accountEnabled`);
  assert.equal(disabled.json['@odata.context'], `${GRAPH}/$metadata#users(displayName,accountEnabled)`);
  assert.deepEqual(disabled.json['value'], [
    { displayName: 'Grady Archie', accountEnabled: false },
    { displayName: 'Nestor Wilke', accountEnabled: false },
  ]);
  assert.deepEqual(
    names(await get(azure, app, `/users?$filter=${encodeURIComponent("department eq 'Finance' and accountEnabled eq true")}`)),
    ['Isaiah Langer'],
  );
  assertGraphError(
    await get(azure, app, '/users/nobody@contoso.onmicrosoft.com'),
    404,
    'Request_ResourceNotFound',
    "Resource 'nobody@contoso.onmicrosoft.com' does not exist or one of its queried reference-property objects are not present.",
  );
  assertGraphError(
    await get(azure, app, '/users?$select=shoeSize'),
    400,
    'BadRequest',
    "Could not find a property named 'shoeSize' on type 'microsoft.graph.user'.",
  );
  assertGraphError(
    await get(azure, app, `/users?$filter=${encodeURIComponent('startswith(displayName,')}`),
    400,
    'BadRequest',
    /^Invalid filter clause/,
  );
  const byUpn = await get(azure, app, '/users/meganb@contoso.onmicrosoft.com?$select=department');
  assert.deepEqual(byUpn.json, { '@odata.context': `${GRAPH}/$metadata#users(department)/$entity`, department: 'Engineering' });
});

test('advanced queries need ConsistencyLevel: eventual and $count=true', async () => {
  const { azure, app } = await demo();
  const ne = `/users?$filter=${encodeURIComponent("userType ne 'Guest'")}`;
  assertGraphError(await get(azure, app, ne), 400, 'Request_UnsupportedQuery', /^Operator 'ne' is not supported/);
  const counted = await get(azure, app, `${ne}&$count=true`, eventual);
  assert.equal(counted.status, 200, counted.text);
  assert.equal(counted.json['@odata.count'], 13);
  assertGraphError(await get(azure, app, '/users?$count=true'), 400, 'Request_BadRequest', '$count is not currently supported.');
  const count = await get(azure, app, `/users/$count?$filter=${encodeURIComponent("startswith(displayName,'l')")}`, eventual);
  assert.equal(count.text, '2');
  assertGraphError(await get(azure, app, `/users?$search=${encodeURIComponent('"displayName:gup"')}`), 400, 'Request_BadRequest');
  assert.deepEqual(names(await get(azure, app, `/users?$search=${encodeURIComponent('"displayName:gup"')}`, eventual)), ['Pradeep Gupta']);
});

test('paging: $top pages with an absolute @odata.nextLink until every user is seen; $orderby', async () => {
  const { azure, app } = await demo();
  let next: string | undefined = `${GRAPH}/users?$top=5&$select=displayName&$orderby=displayName desc`;
  const seen: string[] = [];
  let pages = 0;
  while (next) {
    const page: Reply = await bearerRequest(azure, 'GET', next, app);
    assert.equal(page.status, 200, page.text);
    seen.push(...(page.json['value'] as { displayName: string }[]).map((item) => item.displayName));
    next = page.json['@odata.nextLink'] as string | undefined;
    if (next) assert.ok(next.startsWith(`${GRAPH}/users?`) && next.includes('%24top=5'), next);
    pages += 1;
  }
  assert.equal(pages, 3);
  assert.equal(seen.length, 14);
  assert.deepEqual(
    seen,
    [...seen].sort((a, b) => b.localeCompare(a)),
  );
  assertGraphError(await get(azure, app, '/users?$top=1000'), 400, 'Request_BadRequest');
});

test('users: create, duplicate and invalid ones, update, delete', async () => {
  const { azure, app } = await demo();
  const body = {
    accountEnabled: true,
    displayName: 'Test Person',
    mailNickname: 'testp',
    userPrincipalName: 'testp@contoso.onmicrosoft.com',
    passwordProfile: { forceChangePasswordNextSignIn: true, password: 'Xy7!long-enough' },
  };
  const created = await bearerRequest(azure, 'POST', `${GRAPH}/users`, app, body);
  assert.equal(created.status, 201, created.text);
  assert.deepEqual(
    Object.keys(created.json)
      .filter((key) => key !== '@odata.context')
      .sort(),
    USER_DEFAULTS,
  );
  const id = created.json['id'] as string;
  assertGraphError(
    await bearerRequest(azure, 'POST', `${GRAPH}/users`, app, body),
    400,
    'Request_BadRequest',
    'Another object with the same value for property userPrincipalName already exists.',
  );
  assertGraphError(
    await bearerRequest(azure, 'POST', `${GRAPH}/users`, app, { ...body, userPrincipalName: 'x@example.com' }),
    400,
    'Request_BadRequest',
    /domain portion of the userPrincipalName/,
  );
  assertGraphError(
    await bearerRequest(azure, 'POST', `${GRAPH}/users`, app, {
      ...body,
      userPrincipalName: 'y@contoso.onmicrosoft.com',
      passwordProfile: { password: 'short' },
    }),
    400,
    'Request_BadRequest',
    /password complexity/,
  );
  assertGraphError(
    await bearerRequest(azure, 'POST', `${GRAPH}/users`, app, { ...body, mailNickname: undefined }),
    400,
    'Request_BadRequest',
    "Invalid value specified for property 'mailNickname' of resource 'User'.",
  );
  const patched = await bearerRequest(azure, 'PATCH', `${GRAPH}/users/${id}`, app, { jobTitle: 'Tester', accountEnabled: false });
  assert.equal(patched.status, 204);
  assert.equal(patched.text, '');
  const after = await get(azure, app, `/users/${id}?$select=jobTitle,accountEnabled`);
  assert.equal(after.json['jobTitle'], 'Tester');
  assert.equal(after.json['accountEnabled'], false);
  assertGraphError(
    await bearerRequest(azure, 'PATCH', `${GRAPH}/users/${id}`, app, { id: 'x' }),
    400,
    'Request_BadRequest',
    "Property 'id' is read-only and cannot be set.",
  );
  assertGraphError(
    await bearerRequest(azure, 'PATCH', `${GRAPH}/users/${id}`, app, { shoeSize: 9 }),
    400,
    'BadRequest',
    /does not exist on type 'microsoft\.graph\.user'/,
  );
  assert.equal((await bearerRequest(azure, 'DELETE', `${GRAPH}/users/${id}`, app)).status, 204);
  assert.equal((await get(azure, app, `/users/${id}`)).status, 404);
});

test('groups, members, memberOf, lambda filters, applications, service principals, organization', async () => {
  const { azure, app, user } = await demo();
  assert.deepEqual(names(await get(azure, app, '/groups')), ['All Contoso', 'Finance Readers', 'Platform Engineers', 'Web Team']);
  assert.deepEqual(names(await get(azure, app, `/groups?$filter=${encodeURIComponent("groupTypes/any(c:c eq 'Unified')")}`)), [
    'All Contoso',
  ]);
  const web = (await get(azure, app, `/groups?$filter=${encodeURIComponent("displayName eq 'Web Team'")}`)).json['value'] as {
    id: string;
  }[];
  const members = await get(azure, app, `/groups/${web[0]!.id}/members`);
  assert.equal(members.json['@odata.context'], `${GRAPH}/$metadata#directoryObjects`);
  assert.deepEqual(
    (members.json['value'] as Record<string, string>[]).map((item) => `${item['@odata.type']} ${item['displayName']}`).sort(),
    ['#microsoft.graph.user Alex Wilber', '#microsoft.graph.user Dana Developer', '#microsoft.graph.user Megan Bowen'],
  );
  const memberOf = await get(azure, user, `/users/${SEED.cliUser.objectId}/memberOf`);
  assert.deepEqual(names(memberOf), ['All Contoso', 'Web Team']);
  const apps = await get(azure, app, '/applications?$select=displayName,appId');
  assert.ok(names(apps).includes('contoso-billing-api'));
  const created = await bearerRequest(azure, 'POST', `${GRAPH}/applications`, app, { displayName: 'azops-test-app' });
  assert.equal(created.status, 201);
  const appId = created.json['appId'] as string;
  const byAppId = await get(azure, app, `/applications(appId='${appId}')`);
  assert.equal(byAppId.json['displayName'], 'azops-test-app');
  assert.equal((await bearerRequest(azure, 'DELETE', `${GRAPH}/applications/${created.json['id'] as string}`, app)).status, 204);
  assertGraphError(await get(azure, app, `/applications/${created.json['id'] as string}`), 404, 'Request_ResourceNotFound');
  const identities = await get(
    azure,
    app,
    `/servicePrincipals?$filter=${encodeURIComponent("servicePrincipalType eq 'ManagedIdentity'")}&$select=displayName,alternativeNames`,
  );
  assert.deepEqual(names(identities), ['azops-app', 'azops-web-frontend']);
  const org = await get(azure, app, '/organization');
  assert.equal((org.json['value'] as { id: string }[])[0]?.id, SEED.tenantId);
  assertGraphError(await get(azure, app, '/widgets'), 400, 'BadRequest', "Resource not found for the segment 'widgets'.");
});

// Graph's answer to a caller without the permission, as Graph returns it (microsoftgraph/microsoft-graph-docs-contrib
// issue 8159 and the "Microsoft Graph error responses" page): 403, Authorization_RequestDenied, "Insufficient
// privileges to complete the operation.", innerError with request-id and date.
test('permissions: app-only callers need a granted application permission; users act with their directory roles', async () => {
  const { azure, app, user } = await demo();
  const directory = azure.state.directory;
  const deny = (reply: Reply) =>
    assertGraphError(reply, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  const newUser = (upn: string) => ({
    accountEnabled: true,
    displayName: 'Perm Test',
    mailNickname: upn.split('@')[0],
    userPrincipalName: upn,
    passwordProfile: { forceChangePasswordNextSignIn: true, password: 'Xy7!long-enough' },
  });
  // The managed identity has no Graph permission at all.
  const mi = await managedIdentityToken(azure, 'https://graph.microsoft.com');
  deny(await get(azure, mi, '/users'));
  deny(await get(azure, mi, '/organization'));
  // Read-only: users may be read, not created; groups need their own permission.
  directory.setGraphPermissions(SEED.servicePrincipal.objectId, ['User.Read.All']);
  assert.equal((await get(azure, app, '/users?$top=1')).status, 200);
  assert.equal((await get(azure, app, '/users/meganb@contoso.onmicrosoft.com')).status, 200);
  deny(await bearerRequest(azure, 'POST', `${GRAPH}/users`, app, newUser('perm1@contoso.onmicrosoft.com')));
  deny(await get(azure, app, '/groups'));
  deny(await bearerRequest(azure, 'POST', `${GRAPH}/applications`, app, { displayName: 'x' }));
  // Application.ReadWrite.OwnedBy is enough to register an application.
  directory.setGraphPermissions(SEED.servicePrincipal.objectId, ['Application.ReadWrite.OwnedBy']);
  assert.equal((await bearerRequest(azure, 'POST', `${GRAPH}/applications`, app, { displayName: 'owned-by' })).status, 201);
  // A member user reads the directory and registers applications, but creates users only as User Administrator.
  assert.equal((await get(azure, user, '/users')).status, 200);
  assert.equal((await get(azure, user, '/organization')).status, 200);
  deny(await bearerRequest(azure, 'POST', `${GRAPH}/users`, user, newUser('perm2@contoso.onmicrosoft.com')));
  directory.setDirectoryRoles(SEED.cliUser.objectId, ['User Administrator']);
  assert.equal((await bearerRequest(azure, 'POST', `${GRAPH}/users`, user, newUser('perm2@contoso.onmicrosoft.com'))).status, 201);
});

test("users by key form users('…'): a UPN starting with $ and a quote doubled", async () => {
  const { azure, app } = await demo();
  const obrien = await get(azure, app, `/users('${encodeURIComponent("sean.o''brien@contoso.onmicrosoft.com")}')?$select=surname`);
  assert.equal(obrien.status, 200, obrien.text);
  assert.equal(obrien.json['surname'], "O'Brien");
  // The plain path form takes the quote as it is.
  assert.equal((await get(azure, app, `/users/${encodeURIComponent("sean.o'brien@contoso.onmicrosoft.com")}`)).json['surname'], "O'Brien");
  assertGraphError(
    await get(azure, app, `/users('${encodeURIComponent('$nobody@contoso.onmicrosoft.com')}')`),
    404,
    'Request_ResourceNotFound',
  );
});

test('applications: v1.0 properties only, and a documented signInAudience', async () => {
  const { azure, app } = await demo();
  // The original server's body: oauth2Permissions is not a v1.0 application property.
  assertGraphError(
    await bearerRequest(azure, 'POST', `${GRAPH}/applications`, app, { displayName: 'x', oauth2Permissions: [] }),
    400,
    'BadRequest',
    "Property 'oauth2Permissions' does not exist on type 'microsoft.graph.application'. Make sure to only use property names that are defined by the type or mark the type as open type.",
  );
  assertGraphError(
    await bearerRequest(azure, 'POST', `${GRAPH}/applications`, app, { displayName: 'x', signInAudience: 'Everyone' }),
    400,
    'Request_BadRequest',
    "Invalid value specified for property 'signInAudience' of resource 'Application'.",
  );
  const created = await bearerRequest(azure, 'POST', `${GRAPH}/applications`, app, {
    displayName: 'multi',
    signInAudience: 'AzureADMultipleOrgs',
  });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json['signInAudience'], 'AzureADMultipleOrgs');
});
