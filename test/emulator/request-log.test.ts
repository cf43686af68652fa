import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EmulatedAzure } from '../../src/emulator/index.js';

test('requestLogLimit keeps the latest requests only (a long-lived sandbox), unbounded by default', async () => {
  const capped = new EmulatedAzure({ requestLogLimit: 5 });
  const unbounded = new EmulatedAzure();
  for (let i = 0; i < 40; i++) {
    for (const azure of [capped, unbounded])
      await azure.handle({ method: 'GET', url: `https://management.azure.com/subscriptions/n${i}?api-version=2022-12-01`, headers: {} });
  }
  assert.ok(capped.requests.length <= 10, `kept ${capped.requests.length}`);
  assert.equal(capped.requests.at(-1)!.path, '/subscriptions/n39');
  assert.equal(unbounded.requests.length, 40);
  assert.throws(() => new EmulatedAzure({ requestLogLimit: -1 }), /requestLogLimit/);
});
