// What the network tools share: Azure's naming rules for networks and subnets, the address-prefix input,
// a subnet as the tools describe it (prefixes, attachments, addresses in use and free), and the outcome of
// a long-running create or delete.
import { z } from 'zod';
import type { Subnet } from '@azure/arm-network';
import type { NameRule } from '../../azure/arm-names.js';
import { nameInput, parseArmId } from '../arm-common.js';
import { CidrError, parseCidr, usableAddresses, type Cidr } from './cidr.js';

export const VNET_NAME: NameRule = {
  what: 'virtual network name',
  pattern: /^(?=.{2,64}$)[A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9_]$/,
  rule: '2-64 letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore',
};

export const SUBNET_NAME: NameRule = {
  what: 'subnet name',
  pattern: /^(?=.{1,80}$)[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$/,
  rule: '1-80 letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore',
};

export const vnetNameInput = nameInput(VNET_NAME);
export const subnetNameInput = nameInput(SUBNET_NAME).describe('Subnet name.');

/**
 * One or more address prefixes separated by commas (an IPv4 and an IPv6 one for dual stack), parsed and
 * rebuilt in canonical form before anything is sent; a prefix that does not parse is the parameter's error.
 */
export function prefixListInput(most: number) {
  return z
    .string()
    .trim()
    .transform((value, ctx) => {
      const parts = value
        .split(/[,\s]+/)
        .map((part) => part.trim())
        .filter(Boolean);
      if (parts.length === 0 || parts.length > most) {
        ctx.addIssue({ code: 'custom', message: `Give 1-${most} address prefixes separated by commas.` });
        return z.NEVER;
      }
      try {
        return parts.map((part) => parseCidr(part).text);
      } catch (error) {
        if (!(error instanceof CidrError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
        return z.NEVER;
      }
    });
}

/** A subnet's prefixes: addressPrefix, or addressPrefixes (dual stack). */
export function prefixesOf(subnet: Pick<Subnet, 'addressPrefix' | 'addressPrefixes'>): string[] {
  return subnet.addressPrefix ? [subnet.addressPrefix] : (subnet.addressPrefixes ?? []);
}

/** The prefixes that parse (a prefix Azure holds but this code cannot read is left out of the arithmetic). */
export function blocksOf(prefixes: string[]): Cidr[] {
  return prefixes.flatMap((prefix) => {
    try {
      return [parseCidr(prefix)];
    } catch {
      return [];
    }
  });
}

const refName = (ref: { id?: string } | undefined): string | null => (ref?.id ? parseArmId(ref.id).name || null : null);

export const subnetRow = z.object({
  name: z.string(),
  addressPrefixes: z.array(z.string()).describe('IPv4 and, for dual stack, IPv6 prefixes.'),
  networkSecurityGroup: z.string().nullable().describe('Name of the NSG on the subnet.'),
  routeTable: z.string().nullable(),
  natGateway: z.string().nullable(),
  delegations: z.array(z.string()).describe('Services the subnet is delegated to (Microsoft.Web/serverFarms, …).'),
  serviceEndpoints: z.array(z.string()),
  privateEndpoints: z.array(z.string()).describe('Names of the private endpoints in the subnet.'),
  serviceAssociationLinks: z
    .array(z.string())
    .describe('Links by which a service holds the subnet (App Service: AppServiceLink); they block deleting it.'),
  addresses: z.object({
    usable: z.number().nullable().describe('IPv4 addresses for resources: the block minus the five Azure keeps; null without IPv4.'),
    inUse: z.number().describe('IP configurations in the subnet (NICs, private endpoints, scale-set instances, load balancers, …).'),
    free: z.number().nullable().describe('Usable IPv4 addresses not in use; null without IPv4.'),
  }),
  provisioningState: z.string().nullable(),
});
export type SubnetRow = z.infer<typeof subnetRow>;

export function toSubnetRow(subnet: Subnet): SubnetRow {
  const prefixes = prefixesOf(subnet);
  const v4 = blocksOf(prefixes).find((block) => block.version === 4);
  const inUse = subnet.ipConfigurations?.length ?? 0;
  const usable = v4 ? Number(usableAddresses(v4)) : null;
  return {
    name: subnet.name ?? '',
    addressPrefixes: prefixes,
    networkSecurityGroup: refName(subnet.networkSecurityGroup),
    routeTable: refName(subnet.routeTable),
    natGateway: refName(subnet.natGateway),
    delegations: (subnet.delegations ?? []).map((d) => d.serviceName ?? d.name ?? '?'),
    serviceEndpoints: (subnet.serviceEndpoints ?? []).map((e) => e.service ?? '?'),
    privateEndpoints: (subnet.privateEndpoints ?? []).map((e) => refName(e) ?? '?'),
    serviceAssociationLinks: (subnet.serviceAssociationLinks ?? []).map((l) => l.name ?? refName(l) ?? '?'),
    addresses: { usable, inUse, free: usable === null ? null : Math.max(usable - inUse, 0) },
    provisioningState: subnet.provisioningState ?? null,
  };
}

/** One line about a subnet, with what is attached to it. */
export function subnetLine(s: SubnetRow): string {
  const parts = [s.addressPrefixes.join(', ') || 'no prefix'];
  if (s.addresses.usable !== null) parts.push(`${s.addresses.inUse} of ${s.addresses.usable} addresses in use, ${s.addresses.free} free`);
  else parts.push(`${s.addresses.inUse} IP configurations`);
  if (s.networkSecurityGroup) parts.push(`NSG ${s.networkSecurityGroup}`);
  if (s.routeTable) parts.push(`route table ${s.routeTable}`);
  if (s.natGateway) parts.push(`NAT gateway ${s.natGateway}`);
  if (s.delegations.length) parts.push(`delegated to ${s.delegations.join(', ')}`);
  if (s.serviceEndpoints.length) parts.push(`service endpoints ${s.serviceEndpoints.join(', ')}`);
  if (s.privateEndpoints.length) parts.push(`private endpoints ${s.privateEndpoints.join(', ')}`);
  if (s.serviceAssociationLinks.length) parts.push(`service association links ${s.serviceAssociationLinks.join(', ')}`);
  if (s.provisioningState && s.provisioningState.toLowerCase() !== 'succeeded') parts.push(`provisioning ${s.provisioningState}`);
  return `${s.name}: ${parts.join('; ')}`;
}

export const operationOutcome = z.enum(['succeeded', 'accepted', 'still_running', 'cancelled']);
