// What clients see of each tool in tools/list, one file per tool under test/__snapshots__/tools/, so that a
// schema change is a reviewed diff. `npm run snapshots:update` rewrites them; test/tools/snapshots.test.ts checks.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { loadConfig } from '../src/config.js';
import { createAzopsServer } from '../src/server.js';

/** Compiled to dist/scripts/: the repository root is two folders up. */
export const SNAPSHOT_DIR = fileURLToPath(new URL('../../test/__snapshots__/tools/', import.meta.url));

/** Every tool's tools/list entry, as an MCP client receives it from a server with all tools exposed. */
export async function listedTools(): Promise<{ name: string; json: string }[]> {
  const azops = createAzopsServer(loadConfig({}, {}, fileURLToPath(new URL('.', import.meta.url))), { writeLog: () => {} });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await azops.createMcpServer().connect(serverSide);
  const client = new Client({ name: 'snapshots', version: '1' });
  await client.connect(clientSide);
  try {
    const { tools } = await client.listTools();
    return tools.map((tool) => ({ name: tool.name, json: `${JSON.stringify(tool, null, 2)}\n` }));
  } finally {
    await client.close();
  }
}

if (process.argv.includes('--write')) {
  const tools = await listedTools();
  rmSync(SNAPSHOT_DIR, { recursive: true, force: true });
  mkdirSync(SNAPSHOT_DIR, { recursive: true });
  for (const { name, json } of tools) writeFileSync(join(SNAPSHOT_DIR, `${name}.json`), json);
  console.log(`${tools.length} tool snapshots in ${SNAPSHOT_DIR} (${readdirSync(SNAPSHOT_DIR).length} files)`);
}
