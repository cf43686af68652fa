// Issue 13: virtual networks, subnets and peerings through a real MCP client, the real Azure SDK and the
// emulated Azure in process: each tool, create-only creates (checked, then If-None-Match: *), prefixes checked
// before any write, in-use deletes that name their users, paging, 404s, and the long-running-operation
// behaviour (progress, no_wait, cancel, OPERATION_TIMEOUT).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpClient, PipelineRequest } from '@azure/core-rest-pipeline';
import { DEMO, NETWORK_DEMO as N, type RecordedRequest } from '../../src/emulator/index.js';
import { startInProcessFixture, type InProcessFixture } from '../helpers/in-process.js';
import { transcript, type RunningServer, type ToolCallResult } from '../helpers/server-process.js';

const SUB = DEMO.devSubscriptionId;
const NET = DEMO.resourceGroups.network;
const COMPUTE = DEMO.resourceGroups.compute;
const SPOKE = DEMO.vnets.spoke;
const vnetId = (rg: string, name: string) =>
  `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${name}`;
const serve = (fixture: InProcessFixture, extra: Record<string, string> = {}) =>
  fixture.server({ AZURE_SUBSCRIPTION_ID: SUB, AZOPS_CONFIRM: 'never', ...extra });

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** Every request the SDK sends, with its headers; `beforeSend` can act first (another client, say). */
function recorder() {
  const sent: Sent[] = [];
  const hooks: { beforeSend?: (request: PipelineRequest) => void } = {};
  const wrap = (inner: HttpClient): HttpClient => ({
    async sendRequest(request) {
      sent.push({ method: request.method, url: request.url, headers: request.headers.toJSON() });
      hooks.beforeSend?.(request);
      return inner.sendRequest(request);
    },
  });
  return { sent, hooks, wrap };
}

async function during<T>(fixture: InProcessFixture, run: () => Promise<T>): Promise<{ result: T; requests: RecordedRequest[] }> {
  const from = fixture.azure.requests.length;
  const result = await run();
  return { result, requests: fixture.azure.requests.slice(from).filter((r) => r.host.startsWith('management.azure.com')) };
}

const writes = (requests: RecordedRequest[]) => requests.filter((r) => r.method !== 'GET');
const items = (result: ToolCallResult) => result.structured.items as Record<string, unknown>[];
const ok = (result: ToolCallResult) => assert.equal(result.isError, false, result.text);

function storeVnet(fixture: InProcessFixture, rg: string, name: string) {
  return fixture.azure.state.resources.get(vnetId(rg, name));
}

function subnetsInStore(fixture: InProcessFixture, rg: string, name: string): Record<string, unknown> {
  const store = fixture.azure.state.resources;
  return Object.fromEntries(
    store.childrenOf(vnetId(rg, name), 'Microsoft.Network/virtualNetworks/subnets').map((s) => [s.name, s.doc.properties]),
  );
}

describe('virtual networks, subnets and peerings', () => {
  let fixture: InProcessFixture;
  let server: RunningServer;
  const wire = recorder();
  before(async () => {
    fixture = await startInProcessFixture({ demo: true, wrapHttpClient: wire.wrap });
    server = await serve(fixture);
  });
  after(async () => {
    await server?.close();
    fixture.assertNoLeaks();
    await fixture.close();
  });

  test('vnet_list: every network of the subscription with group, location, address space, subnet and peering counts', async () => {
    const result = await server.call('vnet_list');
    ok(result);
    const rows = Object.fromEntries(
      items(result).map((v) => [v.name, [v.resourceGroup, v.location, v.addressSpace, v.subnets, v.peerings]]),
    );
    assert.deepEqual(rows[SPOKE], [NET, 'eastus', ['10.1.0.0/16'], 4, 2]);
    assert.deepEqual(rows[N.partnerVnet], [NET, 'eastus', ['10.2.0.0/16', 'fd00:db8:2::/48'], 1, 0]);
    assert.deepEqual(rows[N.buildVnet], [COMPUTE, 'eastus', ['10.3.0.0/16'], 1, 0]);
    assert.ok(!('vnet-prod' in rows), 'the production subscription is not listed');
    assert.match(result.text, /- vnet-spoke \(resource group rg-network\): 10\.1\.0\.0\/16, eastus, 4 subnets, 2 peerings/);

    const inGroup = await server.call('vnet_list', { resource_group: COMPUTE });
    assert.deepEqual(
      items(inGroup)
        .map((v) => v.name)
        .sort(),
      [N.buildVnet, N.scratchVnet],
    );
    const limited = await server.call('vnet_list', { limit: 2 });
    assert.equal(limited.structured.shown, 2);
    assert.match(String(limited.structured.hint), /Showing 2 of \d+\. Raise limit .* or narrow with resource_group/);
  });

  test('vnet_show: address space, DNS, DDoS, each subnet with its attachments and addresses, each peering with state and sync', async () => {
    const result = await server.call('vnet_show', { name: SPOKE, resource_group: NET });
    ok(result);
    const data = result.structured as {
      addressSpace: string[];
      dnsServers: string[];
      ddosProtection: { enabled: boolean };
      subnets: Record<string, unknown>[];
      peerings: Record<string, unknown>[];
    };
    assert.deepEqual([data.addressSpace, data.dnsServers, data.ddosProtection.enabled], [['10.1.0.0/16'], [], false]);
    const subnet = (name: string) => data.subnets.find((s) => s.name === name)!;
    assert.deepEqual(
      [subnet('snet-web').networkSecurityGroup, subnet('snet-web').natGateway, subnet('snet-web').routeTable],
      [N.nsg, N.natGateway, null],
    );
    assert.deepEqual([subnet('snet-app').routeTable, subnet('snet-app').serviceEndpoints], [N.routeTable, ['Microsoft.Storage']]);
    // Two VM NICs and the two instances of the scale set take addresses in snet-app.
    assert.deepEqual(subnet('snet-app').addresses, { usable: 251, inUse: 4, free: 247 });
    assert.deepEqual(subnet('snet-endpoints').privateEndpoints, [N.privateEndpoint]);
    assert.deepEqual(
      [subnet('snet-appsvc').delegations, subnet('snet-appsvc').serviceAssociationLinks, subnet('snet-appsvc').addresses],
      [['Microsoft.Web/serverFarms'], ['AppServiceLink'], { usable: 59, inUse: 0, free: 59 }],
    );
    assert.deepEqual(
      data.peerings.map((p) => [p.remoteNetwork, p.state, p.syncLevel]),
      [
        [DEMO.vnets.hub, 'Connected', 'FullyInSync'],
        [N.partnerVnet, 'Disconnected', 'FullyInSync'],
      ],
    );
    assert.match(result.text, /- snet-app: 10\.1\.2\.0\/24; 4 of 251 addresses in use, 247 free; route table rt-spoke-egress/);
    assert.match(result.text, /DNS: Azure-provided\. DDoS protection: off\./);
  });

  test('404: a missing network or subnet is named, for reads, changes and lists alike', async () => {
    for (const [tool, args, what] of [
      ['vnet_show', { name: 'vnet-nowhere', resource_group: NET }, /vnet-nowhere/],
      ['vnet_subnet_show', { vnet_name: SPOKE, subnet_name: 'snet-nowhere', resource_group: NET }, /snet-nowhere/],
      ['vnet_subnet_list', { vnet_name: 'vnet-nowhere', resource_group: NET }, /vnet-nowhere/],
      ['vnet_peering_list', { vnet_name: 'vnet-nowhere', resource_group: NET }, /vnet-nowhere/],
      ['vnet_delete', { name: 'vnet-nowhere', resource_group: COMPUTE }, /vnet-nowhere/],
      ['vnet_subnet_delete', { vnet_name: N.scratchVnet, subnet_name: 'snet-nowhere', resource_group: COMPUTE }, /snet-nowhere/],
      [
        'vnet_subnet_create',
        { vnet_name: 'vnet-nowhere', subnet_name: 's', resource_group: NET, address_prefix: '10.0.0.0/24' },
        /vnet-nowhere/,
      ],
    ] as const) {
      const { result, requests } = await during(fixture, () => server.call(tool, args));
      assert.equal(result.isError, true, `${tool}: ${result.text}`);
      assert.match(result.text, /^Not found \(404/, tool);
      assert.match(result.text, what, tool);
      assert.deepEqual(writes(requests), [], `${tool} sent no change`);
    }
  });

  test('vnet_create: the default subnet is the first /24, the location the group’s, and the PUT is create-only (If-None-Match: *)', async () => {
    const from = wire.sent.length;
    const result = await server.call('vnet_create', { name: 'vnet-t1', resource_group: COMPUTE, address_prefix: '10.70.0.0/16' });
    ok(result);
    assert.deepEqual(
      [result.structured.outcome, result.structured.location, result.structured.defaultSubnet],
      ['succeeded', 'eastus', { name: 'default', addressPrefixes: ['10.70.0.0/24'] }],
    );
    assert.deepEqual(subnetsInStore(fixture, COMPUTE, 'vnet-t1')['default'], { addressPrefix: '10.70.0.0/24' });
    const put = wire.sent.slice(from).find((r) => r.method === 'PUT' && r.url.includes('/virtualNetworks/vnet-t1?'));
    assert.equal(put?.headers['if-none-match'], '*');
    assert.match(result.text, /vnet-t1 in rg-compute \(eastus\): address space 10\.70\.0\.0\/16, subnet default 10\.70\.0\.0\/24/);
  });

  test('vnet_create: a space smaller than /24 is the default subnet itself; dual stack gets an IPv6 /64 as well', async () => {
    const small = await server.call('vnet_create', {
      name: 'vnet-t2',
      resource_group: COMPUTE,
      address_prefix: '10.71.0.128/25',
      location: 'WestEurope',
    });
    ok(small);
    assert.deepEqual(subnetsInStore(fixture, COMPUTE, 'vnet-t2')['default'], { addressPrefix: '10.71.0.128/25' });
    assert.equal(storeVnet(fixture, COMPUTE, 'vnet-t2')?.location, 'westeurope');
    const dual = await server.call('vnet_create', {
      name: 'vnet-t3',
      resource_group: COMPUTE,
      address_prefix: '10.72.0.0/16, fd00:db8:72::/48',
    });
    ok(dual);
    assert.deepEqual(subnetsInStore(fixture, COMPUTE, 'vnet-t3')['default'], { addressPrefixes: ['10.72.0.0/24', 'fd00:db8:72::/64'] });
  });

  test('vnet_create: bad prefixes are refused before any request', async () => {
    for (const [prefix, why] of [
      ['10.73.0.5/16', /host bits set: the network with that prefix length is 10\.73\.0\.0\/16/],
      ['10.73.0.0', /not an address prefix in CIDR notation/],
      ['10.73.0.0/30', /smallest IPv4 subnet is a \/29/],
      ['fd00:db8::/48', /needs an IPv4 address prefix/],
      ['10.73.0.0/16,10.73.128.0/17', /overlap/],
    ] as const) {
      const { result, requests } = await during(fixture, () =>
        server.call('vnet_create', { name: 'vnet-bad', resource_group: COMPUTE, address_prefix: prefix }),
      );
      assert.equal(result.isError, true, prefix);
      assert.match(result.text, why, prefix);
      assert.deepEqual(requests, [], `${prefix}: no request`);
    }
  });

  test('vnet_create of an existing name says so and changes nothing: no PUT is sent', async () => {
    const before = JSON.stringify(subnetsInStore(fixture, NET, DEMO.vnets.hub));
    const { result, requests } = await during(fixture, () =>
      server.call('vnet_create', { name: DEMO.vnets.hub, resource_group: NET, address_prefix: '10.99.0.0/16' }),
    );
    assert.equal(result.isError, true);
    assert.match(
      result.text,
      /A virtual network named vnet-hub already exists in rg-network \(address space 10\.0\.0\.0\/16, 3 subnets, eastus\)\. Nothing was changed/,
    );
    assert.deepEqual(writes(requests), []);
    assert.equal(JSON.stringify(subnetsInStore(fixture, NET, DEMO.vnets.hub)), before);
  });

  test('vnet_create when another client creates the name between the check and the PUT: Azure’s 412 keeps theirs intact', async () => {
    const store = fixture.azure.state.resources;
    wire.hooks.beforeSend = (request) => {
      if (request.method !== 'PUT' || !request.url.includes('/virtualNetworks/vnet-race?')) return;
      const written = store.writeResource({
        path: {
          subscriptionId: SUB,
          resourceGroup: COMPUTE,
          namespace: 'Microsoft.Network',
          chain: [{ type: 'virtualNetworks', name: 'vnet-race' }],
        },
        body: {
          location: 'eastus',
          properties: {
            addressSpace: { addressPrefixes: ['10.80.0.0/16'] },
            subnets: [{ name: 'theirs', properties: { addressPrefix: '10.80.5.0/24' } }],
          },
        },
        actor: { name: 'someone-else', type: 'User', objectId: '00000000-0000-0000-0000-0000000000ee', tenantId: DEMO.tenantId },
        mode: 'put',
      });
      assert.ok(!('code' in written));
    };
    try {
      const result = await server.call('vnet_create', { name: 'vnet-race', resource_group: COMPUTE, address_prefix: '10.81.0.0/16' });
      assert.equal(result.isError, true, result.text);
      assert.match(result.text, /vnet-race already exists in rg-compute\. Nothing was changed/);
    } finally {
      wire.hooks.beforeSend = undefined;
    }
    assert.deepEqual(Object.keys(subnetsInStore(fixture, COMPUTE, 'vnet-race')), ['theirs']);
    assert.deepEqual(storeVnet(fixture, COMPUTE, 'vnet-race')?.doc.properties['addressSpace'], { addressPrefixes: ['10.80.0.0/16'] });
  });

  test('vnet_subnet_list and vnet_subnet_show: prefixes, attachments, users', async () => {
    const list = await server.call('vnet_subnet_list', { vnet_name: SPOKE, resource_group: NET });
    ok(list);
    assert.deepEqual(
      items(list).map((s) => s.name),
      ['snet-web', 'snet-app', 'snet-endpoints', 'snet-appsvc'],
    );
    assert.match(
      list.text,
      /- snet-endpoints: 10\.1\.3\.0\/24; 1 of 251 addresses in use, 250 free; private endpoints pe-azopsdemodata-blob/,
    );
    const limited = await server.call('vnet_subnet_list', { vnet_name: SPOKE, resource_group: NET, limit: 1 });
    assert.match(String(limited.structured.hint), /Showing 1 of 4/);

    const show = await server.call('vnet_subnet_show', { vnet_name: SPOKE, subnet_name: 'snet-app', resource_group: NET });
    ok(show);
    const ids = show.structured.ipConfigurations as string[];
    assert.equal(ids.length, 4);
    assert.ok(
      ids.some((id) => id.endsWith(`/networkInterfaces/nic-${DEMO.vms.stopped}/ipConfigurations/ipconfig1`)),
      ids.join(),
    );
    assert.ok(
      ids.some((id) => id.includes(`/virtualMachineScaleSets/${DEMO.vmss}/virtualMachines/1/networkInterfaces/`)),
      ids.join(),
    );
    const dual = await server.call('vnet_subnet_show', { vnet_name: N.partnerVnet, subnet_name: 'snet-partner', resource_group: NET });
    assert.deepEqual(dual.structured.addressPrefixes, ['10.2.1.0/24', 'fd00:db8:2:1::/64']);
  });

  test('vnet_subnet_create: a free prefix is created, create-only', async () => {
    const from = wire.sent.length;
    const result = await server.call('vnet_subnet_create', {
      vnet_name: SPOKE,
      subnet_name: 'snet-data',
      resource_group: NET,
      address_prefix: '10.1.5.0/24',
    });
    ok(result);
    assert.equal(result.structured.outcome, 'succeeded');
    assert.deepEqual(subnetsInStore(fixture, NET, SPOKE)['snet-data'], { addressPrefix: '10.1.5.0/24' });
    const put = wire.sent.slice(from).find((r) => r.method === 'PUT' && r.url.includes('/subnets/snet-data?'));
    assert.equal(put?.headers['if-none-match'], '*');
  });

  test('vnet_subnet_create: overlap, outside the space and too small are refused with no request that changes anything', async () => {
    for (const [prefix, why] of [
      [
        '10.1.2.128/25',
        /10\.1\.2\.128\/25 overlaps subnet snet-app \(10\.1\.2\.0\/24\) in vnet-spoke\. The first free \/25 in the network is 10\.1\.0\.0\/25\./,
      ],
      ['10.1.0.0/16', /overlaps subnet snet-web \(10\.1\.1\.0\/24\)/],
      [
        '10.9.0.0/24',
        /10\.9\.0\.0\/24 lies outside the address space of vnet-spoke \(10\.1\.0\.0\/16\)\. The first free \/24 in the network is 10\.1\.0\.0\/24\./,
      ],
      ['10.1.6.0/30', /smallest IPv4 subnet is a \/29/],
      ['10.1.6.0/24,10.1.7.0/24', /one IPv4 prefix and, for dual stack, one IPv6 prefix/],
    ] as const) {
      const { result, requests } = await during(fixture, () =>
        server.call('vnet_subnet_create', { vnet_name: SPOKE, subnet_name: 'snet-new', resource_group: NET, address_prefix: prefix }),
      );
      assert.equal(result.isError, true, prefix);
      assert.match(result.text, why, prefix);
      assert.deepEqual(writes(requests), [], `${prefix}: nothing sent but reads`);
    }
    assert.equal(subnetsInStore(fixture, NET, SPOKE)['snet-new'], undefined);
  });

  test('vnet_subnet_create of an existing subnet refuses: it keeps its NSG and NAT gateway', async () => {
    const { result, requests } = await during(fixture, () =>
      server.call('vnet_subnet_create', { vnet_name: SPOKE, subnet_name: 'snet-web', resource_group: NET, address_prefix: '10.1.9.0/24' }),
    );
    assert.equal(result.isError, true);
    assert.match(
      result.text,
      /Subnet snet-web already exists in vnet-spoke \(snet-web: 10\.1\.1\.0\/24;.*NSG nsg-web.*\)\. Nothing was changed/,
    );
    assert.deepEqual(writes(requests), []);
    const web = subnetsInStore(fixture, NET, SPOKE)['snet-web'] as Record<string, unknown>;
    assert.ok(web['networkSecurityGroup'] && web['natGateway'] && web['addressPrefix'] === '10.1.1.0/24');
  });

  test('vnet_subnet_create in a dual-stack network: an IPv4 + IPv6 /64 pair works; IPv6 overlap and size are checked too', async () => {
    const created = await server.call('vnet_subnet_create', {
      vnet_name: N.partnerVnet,
      subnet_name: 'snet-partner2',
      resource_group: NET,
      address_prefix: '10.2.2.0/24,fd00:db8:2:2::/64',
    });
    ok(created);
    assert.deepEqual(subnetsInStore(fixture, NET, N.partnerVnet)['snet-partner2'], {
      addressPrefixes: ['10.2.2.0/24', 'fd00:db8:2:2::/64'],
    });
    const overlap = await server.call('vnet_subnet_create', {
      vnet_name: N.partnerVnet,
      subnet_name: 'snet-partner3',
      resource_group: NET,
      address_prefix: '10.2.3.0/24,fd00:db8:2:1::/64',
    });
    assert.match(
      overlap.text,
      /fd00:db8:2:1::\/64 overlaps subnet snet-partner \(fd00:db8:2:1::\/64\) in vnet-partner\. The first free \/64 in the network is fd00:db8:2::\/64\./,
    );
    const wide = await server.call('vnet_subnet_create', {
      vnet_name: N.partnerVnet,
      subnet_name: 'snet-partner3',
      resource_group: NET,
      address_prefix: '10.2.3.0/24,fd00:db8:2:100::/56',
    });
    assert.match(wide.text, /IPv6 subnets are exactly \/64/);
  });

  test('vnet_subnet_delete and vnet_delete of networks nothing uses', async () => {
    const subnet = await server.call('vnet_subnet_delete', {
      vnet_name: N.scratchVnet,
      subnet_name: N.scratchSubnet,
      resource_group: COMPUTE,
    });
    ok(subnet);
    assert.equal(subnet.structured.outcome, 'succeeded');
    assert.equal(subnetsInStore(fixture, COMPUTE, N.scratchVnet)[N.scratchSubnet], undefined);
    const vnet = await server.call('vnet_delete', { name: N.scratchVnet, resource_group: COMPUTE });
    ok(vnet);
    assert.deepEqual(vnet.structured.subnetsRemoved, ['default']);
    assert.equal(storeVnet(fixture, COMPUTE, N.scratchVnet), undefined);
  });

  test('deleting an in-use subnet or its network names the NIC that uses it, and nothing is deleted', async () => {
    const subnet = await server.call('vnet_subnet_delete', { vnet_name: N.buildVnet, subnet_name: N.buildSubnet, resource_group: COMPUTE });
    assert.equal(subnet.isError, true);
    assert.match(
      subnet.text,
      /Azure refused to delete subnet snet-agents of vnet-build: a subnet is in use \(InUseSubnetCannotBeDeleted\)\. Nothing was deleted\./,
    );
    assert.match(
      subnet.text,
      /- subnet snet-agents: NIC nic-build-agent \(resource group rg-compute\), attached to no VM \(delete the NIC\)/,
    );
    const vnet = await server.call('vnet_delete', { name: N.buildVnet, resource_group: COMPUTE });
    assert.equal(vnet.isError, true);
    assert.match(vnet.text, /virtual network vnet-build: .*\n.*\n- subnet snet-agents: NIC nic-build-agent/);
    assert.ok(subnetsInStore(fixture, COMPUTE, N.buildVnet)[N.buildSubnet], 'the subnet is still there');
  });

  test('in use by VMs, a scale set, a private endpoint and App Service: each user is named (the group lock lifted)', async () => {
    const locks = fixture.azure.state.resources.locks;
    const lock = locks.all().find((l) => l.scope.toLowerCase() === `/subscriptions/${SUB}/resourcegroups/${NET}`.toLowerCase())!;
    const locked = await server.call('vnet_delete', { name: SPOKE, resource_group: NET });
    assert.match(locked.text, /ScopeLocked/);
    locks.remove(lock.scope, lock.name);
    try {
      const result = await server.call('vnet_delete', { name: SPOKE, resource_group: NET });
      assert.equal(result.isError, true);
      assert.match(
        result.text,
        new RegExp(`- subnet snet-web: NIC nic-${DEMO.vms.running} \\(resource group rg-compute\\) of VM ${DEMO.vms.running}`),
      );
      assert.match(
        result.text,
        new RegExp(
          `- subnet snet-app: .*NIC nic-${DEMO.vms.stopped} .* of VM ${DEMO.vms.stopped}.*instance 0 of VM scale set ${DEMO.vmss}`,
        ),
      );
      assert.match(
        result.text,
        /- subnet snet-endpoints: private endpoint pe-azopsdemodata-blob \(its NIC pe-azopsdemodata-blob\.nic\.[^)]*\); delete the private endpoint\)/,
      );
      assert.match(
        result.text,
        /- subnet snet-appsvc: service association link AppServiceLink held by Microsoft\.Web\/serverfarms plan-web-dev .*; the subnet is delegated to Microsoft\.Web\/serverFarms/,
      );
      assert.ok(storeVnet(fixture, NET, SPOKE), 'nothing was deleted');
    } finally {
      locks.put(lock);
    }
  });

  test('vnet_peering_list: state, sync level, traffic settings, remote address space, and what to do when not Connected', async () => {
    const result = await server.call('vnet_peering_list', { vnet_name: SPOKE, resource_group: NET });
    ok(result);
    const rows = items(result);
    assert.deepEqual(
      rows.map((p) => [p.remoteNetwork, p.state, p.syncLevel, p.allowForwardedTraffic, p.allowGatewayTransit, p.remoteAddressSpace]),
      [
        [DEMO.vnets.hub, 'Connected', 'FullyInSync', true, false, ['10.0.0.0/16']],
        [N.partnerVnet, 'Disconnected', 'FullyInSync', false, false, ['10.2.0.0/16', 'fd00:db8:2::/48']],
      ],
    );
    assert.equal(rows[0]!.advice, null);
    assert.match(
      String(rows[1]!.advice),
      /peering from vnet-partner back to vnet-spoke was deleted: delete this peering and create it again on both sides/,
    );
    assert.match(result.text, /Disconnected, FullyInSync; no forwarded traffic, no gateway transit\. To do: /);

    // One side only: Initiated, and the other side is what is missing.
    const store = fixture.azure.state.resources;
    const written = store.writeResource({
      path: {
        subscriptionId: SUB,
        resourceGroup: NET,
        namespace: 'Microsoft.Network',
        chain: [
          { type: 'virtualNetworks', name: N.partnerVnet },
          { type: 'virtualNetworkPeerings', name: 'to-hub' },
        ],
      },
      body: { properties: { remoteVirtualNetwork: { id: vnetId(NET, DEMO.vnets.hub) } } },
      actor: { name: 't', type: 'User', objectId: '00000000-0000-0000-0000-0000000000ef', tenantId: DEMO.tenantId },
      mode: 'put',
    });
    assert.ok(!('code' in written));
    const partner = await server.call('vnet_peering_list', { vnet_name: N.partnerVnet, resource_group: NET });
    assert.equal(items(partner)[0]!.state, 'Initiated');
    assert.match(String(items(partner)[0]!.advice), /create the peering from vnet-hub back to vnet-partner/);

    const none = await server.call('vnet_peering_list', { vnet_name: N.buildVnet, resource_group: COMPUTE });
    assert.equal(none.text, 'No peerings of vnet-build (resource group rg-compute).');
  });

  test('annotations: creates are additive, deletes destructive, the rest read-only; creates and deletes take no_wait', async () => {
    const { tools } = await server.client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    for (const name of ['vnet_list', 'vnet_show', 'vnet_subnet_list', 'vnet_subnet_show', 'vnet_peering_list'])
      assert.equal(byName.get(name)?.annotations?.readOnlyHint, true, name);
    for (const name of ['vnet_create', 'vnet_subnet_create']) {
      assert.deepEqual([byName.get(name)?.annotations?.readOnlyHint, byName.get(name)?.annotations?.destructiveHint], [false, false], name);
    }
    for (const name of ['vnet_delete', 'vnet_subnet_delete']) assert.equal(byName.get(name)?.annotations?.destructiveHint, true, name);
    for (const name of ['vnet_create', 'vnet_subnet_create', 'vnet_delete', 'vnet_subnet_delete'])
      assert.ok('no_wait' in ((byName.get(name)?.inputSchema.properties ?? {}) as object), name);
    const create = byName.get('vnet_create')?.inputSchema.properties as Record<string, { default?: unknown }>;
    assert.equal(create['address_prefix']?.default, '10.0.0.0/16');
  });
});

describe('network lists across pages', () => {
  let fixture: InProcessFixture;
  let server: RunningServer;
  before(async () => {
    fixture = await startInProcessFixture({ demo: true, pageSize: 1 });
    server = await serve(fixture);
  });
  after(async () => {
    await server?.close();
    await fixture.close();
  });

  test('pageSize 1: every network, subnet and peering comes back, following nextLink', async () => {
    const { result: vnets, requests } = await during(fixture, () => server.call('vnet_list'));
    assert.equal(vnets.structured.total, 5);
    assert.ok(
      requests.filter((r) => /\/providers\/Microsoft\.Network\/virtualNetworks$/i.test(r.path)).length >= 5,
      'one request per page',
    );
    const subnets = await server.call('vnet_subnet_list', { vnet_name: SPOKE, resource_group: NET });
    assert.deepEqual(
      items(subnets).map((s) => s.name),
      ['snet-web', 'snet-app', 'snet-endpoints', 'snet-appsvc'],
    );
    const peerings = await server.call('vnet_peering_list', { vnet_name: SPOKE, resource_group: NET });
    assert.equal(peerings.structured.total, 2);
  });
});

describe('network long-running operations: progress, no_wait, cancel, OPERATION_TIMEOUT', () => {
  const LRO_MS = 2500;
  let fixture: InProcessFixture;
  let server: RunningServer;
  before(async () => {
    fixture = await startInProcessFixture({ demo: true, lroDurationMs: LRO_MS, lroRetryAfterSeconds: 1 });
    server = await serve(fixture);
    ok(await server.call('vnet_list', { resource_group: COMPUTE }));
  });
  after(async () => {
    await server?.close();
    fixture.assertNoLeaks();
    await fixture.close();
  });

  test('progress: vnet_delete reports while it waits, then done', async () => {
    const seen: string[] = [];
    const result = await server.client.callTool(
      { name: 'vnet_delete', arguments: { name: N.scratchVnet, resource_group: COMPUTE } },
      { onprogress: (p) => seen.push(p.message ?? ''), resetTimeoutOnProgress: true },
    );
    transcript.push(JSON.stringify(result));
    assert.notEqual(result.isError, true, JSON.stringify(result));
    assert.equal((result.structuredContent as Record<string, unknown>)['outcome'], 'succeeded');
    assert.ok(seen.length >= 2, JSON.stringify(seen));
    for (const message of seen) assert.match(message, /^Deleting virtual network vnet-scratch: /);
    assert.ok(
      seen.some((m) => /still running after \d+s$/.test(m)),
      JSON.stringify(seen),
    );
  });

  test('no_wait: vnet_create returns at once with outcome accepted; the network appears when Azure finishes', async () => {
    const started = Date.now();
    const result = await server.call('vnet_create', {
      name: 'vnet-nowait',
      resource_group: COMPUTE,
      address_prefix: '10.85.0.0/16',
      no_wait: true,
    });
    ok(result);
    assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
    assert.equal(result.structured.outcome, 'accepted');
    assert.match(result.text, /accepted by Azure \(no_wait\)\. Check progress with vnet_show name=vnet-nowait resource_group=rg-compute/);
    assert.equal(storeVnet(fixture, COMPUTE, 'vnet-nowait')?.provisioningState, 'Creating');
  });

  test('cancel: aborting vnet_subnet_create stops the waiting at once; the subnet is still created in Azure', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const call = server.client.callTool(
      {
        name: 'vnet_subnet_create',
        arguments: { vnet_name: N.buildVnet, subnet_name: 'snet-cancel', resource_group: COMPUTE, address_prefix: '10.3.9.0/24' },
      },
      { signal: controller.signal, onprogress: () => controller.abort() },
    );
    await assert.rejects(call, (error: Error) => /abort/i.test(`${error.name} ${error.message}`));
    assert.ok(Date.now() - started < 1500, `gave up after ${Date.now() - started} ms`);
    await sleep(LRO_MS + 200);
    fixture.azure.state.resources.settle();
    const subnet = fixture.azure.state.resources.get(`${vnetId(COMPUTE, N.buildVnet)}/subnets/snet-cancel`);
    assert.equal(subnet?.provisioningState, 'Succeeded');
  });

  test('OPERATION_TIMEOUT: past it vnet_subnet_delete returns still_running with how to check', async () => {
    const limited = await serve(fixture, { OPERATION_TIMEOUT: '1' });
    try {
      const result = await limited.call('vnet_subnet_delete', {
        vnet_name: N.buildVnet,
        subnet_name: 'snet-cancel',
        resource_group: COMPUTE,
      });
      ok(result);
      assert.equal(result.structured.outcome, 'still_running');
      assert.match(
        result.text,
        /still running after 1s \(OPERATION_TIMEOUT\)\. It goes on in Azure; check with vnet_subnet_list vnet_name=vnet-build resource_group=rg-compute/,
      );
    } finally {
      await limited.close();
    }
  });
});
