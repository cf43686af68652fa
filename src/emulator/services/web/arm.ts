// Microsoft.Web (2025-05-01): App Service plans (serverfarms), web apps (sites) with Running/Stopped
// state and synchronous start/stop/restart, and each site's `config/web` child. A site's PUT is long-running,
// its PATCH is not; app settings and connection strings given in siteConfig go to their own stores
// (site-data.ts), and Azure's checks of a site write are in site-rules.ts.
import { REGIONS } from '../../core/locations.js';
import { asDoc, asString, isDoc, setDefault, stableBytes } from '../../core/resources/documents.js';
import { idKey, parentPath, resourceId } from '../../core/resources/ids.js';
import type { Actor, Doc, StoredResource } from '../../core/resources/model.js';
import type { ActionSpec, ResourceBehaviour, ResourceStore } from '../../core/resources/store.js';
import { normalizeIdentity, registerSystemIdentity, unregisterSystemIdentity } from './identity.js';
import {
  appendContainerLog,
  appSettingsFromSiteConfig,
  connectionStringsFromSiteConfig,
  containerStartLines,
  webConfigOf,
} from './site-data.js';
import { isLinuxPlan, PLAN_TYPE, SITE_TYPE, validateSite, validateSiteConfig } from './site-rules.js';

export { PLAN_TYPE, SITE_TYPE };
export const SITE_CONFIG_TYPE = 'Microsoft.Web/sites/config';

/** A new site's `config/web`, as GetSiteConfig.json shows it. */
export const DEFAULT_SITE_CONFIG: Readonly<Doc> = Object.freeze({
  acrUseManagedIdentityCreds: false,
  alwaysOn: false,
  appCommandLine: '',
  autoHealEnabled: false,
  azureStorageAccounts: {},
  defaultDocuments: [
    'Default.htm',
    'Default.html',
    'Default.asp',
    'index.htm',
    'index.html',
    'iisstart.htm',
    'default.aspx',
    'index.php',
    'hostingstart.html',
  ],
  detailedErrorLoggingEnabled: false,
  ftpsState: 'AllAllowed',
  functionAppScaleLimit: 0,
  functionsRuntimeScaleMonitoringEnabled: false,
  http20Enabled: false,
  httpLoggingEnabled: false,
  linuxFxVersion: '',
  loadBalancing: 'LeastRequests',
  logsDirectorySizeLimit: 35,
  managedPipelineMode: 'Integrated',
  minTlsVersion: '1.2',
  minimumElasticInstanceCount: 0,
  netFrameworkVersion: 'v4.0',
  nodeVersion: '',
  numberOfWorkers: 1,
  phpVersion: '5.6',
  powerShellVersion: '',
  pythonVersion: '',
  remoteDebuggingEnabled: false,
  requestTracingEnabled: false,
  scmMinTlsVersion: '1.2',
  use32BitWorkerProcess: true,
  virtualApplications: [{ physicalPath: 'site\\wwwroot', preloadEnabled: false, virtualPath: '/' }],
  vnetName: '',
  vnetPrivatePortsCount: 0,
  vnetRouteAllEnabled: false,
  webSocketsEnabled: false,
});

const TIERS: Record<string, { tier: string; maxWorkers: number }> = {
  F: { tier: 'Free', maxWorkers: 1 },
  D: { tier: 'Shared', maxWorkers: 1 },
  B: { tier: 'Basic', maxWorkers: 3 },
  S: { tier: 'Standard', maxWorkers: 10 },
  P: { tier: 'Premium', maxWorkers: 20 },
  I: { tier: 'Isolated', maxWorkers: 100 },
};

/** The App Service plan SKU names Azure sells (the tier follows from the name). */
const SKU_NAME = /^(F1|D1|B[1-3]|S[1-3]|P[1-3]|P[0-3]v[23]|P[0-5]mv3|I[1-3]|I[1-6]v2|I[1-6]mv2)$/i;

function skuTier(name: string): { tier: string; family: string; maxWorkers: number } {
  const family = name.replace(/\d.*$/, '') || 'S';
  const version = /v(\d)$/i.exec(name)?.[1];
  const base = TIERS[family.charAt(0).toUpperCase()] ?? { tier: 'Standard', maxWorkers: 10 };
  return { tier: version ? `${base.tier}V${version}` : base.tier, family, maxWorkers: version ? 30 : base.maxWorkers };
}

function displayRegion(location: string): string {
  return REGIONS.find((region) => region.name === location)?.displayName ?? location;
}

function sitesOfPlan(store: ResourceStore, plan: StoredResource): StoredResource[] {
  return store
    .listInSubscription(plan.path.subscriptionId, SITE_TYPE)
    .filter((site) => idKey(asString(site.doc.properties['serverFarmId']) ?? '') === idKey(plan.id));
}

const serverFarms: ResourceBehaviour = {
  type: PLAN_TYPE,
  defaults(plan) {
    setDefault(plan.doc, 'kind', 'app');
    setDefault(plan.doc, 'sku', { name: 'S1', capacity: 1 });
  },
  derive(plan) {
    const sku = asDoc(plan.doc['sku']);
    const name = asString(sku['name']) ?? 'S1';
    const tier = skuTier(name);
    if (isDoc(plan.doc['sku'])) {
      // Azure takes the tier from the SKU name, whatever tier the request named.
      sku['tier'] = tier.tier;
      setDefault(sku, 'size', name);
      setDefault(sku, 'family', tier.family);
      setDefault(sku, 'capacity', 1);
    }
    const properties = plan.doc.properties;
    properties['geoRegion'] = displayRegion(plan.location ?? '');
    setDefault(properties, 'isSpot', false);
    properties['maximumNumberOfWorkers'] = tier.maxWorkers;
    properties['numberOfWorkers'] = typeof sku['capacity'] === 'number' ? sku['capacity'] : 1;
    setDefault(properties, 'reserved', plan.doc['kind'] === 'linux');
    properties['status'] = 'Ready';
    setDefault(properties, 'targetWorkerCount', 0);
    setDefault(properties, 'targetWorkerSizeId', 0);
  },
  validate(plan) {
    const name = asString(asDoc(plan.doc['sku'])['name']) ?? '';
    if (!SKU_NAME.test(name))
      return {
        status: 400,
        code: 'BadRequest',
        message: `The pricing tier '${name}' is not allowed for App Service plan '${plan.name}'. Use an App Service plan SKU such as B1, S1, P1v3.`,
      };
    return undefined;
  },
  decorate(body, plan, store) {
    asDoc(body['properties'])['numberOfSites'] = sitesOfPlan(store, plan).length;
  },
};

/** Start, stop and restart answer 200 at once; the container log shows what happened. */
function setState(state: 'Running' | 'Stopped' | undefined): ActionSpec {
  return {
    handle: ({ store, resource }) => {
      const config = webConfigOf(store.childrenOf(resource.id, SITE_CONFIG_TYPE));
      const before = resource.runtime.siteState ?? 'Running';
      const name = resource.name.toLowerCase();
      if (state === 'Stopped' && before !== 'Stopped')
        appendContainerLog(resource, `INFO  - Stopping site ${name} because it was stopped.`);
      if (state === 'Running' && before === 'Stopped') appendContainerLog(resource, ...containerStartLines(resource, config));
      // A restart recycles a running app; a stopped one stays stopped.
      if (state === undefined && before !== 'Stopped')
        appendContainerLog(resource, `INFO  - Stopping site ${name} because it was restarted.`, ...containerStartLines(resource, config));
      if (state) resource.runtime.siteState = state;
      return { kind: 'response', status: 200 };
    },
  };
}

function hexOf(text: string, bytes: number): string {
  return stableBytes(text, bytes).toString('hex').toUpperCase();
}

/** The site's config/web child: created with the site, updated when a write carries siteConfig. */
function writeSiteConfig(site: StoredResource, store: ResourceStore, given: Doc, created: boolean, actor: Actor): void {
  const existing = store.childrenOf(site.id, SITE_CONFIG_TYPE).find((child) => child.name === 'web');
  if (!created && Object.keys(given).length === 0) return;
  const base = existing ? existing.doc.properties : structuredClone(DEFAULT_SITE_CONFIG);
  store.writeResource({
    path: { ...site.path, chain: [...site.path.chain, { type: 'config', name: 'web' }] },
    body: { kind: site.doc['kind'] ?? 'app', properties: { ...base, ...given } },
    actor,
    mode: 'put',
  });
}

const sites: ResourceBehaviour = {
  type: SITE_TYPE,
  lro: { write: 'async', patch: 'sync' },
  envelope: { provisioningState: false },
  defaults(site) {
    setDefault(site.doc, 'kind', 'app');
    const properties = site.doc.properties;
    const bytes = stableBytes(`site-ip|${idKey(site.id)}`, 4);
    const outbound = `20.${bytes[0]}.${bytes[1]}.${bytes[2]},20.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
    const defaults: Doc = {
      enabled: true,
      httpsOnly: false,
      clientAffinityEnabled: true,
      clientCertEnabled: false,
      clientCertMode: 'Required',
      containerSize: 0,
      dailyMemoryTimeQuota: 0,
      hostNamesDisabled: false,
      hyperV: false,
      isXenon: false,
      reserved: false,
      keyVaultReferenceIdentity: 'SystemAssigned',
      redundancyMode: 'None',
      scmSiteAlsoStopped: false,
      storageAccountRequired: false,
      customDomainVerificationId: hexOf(`site-verification|${site.name.toLowerCase()}`, 32),
      outboundIpAddresses: outbound,
      possibleOutboundIpAddresses: `${outbound},20.${bytes[3]}.${bytes[0]}.${bytes[1]}`,
      outboundVnetRouting: {
        allTraffic: false,
        applicationTraffic: false,
        backupRestoreTraffic: false,
        contentShareTraffic: false,
        imagePullTraffic: false,
      },
    };
    for (const [key, value] of Object.entries(defaults)) setDefault(properties, key, value);
    site.runtime.siteState ??= 'Running';
  },
  derive(site, store) {
    const properties = site.doc.properties;
    const host = `${site.name.toLowerCase()}.azurewebsites.net`;
    const scm = `${site.name.toLowerCase()}.scm.azurewebsites.net`;
    Object.assign(properties, {
      availabilityState: 'Normal',
      usageState: 'Normal',
      defaultHostName: host,
      hostNames: [host],
      enabledHostNames: [host, scm],
      hostNameSslStates: [
        { name: host, hostType: 'Standard', sslState: 'Disabled' },
        { name: scm, hostType: 'Repository', sslState: 'Disabled' },
      ],
      repositorySiteName: site.name,
      resourceGroup: site.path.resourceGroup,
      lastModifiedTimeUtc: site.modified.at,
    });
    // The site runs on its plan's OS: reserved (Linux) comes from the plan.
    const planId = asString(properties['serverFarmId']);
    const plan = planId ? store.get(planId) : undefined;
    if (plan) properties['reserved'] = isLinuxPlan(plan);
    normalizeIdentity(site, tenantOf(store, site));
    site.runtime.siteState ??= 'Running';
  },
  validate: validateSite,
  afterWrite(site, store, { created, actor }) {
    // The site's configuration lives in its config/web child (app settings and connection strings in
    // their own stores); the site embeds config/web when read.
    const given = { ...asDoc(site.doc.properties['siteConfig']) };
    delete site.doc.properties['siteConfig'];
    const settings = appSettingsFromSiteConfig(given);
    const strings = connectionStringsFromSiteConfig(given);
    delete given['appSettings'];
    delete given['connectionStrings'];
    if (settings || created) site.runtime.appSettings = settings ?? site.runtime.appSettings ?? {};
    if (strings || created) site.runtime.connectionStrings = strings ?? site.runtime.connectionStrings ?? {};
    writeSiteConfig(site, store, given, created, actor);
    if (created) appendContainerLog(site, ...containerStartLines(site, webConfigOf(store.childrenOf(site.id, SITE_CONFIG_TYPE))));
    registerSystemIdentity(site, store);
    const previousPrincipal = site.runtime.systemPrincipalId;
    const principal = asString(asDoc(site.doc['identity'])['principalId']);
    if (previousPrincipal && previousPrincipal !== principal) unregisterSystemIdentity(previousPrincipal, store);
    site.runtime.systemPrincipalId = principal;
  },
  afterDelete(site, store) {
    unregisterSystemIdentity(site.runtime.systemPrincipalId, store);
  },
  decorate(body, site, store) {
    const properties = asDoc(body['properties']);
    properties['state'] = site.runtime.siteState ?? 'Running';
    const config = store.childrenOf(site.id, SITE_CONFIG_TYPE).find((child) => child.name === 'web');
    if (config) properties['siteConfig'] = structuredClone(config.doc.properties);
  },
  actions: { start: setState('Running'), stop: setState('Stopped'), restart: setState(undefined) },
};

/** The tenant of the site's subscription (a system identity's tenantId). */
function tenantOf(store: ResourceStore, site: StoredResource): string | undefined {
  return store.host.subscriptions.get(site.path.subscriptionId.toLowerCase())?.tenantId;
}

const siteConfig: ResourceBehaviour = {
  type: SITE_CONFIG_TYPE,
  tracked: false,
  envelope: { provisioningState: false },
  defaults(config) {
    setDefault(config.doc, 'kind', 'app');
  },
  validate(config, store) {
    const parent = parentPath(config.path);
    const site = parent ? store.get(resourceId(parent)) : undefined;
    return site ? validateSiteConfig(site, config, store) : undefined;
  },
};

export const WEB_BEHAVIOURS: readonly ResourceBehaviour[] = [serverFarms, sites, siteConfig];
