import { z } from 'zod';
import type { Site, WebSiteManagementClient } from '@azure/arm-appservice';
import { defineTool } from '../define.js';
import { appServiceClient } from '../../azure/clients-appservice.js';
import { describeError } from '../../azure/errors.js';
import { bounded, limitInput, listOutput, listText } from '../list.js';
import { optionalResourceGroupInput, parseArmId, resourceGroupInput } from '../arm-common.js';
import { identityOf, identityOutput, runtimeOf, siteOs, webAppNameInput } from './common.js';

const siteRow = z.object({
  name: z.string(),
  resourceGroup: z.string(),
  location: z.string(),
  state: z.string().nullable().describe('Running or Stopped.'),
  defaultHostName: z.string().nullable(),
  plan: z.string().nullable().describe('Name of the App Service plan the app runs on.'),
  kind: z.string().nullable().describe('app, app,linux, app,linux,container, functionapp, …'),
  os: z.enum(['Linux', 'Windows']),
  httpsOnly: z.boolean().nullable(),
  runtime: z
    .string()
    .nullable()
    .describe('Container image (registry/repository:tag), Docker Compose, or language runtime (NODE|20-lts), when Azure lists it.'),
});
type SiteRow = z.infer<typeof siteRow>;

function toSiteRow(site: Site): SiteRow {
  return {
    name: site.name ?? '',
    resourceGroup: site.resourceGroup ?? parseArmId(site.id).resourceGroup,
    location: site.location,
    state: site.state ?? null,
    defaultHostName: site.defaultHostName ?? null,
    plan: site.serverFarmId ? parseArmId(site.serverFarmId).name : null,
    kind: site.kind ?? null,
    os: siteOs(site),
    httpsOnly: site.httpsOnly ?? null,
    runtime: runtimeOf(site.siteConfig).value,
  };
}

export const listWebApps = defineTool({
  name: 'webapp_list',
  title: 'List web apps',
  description:
    'Lists App Service apps in the subscription or one resource group: state (Running/Stopped), default host name, plan, kind, OS and HTTPS-only (Function Apps are apps too and are listed).',
  access: 'read',
  example: { resource_group: 'rg-web' },
  inputSchema: z.object({ resource_group: optionalResourceGroupInput, limit: limitInput() }),
  outputSchema: listOutput(siteRow),
  async handler({ resource_group, limit }, { session, signal }) {
    const { client, subscriptionId } = await appServiceClient(session);
    const sites = resource_group
      ? client.webApps.listByResourceGroup(resource_group, { abortSignal: signal })
      : client.webApps.list({ abortSignal: signal });
    const rows: SiteRow[] = [];
    for await (const site of sites) rows.push(toSiteRow(site));
    const data = bounded(rows, limit, resource_group ? undefined : 'narrow with resource_group');
    const where = resource_group ? `in resource group ${resource_group}` : `in subscription ${subscriptionId}`;
    const line = (s: SiteRow) =>
      `${s.name} (${s.resourceGroup}): ${s.state ?? 'state unknown'}, ${s.defaultHostName ?? 'no host name'}, plan ${s.plan ?? '?'}, ${s.os}${s.runtime ? `, ${s.runtime}` : ''}${s.httpsOnly ? ', HTTPS only' : ', HTTP allowed'}`;
    return { data, text: listText('web apps', where, data, line) };
  },
});

/** Names of the app's settings or connection strings; values are never read into the result. */
async function namesOf(
  list: () => Promise<{ properties?: Record<string, unknown> }>,
): Promise<{ names: string[] | null; problem?: string }> {
  try {
    return { names: Object.keys((await list()).properties ?? {}).sort() };
  } catch (error) {
    return { names: null, problem: describeError(error) };
  }
}

export async function settingNames(client: WebSiteManagementClient, resourceGroup: string, name: string, signal: AbortSignal) {
  const [settings, strings] = await Promise.all([
    namesOf(() => client.webApps.listApplicationSettings(resourceGroup, name, { abortSignal: signal })),
    namesOf(() => client.webApps.listConnectionStrings(resourceGroup, name, { abortSignal: signal })),
  ]);
  return { settings, strings };
}

export const showWebApp = defineTool({
  name: 'webapp_show',
  title: 'Show a web app',
  description:
    'Shows one web app: state, default host name, plan, OS, runtime or container image, startup command, HTTPS-only, minimum TLS, managed identity, VNet integration, and the NAMES of its app settings and connection strings (their values are never shown).',
  access: 'read',
  example: { name: 'azops-web-frontend', resource_group: 'rg-web' },
  inputSchema: z.object({ name: webAppNameInput, resource_group: resourceGroupInput }),
  outputSchema: siteRow.extend({
    startupCommand: z.string().nullable(),
    minTlsVersion: z.string().nullable(),
    ftpsState: z.string().nullable(),
    alwaysOn: z.boolean().nullable(),
    acrUseManagedIdentityCreds: z.boolean().nullable().describe('True when the app pulls its image with its managed identity.'),
    identity: identityOutput,
    vnetSubnetId: z.string().nullable().describe('Subnet of the regional VNet integration, if any.'),
    vnetRouteAllEnabled: z.boolean().nullable(),
    appSettingNames: z.array(z.string()).nullable().describe('Names only; null when they could not be read.'),
    connectionStringNames: z.array(z.string()).nullable().describe('Names only; null when they could not be read.'),
    outboundIpAddresses: z.string().nullable(),
    id: z.string(),
  }),
  async handler({ name, resource_group }, { session, signal }) {
    const { client } = await appServiceClient(session);
    const site = await client.webApps.get(resource_group, name, { abortSignal: signal });
    const [config, { settings, strings }] = await Promise.all([
      client.webApps.getConfiguration(resource_group, name, { abortSignal: signal }),
      settingNames(client, resource_group, name, signal),
    ]);
    const runtime = runtimeOf(config);
    const data = {
      ...toSiteRow(site),
      runtime: runtime.value,
      startupCommand: config.appCommandLine || null,
      minTlsVersion: config.minTlsVersion ?? null,
      ftpsState: config.ftpsState ?? null,
      alwaysOn: config.alwaysOn ?? null,
      acrUseManagedIdentityCreds: config.acrUseManagedIdentityCreds ?? null,
      identity: identityOf(site.identity),
      vnetSubnetId: site.virtualNetworkSubnetId ?? null,
      vnetRouteAllEnabled: config.vnetRouteAllEnabled ?? null,
      appSettingNames: settings.names,
      connectionStringNames: strings.names,
      outboundIpAddresses: site.outboundIpAddresses ?? null,
      id: site.id ?? '',
    };
    const id = data.identity;
    const identityText =
      id.type === 'None'
        ? 'none'
        : `${id.type}${id.principalId ? ` (principal ${id.principalId})` : ''}${id.userAssigned.length ? `, user-assigned: ${id.userAssigned.map((u) => parseArmId(u).name).join(', ')}` : ''}`;
    const names = (list: string[] | null, problem?: string) =>
      list === null ? `could not be read (${problem ?? 'unknown error'})` : list.length ? list.join(', ') : 'none';
    const text = [
      `Web app ${data.name} in ${data.resourceGroup} (${data.location}): ${data.state ?? 'state unknown'}, https://${data.defaultHostName ?? '?'}, plan ${data.plan ?? '?'}, ${data.os}.`,
      `${runtime.kind === 'container' ? 'Container image' : 'Runtime'}: ${data.runtime ?? 'not configured'}${data.startupCommand ? `; startup command: ${data.startupCommand}` : ''}${data.acrUseManagedIdentityCreds ? '; pulls with its managed identity' : ''}.`,
      `HTTPS only: ${data.httpsOnly ? 'yes' : 'no'}; minimum TLS ${data.minTlsVersion ?? '?'}; FTPS ${data.ftpsState ?? '?'}; always on: ${data.alwaysOn ? 'yes' : 'no'}.`,
      `Managed identity: ${identityText}.`,
      `VNet integration: ${data.vnetSubnetId ? `${data.vnetSubnetId}${data.vnetRouteAllEnabled ? ' (all outbound traffic routed)' : ''}` : 'none'}.`,
      `App settings (names only): ${names(data.appSettingNames, settings.problem)}.`,
      `Connection strings (names only): ${names(data.connectionStringNames, strings.problem)}.`,
      `Id: ${data.id}`,
    ].join('\n');
    return { data, text };
  },
});
