// Address prefixes as the network provider checks them: IPv4 and IPv6 CIDR notation, ranges as
// BigInt pairs, containment and overlap. Only what the provider's validation needs.

export interface Range {
  version: 4 | 6;
  first: bigint;
  last: bigint;
  length: number;
}

export type ParsedPrefix = { kind: 'ok'; range: Range } | { kind: 'format' } | { kind: 'hostBits'; network: string };

function ipv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255)) return undefined;
  return parts.reduce((sum, part) => (sum << 8n) | BigInt(part), 0n);
}

function ipv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): bigint[] | undefined => {
    if (half === '') return [];
    const out: bigint[] = [];
    const pieces = half.split(':');
    for (const [index, piece] of pieces.entries()) {
      if (index === pieces.length - 1 && piece.includes('.')) {
        const v4 = ipv4(piece);
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

function format(version: 4 | 6, value: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, index) => (value >> BigInt((7 - index) * 16)) & 0xffffn);
  let best = { at: -1, length: 0 };
  for (let index = 0; index < 8;) {
    let end = index;
    while (end < 8 && groups[end] === 0n) end++;
    if (end - index > best.length && end - index > 1) best = { at: index, length: end - index };
    index = end === index ? index + 1 : end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

/** Parsed prefixes by text: every write re-checks its siblings' prefixes, and BigInt parsing is not free. */
const parsed = new Map<string, ParsedPrefix>();

/** A prefix in CIDR notation; host bits set are an error, as Azure reports them. */
export function parsePrefix(text: string): ParsedPrefix {
  let result = parsed.get(text);
  if (!result) {
    if (parsed.size >= 10_000) parsed.clear();
    parsed.set(text, (result = parseUncached(text)));
  }
  return result;
}

function parseUncached(text: string): ParsedPrefix {
  const match = /^([^/\s]+)\/(\d{1,3})$/.exec(text.trim());
  if (!match) return { kind: 'format' };
  const [, address = '', bits = ''] = match;
  const version = address.includes(':') ? 6 : 4;
  const value = version === 4 ? ipv4(address) : ipv6(address);
  const width = version === 4 ? 32 : 128;
  const length = Number(bits);
  if (value === undefined || length > width) return { kind: 'format' };
  const size = 1n << BigInt(width - length);
  const first = value - (value % size);
  if (first !== value) return { kind: 'hostBits', network: `${format(version, first)}/${length}` };
  return { kind: 'ok', range: { version, first, last: first + size - 1n, length } };
}

export function contains(outer: Range, inner: Range): boolean {
  return outer.version === inner.version && outer.first <= inner.first && inner.last <= outer.last;
}

export function overlaps(a: Range, b: Range): boolean {
  return a.version === b.version && a.first <= b.last && b.first <= a.last;
}
