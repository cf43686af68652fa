// The data planes and Graph over real sockets, reached by their public host names through the
// allow-list CONNECT proxy: routing follows the Host header, not the port, and HMAC signatures made
// over the public host name verify.
import '../helpers/loopback-guard.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import {
  DEMO,
  appConfigListKeys,
  ensureAppConfigStore,
  seedDataPlaneDemoEstate,
  seedIdentityDemoEstate,
} from '../../src/emulator/index.js';
import { startProxiedAzure } from '../helpers/proxied-azure.js';
import { appConfigHmacHeaders, servicePrincipalToken } from './support.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One HTTPS request tunnelled through the proxy, as an SDK with HTTPS_PROXY sends it. */
async function viaProxy(proxyUrl: string, ca: string, method: string, url: string, headers: Record<string, string> = {}): Promise<Reply> {
  const target = new URL(url);
  const proxy = new URL(proxyUrl);
  const socket = await new Promise<Socket>((resolve, reject) => {
    const connect = http.request({ host: proxy.hostname, port: Number(proxy.port), method: 'CONNECT', path: `${target.hostname}:443` });
    connect.on('connect', (response, tunnel) =>
      response.statusCode === 200 ? resolve(tunnel) : reject(new Error(`CONNECT answered ${response.statusCode}`)),
    );
    connect.on('error', reject);
    connect.end();
  });
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: target.hostname,
        port: 443,
        defaultPort: 443,
        path: `${target.pathname}${target.search}`,
        method,
        headers,
        createConnection: () => tls.connect({ socket, servername: target.hostname, ca }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

test('App Configuration, Container Registry and Graph answer on their own host names through the proxy', async () => {
  const proxied = await startProxiedAzure();
  try {
    const { azure, proxy, cert } = proxied;
    seedIdentityDemoEstate(azure);
    seedDataPlaneDemoEstate(azure);

    const key = appConfigListKeys(ensureAppConfigStore(azure.state, DEMO.appConfigStore))[0] as { id: string; value: string };
    const kvUrl = `https://${DEMO.appConfigStore}.azconfig.io/kv?label=prod&api-version=2023-11-01`;
    const kv = await viaProxy(proxy.url, cert.cert, 'GET', kvUrl, appConfigHmacHeaders('GET', kvUrl, '', key.id, key.value));
    assert.equal(kv.status, 200, kv.text);
    assert.ok((JSON.parse(kv.text) as { items: { label: string }[] }).items.every((item) => item.label === 'prod'));

    const ping = await viaProxy(proxy.url, cert.cert, 'GET', `https://${DEMO.registry}.azurecr.io/v2/`);
    assert.equal(ping.status, 401);
    assert.equal(
      ping.headers['www-authenticate'],
      `Bearer realm="https://${DEMO.registry}.azurecr.io/oauth2/token",service="${DEMO.registry}.azurecr.io"`,
    );

    const graphToken = await servicePrincipalToken(azure, 'https://graph.microsoft.com/.default');
    const org = await viaProxy(proxy.url, cert.cert, 'GET', 'https://graph.microsoft.com/v1.0/organization', {
      authorization: `Bearer ${graphToken}`,
    });
    assert.equal(org.status, 200, org.text);
    assert.equal(
      (JSON.parse(org.text) as Record<string, unknown>)['@odata.context'],
      'https://graph.microsoft.com/v1.0/$metadata#organization',
    );
    assert.deepEqual([...proxy.tunnels.keys()].sort(), [
      `${DEMO.appConfigStore}.azconfig.io`,
      `${DEMO.registry}.azurecr.io`,
      'graph.microsoft.com',
    ]);
  } finally {
    await proxied.close();
  }
});
