import { z } from 'zod';
import type { Registry } from '@azure/arm-containerregistry';
import { defineTool } from '../define.js';
import { acrClient } from '../../azure/clients-acr.js';
import { bounded, limitInput, listOutput, listText, provisioningNote } from '../list.js';
import { optionalResourceGroupInput, resourceGroupInput, tagsText } from '../arm-common.js';
import { registryLine, registryNameInput, registryRow, registryToRow } from './common.js';

export const listRegistries = defineTool({
  name: 'acr_list_registries',
  title: 'List container registries',
  description:
    'Lists Azure Container Registries in a resource group, or in the whole subscription when resource_group is omitted: login server, SKU, admin user on/off, public network access and creation date.',
  access: 'read',
  example: {},
  inputSchema: z.object({ resource_group: optionalResourceGroupInput, limit: limitInput() }),
  outputSchema: listOutput(registryRow),
  async handler({ resource_group, limit }, { session, signal }) {
    const { client, subscriptionId } = await acrClient(session);
    const registries = resource_group
      ? client.registries.listByResourceGroup(resource_group, { abortSignal: signal })
      : client.registries.list({ abortSignal: signal });
    const rows: z.infer<typeof registryRow>[] = [];
    for await (const registry of registries) rows.push(registryToRow(registry));
    rows.sort((a, b) => a.name.localeCompare(b.name));
    const data = bounded(rows, limit, resource_group ? undefined : 'narrow with resource_group');
    const where = resource_group ? `resource group ${resource_group}` : `subscription ${subscriptionId}`;
    return {
      data,
      text: listText('container registries', `in ${where}`, data, (r) => `${registryLine(r)}${provisioningNote(r.provisioningState)}`),
    };
  },
});

const registryDetails = registryRow.extend({
  networkRules: z
    .object({ defaultAction: z.string().nullable(), ipRules: z.number().describe('How many IP allow rules.') })
    .describe('The registry firewall (Premium only).'),
  zoneRedundancy: z.string().nullable(),
  anonymousPullEnabled: z.boolean(),
  tags: z.record(z.string(), z.string()),
});

export function registryDetailsOf(registry: Registry): z.infer<typeof registryDetails> {
  return {
    ...registryToRow(registry),
    networkRules: {
      defaultAction: registry.networkRuleSet?.defaultAction ?? null,
      ipRules: registry.networkRuleSet?.ipRules?.length ?? 0,
    },
    zoneRedundancy: registry.zoneRedundancy ?? null,
    anonymousPullEnabled: registry.anonymousPullEnabled === true,
    tags: registry.tags ?? {},
  };
}

export const showRegistry = defineTool({
  name: 'acr_show_registry',
  title: 'Show a container registry',
  description:
    'Shows one container registry: login server (as Azure reports it), SKU, admin user on/off, public network access, network rules, zone redundancy, creation date and provisioning state.',
  access: 'read',
  example: { resource_group: 'rg-shared', registry_name: 'azopsdemoacr' },
  inputSchema: z.object({ resource_group: resourceGroupInput, registry_name: registryNameInput }),
  outputSchema: registryDetails,
  async handler({ resource_group, registry_name }, { session, signal }) {
    const { client } = await acrClient(session);
    const data = registryDetailsOf(await client.registries.get(resource_group, registry_name, { abortSignal: signal }));
    const text = [
      `${registryLine(data)}${provisioningNote(data.provisioningState)}${tagsText(data.tags)}.`,
      `Created ${data.creationDate ?? 'at an unknown date'}; zone redundancy ${data.zoneRedundancy ?? 'unknown'}; anonymous pull ${data.anonymousPullEnabled ? 'on' : 'off'}; network rules: default ${data.networkRules.defaultAction ?? 'none'}, ${data.networkRules.ipRules} IP rule(s).`,
      `Id: ${data.id}`,
    ].join('\n');
    return { data, text };
  },
});

export const getLoginServer = defineTool({
  name: 'acr_get_login_server',
  title: 'Container registry login server',
  description:
    "Shows a registry's login server exactly as Azure reports it (its domain differs in sovereign clouds, so it is never guessed), with how to sign in to it.",
  access: 'read',
  example: { resource_group: 'rg-shared', registry_name: 'azopsdemoacr' },
  inputSchema: z.object({ resource_group: resourceGroupInput, registry_name: registryNameInput }),
  outputSchema: z.object({ registry: z.string(), loginServer: z.string().nullable() }),
  async handler({ resource_group, registry_name }, { session, signal }) {
    const { client } = await acrClient(session);
    const registry = await client.registries.get(resource_group, registry_name, { abortSignal: signal });
    const loginServer = registry.loginServer ?? null;
    const data = { registry: registry.name ?? registry_name, loginServer };
    const text = loginServer
      ? `Login server of ${data.registry}: ${loginServer}. Sign in with \`az acr login -n ${data.registry}\`; images are named ${loginServer}/<repository>:<tag>.`
      : `Registry ${data.registry} reports no login server yet (provisioning state ${registry.provisioningState ?? 'unknown'}).`;
    return { data, text };
  },
});
