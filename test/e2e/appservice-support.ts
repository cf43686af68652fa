// Helpers for the App Service tool tests (not a test file): ids in the demo estate, arranging sites, plans and
// subnets straight in the emulator, and reading back what a tool left there.
import assert from 'node:assert/strict';
import { DEMO, type EmulatedAzure, type RecordedRequest, type StoredResource } from '../../src/emulator/index.js';
import type { InProcessFixture } from '../helpers/in-process.js';

export const SUB = DEMO.devSubscriptionId;
export const WEB: string = DEMO.resourceGroups.web;
export const NETWORK: string = DEMO.resourceGroups.network;
export const { running: FRONTEND, stopped: ADMIN } = DEMO.webApps;
export const PLAN = DEMO.appServicePlan;
export const TESTER = { name: 'test', type: 'User' as const, objectId: '00000000-0000-0000-0000-000000000001', tenantId: DEMO.tenantId };

export const siteId = (name: string, group = WEB, sub = SUB) =>
  `/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.Web/sites/${name}`;
export const planId = (name: string, group = WEB, sub = SUB) =>
  `/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.Web/serverfarms/${name}`;
export const subnetId = (subnet: string, vnet: string = DEMO.vnets.spoke) =>
  `/subscriptions/${SUB}/resourceGroups/${NETWORK}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${subnet}`;

function write(azure: EmulatedAzure, id: string, body: Record<string, unknown>, subscriptionId = SUB): StoredResource {
  const [, , , group, , namespace, ...rest] = id.split('/').filter(Boolean);
  const chain = [];
  for (let i = 0; i < rest.length; i += 2) chain.push({ type: rest[i]!, name: rest[i + 1]! });
  const store = azure.state.resources;
  if (!store.getGroup(subscriptionId, group!)) store.putGroup({ subscriptionId, name: group!, location: 'eastus' });
  const written = store.writeResource({
    path: { subscriptionId, resourceGroup: group!, namespace: namespace!, chain },
    body: { location: 'eastus', ...body },
    actor: TESTER,
    mode: 'put',
  });
  assert.ok(!('code' in written), `could not write ${id}: ${'code' in written ? written.message : ''}`);
  return written.resource;
}

export function addPlan(azure: EmulatedAzure, name: string, sku: string, linux = true, group = WEB): StoredResource {
  return write(azure, planId(name, group), {
    kind: linux ? 'linux' : 'app',
    sku: { name: sku, capacity: 1 },
    properties: { reserved: linux },
  });
}

export function addSite(
  azure: EmulatedAzure,
  name: string,
  plan: string,
  extra: { identity?: Record<string, unknown>; siteConfig?: Record<string, unknown>; group?: string; sub?: string } = {},
): StoredResource {
  const sub = extra.sub ?? SUB;
  return write(
    azure,
    siteId(name, extra.group ?? WEB, sub),
    {
      kind: 'app,linux,container',
      ...(extra.identity ? { identity: extra.identity } : {}),
      properties: { serverFarmId: planId(plan, extra.group ?? WEB, sub), siteConfig: extra.siteConfig ?? {} },
    },
    sub,
  );
}

export function addSubnet(azure: EmulatedAzure, name: string, prefix: string, delegatedTo?: string): StoredResource {
  return write(azure, subnetId(name), {
    properties: {
      addressPrefix: prefix,
      ...(delegatedTo ? { delegations: [{ name: 'delegation', properties: { serviceName: delegatedTo } }] } : {}),
    },
  });
}

/** The site as the emulator keeps it, with its config/web. */
export function siteState(azure: EmulatedAzure, name: string, group = WEB) {
  const site = azure.state.resources.get(siteId(name, group));
  assert.ok(site, `site ${name} is not in the emulator`);
  const config = azure.state.resources.childrenOf(site.id, 'Microsoft.Web/sites/config').find((c) => c.name === 'web');
  return { site, config: (config?.doc.properties ?? {}) as Record<string, unknown>, settings: site.runtime.appSettings ?? {} };
}

export function requestsDuring<T>(fixture: InProcessFixture, run: () => Promise<T>): Promise<{ result: T; requests: RecordedRequest[] }> {
  const from = fixture.azure.requests.length;
  return run().then((result) => ({ result, requests: fixture.azure.requests.slice(from) }));
}

/** "PATCH /subscriptions/…" lines of the requests that changed something (method, lower-case path). */
export const writesOf = (requests: RecordedRequest[]) =>
  requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD').map((r) => `${r.method} ${r.path.toLowerCase()}`);
