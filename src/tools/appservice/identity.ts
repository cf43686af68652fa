import { z } from 'zod';
import { defineTool } from '../define.js';
import { appServiceClient } from '../../azure/clients-appservice.js';
import { resourceGroupInput } from '../arm-common.js';
import { ensureSystemIdentity, identityOutput, webAppNameInput } from './common.js';

export const assignWebAppIdentity = defineTool({
  name: 'webapp_assign_identity',
  title: 'Turn on a web app’s system-assigned identity',
  description:
    'Gives a web app a system-assigned managed identity (keeping any user-assigned ones) and returns its principal and tenant ids, which role assignments name. Changes nothing when it already has one.',
  access: 'write',
  example: { webapp_name: 'azops-web-admin', resource_group: 'rg-web' },
  inputSchema: z.object({ webapp_name: webAppNameInput, resource_group: resourceGroupInput }),
  outputSchema: z.object({
    webApp: z.string(),
    added: z.boolean().describe('False when the app already had a system-assigned identity.'),
    identity: identityOutput,
    message: z.string(),
  }),
  async handler({ webapp_name, resource_group }, { session, signal }) {
    const { client } = await appServiceClient(session);
    const site = await client.webApps.get(resource_group, webapp_name, { abortSignal: signal });
    const { identity, added } = await ensureSystemIdentity(client, resource_group, site, signal);
    const kept = identity.userAssigned.length ? ` Its ${identity.userAssigned.length} user-assigned identity(ies) are kept.` : '';
    const message = added
      ? `Web app ${webapp_name} now has a system-assigned identity: principal ${identity.principalId ?? '?'}, tenant ${identity.tenantId ?? '?'}.${kept} Grant it roles with create_role_assignment (or webapp_grant_cr_access for a registry).`
      : `Web app ${webapp_name} already has a system-assigned identity: principal ${identity.principalId ?? '?'}, tenant ${identity.tenantId ?? '?'}; nothing changed.`;
    return { data: { webApp: webapp_name, added, identity, message }, text: message };
  },
});
