import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { RoleDefinition } from '@azure/arm-authorization';
import { defineTool } from '../define.js';
import { appServiceClient } from '../../azure/clients-appservice.js';
import { authorizationClient } from '../../azure/clients.js';
import { isAzureError, UserFacingError } from '../../azure/errors.js';
import { GUID_PATTERN } from '../../util/guid.js';
import { nameInput, resourceGroupInput } from '../arm-common.js';
import { ensureSystemIdentity, REGISTRY_NAME, runtimeOf, siteOs, webAppNameInput } from './common.js';
import { StepReport, stepOutput } from './steps.js';

/** The role's definition at the registry scope, by name (a roleName filter, not a walk of every role) or GUID. */
async function registryRole(
  client: Awaited<ReturnType<typeof authorizationClient>>['client'],
  scope: string,
  role: string,
  registry: string,
  registryGroup: string,
  signal: AbortSignal,
): Promise<RoleDefinition> {
  const notFound = (error: unknown): never => {
    if (isAzureError(error, 404))
      throw new UserFacingError(
        `Container registry ${registry} was not found in resource group ${registryGroup} of the active subscription. Check registry_name and registry_resource_group; nothing was changed.`,
      );
    throw error;
  };
  if (GUID_PATTERN.test(role)) return client.roleDefinitions.get(scope, role, { abortSignal: signal }).catch(notFound);
  const found: RoleDefinition[] = [];
  try {
    for await (const definition of client.roleDefinitions.list(scope, {
      filter: `roleName eq '${role.replace(/'/g, "''")}'`,
      abortSignal: signal,
    }))
      found.push(definition);
  } catch (error) {
    notFound(error);
  }
  if (!found[0])
    throw new UserFacingError(
      `No role named '${role}' at the registry's scope. For pulling images use AcrPull (AcrPush to push too); list_role_definitions lists every role. Nothing was changed.`,
    );
  return found[0];
}

export const grantRegistryAccess = defineTool({
  name: 'webapp_grant_cr_access',
  title: 'Let a web app pull from a container registry with its identity',
  description:
    "The recommended way for a web app to pull private images (no registry password): turns on the app's system-assigned identity if needed, assigns it a role on the registry (AcrPull by default; an existing assignment is fine) and sets acrUseManagedIdentityCreds so the app pulls with that identity.",
  access: 'destructive',
  role: 'Website Contributor on the app and User Access Administrator (or Owner) on the registry',
  example: { webapp_name: 'azops-web-new', resource_group: 'rg-web', registry_name: 'azopsdemoacr', registry_resource_group: 'rg-shared' },
  inputSchema: z.object({
    webapp_name: webAppNameInput,
    resource_group: resourceGroupInput.describe("The web app's resource group."),
    registry_name: nameInput(REGISTRY_NAME).describe('Container registry name (without .azurecr.io).'),
    registry_resource_group: resourceGroupInput.describe("The registry's resource group."),
    role: z.string().trim().min(1).default('AcrPull').describe('Role to grant on the registry, by name or GUID (default AcrPull).'),
  }),
  outputSchema: z.object({
    webApp: z.string(),
    registryScope: z.string(),
    role: z.string(),
    principalId: z.string().nullable().describe("The app's system-assigned identity."),
    assignmentId: z.string().nullable(),
    steps: z.array(stepOutput),
    complete: z.boolean().describe('True when every step is done (or already was).'),
    message: z.string(),
  }),
  async handler({ webapp_name, resource_group, registry_name, registry_resource_group, role }, { session, signal }) {
    const { client } = await appServiceClient(session);
    const auth = await authorizationClient(session);
    const scope = `/subscriptions/${auth.subscriptionId}/resourceGroups/${registry_resource_group}/providers/Microsoft.ContainerRegistry/registries/${registry_name}`;
    const site = await client.webApps.get(resource_group, webapp_name, { abortSignal: signal });
    // Checked before anything changes: the registry and the role exist.
    const definition = await registryRole(auth.client, scope, role, registry_name, registry_resource_group, signal);
    const roleName = definition.roleName ?? role;
    const report = new StepReport(signal);
    const retry = `webapp_grant_cr_access webapp_name=${webapp_name} resource_group=${resource_group} registry_name=${registry_name} registry_resource_group=${registry_resource_group}`;
    let principalId: string | null = null;
    let assignmentId: string | null = null;
    await report.run(
      'system-assigned identity',
      `webapp_assign_identity webapp_name=${webapp_name} resource_group=${resource_group}`,
      async () => {
        const { identity, added } = await ensureSystemIdentity(client, resource_group, site, signal);
        principalId = identity.principalId;
        if (!principalId) throw new UserFacingError('Azure returned no principal id for the identity.');
        return added ? `turned on (principal ${principalId})` : { unchanged: `already on (principal ${principalId})` };
      },
    );
    await report.run(`${roleName} on the registry`, retry, async () => {
      const params = { roleDefinitionId: definition.id!, principalId: principalId!, principalType: 'ServicePrincipal' as const };
      try {
        const created = await auth.client.roleAssignments.create(scope, randomUUID(), params, { abortSignal: signal });
        assignmentId = created.id ?? null;
        return `assigned ${roleName} to ${principalId} at ${scope}`;
      } catch (error) {
        if (!isAzureError(error, 409, 'RoleAssignmentExists')) throw error;
        return { unchanged: `${principalId} already has ${roleName} on ${registry_name}` };
      }
    });
    await report.run('pull with the managed identity (acrUseManagedIdentityCreds)', retry, async () => {
      const config = await client.webApps.getConfiguration(resource_group, webapp_name, { abortSignal: signal });
      if (config.acrUseManagedIdentityCreds && !config.acrUserManagedIdentityID) return { unchanged: 'already set' };
      // A user-assigned identity named here would be used instead of the system one: clear it.
      const patch = { acrUseManagedIdentityCreds: true, ...(config.acrUserManagedIdentityID ? { acrUserManagedIdentityID: '' } : {}) };
      await client.webApps.updateConfiguration(resource_group, webapp_name, patch, { abortSignal: signal });
      return 'set: the app pulls its image with its system-assigned identity';
    });
    const complete = !report.failed;
    const message = complete
      ? `Web app ${webapp_name} can pull from ${registry_name} with its managed identity (${roleName}); it needs no registry password for it.`
      : `Granting ${webapp_name} access to ${registry_name} did not finish; see the steps.`;
    return {
      data: {
        webApp: webapp_name,
        registryScope: scope,
        role: roleName,
        principalId,
        assignmentId,
        steps: report.steps,
        complete,
        message,
      },
      text: `${message}\n${report.text()}`,
    };
  },
});

/** A registry host name (myregistry.azurecr.io, ghcr.io, registry.example.com:5000), with or without https://. */
export const registryUrlInput = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const host = value.replace(/^https?:\/\//i, '').replace(/\/$/, '');
    if (
      !/^(?=.{1,253}(:\d{1,5})?$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:\d{1,5})?$/.test(host)
    ) {
      ctx.addIssue({
        code: 'custom',
        message:
          'registry_url must be a registry host name such as myregistry.azurecr.io (optionally with https:// and a port), with no path.',
      });
      return z.NEVER;
    }
    return host.toLowerCase();
  });

export const REGISTRY_SETTINGS = {
  url: 'DOCKER_REGISTRY_SERVER_URL',
  username: 'DOCKER_REGISTRY_SERVER_USERNAME',
  password: 'DOCKER_REGISTRY_SERVER_PASSWORD',
} as const;

export const setRegistryCredentials = defineTool({
  name: 'webapp_set_container_registry_credentials',
  title: "Set a web app's container registry credentials",
  description:
    'Sets the registry URL, user name and password a container web app pulls its image with, keeping its image and every other app setting. The password is never shown, logged or audited. Prefer webapp_grant_cr_access for Azure Container Registry: no password to store or rotate.',
  access: 'destructive',
  example: {
    webapp_name: 'azops-web-admin',
    resource_group: 'rg-web',
    registry_url: 'azopsdemoacr.azurecr.io',
    username: 'azopsdemoacr',
    password: 'example-registry-password',
  },
  inputSchema: z.object({
    webapp_name: webAppNameInput,
    resource_group: resourceGroupInput,
    registry_url: registryUrlInput.describe('Registry host, e.g. myregistry.azurecr.io (https:// optional).'),
    username: z.string().trim().min(1).max(256).describe('Registry user name.'),
    password: z.string().min(1).max(1024).describe('Registry password or token; never shown, logged or audited.'),
    os_type: z.enum(['linux', 'windows']).default('linux').describe("The app's OS; checked against the app (default linux)."),
  }),
  outputSchema: z.object({
    webApp: z.string(),
    registryUrl: z.string(),
    settingsWritten: z.array(z.string()).describe('Names of the app settings written (values never shown).'),
    otherSettingsKept: z.number().describe('How many other app settings were kept as they were.'),
    image: z.string().nullable().describe("The app's container image, unchanged."),
    notes: z.array(z.string()),
    message: z.string(),
  }),
  async handler({ webapp_name, resource_group, registry_url, username, password, os_type }, { session, signal }) {
    const { client } = await appServiceClient(session);
    const site = await client.webApps.get(resource_group, webapp_name, { abortSignal: signal });
    const os = siteOs(site);
    if (os.toLowerCase() !== os_type)
      throw new UserFacingError(`Web app ${webapp_name} runs on ${os}, not ${os_type}; check os_type. Nothing was changed.`);
    const [current, config] = await Promise.all([
      client.webApps.listApplicationSettings(resource_group, webapp_name, { abortSignal: signal }),
      client.webApps.getConfiguration(resource_group, webapp_name, { abortSignal: signal }),
    ]);
    const properties: Record<string, string> = { ...(current.properties ?? {}) };
    const ours = new Set<string>(Object.values(REGISTRY_SETTINGS));
    const kept = Object.keys(properties).filter((name) => !ours.has(name)).length;
    properties[REGISTRY_SETTINGS.url] = `https://${registry_url}`;
    properties[REGISTRY_SETTINGS.username] = username;
    properties[REGISTRY_SETTINGS.password] = password;
    // Read-merge-write: config/appsettings only has a replace-all PUT, so every existing setting goes back too.
    await client.webApps.updateApplicationSettings(resource_group, webapp_name, { properties }, { abortSignal: signal });
    const runtime = runtimeOf(config);
    const notes: string[] = [];
    if (runtime.kind === 'container' && runtime.value && !runtime.value.toLowerCase().startsWith(`${registry_url}/`))
      notes.push(
        `The app's image ${runtime.value} is not from ${registry_url}; these credentials apply to images pulled from that registry.`,
      );
    if (runtime.kind !== 'container' && runtime.kind !== 'compose') notes.push('The app has no container image configured yet.');
    if (config.acrUseManagedIdentityCreds)
      notes.push(
        'The app pulls with its managed identity (acrUseManagedIdentityCreds), so Azure uses the identity, not these credentials.',
      );
    if (/\.azurecr\.io$/.test(registry_url))
      notes.push(`For Azure Container Registry, webapp_grant_cr_access lets the app pull with its identity and no stored password.`);
    const message = `Set the registry URL (https://${registry_url}), user name and password for web app ${webapp_name}; its image and its ${kept} other app setting(s) are unchanged. The app picks them up when its container restarts.`;
    return {
      data: {
        webApp: webapp_name,
        registryUrl: `https://${registry_url}`,
        settingsWritten: Object.values(REGISTRY_SETTINGS),
        otherSettingsKept: kept,
        image: runtime.kind === 'container' ? runtime.value : null,
        notes,
        message,
      },
      text: [message, ...notes].join('\n'),
    };
  },
});
