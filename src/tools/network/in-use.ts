// Why Azure refuses to delete a subnet (or the network holding it): the users of each subnet, by name —
// network interfaces and the VMs or private endpoints they belong to, scale-set instances, load balancers,
// gateways, and service association links left by delegated services — with what to do about each.
import type { NetworkManagementClient, Subnet } from '@azure/arm-network';
import { UserFacingError } from '../../azure/errors.js';
import { parseArmId } from '../arm-common.js';

/** Network interfaces looked up to say which VM or private endpoint holds them; more are named by id only. */
const NIC_LOOKUPS = 10;

export function isInUseRefusal(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'InUseSubnetCannotBeDeleted';
}

interface Lookup {
  client: NetworkManagementClient;
  signal: AbortSignal;
  budget: { nics: number };
}

const segment = (id: string, type: string): string | undefined => new RegExp(`/${type}/([^/]+)`, 'i').exec(id)?.[1];

async function describeIpConfiguration(id: string, lookup: Lookup): Promise<string> {
  const scaleSet = segment(id, 'virtualMachineScaleSets');
  if (scaleSet) return `instance ${segment(id, 'virtualMachines') ?? '?'} of VM scale set ${scaleSet} (scale it in or move it first)`;
  const balancer = segment(id, 'loadBalancers');
  if (balancer) return `frontend ${segment(id, 'frontendIPConfigurations') ?? '?'} of load balancer ${balancer}`;
  const gateway = segment(id, 'virtualNetworkGateways') ?? segment(id, 'applicationGateways');
  if (gateway) return `gateway ${gateway}`;
  const nicName = segment(id, 'networkInterfaces');
  if (!nicName) return id;
  const { resourceGroup } = parseArmId(id);
  const where = `NIC ${nicName} (resource group ${resourceGroup})`;
  if (lookup.budget.nics <= 0) return where;
  lookup.budget.nics--;
  const nic = await lookup.client.networkInterfaces.get(resourceGroup, nicName, { abortSignal: lookup.signal }).catch(() => undefined);
  if (nic?.privateEndpoint?.id)
    return `private endpoint ${parseArmId(nic.privateEndpoint.id).name} (its ${where}; delete the private endpoint)`;
  if (nic?.virtualMachine?.id)
    return `${where} of VM ${parseArmId(nic.virtualMachine.id).name} (delete the VM and its NIC, or move the NIC)`;
  return nic ? `${where}, attached to no VM (delete the NIC)` : where;
}

/** The users of one subnet, each in words. */
export async function subnetUsers(subnet: Subnet, lookup: Lookup): Promise<string[]> {
  const users: string[] = [];
  for (const config of subnet.ipConfigurations ?? []) if (config.id) users.push(await describeIpConfiguration(config.id, lookup));
  for (const link of subnet.serviceAssociationLinks ?? []) {
    const holder = link.link ? ` by ${link.linkedResourceType ?? 'a service'} ${parseArmId(link.link).name}` : '';
    users.push(`service association link ${link.name ?? '?'} held${holder} (remove that service's VNet integration first)`);
  }
  const delegated = (subnet.delegations ?? []).map((d) => d.serviceName).filter(Boolean);
  if (users.length && delegated.length) users.push(`the subnet is delegated to ${delegated.join(', ')}`);
  // Private endpoints already show through their NICs; name any whose NIC was not listed.
  for (const endpoint of subnet.privateEndpoints ?? []) {
    const name = parseArmId(endpoint.id).name;
    if (!users.some((user) => user.includes(`private endpoint ${name}`)))
      users.push(`private endpoint ${name} (delete the private endpoint)`);
  }
  return users;
}

/**
 * The error for a delete Azure refused with InUseSubnetCannotBeDeleted: Azure names one IP configuration;
 * this names every user of every subnet involved.
 */
export async function inUseError(
  client: NetworkManagementClient,
  signal: AbortSignal,
  what: string,
  subnets: Subnet[],
  azureMessage: string,
): Promise<UserFacingError> {
  const lookup: Lookup = { client, signal, budget: { nics: NIC_LOOKUPS } };
  const lines: string[] = [];
  for (const subnet of subnets) {
    const users = await subnetUsers(subnet, lookup);
    if (users.length) lines.push(`- subnet ${subnet.name ?? '?'}: ${users.join('; ')}`);
  }
  const detail = lines.length ? `\nIn use:\n${lines.join('\n')}` : '';
  return new UserFacingError(
    `Azure refused to delete ${what}: a subnet is in use (InUseSubnetCannotBeDeleted). Nothing was deleted.${detail}\nAzure said: ${azureMessage}\nRemove or move these first, then delete again.`,
  );
}
