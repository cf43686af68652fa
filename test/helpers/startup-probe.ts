// Run as a child process: which Azure SDK modules does the server load before and after the first Azure call?
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const loaded: string[] = [];
const { port1, port2 } = new MessageChannel();
port1.on('message', (url: string) => loaded.push(url));
register(new URL('./module-tracer-hooks.js', import.meta.url), { data: { port: port2 }, transferList: [port2] });

const { loadConfig } = await import('../../src/config.js');
const { createAzopsServer } = await import('../../src/server.js');
const { Client, InMemoryTransport } = await import('@modelcontextprotocol/client');

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
const azureModules = () => [
  ...new Set(loaded.filter((u) => u.includes('/node_modules/@azure/')).map((u) => u.replace(/.*\/node_modules\/(@azure\/[^/]+).*/, '$1'))),
];

const azops = createAzopsServer(loadConfig({}, process.env), { writeLog: () => {} });
const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
await azops.createMcpServer().connect(serverSide);
const client = new Client({ name: 'probe', version: '1' });
await client.connect(clientSide);
const { tools } = await client.listTools();
await client.callTool({ name: 'health_check', arguments: {} });
await settle();
const atStartup = azureModules();
await client.callTool({ name: 'auth_status', arguments: {} });
await settle();
const afterAzureCall = azureModules();
process.stdout.write(JSON.stringify({ tools: tools.length, atStartup, afterAzureCall }));
port1.close();
await client.close();
process.exit(0);
