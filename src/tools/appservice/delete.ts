import { z } from 'zod';
import { defineTool } from '../define.js';
import { appServiceClient } from '../../azure/clients-appservice.js';
import { isAzureError } from '../../azure/errors.js';
import { parseArmId, resourceGroupInput } from '../arm-common.js';
import { skuText, webAppNameInput } from './common.js';

export const deleteWebApp = defineTool({
  name: 'webapp_delete',
  title: 'Delete a web app',
  description:
    "Deletes a web app (its content, settings and host name go with it). Says whether its App Service plan is left with no apps: an empty plan is still billed. The plan is kept unless delete_empty_plan is true and this was the plan's last app.",
  access: 'destructive',
  example: { name: 'azops-web-new', resource_group: 'rg-web' },
  inputSchema: z.object({
    name: webAppNameInput,
    resource_group: resourceGroupInput,
    delete_empty_plan: z
      .boolean()
      .default(false)
      .describe("Also delete the App Service plan when this was its last app (stops the plan's billing). Default false: the plan is kept."),
  }),
  outputSchema: z.object({
    deleted: z.string().describe('Id of the deleted web app.'),
    plan: z.string().nullable().describe('Name of the App Service plan the app ran on.'),
    planState: z
      .enum(['has_other_apps', 'empty_still_billed', 'deleted', 'unknown'])
      .describe('What became of the plan: still hosting other apps, left empty (and billed), deleted with its last app, or not known.'),
    appsLeftOnPlan: z.number().nullable(),
    message: z.string(),
  }),
  async handler({ name, resource_group, delete_empty_plan }, { session, signal }) {
    const { client } = await appServiceClient(session);
    const site = await client.webApps.get(resource_group, name, { abortSignal: signal });
    const planRef = site.serverFarmId ? parseArmId(site.serverFarmId) : undefined;
    await client.webApps.delete(resource_group, name, { deleteEmptyServerFarm: delete_empty_plan, abortSignal: signal });
    let planState: 'has_other_apps' | 'empty_still_billed' | 'deleted' | 'unknown' = 'unknown';
    let appsLeft: number | null = null;
    let planText = 'Its App Service plan is unknown.';
    if (planRef?.name) {
      const plan = await client.appServicePlans
        .get(planRef.resourceGroup, planRef.name, { abortSignal: signal })
        .catch((error: unknown) => {
          if (isAzureError(error, 404)) return null;
          if (isAzureError(error, 403)) return undefined;
          throw error;
        });
      if (plan === null) {
        planState = 'deleted';
        planText = `Its App Service plan ${planRef.name} had no other apps and was deleted with it, so it is no longer billed.`;
      } else if (plan) {
        appsLeft = plan.numberOfSites ?? null;
        if (appsLeft === 0) {
          planState = 'empty_still_billed';
          planText = `Its App Service plan ${planRef.name} (${planRef.resourceGroup}, ${skuText(plan)}, ${plan.sku?.capacity ?? '?'} worker(s)) now runs no app but is STILL BILLED. Delete the plan if it is no longer needed (webapp_delete with delete_empty_plan=true deletes an emptied plan together with its last app).`;
        } else if (appsLeft !== null) {
          planState = 'has_other_apps';
          planText = `Its App Service plan ${planRef.name} still runs ${appsLeft} other app(s).`;
        }
      } else {
        planText = `Its App Service plan ${planRef.name} could not be read to tell whether it is now empty.`;
      }
    }
    const message = `Deleted web app ${name} from ${resource_group}. ${planText}`;
    return {
      data: { deleted: site.id ?? '', plan: planRef?.name ?? null, planState, appsLeftOnPlan: appsLeft, message },
      text: message,
    };
  },
});
