// Issue 10, points 0, 2, 3 and 4: an id or name can never reach another resource, an unknown argument is an
// error rather than a wider scope, the original server's leniency, and consent for tools that are not additive.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, SEED } from '../../src/emulator/index.js';
import { allTools } from '../../src/tools/index.js';
import { startInProcessFixture, type InProcessFixture } from '../helpers/in-process.js';
import type { RunningServer, ToolCallResult } from '../helpers/server-process.js';

const SUB = DEMO.devSubscriptionId;
const RG = DEMO.resourceGroups;
let fixture: InProcessFixture;
let server: RunningServer;

before(async () => {
  fixture = await startInProcessFixture({ demo: true });
  server = await fixture.server({ AZURE_SUBSCRIPTION_ID: SUB, AZOPS_CONFIRM: 'never' });
});
after(async () => {
  await server.close();
  fixture.assertNoLeaks();
  await fixture.close();
});

/** Calls a tool and reports which requests reached the emulated Azure meanwhile. */
async function callCounting(name: string, args: Record<string, unknown>, on = server): Promise<ToolCallResult & { requests: string[] }> {
  const from = fixture.azure.requests.length;
  const result = await on.call(name, args);
  return { ...result, requests: fixture.azure.requests.slice(from).map((r) => `${r.method} ${r.path}`) };
}

function assertRefusedBeforeAzure(result: ToolCallResult & { requests: string[] }, what: string): void {
  assert.equal(result.isError, true, `${what} was accepted: ${result.text}`);
  assert.match(result.text, /^Input validation error: /, what);
  assert.deepEqual(result.requests, [], `${what} sent requests to Azure`);
}

describe('ids and names never reach another resource', () => {
  test('delete_role_assignment: a ? that would turn the rest of the id into a query string is refused before any request', async () => {
    const attack = `/subscriptions/${SUB}/resourceGroups/${RG.web}?x=/providers/Microsoft.Authorization/roleAssignments/x`;
    const result = await callCounting('delete_role_assignment', { assignment_id: attack });
    assertRefusedBeforeAzure(result, 'the ? attack');
    assert.match(result.text, /assignment_id: /);
  });

  test('create_role_assignment: a scope with .. segments cannot climb to a management group', async () => {
    const attack = `/subscriptions/${SUB}/resourceGroups/${RG.web}/../../../../providers/Microsoft.Management/managementGroups/${DEMO.managementGroups.workloads}`;
    const result = await callCounting('create_role_assignment', {
      principal_id: SEED.managedIdentity.objectId,
      role_definition_name: 'Reader',
      scope: attack,
    });
    assertRefusedBeforeAzure(result, 'the .. attack');
    assert.match(result.text, /scope: .*"\.\." segment/);
  });

  for (const tool of ['list_vms', 'list_resources', 'list_resource_locks']) {
    test(`${tool}: resource_group=".." is refused, not turned into a subscription-wide list`, async () => {
      const result = await callCounting(tool, { resource_group: '..' });
      assertRefusedBeforeAzure(result, `${tool} resource_group=..`);
      assert.match(result.text, /resource_group: '\.\.' is not a valid resource group name: Azure allows 1-90 letters/);
    });
  }

  test('the consent prompt and the result show the scope as rebuilt, which is the scope written', async () => {
    const prompts: string[] = [];
    const confirming = await fixture.server(
      { AZURE_SUBSCRIPTION_ID: SUB },
      {
        onElicit: (message) => {
          prompts.push(message);
          return { action: 'accept', content: { confirm: true } };
        },
      },
    );
    try {
      const given = `/SUBSCRIPTIONS/${SUB.toUpperCase()}/resourcegroups/${RG.web}`;
      const rebuilt = `/subscriptions/${SUB}/resourceGroups/${RG.web}`;
      const result = await callCounting(
        'create_role_assignment',
        { principal_id: SEED.managedIdentity.objectId, role_definition_name: 'Reader', scope: given },
        confirming,
      );
      assert.equal(result.isError, false, result.text);
      assert.equal(prompts.length, 1);
      assert.ok(prompts[0]!.includes(`scope=${rebuilt}`), prompts[0]);
      assert.ok(result.text.includes(rebuilt), result.text);
      // The SDK joins its `/{scope}` template with the scope's own leading slash: Azure gets //subscriptions/….
      const writes = result.requests.filter((r) => r.startsWith('PUT ')).map((r) => r.replace(/^PUT \/+/, 'PUT /'));
      assert.equal(writes.length, 1);
      assert.ok(
        writes[0]!.toLowerCase().startsWith(`put ${rebuilt.toLowerCase()}/providers/microsoft.authorization/roleassignments/`),
        writes[0],
      );
      const id = (result.structured.assignment as { id: string }).id;
      assert.equal((await confirming.call('delete_role_assignment', { assignment_id: id })).isError, false);
    } finally {
      await confirming.close();
    }
  });

  // Parameters that never go into a request path: free text matched in this process, a token audience, a role name
  // for a $filter, values sent to Microsoft Graph in a JSON body or as one encoded query parameter (the Entra tools'
  // filter), or values that go into a request body (a container image or compose file, a startup command, registry
  // hosts, user names and passwords).
  const NOT_IN_A_PATH = new Set([
    'resource',
    'name_contains',
    'role_definition_name',
    'filter',
    'display_name',
    'password',
    'mail_nick_name',
    'department',
    'job_title',
    'role',
    'image',
    'startup_command',
    'registry_url',
    'registry_username',
    'registry_password',
    'username',
  ]);
  // App Configuration data: keys, labels, filters, values and content types are free text that Azure allows with
  // / ? # and spaces; the SDK sends a key as one encoded path segment and the rest as query values or body
  // (test/e2e/appconfig.test.ts checks a hostile key stays one segment, and what the tool refuses).
  for (const name of ['key', 'label', 'key_filter', 'label_filter', 'value', 'content_type']) NOT_IN_A_PATH.add(name);
  const HOSTILE = [
    '?x=1',
    '#top',
    '%2F',
    '%2e%2e',
    '..',
    '.',
    '/',
    'a/../b',
    'a/./b',
    'a//b',
    'a\\b',
    'a b',
    'a\u0000b',
    'a\nb',
    'a\u007fb',
    'a\u202eb',
    'a\u200bb',
    'a\u2215b',
    'a\uff0fb',
    '\u2024\u2024',
    'a\ufe56b',
    'a\uff03b',
    'a%00',
  ];
  const string = (schema: unknown) =>
    (schema as { type?: string; enum?: unknown }).type === 'string' && !(schema as { enum?: unknown }).enum;

  test('fuzz: every id or name parameter of every tool refuses ?, #, %2F, .., /, control characters and look-alikes before any request', async () => {
    const { tools } = await server.client.listTools();
    let tried = 0;
    for (const tool of tools) {
      const sample = { ...(allTools.find((t) => t.name === tool.name)!.example as Record<string, unknown>) };
      const params = Object.entries(tool.inputSchema.properties ?? {}).filter(
        ([name, schema]) => string(schema) && !NOT_IN_A_PATH.has(name),
      );
      for (const [param] of params) {
        // Alone, and after a valid value, since ids are checked segment by segment.
        const valid = typeof sample[param] === 'string' ? (sample[param] as string) : param === 'scope' ? `/subscriptions/${SUB}` : 'x';
        for (const hostile of HOSTILE) {
          for (const value of [hostile, `${valid}${hostile}`, `${valid}/${hostile}`]) {
            // "/" alone is the tenant root, a real RBAC scope (az role assignment create --scope / works too).
            if (param === 'scope' && value === '/') continue;
            const result = await callCounting(tool.name, { ...sample, [param]: value });
            tried++;
            assertRefusedBeforeAzure(result, `${tool.name} ${param}=${JSON.stringify(value)}`);
          }
        }
      }
    }
    assert.ok(tried > 500, `only ${tried} hostile calls`);
  });

  test('every tool that takes a path parameter is covered by the fuzz (a new tool is covered without a list)', () => {
    const covered = allTools.filter((t) =>
      Object.keys(t.inputSchema.shape).some((k) => /resource_group|_name$|_id$|^scope$/.test(k) && !NOT_IN_A_PATH.has(k)),
    );
    assert.ok(covered.length >= 15, `${covered.length} tools with id or name parameters`);
  });
});

describe('unknown arguments are errors', () => {
  test('a misspelt resourceGroup never grants a role on the whole subscription: refused with a did-you-mean, no request', async () => {
    const result = await callCounting('create_role_assignment', {
      principal_id: SEED.managedIdentity.objectId,
      role_definition_name: 'Reader',
      resourceGroup: RG.web,
    });
    assertRefusedBeforeAzure(result, 'resourceGroup');
    assert.match(result.text, /unknown parameter resourceGroup; did you mean resource_group\?/);
  });

  test('list_storage_accounts resourcegroup=… is refused instead of listing the whole subscription', async () => {
    const result = await callCounting('list_storage_accounts', { resourcegroup: RG.web });
    assertRefusedBeforeAzure(result, 'resourcegroup');
    assert.match(result.text, /unknown parameter resourcegroup; did you mean resource_group\?/);
  });

  test('a key with no close match lists the parameters', async () => {
    const result = await callCounting('list_vms', { resource_group: RG.compute, colour: 'blue' });
    assertRefusedBeforeAzure(result, 'colour');
    assert.match(result.text, /unknown parameter colour\. Parameters: resource_group, limit\./);
  });

  test('every input schema in tools/list says additionalProperties: false', async () => {
    const { tools } = await server.client.listTools();
    assert.equal(tools.length, allTools.length);
    for (const tool of tools) assert.equal(tool.inputSchema.additionalProperties, false, tool.name);
  });
});

describe('lenient where the original was', () => {
  test('numbers sent as strings are numbers', async () => {
    const groups = await server.call('list_resource_groups', { limit: '3' });
    assert.equal(groups.isError, false, groups.text);
    assert.equal(groups.structured.shown, 3);
    const notANumber = await callCounting('list_resource_groups', { limit: 'three' });
    assertRefusedBeforeAzure(notANumber, 'limit=three');
    assert.match(notANumber.text, /limit: /);
  });

  test('"" for an optional parameter means not given', async () => {
    const tags = await server.call('list_tags', { resource_group: '' });
    assert.equal(tags.isError, false, tags.text);
    assert.match(tags.text, new RegExp(`subscription ${SUB}`, 'i'));
    const required = await callCounting('list_vms', { resource_group: '' });
    assertRefusedBeforeAzure(required, 'a required parameter given as ""');
  });

  test('enum values in any case', async () => {
    const vms = await server.call('list_resources', { resource_group: RG.compute, resource_type: 'VM' });
    assert.equal(vms.isError, false, vms.text);
    const types = new Set((vms.structured.items as { type: string }[]).map((r) => r.type));
    assert.deepEqual([...types], ['Microsoft.Compute/virtualMachines']);
    const roles = await server.call('list_role_definitions', { type: 'builtinrole', name_contains: 'Reader' });
    assert.equal(roles.isError, false, roles.text);
  });

  test('booleans and counts as strings on a write: scale_vmss capacity="3" no_wait="true"', async () => {
    const result = await server.call('scale_vmss', { resource_group: RG.compute, vmss_name: DEMO.vmss, capacity: '3', no_wait: 'true' });
    assert.equal(result.isError, false, result.text);
    assert.equal(result.structured.outcome, 'accepted');
  });
});

describe('destructiveHint means what MCP says', () => {
  test('stop_vm and scale_vmss capacity=0 need consent under AZOPS_CONFIRM=always; start_vm does not', async () => {
    const always = await fixture.server({ AZURE_SUBSCRIPTION_ID: SUB, AZOPS_CONFIRM: 'always' });
    try {
      for (const [name, args] of [
        ['stop_vm', { resource_group: RG.compute, vm_name: DEMO.vms.running }],
        ['restart_vm', { resource_group: RG.compute, vm_name: DEMO.vms.running }],
        ['deallocate_vm', { resource_group: RG.compute, vm_name: DEMO.vms.running }],
        ['scale_vmss', { resource_group: RG.compute, vmss_name: DEMO.vmss, capacity: 0 }],
      ] as const) {
        const result = await callCounting(name, args, always);
        assert.equal(result.isError, true, `${name} ran without consent`);
        assert.match(result.text, /needs confirmation/, name);
        assert.deepEqual(result.requests, [], `${name} reached Azure`);
      }
      const start = await always.call('start_vm', { resource_group: RG.compute, vm_name: DEMO.vms.deallocated, no_wait: true });
      assert.equal(start.isError, false, `start_vm is additive: ${start.text}`);
    } finally {
      await always.close();
    }
  });
});

describe('results are redacted like the text', () => {
  test('a JWT-shaped tag value is masked in structuredContent as well as in the text', async () => {
    const group = fixture.azure.state.resources.getGroup(SUB, RG.web)!;
    const saved = group.tags;
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4eXoxMjM0NSJ9.c2lnbmF0dXJlLXZhbHVl';
    group.tags = { ...saved, note: jwt };
    try {
      const result = await server.call('list_resource_groups');
      assert.equal(result.isError, false, result.text);
      assert.ok(!result.text.includes(jwt) && !JSON.stringify(result.structured).includes(jwt), 'the token-shaped value got through');
      const web = (result.structured.items as { name: string; tags: Record<string, string> }[]).find((g) => g.name === RG.web)!;
      assert.equal(web.tags.note, '[redacted token]');
    } finally {
      group.tags = saved;
    }
  });

  test('a secret pasted into AZURE_CLIENT_ID (not a GUID) is never shown, in text or data', async () => {
    const pasted = 'Xq8Q~notAnApplicationId.butASecret_0123456789';
    const misconfigured = await fixture.server({ AZURE_SUBSCRIPTION_ID: SUB, AZURE_CLIENT_ID: pasted });
    try {
      for (const tool of ['auth_status', 'health_check', 'account_show']) {
        const result = await misconfigured.call(tool);
        assert.ok(!result.text.includes(pasted) && !JSON.stringify(result.structured).includes(pasted), `${tool} showed it`);
      }
      assert.ok(!misconfigured.stderr().includes(pasted), 'the log showed it');
    } finally {
      await misconfigured.close();
    }
  });

  test("no internal error text: __proto__ and constructor as values, and a lone surrogate, get the tool's own answers", async () => {
    for (const resource of ['__proto__', 'constructor', 'toString']) {
      const result = await server.call('account_get_access_token', { resource });
      assert.equal(result.isError, true);
      assert.match(result.text, new RegExp(`^resource '${resource}' is not a URL, a scope or one of the aliases`), resource);
    }
    const surrogate = await server.call('list_vms', { resource_group: 'rg-\ud800x' });
    assert.match(surrogate.text, /resource_group: 'rg-\\ud800x' is not a valid resource group name/);
  });
});
