// The container registries' side of the sandbox's demo estate, beyond the Basic registry arm.ts creates: a Premium
// registry with network rules, a build task in the Basic one (with a secret argument Azure never returns) and three
// past runs of it, the middle one failed with its log. Runs only after the ARM estate (the registry must exist).
import type { EmulatedAzure } from '../emulated-azure.js';
import { SEED } from '../core/seed.js';
import { armTime } from '../core/resources/documents.js';
import type { Actor, Doc, StoredResource } from '../core/resources/model.js';
import type { ResourcePath } from '../core/resources/ids.js';
import { scheduleTaskRun } from '../services/containerregistry/tasks.js';
import { DEMO } from './names.js';

const DAY = 86_400_000;
const PIPELINE: Actor = {
  name: SEED.servicePrincipal.clientId,
  type: 'Application',
  objectId: SEED.servicePrincipal.objectId,
  tenantId: SEED.tenantId,
};

export function seedRegistryDemoEstate(azure: EmulatedAzure): void {
  const store = azure.state.resources;
  const now = Date.now();
  const path = (chain: [string, string][]): ResourcePath => ({
    subscriptionId: DEMO.devSubscriptionId,
    resourceGroup: DEMO.resourceGroups.shared,
    namespace: 'Microsoft.ContainerRegistry',
    chain: chain.map(([type, name]) => ({ type, name })),
  });
  const put = (chain: [string, string][], body: Doc, at: number): StoredResource => {
    const written = store.writeResource({ path: path(chain), body, actor: PIPELINE, mode: 'put', at: armTime(at) });
    if ('code' in written) throw new Error(`demo seed: ${written.code}: ${written.message}`);
    return written.resource;
  };

  put(
    [['registries', DEMO.premiumRegistry]],
    {
      location: DEMO.location,
      tags: { env: 'dev' },
      sku: { name: 'Premium' },
      properties: {
        adminUserEnabled: false,
        networkRuleSet: { defaultAction: 'Allow', ipRules: [{ action: 'Allow', value: '203.0.113.0/24' }] },
      },
    },
    now - 20 * DAY,
  );

  const registry = store.get(
    `/subscriptions/${DEMO.devSubscriptionId}/resourceGroups/${DEMO.resourceGroups.shared}/providers/Microsoft.ContainerRegistry/registries/${DEMO.registry}`,
  );
  if (!registry) throw new Error('demo seed: the Basic registry must be seeded first');
  const task = put(
    [
      ['registries', DEMO.registry],
      ['tasks', DEMO.registryTask],
    ],
    {
      location: DEMO.location,
      properties: {
        status: 'Enabled',
        platform: { os: 'Linux', architecture: 'amd64' },
        step: {
          type: 'Docker',
          contextPath: 'https://github.com/contoso/web-frontend.git#main',
          dockerFilePath: 'Dockerfile',
          imageNames: ['web/frontend:{{.Run.ID}}'],
          isPushEnabled: true,
          noCache: false,
          arguments: [
            { name: 'NODE_ENV', value: 'production', isSecret: false },
            { name: 'NPM_TOKEN', value: 'npm_demo_secret_never_returned', isSecret: true },
          ],
        },
      },
    },
    now - 14 * DAY,
  );
  const runs: { daysAgo: number; failure?: { message: string } }[] = [
    { daysAgo: 3 },
    { daysAgo: 2, failure: { message: 'failed during run, err: exit status 1' } },
    { daysAgo: 1 },
  ];
  for (const { daysAgo, failure } of runs) {
    const at = now - daysAgo * DAY;
    const run = scheduleTaskRun(store, registry, task, { at, durationMs: 95_000, ...(failure ? { failure } : {}) }, (runId, body) =>
      put(
        [
          ['registries', DEMO.registry],
          ['runs', runId],
        ],
        body,
        at,
      ),
    );
    if (!('id' in run)) throw new Error(`demo seed: ${run.code}: ${run.message}`);
  }
}
