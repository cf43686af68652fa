// The network lists the tools page through, against Microsoft's examples for the same items: Microsoft's
// examples copied here have no Subnets_List, VirtualNetworkPeerings_List or VirtualNetworks_ListAll, so each
// item of those lists must have the shape of the example that returns the same resource (Subnets_Get,
// VirtualNetworkPeerings_CreateOrUpdate, VirtualNetworks_List). The single-resource examples themselves are
// in fidelity-arm.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EmulatedAzure } from '../../src/emulator/index.js';
import { REST_EXAMPLES_DIR, servicePrincipalToken } from './support.js';
import { arm, assertArmShape, insert, SUB, without } from './arm-support.js';

interface Example {
  parameters: Record<string, string>;
  responses: Record<string, { body?: Record<string, unknown> }>;
}

const example = (file: string): Example => JSON.parse(readFileSync(new URL(`network/${file}`, REST_EXAMPLES_DIR), 'utf8')) as Example;
const body = (ex: Example, status = '200') => ex.responses[status]!.body!;

async function list(azure: EmulatedAzure, path: string): Promise<Record<string, unknown>[]> {
  const reply = await arm(azure, await servicePrincipalToken(azure), 'GET', `${path}?api-version=2026-01-01`);
  assert.equal(reply.status, 200, reply.text);
  const items = reply.json['value'] as Record<string, unknown>[];
  assert.ok(items.length > 0, 'an empty list would prove nothing');
  return items;
}

test('fidelity: Subnets_List items have the shape of SubnetGet.json', async () => {
  const ex = example('SubnetGet.json');
  const azure = new EmulatedAzure();
  const { resourceGroupName: rg, virtualNetworkName: vnet, subnetName } = ex.parameters as Record<string, string>;
  insert(azure, rg!, 'Microsoft.Network', [['virtualNetworks', vnet!]], {
    location: 'westus',
    properties: { addressSpace: { addressPrefixes: ['10.0.0.0/8'] } },
  });
  insert(
    azure,
    rg!,
    'Microsoft.Network',
    [
      ['virtualNetworks', vnet!],
      ['subnets', subnetName!],
    ],
    without(body(ex), ['id', 'name', 'properties.provisioningState']),
  );
  const items = await list(azure, `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets`);
  for (const item of items) assertArmShape(item, body(ex));
});

test('fidelity: VirtualNetworkPeerings_List items have the shape of VirtualNetworkPeeringCreate.json', async () => {
  const ex = example('VirtualNetworkPeeringCreate.json');
  const azure = new EmulatedAzure();
  const { resourceGroupName: rg, virtualNetworkName: vnet, virtualNetworkPeeringName: name } = ex.parameters as Record<string, string>;
  const vnetId = (n: string) => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${n}`;
  insert(azure, rg!, 'Microsoft.Network', [['virtualNetworks', vnet!]], {
    location: 'westus',
    properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
  });
  insert(azure, rg!, 'Microsoft.Network', [['virtualNetworks', 'vnet2']], {
    location: 'westus',
    properties: {
      addressSpace: { addressPrefixes: ['12.0.0.0/8'] },
      bgpCommunities: { virtualNetworkCommunity: '12076:20002', regionalCommunity: '12076:50004' },
    },
  });
  const parameters = ex.parameters['VirtualNetworkPeeringParameters'] as unknown as Record<string, Record<string, unknown>>;
  insert(
    azure,
    rg!,
    'Microsoft.Network',
    [
      ['virtualNetworks', vnet!],
      ['virtualNetworkPeerings', name!],
    ],
    { properties: { ...parameters['properties'], remoteVirtualNetwork: { id: vnetId('vnet2') } } },
  );
  const items = await list(azure, `${vnetId(vnet!)}/virtualNetworkPeerings`);
  for (const item of items) assertArmShape(item, body(ex));
  assert.equal((items[0]!['properties'] as Record<string, unknown>)['peeringState'], 'Initiated', 'only one side exists');
});

test('fidelity: VirtualNetworks_ListAll items have the shape of VirtualNetworkList.json', async () => {
  const ex = example('VirtualNetworkList.json');
  const azure = new EmulatedAzure();
  const rg = ex.parameters['resourceGroupName']!;
  for (const item of body(ex)['value'] as Record<string, unknown>[]) {
    const name = String(item['name']);
    insert(
      azure,
      rg,
      'Microsoft.Network',
      [['virtualNetworks', name]],
      without(item, ['id', 'name', 'type', 'properties.subnets', 'properties.virtualNetworkPeerings', 'properties.provisioningState']),
    );
    for (const subnet of (item['properties'] as { subnets: Record<string, unknown>[] }).subnets)
      insert(
        azure,
        rg,
        'Microsoft.Network',
        [
          ['virtualNetworks', name],
          ['subnets', String(subnet['name'])],
        ],
        without(subnet, ['id', 'name', 'properties.provisioningState']),
      );
  }
  const items = await list(azure, `/subscriptions/${SUB}/providers/Microsoft.Network/virtualNetworks`);
  assert.equal(items.length, 2);
  assertArmShape({ value: items }, body(ex));
});
