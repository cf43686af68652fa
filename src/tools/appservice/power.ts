import { z } from 'zod';
import { defineTool, type Access } from '../define.js';
import { appServiceClient } from '../../azure/clients-appservice.js';
import { resourceGroupInput } from '../arm-common.js';
import { webAppNameInput } from './common.js';

type PowerAction = 'start' | 'stop' | 'restart';

interface PowerToolSpec {
  name: string;
  title: string;
  description: string;
  action: PowerAction;
  access: Access;
  example: { name: string; resource_group: string };
  /** "started" */
  done: string;
}

/** Start, stop and restart: one POST each, which App Service answers when it is done (not long-running). */
function powerTool(spec: PowerToolSpec) {
  return defineTool({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    access: spec.access,
    example: spec.example,
    inputSchema: z.object({ name: webAppNameInput, resource_group: resourceGroupInput }),
    outputSchema: z.object({
      webApp: z.string(),
      resourceGroup: z.string(),
      previousState: z.string().nullable(),
      state: z.string().nullable().describe('State Azure reports after the call: Running or Stopped.'),
      message: z.string(),
    }),
    async handler({ name, resource_group }, { session, signal }) {
      const { client } = await appServiceClient(session);
      const before = await client.webApps.get(resource_group, name, { abortSignal: signal });
      await client.webApps[spec.action](resource_group, name, { abortSignal: signal });
      const after = await client.webApps.get(resource_group, name, { abortSignal: signal });
      let message = `Web app ${name} ${spec.done} (state: ${before.state ?? '?'} → ${after.state ?? '?'}).`;
      if (spec.action === 'stop')
        message += ' A stopped app serves nothing, but its App Service plan is still billed; stopping does not stop the charges.';
      if (spec.action === 'restart' && before.state === 'Stopped')
        message += ' The app was stopped, and a restart does not start it: use webapp_start.';
      return {
        data: { webApp: name, resourceGroup: resource_group, previousState: before.state ?? null, state: after.state ?? null, message },
        text: message,
      };
    },
  });
}

export const startWebApp = powerTool({
  name: 'webapp_start',
  title: 'Start a web app',
  description: 'Starts a stopped web app and reports its state.',
  action: 'start',
  access: 'write',
  example: { name: 'azops-web-admin', resource_group: 'rg-web' },
  done: 'started',
});

export const stopWebApp = powerTool({
  name: 'webapp_stop',
  title: 'Stop a web app',
  description: 'Stops a web app: it serves no requests until started again. Its App Service plan is still billed.',
  action: 'stop',
  access: 'destructive',
  example: { name: 'azops-web-admin', resource_group: 'rg-web' },
  done: 'stopped',
});

export const restartWebApp = powerTool({
  name: 'webapp_restart',
  title: 'Restart a web app',
  description: 'Restarts a web app (its container or worker process); requests fail briefly while it comes back.',
  action: 'restart',
  access: 'destructive',
  example: { name: 'azops-web-frontend', resource_group: 'rg-web' },
  done: 'restarted',
});
