// Network interfaces with private IPs from their subnet, public IP addresses, and private endpoints,
// each of which gets a network interface of its own in its subnet, as in Azure.
import { asArray, asDoc, asString, at, isDoc, setDefault, stableBytes, stableGuid } from '../../core/resources/documents.js';
import { idKey, parseResourceId } from '../../core/resources/ids.js';
import type { StoredResource } from '../../core/resources/model.js';
import type { ResourceBehaviour, ResourceStore } from '../../core/resources/store.js';
import { anotherOperation, LRO, NIC_TYPE, nicIpConfigurations, PRIVATE_ENDPOINT_TYPE, PUBLIC_IP_TYPE, subnetPrefixes } from './common.js';

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
}

function numberToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** The next free address of a subnet; Azure reserves the first four. */
function nextPrivateIp(store: ResourceStore, subnetId: string, nic: StoredResource): string | undefined {
  const subnet = store.get(subnetId);
  const prefix = subnet
    ? subnetPrefixes(subnet.doc.properties)
        .map(String)
        .find((p) => !p.includes(':'))
    : undefined;
  const base = prefix ? /^(\d+\.\d+\.\d+\.\d+)\/\d+$/.exec(prefix)?.[1] : undefined;
  if (!base) return undefined;
  const used = new Set(
    nicIpConfigurations(store, nic.path.subscriptionId)
      .filter((config) => config.nic !== nic && idKey(config.subnetId) === idKey(subnetId))
      .map((config) => asString(at(config.ipConfiguration, 'properties.privateIPAddress'))),
  );
  for (let offset = 4; offset < 65_536; offset++) {
    const candidate = numberToIp(ipToNumber(base) + offset);
    if (!used.has(candidate)) return candidate;
  }
  return undefined;
}

function privateEndpointOf(store: ResourceStore, nic: StoredResource): StoredResource | undefined {
  return store
    .listInSubscription(nic.path.subscriptionId, PRIVATE_ENDPOINT_TYPE)
    .find((endpoint) =>
      asArray(endpoint.doc.properties['networkInterfaces']).some((ref) => idKey(asString(asDoc(ref)['id']) ?? '') === idKey(nic.id)),
    );
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
    const endpoint = privateEndpointOf(store, nic);
    if (endpoint) asDoc(body['properties'])['privateEndpoint'] = { id: endpoint.id };
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

/** A private endpoint: its connection to the target service, and the network interface Azure makes for it. */
const privateEndpoints: ResourceBehaviour = {
  type: PRIVATE_ENDPOINT_TYPE,
  lro: LRO,
  defaults(endpoint) {
    for (const connection of asArray(endpoint.doc.properties['privateLinkServiceConnections']).filter(isDoc)) {
      const properties = asDoc(connection['properties']);
      connection['properties'] = properties;
      setDefault(properties, 'privateLinkServiceConnectionState', {
        status: 'Approved',
        description: 'Auto-Approved',
        actionsRequired: 'None',
      });
    }
  },
  validate(endpoint, store) {
    const subnetId = asString(at(endpoint.doc.properties, 'subnet.id'));
    const path = subnetId ? parseResourceId(subnetId) : undefined;
    if (subnetId && path && store.host.subscriptions.has(path.subscriptionId.toLowerCase()) && store.get(subnetId)) return undefined;
    return {
      status: 400,
      code: 'InvalidResourceReference',
      message: `Resource ${subnetId ?? '(subnet)'} referenced by resource ${endpoint.id} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
    };
  },
  afterWrite(endpoint, store, { created, actor }) {
    if (!created) return;
    const guid = stableGuid(`pe-nic|${idKey(endpoint.id)}`);
    const written = store.writeResource({
      path: { ...endpoint.path, chain: [{ type: 'networkInterfaces', name: `${endpoint.name}.nic.${guid}` }] },
      body: {
        location: endpoint.location,
        properties: {
          ipConfigurations: [
            { name: `privateEndpointIpConfig.${guid}`, properties: { subnet: { id: at(endpoint.doc.properties, 'subnet.id') } } },
          ],
        },
      },
      actor,
      mode: 'put',
    });
    if ('resource' in written) endpoint.doc.properties['networkInterfaces'] = [{ id: written.resource.id }];
  },
  afterDelete(endpoint, store) {
    for (const ref of asArray(endpoint.doc.properties['networkInterfaces'])) store.removeResource(asString(asDoc(ref)['id']) ?? '');
  },
  conflict: anotherOperation,
};

export const INTERFACE_BEHAVIOURS: readonly ResourceBehaviour[] = [networkInterfaces, publicIpAddresses, privateEndpoints];
