import { z } from 'zod';
import type { AppServicePlan, NameValuePair, Site, SiteConfig } from '@azure/arm-appservice';
import { defineTool } from '../define.js';
import { appServiceClient } from '../../azure/clients-appservice.js';
import { resourcesClient } from '../../azure/clients.js';
import { isAzureError, UserFacingError } from '../../azure/errors.js';
import { waitForOperation } from '../../azure/long-running.js';
import { resourceGroupInput } from '../arm-common.js';
import { ensureSystemIdentity, planNameInput, planOs, skuText, subnetIdInput, webAppNameInput } from './common.js';
import {
  envVariablesInput,
  imageProblem,
  locationInput,
  planSkuInput,
  planTierInput,
  registryOfImage,
  tierOfSku,
} from './container-inputs.js';
import { REGISTRY_SETTINGS, registryUrlInput } from './registry.js';
import { StepReport, stepOutput } from './steps.js';
import { integrateWithSubnet } from './vnet.js';

const inputSchema = z.object({
  name: webAppNameInput.describe('Name of the new web app (globally unique: it becomes <name>.azurewebsites.net).'),
  resource_group: resourceGroupInput,
  plan_name: planNameInput.describe('App Service plan to run the app on; created when it does not exist (Linux for linux apps).'),
  plan_sku: planSkuInput,
  plan_tier: planTierInput,
  location: locationInput,
  image: z
    .string()
    .trim()
    .max(65_536)
    .optional()
    .describe(
      'Container image, e.g. myregistry.azurecr.io/web/app:1.2.0 (or nginx:latest from Docker Hub). With multi_container=true: the Docker Compose YAML itself.',
    ),
  registry_url: registryUrlInput.optional().describe("Private registry host for the image (default: the image's own registry)."),
  registry_username: z.string().trim().min(1).max(256).optional().describe('Registry user name (with registry_password).'),
  registry_password: z
    .string()
    .min(1)
    .max(1024)
    .optional()
    .describe(
      'Registry password; stored in the app’s registry settings, never shown. Prefer webapp_grant_cr_access afterwards (no password).',
    ),
  os_type: z.enum(['linux', 'windows']).default('linux').describe('Container OS (default linux; windows needs a Windows container plan).'),
  multi_container: z.boolean().default(false).describe('Run a Docker Compose app (Linux only): `image` holds the compose YAML.'),
  startup_command: z.string().trim().max(4096).optional().describe("Command the container starts with (the app's startup command)."),
  env_variables: envVariablesInput,
  vnet_subnet_id: subnetIdInput
    .optional()
    .describe(
      'Subnet to integrate the app with (full subnet id), after it is created; the subnet is delegated to Microsoft.Web/serverFarms when free.',
    ),
  assign_identity: z.boolean().default(false).describe('Turn on a system-assigned managed identity after creating the app.'),
  no_wait: z
    .boolean()
    .default(false)
    .describe(
      'Return as soon as Azure accepts the web app (like az --no-wait). Not with assign_identity or vnet_subnet_id, which need the app to exist.',
    ),
});
type Input = z.infer<typeof inputSchema>;

/** Checks across parameters, before anything is sent. */
function inputProblem(input: Input): string | undefined {
  if (input.no_wait && (input.assign_identity || input.vnet_subnet_id))
    return 'no_wait cannot be combined with assign_identity or vnet_subnet_id: those steps need the app to exist. Create it with no_wait, then run webapp_assign_identity or webapp_configure_vnet_integration.';
  if (input.multi_container && input.os_type === 'windows') return 'multi_container (Docker Compose) is available for Linux apps only.';
  if (input.multi_container && !/^\s*services\s*:/m.test(input.image ?? ''))
    return 'with multi_container=true, image must hold the Docker Compose YAML (with a services: section).';
  if (!input.multi_container && input.image) {
    const problem = imageProblem(input.image);
    if (problem) return problem;
  }
  if (Boolean(input.registry_username) !== Boolean(input.registry_password))
    return 'registry_username and registry_password go together: give both, or neither (and use webapp_grant_cr_access for Azure Container Registry).';
  if (input.registry_url && !input.registry_username) return 'registry_url needs registry_username and registry_password.';
  if (input.registry_username && !input.registry_url && !input.image)
    return 'registry credentials need registry_url (or an image naming its registry).';
  const tier = tierOfSku(input.plan_sku);
  if (input.plan_tier && tier && input.plan_tier.toLowerCase() !== tier.toLowerCase())
    return `plan_sku ${input.plan_sku} is in the ${tier} tier, not ${input.plan_tier}; leave plan_tier out or make it match.`;
  return undefined;
}

function siteConfigFor(input: Input): { config: SiteConfig; settingNames: string[]; imageText: string | null } {
  const linux = input.os_type === 'linux';
  const settings: NameValuePair[] = [];
  if (linux && input.image) settings.push({ name: 'WEBSITES_ENABLE_APP_SERVICE_STORAGE', value: 'false' });
  if (input.registry_username && input.registry_password) {
    const host = input.registry_url ?? registryOfImage(input.image ?? '');
    settings.push(
      { name: REGISTRY_SETTINGS.url, value: `https://${host}` },
      { name: REGISTRY_SETTINGS.username, value: input.registry_username },
      { name: REGISTRY_SETTINGS.password, value: input.registry_password },
    );
  }
  for (const [name, value] of Object.entries(input.env_variables ?? {})) {
    const existing = settings.findIndex((s) => s.name === name);
    if (existing >= 0) settings.splice(existing, 1);
    settings.push({ name, value });
  }
  let fx: string | undefined;
  let imageText: string | null = null;
  if (input.image && input.multi_container) {
    fx = `COMPOSE|${Buffer.from(input.image, 'utf8').toString('base64')}`;
    imageText = 'Docker Compose (multi-container)';
  } else if (input.image) {
    fx = `DOCKER|${input.image}`;
    imageText = input.image;
  }
  const config: SiteConfig = {
    appSettings: settings,
    ...(fx ? (linux ? { linuxFxVersion: fx } : { windowsFxVersion: fx }) : {}),
    ...(input.startup_command ? { appCommandLine: input.startup_command } : {}),
    minTlsVersion: '1.2',
    ftpsState: 'Disabled',
  };
  return { config, settingNames: settings.map((s) => s.name!), imageText };
}

export const createWebAppForContainer = defineTool({
  name: 'webapp_create_for_container',
  title: 'Create a web app for a container',
  description:
    'Creates a web app that runs a container image (or a Docker Compose app) step by step: the App Service plan when missing, the app with its image, startup command and environment variables (as app settings), then, when asked, a system-assigned identity and VNet integration. Every step is reported as done or failed; a failed step is never reported as configured, and the result names the tool to retry it with. Refuses an app name that exists.',
  access: 'write',
  example: {
    name: 'azops-web-new',
    resource_group: 'rg-web',
    plan_name: 'plan-web-containers',
    plan_sku: 'B1',
    image: 'azopsdemoacr.azurecr.io/web/frontend:1.1.0',
    env_variables: '{"APP_ENV": "sandbox", "FEATURE_FLAGS": "search"}',
    assign_identity: true,
  },
  inputSchema,
  outputSchema: z.object({
    webApp: z.string(),
    resourceGroup: z.string(),
    id: z.string().nullable().describe('Id of the web app, when it was created.'),
    defaultHostName: z.string().nullable(),
    plan: z.string(),
    planSku: z.string().nullable(),
    os: z.enum(['Linux', 'Windows']),
    image: z.string().nullable().describe('The container image, or Docker Compose; null when none was given.'),
    appSettingNames: z.array(z.string()).describe('Names of the app settings written; values are never shown.'),
    principalId: z.string().nullable().describe('The system-assigned identity, when turned on.'),
    vnetSubnetId: z.string().nullable().describe('The integrated subnet, when that step is done.'),
    steps: z.array(stepOutput),
    complete: z.boolean().describe('True when every step asked for is done.'),
    message: z.string(),
  }),
  async handler(input, ctx) {
    const { session, signal } = ctx;
    const problem = inputProblem(input);
    if (problem) throw new UserFacingError(`${problem} Nothing was created.`);
    const { name, resource_group, plan_name } = input;
    const { client, subscriptionId } = await appServiceClient(session);
    const linux = input.os_type === 'linux';

    // Checks first, so nothing is created when something is wrong.
    const existing = await client.webApps.get(resource_group, name, { abortSignal: signal }).catch((error: unknown) => {
      if (isAzureError(error, 404)) return undefined;
      throw error;
    });
    if (existing)
      throw new UserFacingError(`Web app ${name} already exists in ${resource_group}; nothing was changed. webapp_show shows it.`);
    const availability = await client.checkNameAvailability(name, 'Microsoft.Web/sites', { abortSignal: signal });
    if (availability.nameAvailable === false)
      throw new UserFacingError(
        `The name ${name} cannot be used: ${availability.message ?? availability.reason ?? 'it is taken'} Web app names are global (<name>.azurewebsites.net); choose another. Nothing was created.`,
      );
    const plan: AppServicePlan | undefined = await client.appServicePlans
      .get(resource_group, plan_name, { abortSignal: signal })
      .catch((error: unknown) => {
        if (isAzureError(error, 404)) return undefined;
        throw error;
      });
    if (plan && planOs(plan) !== (linux ? 'Linux' : 'Windows'))
      throw new UserFacingError(
        `App Service plan ${plan_name} is a ${planOs(plan)} plan, and a ${input.os_type} container needs a ${linux ? 'Linux' : 'Windows'} one. Choose another plan_name (a new one is created). Nothing was created.`,
      );
    if (plan && input.location && plan.location.toLowerCase().replace(/\s+/g, '') !== input.location)
      throw new UserFacingError(
        `App Service plan ${plan_name} is in ${plan.location}, and an app runs in its plan's region; leave location out or choose another plan. Nothing was created.`,
      );
    let location = plan?.location ?? input.location;
    if (!location) {
      const { client: resources } = await resourcesClient(session);
      location = (await resources.resourceGroups.get(resource_group, { abortSignal: signal })).location;
    }

    const report = new StepReport(signal);
    let planId = plan?.id;
    let planSku: string | null = plan ? skuText(plan) : null;
    await report.run('App Service plan', null, async () => {
      if (plan) return { unchanged: `uses the existing ${planOs(plan)} plan ${plan_name} (${skuText(plan)})` };
      const poller = client.appServicePlans.createOrUpdate(
        resource_group,
        plan_name,
        {
          location: location!,
          kind: linux ? 'linux' : 'windows',
          reserved: linux,
          ...(linux ? {} : { hyperV: true }),
          sku: { name: input.plan_sku, tier: tierOfSku(input.plan_sku), capacity: 1 },
        },
        { abortSignal: signal },
      );
      const done = await waitForOperation(ctx, poller, {
        what: `Creating App Service plan ${plan_name}`,
        noWait: false,
        checkWith: `appservice_plan_show name=${plan_name} resource_group=${resource_group}`,
      });
      if (done.outcome !== 'succeeded') throw new UserFacingError(done.message);
      planId =
        done.result?.id ??
        `/subscriptions/${subscriptionId}/resourceGroups/${resource_group}/providers/Microsoft.Web/serverfarms/${plan_name}`;
      planSku = done.result ? skuText(done.result) : input.plan_sku;
      return `created ${linux ? 'Linux' : 'Windows'} plan ${plan_name} (${planSku}) in ${location} — it is billed from now on, with or without apps`;
    });

    const { config, settingNames, imageText } = siteConfigFor(input);
    let site: Site | undefined;
    let accepted = false;
    await report.run('web app', null, async () => {
      const poller = client.webApps.createOrUpdate(
        resource_group,
        name,
        {
          location: location!,
          kind: linux ? 'app,linux,container' : 'app,container,windows',
          serverFarmId: planId,
          reserved: linux,
          httpsOnly: true,
          siteConfig: config,
        },
        { abortSignal: signal },
      );
      const done = await waitForOperation(ctx, poller, {
        what: `Creating web app ${name}`,
        noWait: input.no_wait,
        checkWith: `webapp_show name=${name} resource_group=${resource_group}`,
      });
      if (done.outcome === 'accepted') {
        accepted = true;
        return `accepted by Azure (no_wait), with ${imageText ?? 'no image yet'} and ${settingNames.length} app setting(s); webapp_show name=${name} resource_group=${resource_group} shows when it is ready`;
      }
      if (done.outcome !== 'succeeded') throw new UserFacingError(done.message);
      site = done.result ?? (await client.webApps.get(resource_group, name, { abortSignal: signal }));
      return `created ${name} (https://${site.defaultHostName ?? `${name}.azurewebsites.net`}) with ${imageText ?? 'no image yet'}${input.startup_command ? ', a startup command' : ''} and ${settingNames.length} app setting(s)`;
    });

    let principalId: string | null = null;
    const identityRetry = `webapp_assign_identity webapp_name=${name} resource_group=${resource_group}`;
    if (input.assign_identity)
      await report.run('system-assigned identity', identityRetry, async () => {
        const { identity } = await ensureSystemIdentity(client, resource_group, site!, signal);
        principalId = identity.principalId;
        return `turned on (principal ${principalId ?? '?'})`;
      });
    else report.skip('system-assigned identity', 'assign_identity was not set');

    let vnetSubnetId: string | null = null;
    const subnet = input.vnet_subnet_id;
    if (subnet)
      await report.run(
        'VNet integration',
        `webapp_configure_vnet_integration webapp_name=${name} resource_group=${resource_group} subnet_id=${subnet.id}`,
        async () => {
          const current = await client.webApps.get(resource_group, name, { abortSignal: signal });
          const result = await integrateWithSubnet(ctx, client, resource_group, current, subnet);
          vnetSubnetId = result.subnetId;
          return `integrated with subnet ${subnet.subnet} of ${subnet.vnet}${result.delegatedNow ? ' (the subnet was delegated to Microsoft.Web/serverFarms first)' : ''}`;
        },
      );
    else report.skip('VNet integration', 'vnet_subnet_id was not given');

    if (!report.changedAnything && report.failed) {
      // Nothing exists that did not before: a plain error, with the step that failed.
      throw new UserFacingError(`Nothing was created.\n${report.text()}`);
    }
    const complete = !report.failed;
    const finalSite = site as Site | undefined;
    const message = accepted
      ? `Azure accepted web app ${name} in ${resource_group} (no_wait); it is being created on plan ${plan_name}.`
      : complete
        ? `Created web app ${name} in ${resource_group} running ${imageText ?? 'no image yet'} on plan ${plan_name}.`
        : `Web app ${name} was NOT fully set up: a step failed (see below).${finalSite ? ' The app exists; retry the failed steps with the tools named.' : ''}`;
    const notes: string[] = [];
    if (complete && input.registry_password)
      notes.push(
        'The registry password is stored in the app’s registry settings (never shown); webapp_grant_cr_access would let the app pull with its identity instead.',
      );
    if (complete && !input.registry_password && input.image && /\.azurecr\.io\//.test(input.image) && !input.multi_container)
      notes.push(
        `To pull from ${registryOfImage(input.image)} without a password, run webapp_grant_cr_access for this app (it needs AcrPull on the registry).`,
      );
    return {
      data: {
        webApp: name,
        resourceGroup: resource_group,
        id: finalSite?.id ?? null,
        defaultHostName: finalSite?.defaultHostName ?? null,
        plan: plan_name,
        planSku,
        os: linux ? ('Linux' as const) : ('Windows' as const),
        image: imageText,
        appSettingNames: finalSite || accepted ? settingNames : [],
        principalId,
        vnetSubnetId,
        steps: report.steps,
        complete,
        message,
      },
      text: [message, report.text(), ...notes].join('\n'),
    };
  },
});
