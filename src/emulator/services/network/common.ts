// What the network resource types share: their type names, the prefixes of a subnet, the IP
// configurations that use subnets (network interfaces and scale-set instances), and the users that
// keep a subnet from being deleted.
import { asArray, asDoc, asString, at, isDoc } from '../../core/resources/documents.js';
import { idKey } from '../../core/resources/ids.js';
import type { ArmErrorInfo, Doc, StoredResource } from '../../core/resources/model.js';
import type { ResourceStore } from '../../core/resources/store.js';

export const VNET_TYPE = 'Microsoft.Network/virtualNetworks';
export const SUBNET_TYPE = 'Microsoft.Network/virtualNetworks/subnets';
export const PEERING_TYPE = 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings';
export const NIC_TYPE = 'Microsoft.Network/networkInterfaces';
export const PUBLIC_IP_TYPE = 'Microsoft.Network/publicIPAddresses';
export const PRIVATE_ENDPOINT_TYPE = 'Microsoft.Network/privateEndpoints';
const SCALE_SET_TYPE = 'Microsoft.Compute/virtualMachineScaleSets';

export const LRO = { write: 'async', delete: 'async' } as const;

/** Network's 409 for a write that collides with one in progress. */
export function anotherOperation(): ArmErrorInfo {
  return {
    status: 409,
    code: 'AnotherOperationInProgress',
    message: 'Another operation on this or dependent resource is in progress. Retry the request after the operation completes.',
  };
}

/** A subnet's prefixes: addressPrefix, or addressPrefixes for dual-stack subnets. */
export function subnetPrefixes(properties: Doc): unknown[] {
  const single = properties['addressPrefix'];
  if (single !== undefined && single !== null) return [single];
  return asArray(properties['addressPrefixes']);
}

export interface IpConfigurationUse {
  /** The IP configuration's id, as Azure back-references it from the subnet. */
  id: string;
  subnetId: string;
  /** The network interface it belongs to (absent for scale-set instances). */
  nic?: StoredResource;
  ipConfiguration?: Doc;
}

/** IP configurations of network interfaces in a subscription. */
export function nicIpConfigurations(store: ResourceStore, subscriptionId: string): IpConfigurationUse[] {
  return store.listInSubscription(subscriptionId, NIC_TYPE).flatMap((nic) =>
    asArray(nic.doc.properties['ipConfigurations'])
      .filter(isDoc)
      .map((config) => ({
        id: `${nic.id}/ipConfigurations/${asString(config['name']) ?? 'ipconfig1'}`,
        subnetId: asString(at(config, 'properties.subnet.id')) ?? '',
        nic,
        ipConfiguration: config,
      })),
  );
}

/** Scale-set instances' IP configurations, named as Azure names them (…/virtualMachines/{i}/networkInterfaces/…). */
function scaleSetIpConfigurations(store: ResourceStore, subscriptionId: string): IpConfigurationUse[] {
  return store.listInSubscription(subscriptionId, SCALE_SET_TYPE).flatMap((vmss) => {
    const capacity = Math.min(Math.max(Number(at(vmss.doc, 'sku.capacity')) || 0, 0), 1000);
    const nics = asArray(at(vmss.doc.properties, 'virtualMachineProfile.networkProfile.networkInterfaceConfigurations')).filter(isDoc);
    return nics.flatMap((nic) =>
      asArray(at(nic, 'properties.ipConfigurations'))
        .filter(isDoc)
        .flatMap((config) =>
          Array.from({ length: capacity }, (_, instance) => ({
            id: `${vmss.id}/virtualMachines/${instance}/networkInterfaces/${asString(nic['name']) ?? 'nic'}/ipConfigurations/${asString(config['name']) ?? 'ipconfig1'}`,
            subnetId: asString(at(config, 'properties.subnet.id')) ?? '',
          })),
        ),
    );
  });
}

/** Every IP configuration that takes an address from the subnet. */
export function ipConfigurationsIn(store: ResourceStore, subnet: StoredResource): IpConfigurationUse[] {
  const key = idKey(subnet.id);
  const sub = subnet.path.subscriptionId;
  return [...nicIpConfigurations(store, sub), ...scaleSetIpConfigurations(store, sub)].filter((use) => idKey(use.subnetId) === key);
}

/** What keeps a subnet from being deleted: IP configurations and service association links. */
export function subnetUsers(store: ResourceStore, subnet: StoredResource): string[] {
  const links = asArray(subnet.doc.properties['serviceAssociationLinks'])
    .map((link) => asString(asDoc(link)['id']))
    .filter((id): id is string => Boolean(id));
  return [...ipConfigurationsIn(store, subnet).map((use) => use.id), ...links];
}

/** Network's refusal to delete a subnet in use, naming the first user as Azure does. */
export function inUseSubnet(subnetName: string, user: string): ArmErrorInfo {
  return {
    status: 400,
    code: 'InUseSubnetCannotBeDeleted',
    message: `Subnet ${subnetName} is in use by ${user} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`,
  };
}
