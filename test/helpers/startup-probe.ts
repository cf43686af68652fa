// Run as a child process: which Azure SDK modules does the server load before and after the first Azure call,
// and which toolset folders before and after the first tool call?
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

// The folders under src/tools/ whose modules have been loaded (`src/tools/x.js` itself counts as `x.js`).
const toolFolders = () => [
  ...new Set(loaded.filter((u) => u.includes('/dist/src/tools/')).map((u) => u.replace(/.*\/dist\/src\/tools\/([^/]+).*/, '$1'))),
];

const azops = createAzopsServer(loadConfig({}, process.env), { writeLog: () => {} });
const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
await azops.createMcpServer().connect(serverSide);
const client = new Client({ name: 'probe', version: '1' });
await client.connect(clientSide);
const { tools } = await client.listTools();
await settle();
const toolsAtStartup = toolFolders();
await client.callTool({ name: 'health_check', arguments: {} });
await settle();
const atStartup = azureModules();
const toolsAfterHealthCheck = toolFolders();
await client.callTool({ name: 'auth_status', arguments: {} });
await settle();
const afterAzureCall = azureModules();
process.stdout.write(JSON.stringify({ tools: tools.length, atStartup, afterAzureCall, toolsAtStartup, toolsAfterHealthCheck }));
port1.close();
await client.close();
process.exit(0);
