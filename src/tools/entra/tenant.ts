import { z } from 'zod';
import { defineTool } from '../define.js';
import { graphClient, GraphRequestError, resetGraphClient } from '../../azure/graph.js';
import { NEEDS } from './common.js';

interface Organization {
  id: string;
  displayName?: string | null;
  tenantType?: string | null;
  countryLetterCode?: string | null;
  preferredLanguage?: string | null;
  verifiedDomains?: { name?: string; isDefault?: boolean; isInitial?: boolean; type?: string }[] | null;
}

export const verifyTenant = defineTool({
  name: 'aad_verify_tenant',
  title: 'Verify Entra ID tenant access',
  description:
    'Reads the tenant profile from Microsoft Graph (/organization): tenant id, name, type, country, verified and default domains; then probes whether the signed-in identity can read users.',
  access: 'read',
  example: {},
  inputSchema: z.object({}),
  outputSchema: z.object({
    tenantId: z.string(),
    displayName: z.string(),
    tenantType: z.string().nullable().describe('AAD for a workforce tenant.'),
    countryLetterCode: z.string().nullable(),
    preferredLanguage: z.string().nullable(),
    defaultDomain: z.string().nullable(),
    initialDomain: z.string().nullable().describe('The tenant .onmicrosoft.com domain.'),
    verifiedDomains: z.array(z.object({ name: z.string(), isDefault: z.boolean(), isInitial: z.boolean() })),
    canReadUsers: z.boolean().describe('Whether a one-user read (GET /users?$top=1) was allowed.'),
    usersProbe: z.string().describe('What the user-read probe found.'),
  }),
  async handler(_input, { session, signal }) {
    const graph = await graphClient(session);
    const page = await graph.get<{ value?: Organization[] }>({ path: '/organization', need: NEEDS.readOrganization, signal });
    const org = page.value?.[0];
    if (!org) throw new GraphRequestError('Microsoft Graph returned no organization for the signed-in tenant.', 404, undefined);
    const domains = (org.verifiedDomains ?? []).map((d) => ({
      name: d.name ?? '',
      isDefault: d.isDefault === true,
      isInitial: d.isInitial === true,
    }));
    let canReadUsers = true;
    let usersProbe = 'Reading users works (GET /users).';
    try {
      await graph.get({ path: '/users', query: { $top: '1', $select: 'id' }, need: NEEDS.listUsers, signal });
    } catch (error) {
      if (!(error instanceof GraphRequestError) || error.status !== 403) throw error;
      canReadUsers = false;
      usersProbe = `Reading users is denied: the identity needs the Microsoft Graph permission ${NEEDS.listUsers.permission} (application) or the ${NEEDS.listUsers.role} role (user). The user tools will fail until it is granted; then call aad_reset_client.`;
    }
    const data = {
      tenantId: org.id,
      displayName: org.displayName ?? '',
      tenantType: org.tenantType ?? null,
      countryLetterCode: org.countryLetterCode ?? null,
      preferredLanguage: org.preferredLanguage ?? null,
      defaultDomain: domains.find((d) => d.isDefault)?.name ?? null,
      initialDomain: domains.find((d) => d.isInitial)?.name ?? null,
      verifiedDomains: domains,
      canReadUsers,
      usersProbe,
    };
    const text = [
      `Tenant ${data.displayName} (${data.tenantId}), type ${data.tenantType ?? 'unknown'}${data.countryLetterCode ? `, country ${data.countryLetterCode}` : ''}.`,
      `Default domain: ${data.defaultDomain ?? 'none'}. Initial domain: ${data.initialDomain ?? 'none'}.`,
      `Verified domains (${domains.length}): ${domains.map((d) => d.name).join(', ') || 'none'}.`,
      usersProbe,
    ].join('\n');
    return { data, text };
  },
});

export const resetClient = defineTool({
  name: 'aad_reset_client',
  title: 'Reset the Microsoft Graph client',
  description:
    'Drops the cached Microsoft Graph client and its token, so the next Entra ID call starts afresh (e.g. after Graph permissions were granted). account_clear does this too, along with every other client.',
  access: 'read',
  openWorld: false,
  example: {},
  inputSchema: z.object({}),
  outputSchema: z.object({ dropped: z.boolean().describe('False when no Graph client had been created yet.') }),
  async handler(_input, { session }) {
    const dropped = resetGraphClient(session);
    const text = dropped
      ? 'Microsoft Graph client and token dropped; the next Entra ID call creates them afresh.'
      : 'No Microsoft Graph client was cached; any cached Graph token was dropped. The next Entra ID call creates them afresh.';
    return { data: { dropped }, text };
  },
});
