// Issue 17: the Entra ID tools through a real MCP client, the real Azure SDK pipeline and the emulated Microsoft
// Graph (the demo directory: 124 users, two of them disabled, Sean O'Brien, four groups, three app registrations).
// Shapes the emulator answers in are Graph v1.0's documented ones (learn.microsoft.com/graph/api: user-list,
// user-get, user-post-users, user-delete, application-list, application-post-applications, group-list,
// organization-list); errors follow "Microsoft Graph error responses" (code, message, innerError).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED } from '../../src/emulator/index.js';
import { startInProcessFixture, type InProcessFixture } from '../helpers/in-process.js';
import { type RunningServer } from '../helpers/server-process.js';

const DOMAIN = 'contoso.onmicrosoft.com';

interface GraphCall {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

let fixture: InProcessFixture;
let server: RunningServer;
/** Every request the server sent to Graph, with headers and body (the emulator's log has neither). */
const graphCalls: GraphCall[] = [];

before(async () => {
  fixture = await startInProcessFixture({
    demo: true,
    wrapHttpClient: (client) => ({
      async sendRequest(request) {
        const url = new URL(request.url);
        if (url.host === 'graph.microsoft.com') {
          graphCalls.push({
            method: request.method,
            url,
            headers: Object.fromEntries([...request.headers].map(([k, v]) => [k.toLowerCase(), v])),
            ...(typeof request.body === 'string' ? { body: request.body } : {}),
          });
        }
        return client.sendRequest(request);
      },
    }),
  });
  server = await fixture.server({ AZOPS_CONFIRM: 'never' });
});
after(async () => {
  await server?.close();
  fixture.assertNoLeaks();
  await fixture.close();
});

/** The Graph requests a call made. */
async function traced(name: string, args: Record<string, unknown>) {
  const from = graphCalls.length;
  const result = await server.call(name, args);
  return { ...result, calls: graphCalls.slice(from) };
}

const rows = (structured: Record<string, unknown>) => structured.items as Record<string, unknown>[];

describe('aad_list_users', () => {
  test('default: 50 of the 124 users, Graph counted the rest; disabled accounts say so; every row carries its ids', async () => {
    const { isError, text, structured, calls } = await traced('aad_list_users', {});
    assert.equal(isError, false, text);
    assert.equal(structured.shown, 50);
    assert.equal(structured.total, 124);
    assert.equal(structured.more, true);
    assert.match(String(structured.hint), /Showing 50 of 124\. Raise top \(up to 999\) or narrow with filter/);
    const grady = rows(structured).find((u) => u.displayName === 'Grady Archie')!;
    assert.equal(grady.accountEnabled, false);
    assert.match(text, new RegExp(`Grady Archie <gradya@${DOMAIN}> id ${grady.id as string}, DISABLED`));
    for (const row of rows(structured)) assert.ok(text.includes(row.id as string) && text.includes(row.userPrincipalName as string));
    // One page of 50 ($select for the non-default properties), then $count with ConsistencyLevel: eventual.
    assert.deepEqual(
      calls.map((c) => c.url.pathname),
      ['/v1.0/users', '/v1.0/users/$count'],
    );
    assert.equal(calls[0]!.url.searchParams.get('$top'), '50');
    assert.match(calls[0]!.url.searchParams.get('$select') ?? '', /accountEnabled/);
    assert.equal(calls[0]!.headers['consistencylevel'], undefined, 'a plain list is not an advanced query');
    assert.equal(calls[1]!.headers['consistencylevel'], 'eventual');
  });

  test('paging: top=120 reads two pages of Graph (100 + 20) through @odata.nextLink', async () => {
    const { text, structured, calls } = await traced('aad_list_users', { top: 120 });
    assert.equal(structured.shown, 120, text);
    assert.equal(structured.total, 124);
    const pages = calls.filter((c) => c.url.pathname === '/v1.0/users');
    assert.equal(pages.length, 2);
    assert.equal(pages[0]!.url.searchParams.get('$top'), '100');
    assert.ok(pages[1]!.url.searchParams.get('$skiptoken'), 'the second page is the nextLink');
    assert.equal(new Set(rows(structured).map((u) => u.id)).size, 120, 'no user twice');
    const all = await server.call('aad_list_users', { top: 999 });
    assert.equal(all.structured.shown, 124);
    assert.equal(all.structured.more, false);
    assert.equal(all.structured.total, 124);
  });

  test('plain text is a display-name prefix search, and the text says so; a quote is doubled in the filter', async () => {
    const megan = await traced('aad_list_users', { filter: 'Megan' });
    assert.deepEqual(
      rows(megan.structured).map((u) => u.displayName),
      ['Megan Bowen'],
    );
    assert.match(megan.text, /^Users matching display name starting with "Megan" \(1\):/);
    assert.equal(megan.calls[0]!.url.searchParams.get('$filter'), "startswith(displayName,'Megan')");

    const quoted = await traced('aad_list_users', { filter: "Sean O'B" });
    assert.equal(quoted.isError, false, quoted.text);
    assert.deepEqual(
      rows(quoted.structured).map((u) => u.userPrincipalName),
      [`sean.o'brien@${DOMAIN}`],
    );
    assert.equal(quoted.calls[0]!.url.searchParams.get('$filter'), "startswith(displayName,'Sean O''B')");
    const hostile = await traced('aad_list_users', { filter: '?x=1&$top=999#frag/../groups' });
    assert.equal(hostile.calls[0]!.url.pathname, '/v1.0/users');
    assert.equal(hostile.calls[0]!.url.searchParams.get('$filter'), "startswith(displayName,'?x=1&$top=999#frag/../groups')");
    assert.equal(hostile.calls[0]!.url.searchParams.get('$top'), '50');
    // On the wire the filter is one encoded query parameter: nothing of it reaches the path.
    assert.equal(quoted.calls[0]!.url.pathname, '/v1.0/users');
    assert.match(quoted.calls[0]!.url.search, /%24filter=startswith%28displayName%2C%27Sean(\+|%20)O%27%27B%27%29/);
  });

  test('an OData filter is passed as given; ne, not and endsWith go as advanced queries; a bad one gets Graph’s message', async () => {
    const odata = await traced('aad_list_users', { filter: "surname eq 'O''Brien'" });
    assert.deepEqual(
      rows(odata.structured).map((u) => u.displayName),
      ["Sean O'Brien"],
    );
    assert.equal(odata.calls[0]!.url.searchParams.get('$filter'), "surname eq 'O''Brien'");
    assert.match(odata.text, /^Users matching filter surname eq 'O''Brien' \(1\):/);

    const disabled = await traced('aad_list_users', { filter: 'accountEnabled ne true' });
    assert.equal(disabled.isError, false, disabled.text);
    assert.deepEqual(
      rows(disabled.structured)
        .map((u) => u.displayName)
        .sort(),
      ['Grady Archie', 'Nestor Wilke'],
    );
    assert.equal(disabled.calls[0]!.headers['consistencylevel'], 'eventual');
    assert.equal(disabled.calls[0]!.url.searchParams.get('$count'), 'true');
    assert.equal(disabled.structured.total, 2, '@odata.count of the advanced query');

    const broken = await server.call('aad_list_users', { filter: "startswith(displayName,'M'" });
    assert.equal(broken.isError, true);
    assert.match(broken.text, /^Microsoft Graph rejected the request to list users \(400 BadRequest\): Invalid filter clause/);
  });

  test('top is 1-999', async () => {
    for (const top of [0, 1000, 2.5]) {
      const result = await server.call('aad_list_users', { top });
      assert.equal(result.isError, true, String(top));
      assert.match(result.text, /Input validation error.*top/);
    }
  });
});

describe('aad_show_user', () => {
  test('by UPN or object id (GET /users/{id or UPN}), the UPN encoded in the path; giving both is refused', async () => {
    const byUpn = await traced('aad_show_user', { user_id: `sean.o'brien@${DOMAIN}` });
    assert.equal(byUpn.isError, false, byUpn.text);
    assert.equal(byUpn.structured.surname, "O'Brien");
    assert.equal(byUpn.structured.department, 'Sales');
    assert.equal(byUpn.calls[0]!.url.pathname, `/v1.0/users/sean.o'brien%40${DOMAIN}`);
    const id = byUpn.structured.id as string;
    const byId = await server.call('aad_show_user', { user_id: id });
    assert.equal(byId.structured.userPrincipalName, `sean.o'brien@${DOMAIN}`);
    assert.match(byId.text, new RegExp(`Object id: ${id}\\. Account: enabled\\. Type: Member\\.`));
    const alias = await server.call('aad_show_user', { user_principal_name: `meganb@${DOMAIN}` });
    assert.equal(alias.structured.displayName, 'Megan Bowen');

    const both = await server.call('aad_show_user', { user_id: id, user_principal_name: `meganb@${DOMAIN}` });
    assert.equal(both.isError, true);
    assert.match(both.text, /Give either user_id .* or user_principal_name, not both/);
    const neither = await server.call('aad_show_user', { user_id: '' });
    assert.match(neither.text, /user_id or user_principal_name is required/);
  });

  test('a guest UPN with #EXT# and a UPN starting with $ reach Graph intact; unknown users get Graph’s 404', async () => {
    const guest = await traced('aad_show_user', { user_id: `oliver.auditor_fabrikam.com#EXT#@${DOMAIN}` });
    assert.equal(guest.isError, false, guest.text);
    assert.equal(guest.structured.userType, 'Guest');
    assert.equal(guest.calls[0]!.url.pathname, `/v1.0/users/oliver.auditor_fabrikam.com%23EXT%23%40${DOMAIN}`);

    const dollar = await traced('aad_show_user', { user_id: `$nobody@${DOMAIN}` });
    assert.equal(dollar.calls[0]!.url.pathname, `/v1.0/users('%24nobody%40${DOMAIN}')`);
    assert.match(
      dollar.text,
      /^Not found in the directory \(404 Request_ResourceNotFound\): Resource '\$nobody@contoso\.onmicrosoft\.com' does not exist/,
    );
    assert.match(dollar.text, /aad_list_users finds users by name/);
  });

  test('ids that are neither GUID nor UPN never reach Graph', async () => {
    const from = graphCalls.length;
    for (const user_id of ['../groups', 'a/b@contoso.com', 'x?y=1', `megan bowen@${DOMAIN}`, 'plain']) {
      const result = await server.call('aad_show_user', { user_id });
      assert.equal(result.isError, true, user_id);
      assert.match(result.text, /Input validation error/, user_id);
    }
    assert.equal(graphCalls.length, from);
  });
});

describe('aad_create_user and aad_delete_user', () => {
  test('create: POST /users with forceChangePasswordNextSignIn; the given password is never repeated', async () => {
    const password = 'Gv7!given-Password';
    const created = await traced('aad_create_user', {
      display_name: 'Given Password',
      user_principal_name: `given.pw@${DOMAIN}`,
      password,
      department: 'Sales',
      job_title: 'Buyer',
    });
    assert.equal(created.isError, false, created.text);
    const body = JSON.parse(created.calls[0]!.body!) as Record<string, unknown>;
    assert.deepEqual(body, {
      accountEnabled: true,
      displayName: 'Given Password',
      userPrincipalName: `given.pw@${DOMAIN}`,
      mailNickname: 'given.pw',
      passwordProfile: { forceChangePasswordNextSignIn: true, password },
      department: 'Sales',
      jobTitle: 'Buyer',
    });
    assert.equal(created.structured.passwordSource, 'given');
    assert.equal(created.structured.temporaryPassword, undefined);
    assert.ok(!created.text.includes(password) && !JSON.stringify(created.structured).includes(password));
    assert.match(created.text, /must change it at first sign-in/);
    const shown = await server.call('aad_show_user', { user_id: created.structured.id as string });
    assert.equal(shown.structured.department, 'Sales');

    const again = await server.call('aad_create_user', { display_name: 'x', user_principal_name: `given.pw@${DOMAIN}`, password });
    assert.match(
      again.text,
      /\(400 Request_BadRequest\): Another object with the same value for property userPrincipalName already exists\./,
    );
  });

  test('a weak password gets Graph’s reason back, with the policy; nothing is created', async () => {
    const weak = await server.call('aad_create_user', {
      display_name: 'Weak',
      user_principal_name: `weak@${DOMAIN}`,
      password: 'password',
    });
    assert.equal(weak.isError, true);
    assert.match(
      weak.text,
      /^Microsoft Graph rejected the request to create the user \(400 Request_BadRequest\): The specified password does not comply with password complexity requirements\. Please provide a different password\. Entra's default password policy: 8-256 characters/,
    );
    assert.ok(!weak.text.includes("'password'"));
    assert.equal((await server.call('aad_show_user', { user_id: `weak@${DOMAIN}` })).isError, true);
  });

  test('no password: a strong temporary one is generated, shown once in the text, masked in the structured result', async () => {
    const created = await traced('aad_create_user', { display_name: 'Temp Person', user_principal_name: `temp.person@${DOMAIN}` });
    assert.equal(created.isError, false, created.text);
    const sent = (JSON.parse(created.calls[0]!.body!) as { passwordProfile: { password: string; forceChangePasswordNextSignIn: boolean } })
      .passwordProfile;
    assert.equal(sent.forceChangePasswordNextSignIn, true);
    assert.ok(sent.password.length >= 16);
    for (const kind of [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/]) assert.match(sent.password, kind);
    assert.ok(created.text.includes(`Temporary password (shown this once; azops-mcp does not keep or log it): ${sent.password}`));
    assert.equal(created.structured.passwordSource, 'generated');
    assert.equal(created.structured.temporaryPassword, '****');
    assert.ok(!JSON.stringify(created.structured).includes(sent.password));
    assert.ok(!server.stderr().includes(sent.password), 'the server log');
    const other = await traced('aad_create_user', { display_name: 'Temp Two', user_principal_name: `temp.two@${DOMAIN}` });
    const second = (JSON.parse(other.calls[0]!.body!) as { passwordProfile: { password: string } }).passwordProfile.password;
    assert.notEqual(second, sent.password);
  });

  test('delete: destructive, by UPN, deletes the object id it read; the text says deleted items and 30 days', async () => {
    const created = await server.call('aad_create_user', { display_name: 'Leaver', user_principal_name: `leaver@${DOMAIN}` });
    const id = created.structured.id as string;
    const { tools } = await server.client.listTools();
    assert.equal(tools.find((t) => t.name === 'aad_delete_user')!.annotations?.destructiveHint, true);
    const deleted = await traced('aad_delete_user', { user_principal_name: `leaver@${DOMAIN}` });
    assert.equal(deleted.isError, false, deleted.text);
    assert.deepEqual(
      deleted.calls.map((c) => `${c.method} ${c.url.pathname}`),
      [`GET /v1.0/users/leaver%40${DOMAIN}`, `DELETE /v1.0/users/${id}`],
    );
    assert.match(deleted.text, /deleted items and can be restored until about \d{4}-\d\d-\d\d \(30 days\)/);
    assert.equal(deleted.structured.id, id);
    const gone = await server.call('aad_show_user', { user_id: id });
    assert.match(gone.text, /404 Request_ResourceNotFound/);
    const twice = await server.call('aad_delete_user', { user_id: id });
    assert.match(twice.text, /^Not found in the directory \(404/);
  });

  test('delete asks for consent; a declined prompt deletes nothing', async () => {
    const asking = await fixture.server({}, { onElicit: () => ({ action: 'decline' }) });
    try {
      const created = await server.call('aad_create_user', { display_name: 'Stayer', user_principal_name: `stayer@${DOMAIN}` });
      const from = graphCalls.length;
      const declined = await asking.call('aad_delete_user', { user_id: `stayer@${DOMAIN}` });
      assert.equal(declined.isError, true);
      assert.match(declined.text, /Nothing was done: the user declined/);
      assert.equal(graphCalls.length, from, 'nothing was sent to Graph');
      assert.equal((await server.call('aad_show_user', { user_id: created.structured.id as string })).isError, false);
    } finally {
      await asking.close();
    }
  });
});

describe('applications, groups, tenant', () => {
  test('aad_create_application: app id and object id, the audience sent; no secret, no service principal', async () => {
    const created = await traced('aad_create_application', { display_name: 'azops-e2e-app', sign_in_audience: 'azureadmultipleorgs' });
    assert.equal(created.isError, false, created.text);
    assert.deepEqual(JSON.parse(created.calls[0]!.body!), { displayName: 'azops-e2e-app', signInAudience: 'AzureADMultipleOrgs' });
    assert.equal(created.calls.length, 1, 'one POST /applications, nothing else');
    const { id, appId } = created.structured as { id: string; appId: string };
    assert.match(created.text, new RegExp(`application \\(client\\) id ${appId}, object id ${id}, audience AzureADMultipleOrgs`));
    assert.match(created.text, /No secret, certificate or service principal was created/);
    const stored = fixture.azure.state.directory.get(id);
    assert.equal(stored?.kind === 'application' && stored.passwordCredentials.length, 0);
    assert.ok(!fixture.azure.state.directory.list('servicePrincipal', SEED.tenantId).some((sp) => sp.appId === appId));
    const listed = await server.call('aad_list_applications', { filter: 'azops-e2e' });
    assert.deepEqual(
      rows(listed.structured).map((a) => a.appId),
      [appId],
    );
    const bad = await server.call('aad_create_application', { display_name: 'x', sign_in_audience: 'Everyone' });
    assert.match(bad.text, /Input validation error/);
  });

  test('aad_list_applications and aad_list_groups: ids in the text, kinds of group, a lambda filter', async () => {
    const apps = await server.call('aad_list_applications', { filter: 'contoso' });
    assert.equal(apps.structured.shown, 3);
    for (const app of rows(apps.structured)) assert.ok(apps.text.includes(app.appId as string) && apps.text.includes(app.id as string));
    const groups = await server.call('aad_list_groups', {});
    assert.equal(groups.structured.shown, 4);
    assert.match(groups.text, /All Contoso: id [0-9a-f-]{36}, Microsoft 365, allcontoso@/);
    assert.match(groups.text, /Web Team: id [0-9a-f-]{36}, Security/);
    const unified = await server.call('aad_list_groups', { filter: "groupTypes/any(t:t eq 'Unified')" });
    assert.deepEqual(
      rows(unified.structured).map((g) => g.displayName),
      ['All Contoso'],
    );
    const none = await server.call('aad_list_groups', { filter: 'Nobody Here' });
    assert.equal(none.text, 'No groups matching display name starting with "Nobody Here".');
  });

  test('aad_verify_tenant reads /organization and probes user reads', async () => {
    const { isError, text, structured, calls } = await traced('aad_verify_tenant', {});
    assert.equal(isError, false, text);
    assert.equal(structured.tenantId, SEED.tenantId);
    assert.equal(structured.defaultDomain, DOMAIN);
    assert.equal(structured.canReadUsers, true);
    assert.deepEqual(
      calls.map((c) => c.url.pathname),
      ['/v1.0/organization', '/v1.0/users'],
    );
    assert.match(text, new RegExp(`Tenant Contoso \\(${SEED.tenantId}\\)`));
  });
});

describe('permissions', () => {
  const sp = SEED.servicePrincipal.objectId;
  after(() =>
    fixture.azure.state.directory.setGraphPermissions(sp, [
      'User.ReadWrite.All',
      'Group.ReadWrite.All',
      'Application.ReadWrite.All',
      'Organization.Read.All',
    ]),
  );

  test('a 403 names the Graph permission and the directory role needed; verify_tenant reports the failed probe', async () => {
    fixture.azure.state.directory.setGraphPermissions(sp, ['Organization.Read.All']);
    const list = await server.call('aad_list_users', {});
    assert.equal(list.isError, true);
    assert.match(
      list.text,
      /^Permission denied: Microsoft Graph would not list users \(403 Authorization_RequestDenied\): Insufficient privileges to complete the operation\. A service principal or managed identity needs the Microsoft Graph application permission User\.Read\.All \(with admin consent\); a signed-in user needs the Directory Readers directory role/,
    );
    assert.match(list.text, /call aad_reset_client/);
    assert.match(list.text, /\(request id [0-9a-f-]{36}\)$/);
    const create = await server.call('aad_create_user', { display_name: 'No', user_principal_name: `no@${DOMAIN}` });
    assert.match(create.text, /permission User\.ReadWrite\.All .* the User Administrator directory role/);
    const apps = await server.call('aad_create_application', { display_name: 'no' });
    assert.match(apps.text, /permission Application\.ReadWrite\.OwnedBy .* the Application Developer directory role/);
    const groups = await server.call('aad_list_groups', {});
    assert.match(groups.text, /permission GroupMember\.Read\.All/);

    const tenant = await server.call('aad_verify_tenant', {});
    assert.equal(tenant.isError, false, tenant.text);
    assert.equal(tenant.structured.canReadUsers, false);
    assert.match(tenant.text, /Reading users is denied: the identity needs the Microsoft Graph permission User\.Read\.All/);
  });
});
