// The floor under any Node MCP server built like azops-mcp: the MCP TypeScript SDK and zod, serving one trivial
// tool over stdio, exactly as src/index.ts serves (serveStdio). The benchmark starts it like azops-mcp to show
// how much of start-up and memory is the runtime and the SDK, and how much is azops-mcp's own.
import { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';

const { serveStdio } = await import('@modelcontextprotocol/server/stdio');
serveStdio(() => {
  const server = new McpServer({ name: 'floor', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.registerTool('echo', { description: 'Echoes its text.', inputSchema: z.object({ text: z.string() }) }, ({ text }) => ({
    content: [{ type: 'text', text }],
  }));
  return server;
});
process.stdin.on('end', () => process.exit(0));
