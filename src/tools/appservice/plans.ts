import { z } from 'zod';
import type { AppServicePlan } from '@azure/arm-appservice';
import { defineTool } from '../define.js';
import { appServiceClient } from '../../azure/clients-appservice.js';
import { bounded, limitInput, listOutput, listText, provisioningNote } from '../list.js';
import { optionalResourceGroupInput, parseArmId, resourceGroupInput } from '../arm-common.js';
import { planNameInput, planOs, skuText } from './common.js';

const planRow = z.object({
  name: z.string(),
  resourceGroup: z.string(),
  location: z.string(),
  sku: z.string().nullable().describe('SKU name, e.g. P1v3.'),
  tier: z.string().nullable().describe('Pricing tier, e.g. PremiumV3.'),
  workers: z.number().nullable().describe('Instances (workers) the plan runs and bills.'),
  os: z.enum(['Linux', 'Windows']),
  status: z.string().nullable(),
  apps: z.number().nullable().describe('Number of apps on the plan; a plan with none is still billed.'),
  provisioningState: z.string().nullable(),
});
type PlanRow = z.infer<typeof planRow>;

function toPlanRow(plan: AppServicePlan): PlanRow {
  return {
    name: plan.name ?? '',
    resourceGroup: plan.resourceGroup ?? parseArmId(plan.id).resourceGroup,
    location: plan.location,
    sku: plan.sku?.name ?? null,
    tier: plan.sku?.tier ?? null,
    workers: plan.sku?.capacity ?? plan.numberOfWorkers ?? null,
    os: planOs(plan),
    status: plan.status ?? null,
    apps: plan.numberOfSites ?? null,
    provisioningState: plan.provisioningState ?? null,
  };
}

const emptyNote = (row: PlanRow): string => (row.apps === 0 ? ' (still billed)' : '');

export const listAppServicePlans = defineTool({
  name: 'appservice_plan_list',
  title: 'List App Service plans',
  description:
    'Lists App Service plans in the subscription or one resource group: SKU and tier, workers, OS (Linux or Windows), status and how many apps each runs (a plan with no apps is still billed).',
  access: 'read',
  example: { resource_group: 'rg-web' },
  inputSchema: z.object({ resource_group: optionalResourceGroupInput, limit: limitInput() }),
  outputSchema: listOutput(planRow),
  async handler({ resource_group, limit }, { session, signal }) {
    const { client, subscriptionId } = await appServiceClient(session);
    const plans = resource_group
      ? client.appServicePlans.listByResourceGroup(resource_group, { abortSignal: signal })
      : client.appServicePlans.list({ abortSignal: signal });
    const rows: PlanRow[] = [];
    for await (const plan of plans) rows.push(toPlanRow(plan));
    const data = bounded(rows, limit, resource_group ? undefined : 'narrow with resource_group');
    const where = resource_group ? `in resource group ${resource_group}` : `in subscription ${subscriptionId}`;
    const line = (p: PlanRow) =>
      `${p.name} (${p.resourceGroup}, ${p.location}): ${p.sku ?? '?'}${p.tier ? ` ${p.tier}` : ''}, ${p.os}, ${p.workers ?? '?'} worker(s), ${p.apps ?? '?'} app(s)${emptyNote(p)}, ${p.status ?? 'status unknown'}${provisioningNote(p.provisioningState)}`;
    return { data, text: listText('App Service plans', where, data, line) };
  },
});

export const showAppServicePlan = defineTool({
  name: 'appservice_plan_show',
  title: 'Show an App Service plan',
  description:
    'Shows one App Service plan: SKU, tier and capacity, workers (current and maximum), OS (Linux when reserved), status, number of apps, provisioning state and id.',
  access: 'read',
  example: { name: 'plan-web-dev', resource_group: 'rg-web' },
  inputSchema: z.object({ name: planNameInput, resource_group: resourceGroupInput }),
  outputSchema: planRow.extend({
    maxWorkers: z.number().nullable().describe('Most workers the plan can scale to.'),
    kind: z.string().nullable(),
    id: z.string(),
  }),
  async handler({ name, resource_group }, { session, signal }) {
    const { client } = await appServiceClient(session);
    const plan = await client.appServicePlans.get(resource_group, name, { abortSignal: signal });
    const row = toPlanRow(plan);
    const data = { ...row, maxWorkers: plan.maximumNumberOfWorkers ?? null, kind: plan.kind ?? null, id: plan.id ?? '' };
    const text = [
      `App Service plan ${data.name} in ${data.resourceGroup} (${data.location}): ${skuText(plan)}, ${data.os}, status ${data.status ?? 'unknown'}${provisioningNote(data.provisioningState)}.`,
      `Workers: ${data.workers ?? '?'} of at most ${data.maxWorkers ?? '?'}. Apps: ${data.apps ?? '?'}${data.apps === 0 ? ' — the plan runs no app but is still billed for its workers' : ''}.`,
      `Id: ${data.id}`,
    ].join('\n');
    return { data, text };
  },
});
