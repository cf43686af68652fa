import { z } from 'zod';
import { defineTool } from '../define.js';

export const healthCheck = defineTool({
  name: 'health_check',
  title: 'Server health',
  description:
    'Reports the server version, Node.js version, uptime, configuration findings, the credential method configured, read-only mode and which tools are exposed. Makes no network call.',
  access: 'read',
  example: {},
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
    readOnly: z.boolean().describe('Whether read-only mode is on.'),
    readOnlySetBy: z.string().nullable(),
    tools: z.string().describe('How many tools are exposed, and why.'),
    confirm: z.string().describe('How destructive tools are confirmed when the client cannot prompt.'),
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
      readOnly: config.safety.readOnly.on,
      readOnlySetBy: config.safety.readOnly.how,
      tools: server.exposure,
      confirm: `${config.safety.confirm.mode} (${config.safety.confirm.how})`,
    };
    const lines = [
      `azops-mcp ${data.version} on Node ${data.node}, up ${data.uptimeSeconds}s: ${data.status}.`,
      `Credential: ${data.credential}. Subscription: ${data.subscription ?? 'not set'}. Cloud: ${data.cloud}.`,
      `Tools: ${data.tools}${data.readOnly ? ` Read-only mode is ON (set by ${data.readOnlySetBy}).` : ''}`,
      ...data.findings.map((f) => `Finding: ${f}`),
    ];
    return { data, text: lines.join('\n') };
  },
});
