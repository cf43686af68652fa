import { z } from 'zod';
import { defineTool } from '../define.js';
import { ACR_CLIENT_PREFIX } from '../../azure/clients-acr.js';

export const resetClient = defineTool({
  name: 'acr_reset_client',
  title: 'Reset the container registry clients',
  description:
    'Drops the cached Container Registry clients (management, tasks and each registry’s data plane), so the next ACR call builds them again. Rarely needed: set_subscription and account_clear drop them too.',
  access: 'read',
  openWorld: false,
  example: {},
  inputSchema: z.object({}),
  outputSchema: z.object({ dropped: z.number().describe('How many cached clients were dropped.') }),
  async handler(_input, { session }) {
    const dropped = session.dropClients(ACR_CLIENT_PREFIX);
    return {
      data: { dropped },
      text: `ACR client cache cleared: ${dropped} cached client(s) dropped; the next Container Registry call creates new ones with the current subscription and credential.`,
    };
  },
});
