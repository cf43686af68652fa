import { z } from 'zod';
import { defineTool } from '../define.js';
import { graphClient } from '../../azure/graph.js';
import { entraList, entraListOutput, entraListText, filterInput, NEEDS, planFilter, topInput } from './common.js';

interface GraphApplication {
  id: string;
  appId?: string | null;
  displayName?: string | null;
  publisherDomain?: string | null;
  signInAudience?: string | null;
  createdDateTime?: string | null;
}

const appRow = z.object({
  id: z.string().describe('Object id of the application registration.'),
  appId: z.string().describe('Application (client) id.'),
  displayName: z.string(),
  publisherDomain: z.string().nullable(),
  signInAudience: z.string().nullable(),
  createdDateTime: z.string().nullable(),
});

const row = (a: GraphApplication): z.infer<typeof appRow> => ({
  id: a.id,
  appId: a.appId ?? '',
  displayName: a.displayName ?? '',
  publisherDomain: a.publisherDomain ?? null,
  signInAudience: a.signInAudience ?? null,
  createdDateTime: a.createdDateTime ?? null,
});

export const listApplications = defineTool({
  name: 'aad_list_applications',
  title: 'List Entra ID app registrations',
  description:
    'Lists application registrations in the Entra ID tenant through Microsoft Graph: display name, application (client) id, object id, publisher domain and sign-in audience. filter is an OData $filter, or plain text for a display-name prefix search.',
  access: 'read',
  example: { filter: 'contoso' },
  inputSchema: z.object({ filter: filterInput('applications'), top: topInput() }),
  outputSchema: entraListOutput(appRow),
  async handler({ filter, top }, { session, signal }) {
    const graph = await graphClient(session);
    const plan = planFilter(filter);
    const request = {
      path: '/applications',
      query: { $filter: plan.$filter, $select: 'id,appId,displayName,publisherDomain,signInAudience,createdDateTime' },
      eventual: plan.eventual,
      need: NEEDS.listApplications,
      signal,
    };
    const list = await graph.list<GraphApplication>(request, top);
    const count = list.count ?? (list.more ? await graph.count(request) : undefined);
    const data = entraList(list, list.items.map(row), count, 'e.g. a name');
    const text = entraListText('applications', plan, data, (a) => {
      const extra = [a.signInAudience, a.publisherDomain].filter(Boolean).join(', ');
      return `${a.displayName}: app id ${a.appId}, object id ${a.id}${extra ? `, ${extra}` : ''}`;
    });
    return { data, text };
  },
});

const AUDIENCES = ['AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount'] as const;

export const createApplication = defineTool({
  name: 'aad_create_application',
  title: 'Register an Entra ID application',
  description:
    'Creates an application registration (Graph POST /applications) and returns its application (client) id and object id. No client secret, certificate or service principal is created.',
  access: 'write',
  role: 'Application Developer (Microsoft Entra)',
  example: { display_name: 'azops-demo-app' },
  inputSchema: z.object({
    display_name: z.string().trim().min(1).max(256).describe('Display name of the application.'),
    sign_in_audience: z
      .enum(AUDIENCES)
      .default('AzureADMyOrg')
      .describe(
        'Who may sign in: AzureADMyOrg (this tenant only, default), AzureADMultipleOrgs, AzureADandPersonalMicrosoftAccount or PersonalMicrosoftAccount.',
      ),
  }),
  outputSchema: appRow,
  async handler({ display_name, sign_in_audience }, { session, signal }) {
    const graph = await graphClient(session);
    const created = await graph.post<GraphApplication>({
      path: '/applications',
      body: { displayName: display_name, signInAudience: sign_in_audience },
      need: NEEDS.createApplication,
      signal,
    });
    const data = row(created);
    const text = [
      `Registered application ${data.displayName}: application (client) id ${data.appId}, object id ${data.id}, audience ${data.signInAudience ?? sign_in_audience}${data.publisherDomain ? `, publisher domain ${data.publisherDomain}` : ''}.`,
      'No secret, certificate or service principal was created: add redirect URIs and credentials in the Entra admin center (App registrations) or with az ad app credential reset, and az ad sp create --id <app id> for a service principal.',
    ].join('\n');
    return { data, text };
  },
});
