// The network tools' CIDR arithmetic, IPv4 and IPv6: parsing with reasons, canonical text, containment and
// overlap, the default subnet of a space (where the original's string surgery went wrong), the first free block.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CidrError, contains, firstBlock, firstFree, overlaps, parseCidr, sizeOf, usableAddresses } from '../../src/tools/network/cidr.js';
import { defaultSubnetPrefixes } from '../../src/tools/network/vnet-changes.js';

const texts = (list: string[]) => list.map((p) => parseCidr(p).text);

test('parses IPv4 and IPv6 prefixes into canonical text', () => {
  assert.deepEqual(texts(['10.0.0.0/16', ' 192.168.1.0/24 ', '0.0.0.0/0', '10.1.2.3/32']), [
    '10.0.0.0/16',
    '192.168.1.0/24',
    '0.0.0.0/0',
    '10.1.2.3/32',
  ]);
  assert.deepEqual(
    texts(['FD00:0DB8:0000:0001:0000:0000:0000:0000/64', 'fd00:db8::/48', '::/0', '2001:db8:0:0:1::/80', 'fd00::ffff:10.0.0.0/112']),
    ['fd00:db8:0:1::/64', 'fd00:db8::/48', '::/0', '2001:db8:0:0:1::/80', 'fd00::ffff:a00:0/112'],
  );
  const v6 = parseCidr('fd00:db8:2:1::/64');
  assert.equal(v6.version, 6);
  assert.equal(sizeOf(v6), 1n << 64n);
});

test('refuses what is not a network in CIDR notation, saying why', () => {
  for (const bad of [
    '10.0.0.0',
    '10.0.0/16',
    '10.0.0.256/24',
    '010.0.0.0/8',
    '10.0.0.0/33',
    'fd00::/129',
    'fd00:::1/64',
    '1:2:3:4:5:6:7:8:9/64',
    'x/8',
    '10.0.0.0/-1',
    '',
  ])
    assert.throws(() => parseCidr(bad), CidrError, bad);
  assert.throws(() => parseCidr('10.0.0.5/16'), /host bits set: the network with that prefix length is 10\.0\.0\.0\/16/);
  assert.throws(() => parseCidr('fd00:db8::1/64'), /is fd00:db8::\/64/);
});

test('containment and overlap, only within a family', () => {
  const space = parseCidr('10.1.0.0/16');
  assert.ok(contains(space, parseCidr('10.1.255.0/24')));
  assert.ok(!contains(space, parseCidr('10.0.0.0/15')), 'a larger block that starts inside is not contained');
  assert.ok(overlaps(parseCidr('10.1.2.128/25'), parseCidr('10.1.2.0/24')));
  assert.ok(!overlaps(parseCidr('10.1.2.0/24'), parseCidr('10.1.3.0/24')));
  assert.ok(!overlaps(parseCidr('0.0.0.0/0'), parseCidr('::/0')));
  assert.ok(contains(parseCidr('fd00:db8:2::/48'), parseCidr('fd00:db8:2:ffff::/64')));
});

test("the default subnet is the first /24 of the space, or the whole space when smaller (not the original's string surgery)", () => {
  assert.deepEqual(defaultSubnetPrefixes([parseCidr('10.0.0.0/16')]), ['10.0.0.0/24']);
  // The original turned 10.0.0.128/25 into 10.0.0.0/24, outside the space.
  assert.deepEqual(defaultSubnetPrefixes([parseCidr('10.0.0.128/25')]), ['10.0.0.128/25']);
  assert.deepEqual(defaultSubnetPrefixes([parseCidr('172.16.0.0/12')]), ['172.16.0.0/24']);
  assert.deepEqual(defaultSubnetPrefixes([parseCidr('10.0.0.0/16'), parseCidr('fd00:db8:7::/48')]), ['10.0.0.0/24', 'fd00:db8:7::/64']);
  assert.throws(() => defaultSubnetPrefixes([parseCidr('10.0.0.0/30')]), /smallest IPv4 subnet is a \/29/);
  assert.throws(() => defaultSubnetPrefixes([parseCidr('fd00:db8::/48')]), /needs an IPv4 address prefix/);
  assert.throws(() => defaultSubnetPrefixes([parseCidr('10.0.0.0/16'), parseCidr('fd00:db8::/96')]), /IPv6 subnets are \/64/);
  assert.equal(firstBlock(parseCidr('10.0.0.0/8'), 24).text, '10.0.0.0/24');
});

test('the first free block skips taken ones, aligned, across spaces; none when full', () => {
  const space = [parseCidr('10.1.0.0/16')];
  const taken = texts(['10.1.0.0/24', '10.1.1.0/25', '10.1.2.0/23']).map(parseCidr);
  assert.equal(firstFree(space, taken, 24)?.text, '10.1.4.0/24');
  assert.equal(firstFree(space, taken, 25)?.text, '10.1.1.128/25');
  assert.equal(firstFree([parseCidr('10.9.0.0/24'), ...space], [parseCidr('10.9.0.0/24')], 24)?.text, '10.1.0.0/24');
  assert.equal(firstFree([parseCidr('10.9.0.0/24')], [parseCidr('10.9.0.0/24')], 24), undefined);
  // A huge space with few subnets is answered without walking it.
  assert.equal(firstFree([parseCidr('10.0.0.0/8')], [parseCidr('10.0.0.0/9')], 29)?.text, '10.128.0.0/29');
  assert.equal(firstFree([parseCidr('fd00:db8:2::/48')], [parseCidr('fd00:db8:2::/64')], 64)?.text, 'fd00:db8:2:1::/64');
});

test('usable addresses: the block minus the five Azure keeps', () => {
  assert.equal(usableAddresses(parseCidr('10.0.0.0/24')), 251n);
  assert.equal(usableAddresses(parseCidr('10.0.0.0/29')), 3n);
  assert.equal(usableAddresses(parseCidr('10.0.0.0/30')), 0n);
});
