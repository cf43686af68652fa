import { z } from 'zod';
import { defineTool } from '../define.js';
import { acrClient } from '../../azure/clients-acr.js';
import { UserFacingError } from '../../azure/errors.js';
import { maskToken } from '../../azure/token.js';
import { resourceGroupInput } from '../arm-common.js';
import { PREFER_IDENTITY, registryNameInput } from './common.js';

export const getCredentials = defineTool({
  name: 'acr_get_credentials',
  title: 'Container registry admin credentials',
  description:
    "Shows a registry's admin user name and its two passwords MASKED (first 8 and last 4 characters). reveal=true shows them in full, always after a confirmation, and never in a log or the audit file. Uses listCredentials, an action Reader may not call, so read-only mode hides it. Prefer a managed identity (webapp_grant_cr_access) over the admin user.",
  // listCredentials is a POST action that Reader may not use: hidden in read-only mode, audited like a change.
  access: 'write',
  consentFor: ({ reveal }) =>
    reveal ? 'reveal=true shows the registry admin passwords in full: anyone who sees them can push and pull images.' : undefined,
  example: { resource_group: 'rg-shared', registry_name: 'azopsdemoacr' },
  inputSchema: z.object({
    resource_group: resourceGroupInput,
    registry_name: registryNameInput,
    reveal: z
      .boolean()
      .default(false)
      .describe('Show the passwords in full (asks for confirmation first). Default false: masked, first 8 and last 4 characters.'),
  }),
  outputSchema: z.object({
    registry: z.string(),
    loginServer: z.string().nullable(),
    username: z.string().nullable(),
    passwords: z.array(
      z.object({
        name: z.string().describe('password or password2.'),
        value: z.string().describe('Masked (first 8 and last 4 characters) unless revealed.'),
        length: z.number(),
      }),
    ),
    revealed: z.boolean().describe('Whether `value` holds the full passwords.'),
    recommendation: z.string(),
  }),
  async handler({ resource_group, registry_name, reveal }, { session, signal }) {
    const { client } = await acrClient(session);
    const registry = await client.registries.get(resource_group, registry_name, { abortSignal: signal });
    if (registry.adminUserEnabled !== true)
      throw new UserFacingError(
        `The admin user of registry ${registry_name} is disabled, so it has no credentials to show. ${PREFER_IDENTITY} To use the admin user anyway, turn it on with acr_update_registry admin_enabled=true.`,
      );
    const credentials = await client.registries.listCredentials(resource_group, registry_name, { abortSignal: signal });
    const passwords = (credentials.passwords ?? []).map((password) => {
      const value = password.value ?? '';
      return { name: password.name ?? '', value: reveal ? value : maskToken(value), length: value.length };
    });
    const loginServer = registry.loginServer ?? null;
    const data = {
      registry: registry_name,
      loginServer,
      username: credentials.username ?? null,
      passwords,
      revealed: reveal,
      recommendation: PREFER_IDENTITY,
    };
    const text = [
      `Admin credentials of ${registry_name}${loginServer ? ` (${loginServer})` : ''}${reveal ? ', REVEALED in full' : ', masked'}:`,
      `User name: ${data.username ?? '?'}`,
      ...passwords.map((p) => `${p.name}: ${p.value} (${p.length} characters)`),
      reveal
        ? `Treat these as secrets: do not paste them into files or chats. ${PREFER_IDENTITY}`
        : `Masked: reveal=true shows them in full after a confirmation. ${PREFER_IDENTITY}`,
    ].join('\n');
    return { data, text };
  },
});
