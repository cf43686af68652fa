import { z } from 'zod';
import { defineTool } from '../define.js';

export const healthCheck = defineTool({
  name: 'health_check',
  title: 'Server health',
  description:
    'Reports the server version, Node.js version, uptime, configuration findings and the credential method configured. Makes no network call.',
  toolset: 'account',
  access: 'read',
  openWorld: false,
  inputSchema: z.object({}),
  outputSchema: z.object({
    status: z.enum(['ok', 'degraded']).describe('degraded when configuration findings exist.'),
    version: z.string(),
    node: z.string(),
    uptimeSeconds: z.number(),
    credential: z.string().describe('The credential method configured (what will be tried, in order).'),
    subscription: z.string().nullable(),
    cloud: z.string(),
    resourceManager: z.string(),
    envFile: z.string().nullable().describe('The .env file that was read.'),
    findings: z.array(z.string()),
  }),
  async handler(_input, { config, session, server }) {
    const data = {
      status: config.findings.length ? ('degraded' as const) : ('ok' as const),
      version: server.version,
      node: process.version,
      uptimeSeconds: Math.round((Date.now() - server.startedAt) / 1000),
      credential: session.credential.plan,
      subscription: session.subscription?.id ?? null,
      cloud: config.cloud.name,
      resourceManager: config.cloud.resourceManager,
      envFile: config.envFile ?? null,
      findings: config.findings,
    };
    const lines = [
      `azops-mcp ${data.version} on Node ${data.node}, up ${data.uptimeSeconds}s: ${data.status}.`,
      `Credential: ${data.credential}. Subscription: ${data.subscription ?? 'not set'}. Cloud: ${data.cloud}.`,
      ...data.findings.map((f) => `Finding: ${f}`),
    ];
    return { data, text: lines.join('\n') };
  },
});
