// Virtual networks, whose subnets and peerings are child resources that the network also embeds, and
// peerings with their state (Initiated, Connected, Disconnected) and sync level derived from both sides.
import { asArray, asDoc, asString, at, isDoc, setDefault } from '../../core/resources/documents.js';
import { idKey, parseResourceId, type ResourcePath } from '../../core/resources/ids.js';
import type { Actor, ArmErrorInfo, StoredResource } from '../../core/resources/model.js';
import type { ResourceBehaviour, ResourceStore } from '../../core/resources/store.js';
import { anotherOperation, inUseSubnet, LRO, PEERING_TYPE, SUBNET_TYPE, subnetUsers, VNET_TYPE } from './common.js';
import { addressSpace, prefixRanges, subnetProblem, type SubnetCheck } from './subnets.js';

/** A network PUT that lists subnets defines them: the listed ones must be valid, and unlisted ones must be unused. */
function listedSubnetsProblem(vnet: StoredResource, store: ResourceStore): ArmErrorInfo | undefined {
  const spaceError = prefixRanges(asArray(at(vnet.doc.properties, 'addressSpace.addressPrefixes')), vnet.id);
  if (!Array.isArray(spaceError)) return spaceError;
  const listed = vnet.doc.properties['subnets'];
  if (!Array.isArray(listed)) return undefined;
  const existing = store.childrenOf(vnet.id, SUBNET_TYPE);
  const checks: SubnetCheck[] = listed.filter(isDoc).map((item) => {
    const name = asString(item['name']) ?? '';
    const before = existing.find((subnet) => subnet.name.toLowerCase() === name.toLowerCase());
    const links = before?.doc.properties['serviceAssociationLinks'];
    return {
      id: `${vnet.id}/subnets/${name}`,
      name,
      properties: { ...asDoc(item['properties']), ...(links ? { serviceAssociationLinks: links } : {}) },
    };
  });
  const space = addressSpace(vnet.doc.properties);
  for (const [index, subnet] of checks.entries()) {
    const problem = subnetProblem(subnet, vnet.name, space, checks.slice(0, index));
    if (problem) return problem;
  }
  const kept = new Set(checks.map((subnet) => subnet.name.toLowerCase()));
  for (const subnet of existing) {
    const [user] = kept.has(subnet.name.toLowerCase()) ? [] : subnetUsers(store, subnet);
    if (user) return inUseSubnet(subnet.name, user);
  }
  return undefined;
}

/** A network PUT that lists subnets (or peerings) defines them: unlisted ones are removed, listed ones written. */
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
  const items = listed.filter(isDoc).filter((item) => asString(item['name']));
  const names = new Set(items.map((item) => (asString(item['name']) ?? '').toLowerCase()));
  for (const child of store.childrenOf(vnet.id, childType)) if (!names.has(child.name.toLowerCase())) store.removeResource(child.id);
  for (const item of items) {
    const path: ResourcePath = {
      ...vnet.path,
      chain: [...vnet.path.chain, { type: childType.split('/').at(-1) ?? '', name: asString(item['name']) ?? '' }],
    };
    store.writeResource({ path, body: { properties: asDoc(item['properties']) }, actor, mode: 'put' });
  }
}

export const virtualNetworks: ResourceBehaviour = {
  type: VNET_TYPE,
  lro: LRO,
  validate: listedSubnetsProblem,
  afterWrite(vnet, store, { actor }) {
    syncChildren(vnet, store, 'subnets', SUBNET_TYPE, actor);
    syncChildren(vnet, store, 'virtualNetworkPeerings', PEERING_TYPE, actor);
  },
  decorate(body, vnet, store) {
    const properties = asDoc(body['properties']);
    properties['subnets'] = store.childrenOf(vnet.id, SUBNET_TYPE).map((subnet) => store.serialize(subnet));
    properties['virtualNetworkPeerings'] = store.childrenOf(vnet.id, PEERING_TYPE).map((peering) => store.serialize(peering));
  },
  beforeDelete(vnet, store) {
    for (const subnet of store.childrenOf(vnet.id, SUBNET_TYPE)) {
      const [user] = subnetUsers(store, subnet);
      if (user) return inUseSubnet(subnet.name, user);
    }
    return undefined;
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

const prefixKey = (space: unknown): string => asArray(at(space, 'addressPrefixes')).map(String).sort().join(',');

/** Whether the peering's copy of the remote address space is the remote network's current one. */
function inSync(peering: StoredResource, store: ResourceStore): boolean {
  const remote = remoteOf(peering, store);
  return !remote || prefixKey(peering.doc.properties['remoteAddressSpace']) === prefixKey(remote.doc.properties['addressSpace']);
}

export const peerings: ResourceBehaviour = {
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
    const back = reversePeering(peering, store);
    const properties = asDoc(body['properties']);
    properties['peeringState'] = back ? 'Connected' : peering.runtime.everConnected ? 'Disconnected' : 'Initiated';
    // A network whose address space changed leaves the peerings to it behind (LocalNotInSync) and the
    // peerings from it waiting for the other side (RemoteNotInSync), until each side is synced.
    properties['peeringSyncLevel'] = !inSync(peering, store)
      ? 'LocalNotInSync'
      : back && !inSync(back, store)
        ? 'RemoteNotInSync'
        : 'FullyInSync';
  },
  conflict: anotherOperation,
};
