// Address prefixes as the network provider checks them: IPv4 and IPv6 CIDR notation, ranges as
// BigInt pairs, containment and overlap. Only what the provider's validation needs.
import { blockSize, formatAddress, parsePrefix as parseText, type IpVersion } from '../../../util/cidr.js';

export interface Range {
  version: IpVersion;
  first: bigint;
  last: bigint;
  length: number;
}

export type ParsedPrefix = { kind: 'ok'; range: Range } | { kind: 'format' } | { kind: 'hostBits'; network: string };

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
  const prefix = parseText(text);
  if (prefix.kind === 'hostBits') return { kind: 'hostBits', network: `${formatAddress(prefix.version, prefix.network)}/${prefix.length}` };
  if (prefix.kind !== 'ok') return { kind: 'format' };
  const { version, first, length } = prefix;
  return { kind: 'ok', range: { version, first, last: first + blockSize(version, length) - 1n, length } };
}

export function contains(outer: Range, inner: Range): boolean {
  return outer.version === inner.version && outer.first <= inner.first && inner.last <= outer.last;
}

export function overlaps(a: Range, b: Range): boolean {
  return a.version === b.version && a.first <= b.last && b.first <= a.last;
}
