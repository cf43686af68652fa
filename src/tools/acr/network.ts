import { z } from 'zod';
import type { Registry } from '@azure/arm-containerregistry';
import { defineTool } from '../define.js';
import { acrClient } from '../../azure/clients-acr.js';
import { UserFacingError } from '../../azure/errors.js';
import { waitForOperation } from '../../azure/long-running.js';
import { noWaitInput, resourceGroupInput } from '../arm-common.js';
import { registryNameInput, requirePremium } from './common.js';

const rules = z.object({
  defaultAction: z
    .string()
    .nullable()
    .describe('Allow: every network; Deny: only the IP ranges below (plus private endpoints and trusted services).'),
  ipRules: z.array(z.object({ ipAddressOrRange: z.string(), action: z.string().nullable() })),
  publicNetworkAccess: z.string().nullable(),
  trustedServicesBypass: z.string().nullable().describe('AzureServices: trusted Azure services get in whatever the rules say.'),
});
type Rules = z.infer<typeof rules>;

function rulesOf(registry: Registry): Rules {
  return {
    defaultAction: registry.networkRuleSet?.defaultAction ?? null,
    ipRules: (registry.networkRuleSet?.ipRules ?? []).map((rule) => ({
      ipAddressOrRange: rule.iPAddressOrRange,
      action: rule.action ?? null,
    })),
    publicNetworkAccess: registry.publicNetworkAccess ?? null,
    trustedServicesBypass: registry.networkRuleBypassOptions ?? null,
  };
}

const rulesText = (r: Rules) =>
  `default ${r.defaultAction ?? 'none'}; ${r.ipRules.length ? `allowed IP ranges ${r.ipRules.map((rule) => rule.ipAddressOrRange).join(', ')}` : 'no IP rules'}; public network access ${r.publicNetworkAccess ?? '?'}; trusted services ${r.trustedServicesBypass === 'AzureServices' ? 'allowed' : 'not allowed'}`;

export const listNetworkRules = defineTool({
  name: 'acr_list_network_rules',
  title: 'Container registry network rules',
  description:
    "Shows a Premium registry's firewall: default action, allowed IP ranges, public network access and whether trusted Azure services get through. Other SKUs have no network rules (a clear error says so).",
  access: 'read',
  example: { resource_group: 'rg-shared', registry_name: 'azopsdemopremium' },
  inputSchema: z.object({ resource_group: resourceGroupInput, registry_name: registryNameInput }),
  outputSchema: rules.extend({ registry: z.string() }),
  async handler({ resource_group, registry_name }, { session, signal }) {
    const { client } = await acrClient(session);
    const registry = await client.registries.get(resource_group, registry_name, { abortSignal: signal });
    requirePremium(registry, 'Listing network rules');
    const data = { registry: registry_name, ...rulesOf(registry) };
    return { data, text: `Network rules of ${registry_name}: ${rulesText(data)}.` };
  },
});

export const updateNetworkRules = defineTool({
  name: 'acr_update_network_rules',
  title: 'Set the default network action of a registry',
  description:
    "Sets a Premium registry's default network action (Allow or Deny), keeping its IP rules. Deny with no IP rule locks every public client out (only private endpoints and trusted Azure services remain), so it is refused unless confirm_lockout=true.",
  access: 'destructive',
  example: { resource_group: 'rg-shared', registry_name: 'azopsdemopremium', default_action: 'Deny' },
  inputSchema: z.object({
    resource_group: resourceGroupInput,
    registry_name: registryNameInput,
    default_action: z.enum(['Allow', 'Deny']).default('Allow').describe('Allow: every network; Deny: only the allowed IP ranges.'),
    confirm_lockout: z
      .boolean()
      .default(false)
      .describe('Needed for Deny when the registry has no IP rule: confirms that every public client will be locked out.'),
    no_wait: noWaitInput(),
  }),
  outputSchema: z.object({
    registry: z.string(),
    before: rules,
    after: rules.nullable().describe('As Azure reports it when the tool returned (null while the change is still running).'),
    outcome: z.enum(['succeeded', 'accepted', 'still_running', 'cancelled']),
    message: z.string(),
  }),
  async handler({ resource_group, registry_name, default_action, confirm_lockout, no_wait }, ctx) {
    const { client } = await acrClient(ctx.session);
    const registry = await client.registries.get(resource_group, registry_name, { abortSignal: ctx.signal });
    requirePremium(registry, 'Changing network rules');
    const before = rulesOf(registry);
    const ipRules = registry.networkRuleSet?.ipRules ?? [];
    if (default_action === 'Deny' && ipRules.length === 0 && !confirm_lockout)
      throw new UserFacingError(
        `Refused: Deny with no IP rule would lock every public client out of ${registry_name} (pushes, pulls, az acr login); only private endpoints and trusted Azure services would remain. Nothing was changed. Add an IP rule first, or call again with confirm_lockout=true if that is what you want.`,
      );
    if (before.defaultAction === default_action) {
      const message = `Nothing to change: the default action of ${registry_name} is already ${default_action}.`;
      return {
        data: { registry: registry_name, before, after: before, outcome: 'succeeded' as const, message },
        text: `${message} ${rulesText(before)}.`,
      };
    }
    // The IP rules go back as they were: the networkRuleSet is replaced as a whole by a PATCH.
    const poller = client.registries.update(
      resource_group,
      registry_name,
      { networkRuleSet: { defaultAction: default_action, ipRules } },
      { abortSignal: ctx.signal },
    );
    const report = await waitForOperation(ctx, poller, {
      what: `Setting the default network action of ${registry_name} to ${default_action}`,
      noWait: no_wait,
      checkWith: `acr_list_network_rules resource_group=${resource_group} registry_name=${registry_name}`,
    });
    const after = report.result ? rulesOf(report.result) : null;
    const data = { registry: registry_name, before, after, outcome: report.outcome, message: report.message };
    return { data, text: `${report.message}${after ? ` Now: ${rulesText(after)}.` : ''}` };
  },
});
