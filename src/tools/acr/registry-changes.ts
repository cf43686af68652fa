import { z } from 'zod';
import { defineTool } from '../define.js';
import { acrClient } from '../../azure/clients-acr.js';
import { resourcesClient } from '../../azure/clients.js';
import { isAzureError, UserFacingError } from '../../azure/errors.js';
import { waitForOperation, type OperationReport } from '../../azure/long-running.js';
import { noWaitInput, resourceGroupInput } from '../arm-common.js';
import { PREFER_IDENTITY, registryLine, registryNameInput, registryRow, registryToRow } from './common.js';

const outcome = z.enum(['succeeded', 'accepted', 'still_running', 'cancelled']);

const changeResult = z.object({
  registry: z.string(),
  resourceGroup: z.string(),
  outcome,
  elapsedSeconds: z.number(),
  message: z.string(),
  state: registryRow
    .nullable()
    .describe('The registry as Azure reports it when the tool returned (null when it is gone or not yet readable).'),
});

type RegistryState = z.infer<typeof registryRow> | null;

function changeData(registry: string, resourceGroup: string, report: OperationReport<unknown>, state: RegistryState) {
  return { registry, resourceGroup, outcome: report.outcome, elapsedSeconds: report.elapsedSeconds, message: report.message, state };
}

const checkWith = (resource_group: string, registry_name: string) =>
  `acr_show_registry resource_group=${resource_group} registry_name=${registry_name}`;

export const createRegistry = defineTool({
  name: 'acr_create_registry',
  title: 'Create a container registry',
  description:
    "Creates an Azure Container Registry after checking that the name is valid (5-50 letters and digits) and free across Azure. The location defaults to the resource group's. Refuses when the registry already exists. Never shows a password: with admin_enabled, acr_get_credentials shows them masked.",
  access: 'write',
  example: { resource_group: 'rg-shared', registry_name: 'azopssandboxacr', sku: 'Basic' },
  inputSchema: z.object({
    resource_group: resourceGroupInput,
    registry_name: registryNameInput,
    location: z
      .string()
      .trim()
      .regex(/^[a-zA-Z0-9]+$/, 'a region name such as eastus or westeurope')
      .optional()
      .describe("Azure region (eastus, westeurope, …); default: the resource group's location."),
    sku: z
      .enum(['Basic', 'Standard', 'Premium'])
      .default('Basic')
      .describe('Service tier; network rules and geo-replication need Premium.'),
    admin_enabled: z
      .boolean()
      .default(false)
      .describe('Turn on the admin user (a shared user name and password). Default off; prefer managed identities and RBAC.'),
    no_wait: noWaitInput(),
  }),
  outputSchema: changeResult,
  async handler({ resource_group, registry_name, location, sku, admin_enabled, no_wait }, ctx) {
    const { client } = await acrClient(ctx.session);
    const signal = ctx.signal;
    // Create means create: an existing registry (here) is not overwritten, and a name taken anywhere is refused.
    const existing = await client.registries.get(resource_group, registry_name, { abortSignal: signal }).catch((error: unknown) => {
      if (isAzureError(error, 404)) return undefined;
      throw error;
    });
    if (existing)
      throw new UserFacingError(
        `Registry ${registry_name} already exists in resource group ${resource_group} (${existing.sku?.name ?? '?'}, ${existing.location}); nothing was changed. Change it with acr_update_registry, or pick another name.`,
      );
    const status = await client.registries.checkNameAvailability(
      { name: registry_name, type: 'Microsoft.ContainerRegistry/registries' },
      { abortSignal: signal },
    );
    if (!status.nameAvailable)
      throw new UserFacingError(
        `The registry name ${registry_name} is not available (${status.reason ?? 'no reason given'}): ${status.message ?? 'Azure gave no detail.'} Registry names are DNS names ({name}.azurecr.io), unique across all of Azure; pick another. Nothing was created.`,
      );
    let where = location?.toLowerCase();
    if (!where) {
      const resources = await resourcesClient(ctx.session);
      where = (await resources.client.resourceGroups.get(resource_group, { abortSignal: signal })).location;
    }
    const poller = client.registries.create(
      resource_group,
      registry_name,
      { location: where, sku: { name: sku }, adminUserEnabled: admin_enabled },
      { abortSignal: signal },
    );
    const report = await waitForOperation(ctx, poller, {
      what: `Creating registry ${registry_name} (${sku}, ${where})`,
      noWait: no_wait,
      checkWith: checkWith(resource_group, registry_name),
    });
    const state = report.result ? registryToRow(report.result) : null;
    const admin = admin_enabled
      ? ` The admin user is on: acr_get_credentials shows its user name and masked passwords (reveal=true, with consent, shows them in full). ${PREFER_IDENTITY}`
      : '';
    const data = changeData(registry_name, resource_group, report, state);
    return { data, text: `${report.message}${state ? `\n${registryLine(state)}.` : ''}${admin}` };
  },
});

export const updateRegistry = defineTool({
  name: 'acr_update_registry',
  title: 'Update a container registry',
  description:
    'Turns the admin user of a registry on or off with a PATCH that changes nothing else. Turning it on creates usable passwords (a credential change), so it asks for confirmation.',
  access: 'destructive',
  example: { resource_group: 'rg-shared', registry_name: 'azopssandboxacr', admin_enabled: true },
  inputSchema: z.object({
    resource_group: resourceGroupInput,
    registry_name: registryNameInput,
    admin_enabled: z.boolean().optional().describe('Turn the admin user on (true) or off (false); omit to change nothing.'),
    no_wait: noWaitInput(),
  }),
  outputSchema: changeResult,
  async handler({ resource_group, registry_name, admin_enabled, no_wait }, ctx) {
    const { client } = await acrClient(ctx.session);
    const before = await client.registries.get(resource_group, registry_name, { abortSignal: ctx.signal });
    if (admin_enabled === undefined || before.adminUserEnabled === admin_enabled) {
      const state = registryToRow(before);
      const message =
        admin_enabled === undefined
          ? `Nothing to change: give admin_enabled to turn the admin user on or off. It is ${state.adminUserEnabled ? 'on' : 'off'}.`
          : `Nothing to change: the admin user of ${registry_name} is already ${admin_enabled ? 'on' : 'off'}.`;
      return {
        data: changeData(registry_name, resource_group, { outcome: 'succeeded', elapsedSeconds: 0, message }, state),
        text: message,
      };
    }
    const poller = client.registries.update(
      resource_group,
      registry_name,
      { adminUserEnabled: admin_enabled },
      { abortSignal: ctx.signal },
    );
    const report = await waitForOperation(ctx, poller, {
      what: `Turning the admin user of ${registry_name} ${admin_enabled ? 'on' : 'off'}`,
      noWait: no_wait,
      checkWith: checkWith(resource_group, registry_name),
    });
    const state = report.result ? registryToRow(report.result) : null;
    const note = admin_enabled
      ? ` acr_get_credentials shows the user name and masked passwords. ${PREFER_IDENTITY}`
      : ' Anyone still signing in with the admin user name and password is now refused.';
    const data = changeData(registry_name, resource_group, report, state);
    return { data, text: `${report.message}${report.outcome === 'succeeded' ? note : ''}` };
  },
});

export const deleteRegistry = defineTool({
  name: 'acr_delete_registry',
  title: 'Delete a container registry',
  description:
    'Deletes a container registry with all its repositories, images, tasks and run history. This cannot be undone, and the name may not be reusable at once.',
  access: 'destructive',
  example: { resource_group: 'rg-shared', registry_name: 'azopssandboxacr' },
  inputSchema: z.object({ resource_group: resourceGroupInput, registry_name: registryNameInput, no_wait: noWaitInput() }),
  outputSchema: changeResult,
  async handler({ resource_group, registry_name, no_wait }, ctx) {
    const { client } = await acrClient(ctx.session);
    // A 404 here says what was looked for; ARM's delete of a missing registry would quietly succeed.
    await client.registries.get(resource_group, registry_name, { abortSignal: ctx.signal });
    const poller = client.registries.delete(resource_group, registry_name, { abortSignal: ctx.signal });
    const report = await waitForOperation(ctx, poller, {
      what: `Deleting registry ${registry_name}`,
      noWait: no_wait,
      checkWith: `acr_list_registries resource_group=${resource_group}`,
    });
    return { data: changeData(registry_name, resource_group, report, null), text: report.message };
  },
});
