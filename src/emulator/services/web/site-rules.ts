// What App Service refuses when a site is written: a name another site already has (site names are
// global: <name>.azurewebsites.net), a plan that does not exist, a container runtime for the other OS,
// and VNet integration (virtualNetworkSubnetId) with a subnet that is missing, not delegated to
// Microsoft.Web/serverFarms, used by another plan, or on a plan tier without the feature.
import { asArray, asDoc, asString, at, isDoc } from '../../core/resources/documents.js';
import { idKey, parseResourceId } from '../../core/resources/ids.js';
import type { ArmErrorInfo, StoredResource } from '../../core/resources/model.js';
import type { ResourceStore } from '../../core/resources/store.js';

export const PLAN_TYPE = 'Microsoft.Web/serverfarms';
export const SITE_TYPE = 'Microsoft.Web/sites';
const SUBNET_TYPE = 'Microsoft.Network/virtualNetworks/subnets';
const WEB_DELEGATION = 'microsoft.web/serverfarms';

/** Plans are Linux when `reserved` (their kind says linux too). */
export function isLinuxPlan(plan: StoredResource): boolean {
  return plan.doc.properties['reserved'] === true || /linux/i.test(asString(plan.doc['kind']) ?? '');
}

export function planOf(site: StoredResource, store: ResourceStore): StoredResource | undefined {
  const id = asString(site.doc.properties['serverFarmId']);
  return id ? store.get(id) : undefined;
}

const badRequest = (message: string): ArmErrorInfo => ({ status: 400, code: 'BadRequest', message });

function nameTaken(site: StoredResource, store: ResourceStore): ArmErrorInfo | undefined {
  const wanted = site.name.toLowerCase();
  const other = store
    .allResources()
    .find((r) => r.type.toLowerCase() === SITE_TYPE.toLowerCase() && r.name.toLowerCase() === wanted && idKey(r.id) !== idKey(site.id));
  return other ? { status: 409, code: 'Conflict', message: `Website with given name ${site.name} already exists.` } : undefined;
}

function runtimeProblem(site: StoredResource, plan: StoredResource, siteConfig: unknown): ArmErrorInfo | undefined {
  const linuxFx = asString(at(siteConfig, 'linuxFxVersion')) ?? '';
  const windowsFx = asString(at(siteConfig, 'windowsFxVersion')) ?? '';
  if (linuxFx && !isLinuxPlan(plan))
    return badRequest(
      `LinuxFxVersion '${linuxFx}' cannot be set for site '${site.name}': its App Service plan '${plan.name}' is not a Linux plan.`,
    );
  if (windowsFx && isLinuxPlan(plan))
    return badRequest(
      `WindowsFxVersion '${windowsFx}' cannot be set for site '${site.name}': its App Service plan '${plan.name}' is a Linux plan.`,
    );
  return undefined;
}

/** The plan tiers without regional VNet integration. */
const NO_VNET_TIERS = new Set(['free', 'shared', 'dynamic']);

function subnetProblem(
  site: StoredResource,
  plan: StoredResource | undefined,
  subnetId: string,
  store: ResourceStore,
): ArmErrorInfo | undefined {
  const subnet = store.get(subnetId);
  if (!subnet || subnet.type.toLowerCase() !== SUBNET_TYPE.toLowerCase())
    return badRequest(`Subnet '${subnetId}' for site '${site.name}' was not found. Make sure the virtual network and subnet exist.`);
  const delegations = asArray(subnet.doc.properties['delegations']).filter(isDoc);
  const delegated = delegations.some((d) => (asString(at(d, 'properties.serviceName')) ?? '').toLowerCase() === WEB_DELEGATION);
  if (!delegated)
    return badRequest(
      `Subnet '${subnet.name}' must be delegated to 'Microsoft.Web/serverFarms' for regional virtual network integration of site '${site.name}'. Add the delegation to the subnet and retry.`,
    );
  const tier = (asString(asDoc(plan?.doc['sku'])['tier']) ?? '').toLowerCase();
  if (plan && NO_VNET_TIERS.has(tier))
    return badRequest(
      `Virtual network integration is not available for site '${site.name}' on the ${tier} tier of App Service plan '${plan.name}'. Scale the plan to Basic or higher.`,
    );
  const otherPlan = store
    .listInSubscription(site.path.subscriptionId, SITE_TYPE)
    .filter((other) => idKey(other.id) !== idKey(site.id))
    .find(
      (other) =>
        idKey(asString(other.doc.properties['virtualNetworkSubnetId']) ?? '') === idKey(subnet.id) &&
        idKey(asString(other.doc.properties['serverFarmId']) ?? '') !== idKey(plan?.id ?? ''),
    );
  if (otherPlan)
    return {
      status: 409,
      code: 'Conflict',
      message: `Subnet '${subnet.name}' is already in use by App Service plan '${asString(otherPlan.doc.properties['serverFarmId'])?.split('/').at(-1) ?? '?'}' (site '${otherPlan.name}'). A subnet can be used by one App Service plan only.`,
    };
  return undefined;
}

/** App Service's checks of a site write, in the order Azure makes them. */
export function validateSite(site: StoredResource, store: ResourceStore, previous: StoredResource | undefined): ArmErrorInfo | undefined {
  if (!previous) {
    const taken = nameTaken(site, store);
    if (taken) return taken;
  }
  const planId = asString(site.doc.properties['serverFarmId']);
  const plan = planId ? store.get(planId) : undefined;
  // A plan in a subscription this Azure does not know (Microsoft's examples name one) is taken on trust.
  const known = store.host.subscriptions.has((parseResourceId(planId ?? '')?.subscriptionId ?? '').toLowerCase());
  if (planId && known && (!plan || plan.type.toLowerCase() !== PLAN_TYPE.toLowerCase()))
    return { status: 404, code: 'NotFound', message: `Server farm with name ${planId.split('/').at(-1) ?? planId} not found.` };
  if (plan) {
    const problem = runtimeProblem(site, plan, site.doc.properties['siteConfig']);
    if (problem) return problem;
  }
  const subnetId = asString(site.doc.properties['virtualNetworkSubnetId']);
  const before = asString(previous?.doc.properties['virtualNetworkSubnetId']);
  if (subnetId && idKey(subnetId) !== idKey(before ?? '')) return subnetProblem(site, plan, subnetId, store);
  return undefined;
}

/** A write of config/web: the runtime must fit the site's plan. */
export function validateSiteConfig(site: StoredResource, config: StoredResource, store: ResourceStore): ArmErrorInfo | undefined {
  const plan = planOf(site, store);
  return plan ? runtimeProblem(site, plan, config.doc.properties) : undefined;
}
