// CIDR arithmetic for IPv4 and IPv6 address prefixes, on BigInt: parsing with a reason when a prefix is
// wrong, containment and overlap, the first block of a size inside a space, the first free one, sizes.

export interface Cidr {
  version: 4 | 6;
  /** The network address. */
  first: bigint;
  length: number;
  /** Canonical text: 10.1.0.0/16, fd00:db8:1::/48. */
  text: string;
}

export class CidrError extends Error {
  override name = 'CidrError';
}

const WIDTH = { 4: 32, 6: 128 } as const;

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255)) return undefined;
  return parts.reduce((sum, part) => (sum << 8n) | BigInt(part), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): bigint[] | undefined => {
    if (half === '') return [];
    const out: bigint[] = [];
    const pieces = half.split(':');
    for (const [index, piece] of pieces.entries()) {
      if (index === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        out.push(v4 >> 16n, v4 & 0xffffn);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) out.push(BigInt(`0x${piece}`));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...Array<bigint>(missing).fill(0n), ...tail].reduce((sum, group) => (sum << 16n) | group, 0n);
}

/** An address as text: dotted IPv4, or IPv6 with the longest run of zero groups shortened to `::`. */
export function formatAddress(version: 4 | 6, value: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, index) => (value >> BigInt((7 - index) * 16)) & 0xffffn);
  let best = { at: -1, length: 0 };
  for (let index = 0; index < 8;) {
    let end = index;
    while (end < 8 && groups[end] === 0n) end++;
    if (end - index > 1 && end - index > best.length) best = { at: index, length: end - index };
    index = end === index ? index + 1 : end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

export function cidr(version: 4 | 6, first: bigint, length: number): Cidr {
  return { version, first, length, text: `${formatAddress(version, first)}/${length}` };
}

/** Parses one prefix; a CidrError says what is wrong with it (and the network it meant, for host bits). */
export function parseCidr(raw: string): Cidr {
  const text = raw.trim();
  const match = /^([^/\s]+)\/(\d{1,3})$/.exec(text);
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  if (!match) throw new CidrError(`'${shown}' is not an address prefix in CIDR notation (like 10.0.0.0/16 or fd00:db8::/48).`);
  const [, address = '', bits = ''] = match;
  const version = address.includes(':') ? 6 : 4;
  const value = version === 4 ? parseIpv4(address) : parseIpv6(address);
  if (value === undefined) throw new CidrError(`'${address}' in '${shown}' is not an IPv${version} address.`);
  const length = Number(bits);
  if (length > WIDTH[version]) throw new CidrError(`'${shown}': an IPv${version} prefix length is 0-${WIDTH[version]}.`);
  const size = 1n << BigInt(WIDTH[version] - length);
  const network = value - (value % size);
  if (network !== value)
    throw new CidrError(`'${shown}' has host bits set: the network with that prefix length is ${cidr(version, network, length).text}.`);
  return cidr(version, network, length);
}

/** Number of addresses in the block. */
export function sizeOf(block: Cidr): bigint {
  return 1n << BigInt(WIDTH[block.version] - block.length);
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
    const step = 1n << BigInt(WIDTH[space.version] - length);
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
