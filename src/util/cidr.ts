// Address prefixes in CIDR notation, IPv4 and IPv6, on BigInt: what the network tools and the emulated network
// provider both read. Depends on nothing, so the emulator may import it as well as the server.

export type IpVersion = 4 | 6;

export const ADDRESS_BITS = { 4: 32, 6: 128 } as const;

/** A prefix as written, or what is wrong with it. `network` is the prefix the host bits hid. */
export type PrefixParse =
  | { kind: 'ok'; version: IpVersion; first: bigint; length: number }
  | { kind: 'format' }
  | { kind: 'address'; version: IpVersion; address: string }
  | { kind: 'length'; version: IpVersion }
  | { kind: 'hostBits'; version: IpVersion; network: bigint; length: number };

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
export function formatAddress(version: IpVersion, value: bigint): string {
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

/** Number of addresses in a block of `length` bits. */
export function blockSize(version: IpVersion, length: number): bigint {
  return 1n << BigInt(ADDRESS_BITS[version] - length);
}

/** Parses `10.0.0.0/16` or `fd00:db8::/48` (surrounding spaces allowed); a set host bit is an error, as in Azure. */
export function parsePrefix(raw: string): PrefixParse {
  const match = /^([^/\s]+)\/(\d{1,3})$/.exec(raw.trim());
  if (!match) return { kind: 'format' };
  const [, address = '', bits = ''] = match;
  const version = address.includes(':') ? 6 : 4;
  const value = version === 4 ? parseIpv4(address) : parseIpv6(address);
  if (value === undefined) return { kind: 'address', version, address };
  const length = Number(bits);
  if (length > ADDRESS_BITS[version]) return { kind: 'length', version };
  const size = blockSize(version, length);
  const network = value - (value % size);
  if (network !== value) return { kind: 'hostBits', version, network, length };
  return { kind: 'ok', version, first: value, length };
}
