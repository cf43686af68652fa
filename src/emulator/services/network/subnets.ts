// Subnets: the network provider's checks of their prefixes (CIDR notation, inside the network's
// address space, no overlap with a sibling), of the delegation a service association link needs,
// the back references Azure adds (IP configurations, private endpoints), and the refusal to
// delete a subnet that is in use.
import { asArray, asDoc, asString, at, isDoc } from '../../core/resources/documents.js';
import { idKey } from '../../core/resources/ids.js';
import type { ArmErrorInfo, Doc, StoredResource } from '../../core/resources/model.js';
import type { ResourceBehaviour, ResourceStore } from '../../core/resources/store.js';
import { contains, overlaps, parsePrefix, type Range } from './cidr.js';
import {
  anotherOperation,
  inUseSubnet,
  ipConfigurationsIn,
  LRO,
  PRIVATE_ENDPOINT_TYPE,
  SUBNET_TYPE,
  subnetPrefixes,
  subnetUsers,
} from './common.js';

export interface SubnetCheck {
  id: string;
  name: string;
  properties: Doc;
}

/** A network's address space as ranges (prefixes that do not parse are the network's own error). */
export function addressSpace(vnetProperties: Doc): Range[] {
  return asArray(at(vnetProperties, 'addressSpace.addressPrefixes')).flatMap((prefix) => {
    const parsed = typeof prefix === 'string' ? parsePrefix(prefix) : { kind: 'format' as const };
    return parsed.kind === 'ok' ? [parsed.range] : [];
  });
}

/** The ranges of prefixes, or the provider's error for the first that is not CIDR notation of a network. */
export function prefixRanges(prefixes: unknown[], resourceId: string): Range[] | ArmErrorInfo {
  const ranges: Range[] = [];
  for (const prefix of prefixes) {
    const text = typeof prefix === 'string' ? prefix : JSON.stringify(prefix);
    const parsed = parsePrefix(text);
    if (parsed.kind === 'format')
      return {
        status: 400,
        code: 'InvalidAddressPrefixFormat',
        message: `Address prefix ${text} of resource ${resourceId} is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.`,
      };
    if (parsed.kind === 'hostBits')
      return {
        status: 400,
        code: 'InvalidCIDRNotation',
        message: `The address prefix ${text} in resource ${resourceId} has an invalid CIDR notation. For the given prefix length, the address prefix should be ${parsed.network}.`,
      };
    ranges.push(parsed.range);
  }
  return ranges;
}

/** The delegation a service association link needs (App Service's AppServiceLink: Microsoft.Web/serverFarms). */
function missingDelegation(subnet: SubnetCheck): ArmErrorInfo | undefined {
  const delegated = new Set(
    asArray(subnet.properties['delegations']).map((d) => (asString(at(d, 'properties.serviceName')) ?? '').toLowerCase()),
  );
  for (const link of asArray(subnet.properties['serviceAssociationLinks']).filter(isDoc)) {
    const needed = asString(at(link, 'properties.linkedResourceType'));
    if (needed && !delegated.has(needed.toLowerCase()))
      return {
        status: 400,
        code: 'SubnetMissingRequiredDelegation',
        message: `Subnet ${subnet.id} requires any of the following delegation(s) [${needed}] to reference service association link ${asString(link['id']) ?? ''}.`,
      };
  }
  return undefined;
}

/** The provider's checks of one subnet against its network's address space and its siblings, in its order. */
export function subnetProblem(subnet: SubnetCheck, vnetName: string, space: Range[], siblings: SubnetCheck[]): ArmErrorInfo | undefined {
  const prefixes = subnetPrefixes(subnet.properties);
  if (prefixes.length === 0)
    return {
      status: 400,
      code: 'NoAddressPrefixOrPoolProvided',
      message: `No address prefix or IPAM pool is provided for subnet ${subnet.id}.`,
    };
  const ranges = prefixRanges(prefixes, subnet.id);
  if (!Array.isArray(ranges)) return ranges;
  if (!ranges.every((range) => space.some((outer) => contains(outer, range))))
    return {
      status: 400,
      code: 'NetcfgSubnetRangeOutsideVnet',
      message: `Subnet '${subnet.name}' is not valid because its IP address range is outside the IP address range of virtual network '${vnetName}'.`,
    };
  for (const sibling of siblings) {
    const theirs = prefixRanges(subnetPrefixes(sibling.properties), sibling.id);
    if (Array.isArray(theirs) && ranges.some((range) => theirs.some((other) => overlaps(range, other))))
      return {
        status: 400,
        code: 'NetcfgSubnetRangesOverlap',
        message: `Subnet '${subnet.name}' is not valid because its IP address range overlaps with that of an existing subnet in virtual network '${vnetName}'.`,
      };
  }
  return missingDelegation(subnet);
}

const check = (subnet: StoredResource): SubnetCheck => ({ id: subnet.id, name: subnet.name, properties: subnet.doc.properties });

function privateEndpointsIn(store: ResourceStore, subnet: StoredResource): StoredResource[] {
  return store
    .listInSubscription(subnet.path.subscriptionId, PRIVATE_ENDPOINT_TYPE)
    .filter((endpoint) => idKey(asString(at(endpoint.doc.properties, 'subnet.id')) ?? '') === idKey(subnet.id));
}

export const subnets: ResourceBehaviour = {
  type: SUBNET_TYPE,
  lro: LRO,
  envelope: { type: false },
  // Service association links are made by the service that uses the subnet, never by a PUT of it.
  readOnly: ['serviceAssociationLinks'],
  validate(subnet, store) {
    const vnet = subnet.parentKey ? store.get(subnet.parentKey) : undefined;
    if (!vnet) return undefined;
    const siblings = store.childrenOf(vnet.id, SUBNET_TYPE).filter((other) => idKey(other.id) !== idKey(subnet.id));
    return subnetProblem(check(subnet), vnet.name, addressSpace(vnet.doc.properties), siblings.map(check));
  },
  decorate(body, subnet, store) {
    const properties = asDoc(body['properties']);
    const configurations = ipConfigurationsIn(store, subnet);
    if (configurations.length > 0) properties['ipConfigurations'] = configurations.map((use) => ({ id: use.id }));
    const endpoints = privateEndpointsIn(store, subnet);
    if (endpoints.length > 0) properties['privateEndpoints'] = endpoints.map((endpoint) => ({ id: endpoint.id }));
  },
  beforeDelete(subnet, store) {
    const [user] = subnetUsers(store, subnet);
    return user ? inUseSubnet(subnet.name, user) : undefined;
  },
  conflict: anotherOperation,
};
