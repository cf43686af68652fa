// CIDR arithmetic for IPv4 and IPv6 address prefixes, on BigInt: parsing with a reason when a prefix is
// wrong, containment and overlap, the first block of a size inside a space, the first free one, sizes.
import { ADDRESS_BITS, blockSize, formatAddress, parsePrefix, type IpVersion } from '../../util/cidr.js';

export interface Cidr {
  version: IpVersion;
  /** The network address. */
  first: bigint;
  length: number;
  /** Canonical text: 10.1.0.0/16, fd00:db8:1::/48. */
  text: string;
}

export class CidrError extends Error {
  override name = 'CidrError';
}

export function cidr(version: IpVersion, first: bigint, length: number): Cidr {
  return { version, first, length, text: `${formatAddress(version, first)}/${length}` };
}

/** Parses one prefix; a CidrError says what is wrong with it (and the network it meant, for host bits). */
export function parseCidr(raw: string): Cidr {
  const text = raw.trim();
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  const parsed = parsePrefix(text);
  switch (parsed.kind) {
    case 'ok':
      return cidr(parsed.version, parsed.first, parsed.length);
    case 'format':
      throw new CidrError(`'${shown}' is not an address prefix in CIDR notation (like 10.0.0.0/16 or fd00:db8::/48).`);
    case 'address':
      throw new CidrError(`'${parsed.address}' in '${shown}' is not an IPv${parsed.version} address.`);
    case 'length':
      throw new CidrError(`'${shown}': an IPv${parsed.version} prefix length is 0-${ADDRESS_BITS[parsed.version]}.`);
    case 'hostBits':
      throw new CidrError(
        `'${shown}' has host bits set: the network with that prefix length is ${cidr(parsed.version, parsed.network, parsed.length).text}.`,
      );
  }
}

/** Number of addresses in the block. */
export function sizeOf(block: Cidr): bigint {
  return blockSize(block.version, block.length);
}

export function lastOf(block: Cidr): bigint {
  return block.first + sizeOf(block) - 1n;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.version === inner.version && outer.first <= inner.first && lastOf(inner) <= lastOf(outer);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.version === b.version && a.first <= lastOf(b) && b.first <= lastOf(a);
}

/** The first block of `length` inside `space`, or the whole space when it is already that small or smaller. */
export function firstBlock(space: Cidr, length: number): Cidr {
  return space.length >= length ? space : cidr(space.version, space.first, length);
}

/** The first block of `length` inside one of `spaces` that overlaps none of `taken`; undefined when none is left. */
export function firstFree(spaces: Cidr[], taken: Cidr[], length: number): Cidr | undefined {
  for (const space of spaces) {
    if (space.length > length) continue;
    const step = blockSize(space.version, length);
    const sameFamily = taken.filter((block) => block.version === space.version);
    let candidate = cidr(space.version, space.first, length);
    // Each step either returns or jumps past a taken block, so the loop ends after at most taken.length + 1 steps.
    for (;;) {
      if (lastOf(candidate) > lastOf(space)) break;
      const blocking = sameFamily.find((block) => overlaps(block, candidate));
      if (!blocking) return candidate;
      const next = ((lastOf(blocking) + 1n + step - 1n) / step) * step;
      candidate = cidr(space.version, next, length);
    }
  }
  return undefined;
}

/** Addresses a subnet offers to resources: Azure keeps five of each subnet (the first four and the last). */
export function usableAddresses(block: Cidr): bigint {
  const size = sizeOf(block);
  return size > 5n ? size - 5n : 0n;
}
