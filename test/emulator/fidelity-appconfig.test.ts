// App Configuration store lists, for which azure-rest-api-specs has no example in our fixtures: the REST reference's
// ConfigurationStoreListResult is `{ value: ConfigurationStore[], nextLink }`, so each item must have the shape of
// Microsoft's ConfigurationStoresGet.json, by subscription and by resource group, across pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EmulatedAzure } from '../../src/emulator/index.js';
import { REST_EXAMPLES_DIR, servicePrincipalToken } from './support.js';
import { arm, assertArmShape, insert, SUB, without } from './arm-support.js';

interface Example {
  parameters: Record<string, string>;
  responses: { 200: { body: Record<string, unknown> } };
}

test('fidelity: configurationStores list (subscription and resource group, paged) items are shaped like ConfigurationStoresGet.json', async () => {
  const example = JSON.parse(readFileSync(new URL('appconfiguration/ConfigurationStoresGet.json', REST_EXAMPLES_DIR), 'utf8')) as Example;
  const body = example.responses[200].body;
  const azure = new EmulatedAzure({ pageSize: 1 });
  const token = await servicePrincipalToken(azure);
  const group = example.parameters['resourceGroupName']!;
  for (const name of ['contoso', 'contoso-two'])
    insert(
      azure,
      group,
      'Microsoft.AppConfiguration',
      [['configurationStores', name]],
      without(body, ['id', 'name', 'type', 'systemData', 'properties.provisioningState', 'properties.endpoint']),
    );
  const api = `api-version=${example.parameters['api-version']}`;
  for (const path of [
    `/subscriptions/${SUB}/providers/Microsoft.AppConfiguration/configurationStores?${api}`,
    `/subscriptions/${SUB}/resourceGroups/${group}/providers/Microsoft.AppConfiguration/configurationStores?${api}`,
  ]) {
    const names: string[] = [];
    let next: string | undefined = path;
    while (next) {
      const page = await arm(azure, token, 'GET', next);
      assert.equal(page.status, 200, page.text);
      const items = page.json['value'] as Record<string, unknown>[];
      assert.equal(items.length, 1);
      for (const item of items) {
        assertArmShape(item, body);
        names.push(String(item['name']));
        assert.equal((item['properties'] as Record<string, unknown>)['endpoint'], `https://${String(item['name'])}.azconfig.io`);
      }
      next = page.json['nextLink'] as string | undefined;
    }
    assert.deepEqual(names.sort(), ['contoso', 'contoso-two'], path);
  }
});
