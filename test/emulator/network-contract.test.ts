// The emulated network provider holds to Azure's contract for what the network tools use: subnet prefixes
// checked as Azure checks them (its codes and words), in-use subnets and networks refused a delete naming
// the user, create-only PUTs (If-None-Match: *), private endpoints with their NIC, and peering state and
// sync level from both sides.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EmulatedAzure } from '../../src/emulator/index.js';
import { servicePrincipalToken } from './support.js';
import { arm, insert, pollUntilDone, SEEDER, SUB, type Reply } from './arm-support.js';

const API = 'api-version=2026-01-01';
const RG = 'rg-net';
const group = `/subscriptions/${SUB}/resourceGroups/${RG}`;
const vnetPath = (name: string) => `${group}/providers/Microsoft.Network/virtualNetworks/${name}`;
const subnetPath = (vnet: string, name: string) => `${vnetPath(vnet)}/subnets/${name}`;

let azure: EmulatedAzure;
let token: string;
const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
  arm(azure, token, method, `${path}?${API}`, body, headers);

function network(name: string, space: string[], subnets: [string, string | string[]][] = []): void {
  insert(azure, RG, 'Microsoft.Network', [['virtualNetworks', name]], {
    location: 'eastus',
    properties: {
      addressSpace: { addressPrefixes: space },
      subnets: subnets.map(([subnet, prefix]) => ({
        name: subnet,
        properties: Array.isArray(prefix) ? { addressPrefixes: prefix } : { addressPrefix: prefix },
      })),
    },
  });
}

function nic(name: string, subnetId: string): void {
  insert(azure, RG, 'Microsoft.Network', [['networkInterfaces', name]], {
    location: 'eastus',
    properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: subnetId } } }] },
  });
}

function assertError(reply: Reply, status: number, code: string, message: RegExp): void {
  assert.equal(reply.status, status, reply.text);
  const error = reply.json['error'] as { code: string; message: string };
  assert.equal(error.code, code);
  assert.match(error.message, message);
}

before(async () => {
  azure = new EmulatedAzure();
  token = await servicePrincipalToken(azure);
  network('vnet-a', ['10.0.0.0/16'], [['snet-1', '10.0.1.0/24']]);
  network('vnet-ds', ['10.5.0.0/16', 'fd00:db8:5::/48'], [['snet-ds', ['10.5.1.0/24', 'fd00:db8:5:1::/64']]]);
});

describe('subnet prefixes, checked as Azure checks them', () => {
  const put = (vnet: string, name: string, properties: Record<string, unknown>) => call('PUT', subnetPath(vnet, name), { properties });

  test('not CIDR notation: InvalidAddressPrefixFormat naming the prefix and the subnet', async () => {
    assertError(
      await put('vnet-a', 'bad', { addressPrefix: '10.0.2.0' }),
      400,
      'InvalidAddressPrefixFormat',
      /Address prefix 10\.0\.2\.0 of resource .*\/subnets\/bad is not formatted correctly/,
    );
    assertError(await put('vnet-a', 'bad', { addressPrefix: '10.0.300.0/24' }), 400, 'InvalidAddressPrefixFormat', /10\.0\.300\.0\/24/);
  });

  test('host bits set: InvalidCIDRNotation with the network Azure expected', async () => {
    assertError(await put('vnet-a', 'bad', { addressPrefix: '10.0.2.7/24' }), 400, 'InvalidCIDRNotation', /should be 10\.0\.2\.0\/24\.$/);
    assertError(
      await put('vnet-ds', 'bad', { addressPrefixes: ['10.5.2.0/24', 'fd00:db8:5:2::1/64'] }),
      400,
      'InvalidCIDRNotation',
      /should be fd00:db8:5:2::\/64\./,
    );
  });

  test("outside the network's address space: NetcfgSubnetRangeOutsideVnet", async () => {
    assertError(
      await put('vnet-a', 'out', { addressPrefix: '10.1.0.0/24' }),
      400,
      'NetcfgSubnetRangeOutsideVnet',
      /Subnet 'out' is not valid because its IP address range is outside .* virtual network 'vnet-a'/,
    );
    // A /15 that starts inside the /16 still reaches outside it.
    assertError(await put('vnet-a', 'out', { addressPrefix: '10.0.0.0/15' }), 400, 'NetcfgSubnetRangeOutsideVnet', /vnet-a/);
    assertError(await put('vnet-a', 'v6', { addressPrefix: 'fd00:db8:5:2::/64' }), 400, 'NetcfgSubnetRangeOutsideVnet', /vnet-a/);
  });

  test('overlapping a sibling: NetcfgSubnetRangesOverlap, for IPv4 and IPv6, and nothing is written', async () => {
    assertError(
      await put('vnet-a', 'wide', { addressPrefix: '10.0.0.0/23' }),
      400,
      'NetcfgSubnetRangesOverlap',
      /Subnet 'wide' is not valid because its IP address range overlaps with that of an existing subnet in virtual network 'vnet-a'/,
    );
    assertError(
      await put('vnet-ds', 'v6', { addressPrefixes: ['10.5.2.0/24', 'fd00:db8:5:1::/64'] }),
      400,
      'NetcfgSubnetRangesOverlap',
      /vnet-ds/,
    );
    assert.equal((await call('GET', subnetPath('vnet-a', 'wide'))).status, 404);
  });

  test('a valid dual-stack subnet is created; writing a subnet over itself is no overlap', async () => {
    const created = await put('vnet-ds', 'snet-ds2', { addressPrefixes: ['10.5.2.0/24', 'fd00:db8:5:2::/64'] });
    assert.equal(created.status, 201, created.text);
    await pollUntilDone(azure, token, created);
    const again = await put('vnet-a', 'snet-1', { addressPrefix: '10.0.1.0/24' });
    assert.equal(again.status, 200, again.text);
    await pollUntilDone(azure, token, again);
  });

  test('a network PUT checks the subnets it lists against its address space and each other', async () => {
    const body = (subnets: [string, string][]) => ({
      location: 'eastus',
      properties: {
        addressSpace: { addressPrefixes: ['10.9.0.0/16'] },
        subnets: subnets.map(([name, addressPrefix]) => ({ name, properties: { addressPrefix } })),
      },
    });
    assertError(
      await call(
        'PUT',
        vnetPath('vnet-new'),
        body([
          ['a', '10.9.0.0/24'],
          ['b', '10.9.0.128/25'],
        ]),
      ),
      400,
      'NetcfgSubnetRangesOverlap',
      /Subnet 'b'/,
    );
    assertError(await call('PUT', vnetPath('vnet-new'), body([['a', '10.8.0.0/24']])), 400, 'NetcfgSubnetRangeOutsideVnet', /Subnet 'a'/);
    assert.equal((await call('GET', vnetPath('vnet-new'))).status, 404, 'a refused create leaves nothing behind');
  });
});

describe('in-use subnets', () => {
  before(() => {
    network(
      'vnet-used',
      ['10.20.0.0/16'],
      [
        ['snet-nic', '10.20.1.0/24'],
        ['snet-free', '10.20.2.0/24'],
      ],
    );
    nic('nic-used', `${subnetPath('vnet-used', 'snet-nic')}`);
  });

  test('the subnet names the IP configurations that use it', async () => {
    const subnet = await call('GET', subnetPath('vnet-used', 'snet-nic'));
    const configs = (subnet.json['properties'] as { ipConfigurations: { id: string }[] }).ipConfigurations;
    assert.deepEqual(
      configs.map((c) => c.id),
      [`${group}/providers/Microsoft.Network/networkInterfaces/nic-used/ipConfigurations/ipconfig1`],
    );
  });

  test('deleting an in-use subnet: 400 InUseSubnetCannotBeDeleted naming the NIC, and the subnet stays', async () => {
    const reply = await call('DELETE', subnetPath('vnet-used', 'snet-nic'));
    assertError(
      reply,
      400,
      'InUseSubnetCannotBeDeleted',
      /^Subnet snet-nic is in use by \/subscriptions\/.*\/networkInterfaces\/nic-used\/ipConfigurations\/ipconfig1 and cannot be deleted\. .*aka\.ms\/deletesubnet\.$/,
    );
    assert.equal((await call('GET', subnetPath('vnet-used', 'snet-nic'))).status, 200);
  });

  test('deleting the network refuses the same way; an unused subnet deletes', async () => {
    assertError(await call('DELETE', vnetPath('vnet-used')), 400, 'InUseSubnetCannotBeDeleted', /nic-used/);
    const deleted = await call('DELETE', subnetPath('vnet-used', 'snet-free'));
    assert.equal(deleted.status, 202, deleted.text);
    await pollUntilDone(azure, token, deleted);
    assert.equal((await call('GET', subnetPath('vnet-used', 'snet-free'))).status, 404);
  });

  test('a network PUT that leaves out an in-use subnet is refused (it would delete it)', async () => {
    const reply = await call('PUT', vnetPath('vnet-used'), {
      location: 'eastus',
      properties: {
        addressSpace: { addressPrefixes: ['10.20.0.0/16'] },
        subnets: [{ name: 'default', properties: { addressPrefix: '10.20.9.0/24' } }],
      },
    });
    assertError(reply, 400, 'InUseSubnetCannotBeDeleted', /Subnet snet-nic is in use by .*nic-used/);
    assert.equal((await call('GET', subnetPath('vnet-used', 'snet-nic'))).status, 200);
  });

  test("a private endpoint gets a NIC in its subnet, which the subnet lists and which blocks the subnet's delete", async () => {
    network('vnet-pe', ['10.30.0.0/16'], [['snet-pe', '10.30.1.0/24']]);
    const created = await call('PUT', `${group}/providers/Microsoft.Network/privateEndpoints/pe-1`, {
      location: 'eastus',
      properties: {
        subnet: { id: subnetPath('vnet-pe', 'snet-pe') },
        privateLinkServiceConnections: [
          { name: 'c', properties: { privateLinkServiceId: `${group}/providers/Microsoft.Storage/storageAccounts/x`, groupIds: ['blob'] } },
        ],
      },
    });
    assert.equal(created.status, 201, created.text);
    await pollUntilDone(azure, token, created);
    const subnet = (await call('GET', subnetPath('vnet-pe', 'snet-pe'))).json['properties'] as Record<string, { id: string }[]>;
    assert.deepEqual(
      subnet['privateEndpoints']!.map((e) => e.id),
      [`${group}/providers/Microsoft.Network/privateEndpoints/pe-1`],
    );
    assert.match(
      subnet['ipConfigurations']![0]!.id,
      /\/networkInterfaces\/pe-1\.nic\.[0-9a-f-]{36}\/ipConfigurations\/privateEndpointIpConfig\./,
    );
    assertError(await call('DELETE', subnetPath('vnet-pe', 'snet-pe')), 400, 'InUseSubnetCannotBeDeleted', /pe-1\.nic\./);
  });

  test('a service association link keeps the subnet in use and needs its delegation', async () => {
    const linkId = `${subnetPath('vnet-sal', 'snet-app')}/serviceAssociationLinks/AppServiceLink`;
    insert(azure, RG, 'Microsoft.Network', [['virtualNetworks', 'vnet-sal']], {
      location: 'eastus',
      properties: {
        addressSpace: { addressPrefixes: ['10.40.0.0/16'] },
        subnets: [
          {
            name: 'snet-app',
            properties: {
              addressPrefix: '10.40.1.0/26',
              delegations: [{ name: 'd', properties: { serviceName: 'Microsoft.Web/serverFarms' } }],
              serviceAssociationLinks: [
                {
                  name: 'AppServiceLink',
                  id: linkId,
                  properties: {
                    linkedResourceType: 'Microsoft.Web/serverfarms',
                    link: `${group}/providers/Microsoft.Web/serverfarms/plan`,
                  },
                },
              ],
            },
          },
        ],
      },
    });
    assertError(
      await call('DELETE', subnetPath('vnet-sal', 'snet-app')),
      400,
      'InUseSubnetCannotBeDeleted',
      new RegExp(`in use by ${linkId.replace(/[/.]/g, '\\$&')} and`),
    );
    // A PUT without the delegation would orphan the link; the link itself survives any PUT.
    assertError(
      await call('PUT', subnetPath('vnet-sal', 'snet-app'), { properties: { addressPrefix: '10.40.1.0/26' } }),
      400,
      'SubnetMissingRequiredDelegation',
      /\[Microsoft\.Web\/serverfarms\] to reference service association link .*AppServiceLink/,
    );
  });
});

describe('create only: If-None-Match: *', () => {
  test('a PUT with If-None-Match: * on an existing network is 412 PreconditionFailed, starts nothing and changes nothing', async () => {
    network('vnet-keep', ['10.50.0.0/16'], [['keep', '10.50.1.0/24']]);
    const operationsBefore = azure.state.resources.operations.running(`${vnetPath('vnet-keep')}`);
    const reply = await call(
      'PUT',
      vnetPath('vnet-keep'),
      {
        location: 'eastus',
        properties: {
          addressSpace: { addressPrefixes: ['10.50.0.0/16'] },
          subnets: [{ name: 'default', properties: { addressPrefix: '10.50.0.0/24' } }],
        },
      },
      { 'if-none-match': '*' },
    );
    assertError(reply, 412, 'PreconditionFailed', /already exists/);
    assert.equal(reply.headers['azure-asyncoperation'], undefined);
    assert.equal(azure.state.resources.operations.running(vnetPath('vnet-keep')), operationsBefore);
    const subnets = ((await call('GET', vnetPath('vnet-keep'))).json['properties'] as { subnets: { name: string }[] }).subnets;
    assert.deepEqual(
      subnets.map((s) => s.name),
      ['keep'],
    );
  });

  test('the same PUT creates a network that does not exist yet', async () => {
    const reply = await call(
      'PUT',
      vnetPath('vnet-fresh'),
      { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.51.0.0/16'] } } },
      { 'if-none-match': '*' },
    );
    assert.equal(reply.status, 201, reply.text);
    await pollUntilDone(azure, token, reply);
  });
});

describe('peerings: state and sync level from both sides', () => {
  const peer = (from: string, to: string) =>
    insert(
      azure,
      RG,
      'Microsoft.Network',
      [
        ['virtualNetworks', from],
        ['virtualNetworkPeerings', `to-${to}`],
      ],
      {
        properties: { remoteVirtualNetwork: { id: vnetPath(to) } },
      },
    );
  const state = async (vnet: string, to: string) => {
    const p = (await call('GET', `${vnetPath(vnet)}/virtualNetworkPeerings/to-${to}`)).json['properties'] as Record<string, string>;
    return [p['peeringState'], p['peeringSyncLevel']];
  };

  test('Initiated, Connected, then LocalNotInSync / RemoteNotInSync after an address space change, then Disconnected', async () => {
    network('vnet-p1', ['10.60.0.0/16']);
    network('vnet-p2', ['10.61.0.0/16']);
    peer('vnet-p1', 'vnet-p2');
    assert.deepEqual(await state('vnet-p1', 'vnet-p2'), ['Initiated', 'FullyInSync']);
    peer('vnet-p2', 'vnet-p1');
    assert.deepEqual(await state('vnet-p1', 'vnet-p2'), ['Connected', 'FullyInSync']);
    const patched = azure.state.resources.writeResource({
      path: {
        subscriptionId: SUB,
        resourceGroup: RG,
        namespace: 'Microsoft.Network',
        chain: [{ type: 'virtualNetworks', name: 'vnet-p2' }],
      },
      body: { properties: { addressSpace: { addressPrefixes: ['10.61.0.0/16', '10.62.0.0/16'] } } },
      actor: SEEDER,
      mode: 'patch',
    });
    assert.ok(!('code' in patched));
    assert.deepEqual(await state('vnet-p1', 'vnet-p2'), ['Connected', 'LocalNotInSync']);
    assert.deepEqual(await state('vnet-p2', 'vnet-p1'), ['Connected', 'RemoteNotInSync']);
    azure.state.resources.removeResource(`${vnetPath('vnet-p2')}/virtualNetworkPeerings/to-vnet-p1`);
    assert.equal((await state('vnet-p1', 'vnet-p2'))[0], 'Disconnected');
  });
});
