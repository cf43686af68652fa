import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.js';
import { registryAudience } from '../../src/azure/clients-acr.js';
import { tempDir } from '../helpers/temp.js';

test("the registry data plane's Entra audience follows the cloud (ACR's token exchange takes the ARM audience)", () => {
  const audience = (env: Record<string, string>) => registryAudience(loadConfig({}, env, tempDir('cwd')).cloud.resourceManagerScope);
  assert.equal(audience({}), 'https://management.azure.com');
  assert.equal(audience({ AZURE_CLOUD: 'AzureChinaCloud' }), 'https://management.chinacloudapi.cn');
  assert.equal(audience({ AZURE_CLOUD: 'AzureUSGovernment' }), 'https://management.usgovcloudapi.net');
  assert.equal(
    audience({
      AZURE_RESOURCE_MANAGER_ENDPOINT: 'https://arm.contoso.test',
      AZURE_RESOURCE_MANAGER_AUDIENCE: 'https://management.contoso.test/',
    }),
    'https://management.contoso.test',
  );
});
