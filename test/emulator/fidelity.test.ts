// Our ARM bodies against Microsoft's own examples (azure-rest-api-specs x-ms-examples): same status,
// same keys at every level, same value types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EmulatedAzure, SEED } from '../../src/emulator/index.js';
import { armGet, servicePrincipalToken, REST_EXAMPLES_DIR as EXAMPLES_DIR } from './support.js';

interface Example {
  operationId: string;
  parameters: Record<string, string>;
  responses: Record<string, { body: unknown }>;
}

const PATH_BY_OPERATION: Record<string, string> = {
  Subscriptions_List: '/subscriptions',
  Subscriptions_Get: '/subscriptions/{subscriptionId}',
  Subscriptions_ListLocations: '/subscriptions/{subscriptionId}/locations',
  Tenants_List: '/tenants',
};

/** Free-form maps: their keys are data, not schema. */
const DICTIONARY_KEYS = new Set(['tags']);

function assertSameShape(ours: unknown, theirs: unknown, where: string): void {
  if (Array.isArray(theirs)) {
    assert.ok(Array.isArray(ours), `${where}: expected an array`);
    const [template] = theirs;
    if (template !== undefined) ours.forEach((item, index) => assertSameShape(item, template, `${where}[${index}]`));
    return;
  }
  if (theirs !== null && typeof theirs === 'object') {
    assert.ok(ours !== null && typeof ours === 'object' && !Array.isArray(ours), `${where}: expected an object`);
    if (DICTIONARY_KEYS.has(where.split('.').at(-1) ?? '')) return;
    const isTopLevel = where === '$';
    const keys = (value: object): string[] =>
      Object.keys(value)
        .filter((key) => !(isTopLevel && key === 'nextLink'))
        .sort();
    assert.deepEqual(keys(ours), keys(theirs), `${where}: key sets differ`);
    for (const key of keys(theirs)) {
      assertSameShape((ours as Record<string, unknown>)[key], (theirs as Record<string, unknown>)[key], `${where}.${key}`);
    }
    return;
  }
  assert.equal(typeof ours, typeof theirs, `${where}: value type differs`);
}

test('the examples directory resolves to the copy in test/fixtures', () => {
  const dir = fileURLToPath(EXAMPLES_DIR);
  assert.ok(existsSync(`${dir}subscriptions/GetSubscriptions.json`), `no examples under ${dir}`);
});

for (const name of ['GetSubscriptions', 'GetSubscription', 'GetLocations', 'GetTenants']) {
  test(`fidelity: ${name}.json`, async () => {
    const example = JSON.parse(readFileSync(new URL(`subscriptions/${name}.json`, EXAMPLES_DIR), 'utf8')) as Example;
    const template = PATH_BY_OPERATION[example.operationId];
    assert.ok(template, `no path known for ${example.operationId}`);
    // The example's own subscription id does not exist here; ask about a seeded one instead.
    const path = template.replace('{subscriptionId}', SEED.subscriptions[0]!.id);
    const azure = new EmulatedAzure();
    const token = await servicePrincipalToken(azure);

    const reply = await armGet(azure, `${path}?api-version=${encodeURIComponent(example.parameters['api-version'] ?? '')}`, token);

    const [expectedStatus, expected] = Object.entries(example.responses)[0]!;
    assert.equal(reply.status, Number(expectedStatus), JSON.stringify(reply.json));
    if (Array.isArray((expected.body as { value?: unknown }).value)) {
      assert.ok((reply.json['value'] as unknown[]).length > 0, 'an empty list would prove nothing');
    }
    assertSameShape(reply.json, expected.body, '$');
    assert.match(reply.headers['x-ms-request-id'] ?? '', /^[0-9a-f-]{36}$/);
    assert.match(reply.headers['x-ms-correlation-request-id'] ?? '', /^[0-9a-f-]{36}$/);
    assert.match(reply.headers['content-type'] ?? '', /^application\/json/);
  });
}

test('the shape check itself catches a missing key', () => {
  assert.throws(() => assertSameShape({ a: 1 }, { a: 1, b: 2 }, '$'), /key sets differ/);
  assert.throws(() => assertSameShape({ a: '1' }, { a: 1 }, '$'), /value type differs/);
});
