// The networking part of the demo estate: hub and spoke peered both ways; the spoke's subnets with an
// NSG, a route table, a NAT gateway, a service endpoint, a private endpoint and a delegation with App
// Service's service association link; a dual-stack partner network whose peering is Disconnected; and
// in rg-compute a build network whose subnet a detached NIC keeps in use, and a disposable one.
import { groupId } from '../core/resources/ids.js';
import type { Doc, StoredResource } from '../core/resources/model.js';
import { DEMO } from './names.js';

/** Names this seed adds to names.ts. */
export const NETWORK_DEMO = {
  nsg: 'nsg-web',
  routeTable: 'rt-spoke-egress',
  natGateway: 'ng-spoke',
  partnerVnet: 'vnet-partner',
  privateEndpoint: 'pe-azopsdemodata-blob',
  /** In rg-compute: a subnet kept in use by a NIC that no VM uses. */
  buildVnet: 'vnet-build',
  buildSubnet: 'snet-agents',
  buildNic: 'nic-build-agent',
  /** In rg-compute: nothing uses it; the sandbox's delete examples remove it. */
  scratchVnet: 'vnet-scratch',
  scratchSubnet: 'snet-old',
  spokeSubnets: { web: 'snet-web', app: 'snet-app', endpoints: 'snet-endpoints', appService: 'snet-appsvc' },
} as const;

export type Put = (
  subscriptionId: string,
  resourceGroup: string,
  namespace: string,
  chain: [string, string][],
  body: Doc,
) => StoredResource;

type SubnetSpec = [name: string, prefix: string | string[], extra?: Doc];

function network(put: Put, sub: string, rg: string, name: string, space: string[], subnets: SubnetSpec[], tags: Doc): StoredResource {
  return put(sub, rg, 'Microsoft.Network', [['virtualNetworks', name]], {
    tags,
    properties: {
      addressSpace: { addressPrefixes: space },
      subnets: subnets.map(([subnet, prefix, extra]) => ({
        name: subnet,
        properties: { ...(Array.isArray(prefix) ? { addressPrefixes: prefix } : { addressPrefix: prefix }), ...extra },
      })),
    },
  });
}

function peering(put: Put, sub: string, rg: string, from: StoredResource, to: StoredResource, extra: Doc): StoredResource {
  return put(
    sub,
    rg,
    'Microsoft.Network',
    [
      ['virtualNetworks', from.name],
      ['virtualNetworkPeerings', `peer-${from.name}-to-${to.name}`],
    ],
    { properties: { remoteVirtualNetwork: { id: to.id }, allowVirtualNetworkAccess: true, useRemoteGateways: false, ...extra } },
  );
}

export function seedDemoNetworks(put: Put, dev: string): { hub: StoredResource; spoke: StoredResource } {
  const rg = DEMO.resourceGroups;
  const tags = { env: 'dev' };
  const id = (group: string, type: string, name: string) => `${groupId(dev, group)}/providers/Microsoft.Network/${type}/${name}`;
  const nsg = put(dev, rg.network, 'Microsoft.Network', [['networkSecurityGroups', NETWORK_DEMO.nsg]], {
    tags,
    properties: {
      securityRules: [
        {
          name: 'allow-ssh-anywhere',
          properties: {
            protocol: 'Tcp',
            sourcePortRange: '*',
            destinationPortRange: '22',
            sourceAddressPrefix: '*',
            destinationAddressPrefix: '*',
            access: 'Allow',
            priority: 100,
            direction: 'Inbound',
          },
        },
      ],
    },
  });
  const routes = put(dev, rg.network, 'Microsoft.Network', [['routeTables', NETWORK_DEMO.routeTable]], {
    tags,
    properties: {
      disableBgpRoutePropagation: false,
      routes: [
        {
          name: 'default-via-firewall',
          properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.4' },
        },
      ],
    },
  });
  const nat = put(dev, rg.network, 'Microsoft.Network', [['natGateways', NETWORK_DEMO.natGateway]], {
    tags,
    sku: { name: 'Standard' },
    properties: { idleTimeoutInMinutes: 4 },
  });

  const hub = network(
    put,
    dev,
    rg.network,
    DEMO.vnets.hub,
    ['10.0.0.0/16'],
    [
      ['GatewaySubnet', '10.0.0.0/27'],
      ['AzureFirewallSubnet', '10.0.1.0/26'],
      ['snet-shared', '10.0.2.0/24'],
    ],
    tags,
  );
  const names = NETWORK_DEMO.spokeSubnets;
  const spoke = network(
    put,
    dev,
    rg.network,
    DEMO.vnets.spoke,
    ['10.1.0.0/16'],
    [
      [names.web, '10.1.1.0/24', { networkSecurityGroup: { id: nsg.id }, natGateway: { id: nat.id } }],
      [
        names.app,
        '10.1.2.0/24',
        { routeTable: { id: routes.id }, serviceEndpoints: [{ service: 'Microsoft.Storage', locations: [DEMO.location] }] },
      ],
      [names.endpoints, '10.1.3.0/24', { privateEndpointNetworkPolicies: 'Disabled' }],
      [
        names.appService,
        '10.1.4.0/26',
        {
          delegations: [
            {
              name: 'delegation',
              properties: { serviceName: 'Microsoft.Web/serverFarms', actions: ['Microsoft.Network/virtualNetworks/subnets/action'] },
            },
          ],
          serviceAssociationLinks: [
            {
              name: 'AppServiceLink',
              id: `${id(rg.network, 'virtualNetworks', DEMO.vnets.spoke)}/subnets/${names.appService}/serviceAssociationLinks/AppServiceLink`,
              type: 'Microsoft.Network/virtualNetworks/subnets/serviceAssociationLinks',
              properties: {
                linkedResourceType: 'Microsoft.Web/serverfarms',
                link: `${groupId(dev, rg.web)}/providers/Microsoft.Web/serverfarms/${DEMO.appServicePlan}`,
                allowDelete: false,
                provisioningState: 'Succeeded',
              },
            },
          ],
        },
      ],
    ],
    tags,
  );
  peering(put, dev, rg.network, hub, spoke, { allowForwardedTraffic: true, allowGatewayTransit: true });
  peering(put, dev, rg.network, spoke, hub, { allowForwardedTraffic: true, allowGatewayTransit: false });

  // A dual-stack partner network: it was peered, then its side of the peering was deleted.
  const partner = network(
    put,
    dev,
    rg.network,
    NETWORK_DEMO.partnerVnet,
    ['10.2.0.0/16', 'fd00:db8:2::/48'],
    [['snet-partner', ['10.2.1.0/24', 'fd00:db8:2:1::/64']]],
    { env: 'dev', owner: 'partner-team' },
  );
  peering(put, dev, rg.network, spoke, partner, { allowForwardedTraffic: false, allowGatewayTransit: false }).runtime.everConnected = true;

  put(dev, rg.network, 'Microsoft.Network', [['privateEndpoints', NETWORK_DEMO.privateEndpoint]], {
    tags,
    properties: {
      subnet: { id: `${spoke.id}/subnets/${names.endpoints}` },
      privateLinkServiceConnections: [
        {
          name: NETWORK_DEMO.privateEndpoint,
          properties: {
            privateLinkServiceId: `${groupId(dev, rg.shared)}/providers/Microsoft.Storage/storageAccounts/${DEMO.storageAccounts[0]}`,
            groupIds: ['blob'],
          },
        },
      ],
    },
  });

  // rg-compute: a build network kept in use by a detached NIC, and a disposable network.
  const build = network(put, dev, rg.compute, NETWORK_DEMO.buildVnet, ['10.3.0.0/16'], [[NETWORK_DEMO.buildSubnet, '10.3.1.0/24']], tags);
  put(dev, rg.compute, 'Microsoft.Network', [['networkInterfaces', NETWORK_DEMO.buildNic]], {
    tags: { env: 'dev', role: 'build' },
    properties: {
      ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: `${build.id}/subnets/${NETWORK_DEMO.buildSubnet}` } } }],
    },
  });
  network(
    put,
    dev,
    rg.compute,
    NETWORK_DEMO.scratchVnet,
    ['10.90.0.0/16'],
    [
      ['default', '10.90.0.0/24'],
      [NETWORK_DEMO.scratchSubnet, '10.90.1.0/24'],
    ],
    { env: 'dev', purpose: 'scratch' },
  );
  return { hub, spoke };
}
