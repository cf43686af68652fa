// Microsoft.Network: virtual networks whose subnets and peerings are child resources that the parent
// also embeds, network interfaces with private IPs from their subnet, and public IP addresses.
import { asArray, asDoc, asString, at, isDoc, setDefault, stableBytes } from '../../core/resources/documents.js';
import { idKey, parseResourceId, type ResourcePath } from '../../core/resources/ids.js';
import type { Actor, Doc, StoredResource } from '../../core/resources/model.js';
import type { ResourceBehaviour, ResourceStore } from '../../core/resources/store.js';

export const VNET_TYPE = 'Microsoft.Network/virtualNetworks';
export const SUBNET_TYPE = 'Microsoft.Network/virtualNetworks/subnets';
export const PEERING_TYPE = 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings';
export const NIC_TYPE = 'Microsoft.Network/networkInterfaces';
export const PUBLIC_IP_TYPE = 'Microsoft.Network/publicIPAddresses';

const LRO = { write: 'async', delete: 'async' } as const;

/** Network's 409 for a write that collides with one in progress. */
function anotherOperation(): { status: number; code: string; message: string } {
  return {
    status: 409,
    code: 'AnotherOperationInProgress',
    message: 'Another operation on this or dependent resource is in progress. Retry the request after the operation completes.',
  };
}

/** A VNet PUT that lists subnets (or peerings) defines them: listed ones are written, others removed. */
function syncChildren(
  vnet: StoredResource,
  store: ResourceStore,
  key: 'subnets' | 'virtualNetworkPeerings',
  childType: string,
  actor: Actor,
): void {
  const listed = vnet.doc.properties[key];
  delete vnet.doc.properties[key];
  if (!Array.isArray(listed)) return;
  const names = new Set<string>();
  for (const item of listed) {
    const name = asString(asDoc(item)['name']);
    if (!name) continue;
    names.add(name.toLowerCase());
    const path: ResourcePath = { ...vnet.path, chain: [...vnet.path.chain, { type: childType.split('/').at(-1) ?? '', name }] };
    store.writeResource({ path, body: { properties: asDoc(asDoc(item)['properties']) }, actor, mode: 'put' });
  }
  for (const child of store.childrenOf(vnet.id, childType)) if (!names.has(child.name.toLowerCase())) store.removeResource(child.id);
}

const virtualNetworks: ResourceBehaviour = {
  type: VNET_TYPE,
  lro: LRO,
  afterWrite(vnet, store, { actor }) {
    syncChildren(vnet, store, 'subnets', SUBNET_TYPE, actor);
    syncChildren(vnet, store, 'virtualNetworkPeerings', PEERING_TYPE, actor);
  },
  decorate(body, vnet, store) {
    const properties = asDoc(body['properties']);
    properties['subnets'] = store.childrenOf(vnet.id, SUBNET_TYPE).map((subnet) => store.serialize(subnet));
    properties['virtualNetworkPeerings'] = store.childrenOf(vnet.id, PEERING_TYPE).map((peering) => store.serialize(peering));
  },
  conflict: anotherOperation,
};

const subnets: ResourceBehaviour = {
  type: SUBNET_TYPE,
  lro: LRO,
  envelope: { type: false },
  decorate(body, subnet, store) {
    // IP configurations that use the subnet, as Azure back-references them.
    const users = nicIpConfigurations(store, subnet.path.subscriptionId).filter(
      (config) => idKey(asString(at(config.ipConfiguration, 'properties.subnet.id')) ?? '') === idKey(subnet.id),
    );
    if (users.length > 0) asDoc(body['properties'])['ipConfigurations'] = users.map((config) => ({ id: config.id }));
  },
  conflict: anotherOperation,
};

function remoteOf(peering: StoredResource, store: ResourceStore): StoredResource | undefined {
  const remoteId = asString(at(peering.doc.properties, 'remoteVirtualNetwork.id'));
  return remoteId ? store.get(remoteId) : undefined;
}

/** The remote network's peering back to this one, if it exists. */
function reversePeering(peering: StoredResource, store: ResourceStore): StoredResource | undefined {
  const remote = remoteOf(peering, store);
  const ownVnet = peering.parentKey;
  if (!remote || !ownVnet) return undefined;
  return store
    .childrenOf(remote.id, PEERING_TYPE)
    .find((back) => idKey(asString(at(back.doc.properties, 'remoteVirtualNetwork.id')) ?? '') === ownVnet);
}

const peerings: ResourceBehaviour = {
  type: PEERING_TYPE,
  lro: LRO,
  envelope: { type: false },
  defaults(peering) {
    const properties = peering.doc.properties;
    for (const [key, value] of [
      ['allowVirtualNetworkAccess', true],
      ['allowForwardedTraffic', false],
      ['allowGatewayTransit', false],
      ['useRemoteGateways', false],
    ] as const)
      setDefault(properties, key, value);
  },
  validate(peering, store) {
    const remoteId = asString(at(peering.doc.properties, 'remoteVirtualNetwork.id'));
    if (!remoteId)
      return {
        status: 400,
        code: 'InvalidRequestFormat',
        message: 'Cannot parse the request. The remoteVirtualNetwork property is required.',
      };
    const remotePath = parseResourceId(remoteId);
    if (remotePath && store.host.subscriptions.has(remotePath.subscriptionId.toLowerCase()) && !store.get(remoteId)) {
      return {
        status: 400,
        code: 'InvalidResourceReference',
        message: `Resource ${remoteId} referenced by resource ${peering.id} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
      };
    }
    return undefined;
  },
  derive(peering, store) {
    const remote = remoteOf(peering, store);
    const properties = peering.doc.properties;
    properties['peeringSyncLevel'] = 'FullyInSync';
    const space = remote?.doc.properties['addressSpace'];
    if (isDoc(space)) {
      properties['remoteAddressSpace'] = structuredClone(space);
      properties['remoteVirtualNetworkAddressSpace'] = structuredClone(space);
    }
    const community = asString(at(remote?.doc.properties, 'bgpCommunities.virtualNetworkCommunity'));
    if (community)
      properties['remoteBgpCommunities'] = {
        virtualNetworkCommunity: community,
        regionalCommunity: asString(at(remote?.doc.properties, 'bgpCommunities.regionalCommunity')) ?? '12076:50004',
      };
  },
  afterWrite(peering, store) {
    const back = reversePeering(peering, store);
    if (back) peering.runtime.everConnected = back.runtime.everConnected = true;
  },
  decorate(body, peering, store) {
    const connected = reversePeering(peering, store) !== undefined;
    asDoc(body['properties'])['peeringState'] = connected ? 'Connected' : peering.runtime.everConnected ? 'Disconnected' : 'Initiated';
  },
  conflict: anotherOperation,
};

interface NicIpConfiguration {
  id: string;
  nic: StoredResource;
  ipConfiguration: Doc;
}

function nicIpConfigurations(store: ResourceStore, subscriptionId: string): NicIpConfiguration[] {
  return store.listInSubscription(subscriptionId, NIC_TYPE).flatMap((nic) =>
    asArray(nic.doc.properties['ipConfigurations'])
      .filter(isDoc)
      .map((config) => ({ id: `${nic.id}/ipConfigurations/${asString(config['name']) ?? 'ipconfig1'}`, nic, ipConfiguration: config })),
  );
}

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
}

function numberToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** The next free address of a subnet; Azure reserves the first four. */
function nextPrivateIp(store: ResourceStore, subnetId: string, nic: StoredResource): string | undefined {
  const subnet = store.get(subnetId);
  const prefix = asString(subnet?.doc.properties['addressPrefix']) ?? asString(asArray(subnet?.doc.properties['addressPrefixes'])[0]);
  const base = prefix ? /^(\d+\.\d+\.\d+\.\d+)\/\d+$/.exec(prefix)?.[1] : undefined;
  if (!base) return undefined;
  const used = new Set(
    nicIpConfigurations(store, nic.path.subscriptionId)
      .filter(
        (config) => config.nic !== nic && idKey(asString(at(config.ipConfiguration, 'properties.subnet.id')) ?? '') === idKey(subnetId),
      )
      .map((config) => asString(at(config.ipConfiguration, 'properties.privateIPAddress'))),
  );
  for (let offset = 4; offset < 65_536; offset++) {
    const candidate = numberToIp(ipToNumber(base) + offset);
    if (!used.has(candidate)) return candidate;
  }
  return undefined;
}

const networkInterfaces: ResourceBehaviour = {
  type: NIC_TYPE,
  lro: LRO,
  defaults(nic) {
    const mac = stableBytes(`mac|${idKey(nic.id)}`, 6);
    mac[0] = 0x00;
    setDefault(nic.doc.properties, 'macAddress', [...mac].map((byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join('-'));
    setDefault(nic.doc.properties, 'enableAcceleratedNetworking', false);
    setDefault(nic.doc.properties, 'enableIPForwarding', false);
  },
  derive(nic, store) {
    asArray(nic.doc.properties['ipConfigurations'])
      .filter(isDoc)
      .forEach((config, index) => {
        const name = asString(config['name']) ?? `ipconfig${index + 1}`;
        config['name'] = name;
        config['id'] = `${nic.id}/ipConfigurations/${name}`;
        config['type'] = 'Microsoft.Network/networkInterfaces/ipConfigurations';
        const properties = asDoc(config['properties']);
        config['properties'] = properties;
        setDefault(properties, 'privateIPAllocationMethod', 'Dynamic');
        setDefault(properties, 'privateIPAddressVersion', 'IPv4');
        setDefault(properties, 'primary', index === 0);
        const subnetId = asString(at(properties, 'subnet.id'));
        if (subnetId && !properties['privateIPAddress']) {
          const ip = nextPrivateIp(store, subnetId, nic);
          if (ip) properties['privateIPAddress'] = ip;
        }
        properties['provisioningState'] = 'Succeeded';
      });
  },
  decorate(body, nic, store) {
    const vm = store
      .listInSubscription(nic.path.subscriptionId, 'Microsoft.Compute/virtualMachines')
      .find((candidate) =>
        asArray(at(candidate.doc.properties, 'networkProfile.networkInterfaces')).some(
          (ref) => idKey(asString(asDoc(ref)['id']) ?? '') === idKey(nic.id),
        ),
      );
    if (vm) asDoc(body['properties'])['virtualMachine'] = { id: vm.id };
  },
  conflict: anotherOperation,
};

const publicIpAddresses: ResourceBehaviour = {
  type: PUBLIC_IP_TYPE,
  lro: LRO,
  defaults(pip) {
    setDefault(pip.doc, 'sku', { name: 'Standard', tier: 'Regional' });
    const standard = asString(asDoc(pip.doc['sku'])['name']) !== 'Basic';
    const properties = pip.doc.properties;
    setDefault(properties, 'publicIPAllocationMethod', standard ? 'Static' : 'Dynamic');
    setDefault(properties, 'publicIPAddressVersion', 'IPv4');
    setDefault(properties, 'idleTimeoutInMinutes', 4);
    const bytes = stableBytes(`pip|${idKey(pip.id)}`, 3);
    setDefault(properties, 'ipAddress', `20.${bytes[0]}.${bytes[1]}.${((bytes[2] ?? 0) % 254) + 1}`);
  },
  decorate(body, pip, store) {
    const user = nicIpConfigurations(store, pip.path.subscriptionId).find(
      (config) => idKey(asString(at(config.ipConfiguration, 'properties.publicIPAddress.id')) ?? '') === idKey(pip.id),
    );
    if (user) asDoc(body['properties'])['ipConfiguration'] = { id: user.id };
  },
  conflict: anotherOperation,
};

export const NETWORK_BEHAVIOURS: readonly ResourceBehaviour[] = [virtualNetworks, subnets, peerings, networkInterfaces, publicIpAddresses];
