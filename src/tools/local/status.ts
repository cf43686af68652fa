import { z } from 'zod';
import { defineTool } from '../define.js';
import { DockerError } from '../../local/docker.js';
import { hostProbe } from '../../local/host.js';
import { loadSummary } from '../../local/metrics.js';
import { duration } from '../../local/systemd.js';
import { identityFromToken, identitySchema, methodSchema } from '../account/identity.js';
import { dockerEngine } from './common.js';
import { loadText } from './host.js';

export const getInfrastructureStatus = defineTool({
  name: 'get_infrastructure_status',
  title: 'Infrastructure status',
  description:
    'One look at what this server stands on: whether the Docker engine answers (and its version and container counts), the host load, memory and uptime, and the Azure sign-in state (the credential that would be used, and the identity when a token is already cached; no token is requested).',
  access: 'read',
  openWorld: false,
  example: {},
  inputSchema: z.object({}),
  outputSchema: z.object({
    docker: z.object({
      reachable: z.boolean(),
      endpoint: z.string().describe('Where the engine was looked for, and how that was chosen.'),
      version: z.string().nullable().describe('Docker engine version.'),
      apiVersion: z.string().nullable(),
      platform: z.string().nullable().describe('Engine OS/architecture.'),
      containersRunning: z.number().nullable(),
      containers: z.number().nullable().describe('All containers, stopped ones included.'),
      problem: z.string().nullable().describe('Why the engine could not be used, and what to do.'),
    }),
    host: z.object({
      platform: z.string(),
      uptimeSeconds: z.number(),
      cores: z.number(),
      loadAverage: z.object({ one: z.number(), five: z.number(), fifteen: z.number() }).nullable(),
      memoryUsedPercent: z.number(),
    }),
    azure: z.object({
      mode: z.enum(['azure', 'sandbox']),
      configured: z.string().describe('The credential that would be used: what will be tried, in order.'),
      signedIn: z.boolean().describe('Whether a token is cached in this session (none is requested here).'),
      method: methodSchema.nullable(),
      tokenExpiresOn: z.string().nullable(),
      identity: identitySchema.nullable(),
      subscription: z.string().nullable(),
      cloud: z.string(),
    }),
  }),
  async handler(_input, ctx) {
    const { config, session } = ctx;
    const engine = dockerEngine(ctx);
    const docker = {
      reachable: false,
      endpoint: engine.where,
      version: null as string | null,
      apiVersion: null as string | null,
      platform: null as string | null,
      containersRunning: null as number | null,
      containers: null as number | null,
      problem: null as string | null,
    };
    try {
      const [version, info] = await Promise.all([engine.version(), engine.info()]);
      Object.assign(docker, {
        reachable: true,
        version: version.Version ?? null,
        apiVersion: version.ApiVersion ?? null,
        platform: version.Os && version.Arch ? `${version.Os}/${version.Arch}` : null,
        containersRunning: info.ContainersRunning ?? null,
        containers: info.Containers ?? null,
      });
    } catch (error) {
      // An engine that is missing or refuses is an answer here, not a failure of the tool.
      if (!(error instanceof DockerError)) throw error;
      docker.problem = error.message;
    }
    const host = await loadSummary(hostProbe(ctx));
    const cached = session.credential.cached(config.cloud.resourceManagerScope);
    const azure = {
      mode: config.sandbox ? ('sandbox' as const) : ('azure' as const),
      configured: session.credential.plan,
      signedIn: cached !== undefined,
      method: cached?.method ?? null,
      tokenExpiresOn: cached ? new Date(cached.token.expiresOnTimestamp).toISOString() : null,
      identity: cached ? identityFromToken(cached) : null,
      subscription: session.subscription?.id ?? null,
      cloud: config.cloud.name,
    };

    const dockerLine = docker.reachable
      ? `Docker: reachable at ${docker.endpoint}: Docker ${docker.version ?? '(version unknown)'} (API ${docker.apiVersion ?? '?'}${docker.platform ? `, ${docker.platform}` : ''}); ${docker.containersRunning ?? '?'} of ${docker.containers ?? '?'} containers running.`
      : `Docker: NOT available. ${docker.problem}`;
    const hostLine = `Host: ${host.platform}, up ${duration(host.uptimeSeconds)}; ${loadText(host.loadAverage)} on ${host.cores} cores; memory ${host.memoryUsedPercent}% used.`;
    const who = azure.identity ? ` as ${azure.identity.name ?? azure.identity.objectId} (tenant ${azure.identity.tenantId})` : '';
    const azureLine = azure.signedIn
      ? `Azure${azure.mode === 'sandbox' ? ' (sandbox)' : ''}: signed in with ${azure.method}${who}, token valid until ${azure.tokenExpiresOn}; subscription ${azure.subscription ?? 'not set'}, cloud ${azure.cloud}.`
      : `Azure${azure.mode === 'sandbox' ? ' (sandbox)' : ''}: no token requested yet in this session (auth_status signs in and shows who). Configured: ${azure.configured}; subscription ${azure.subscription ?? 'not set'}, cloud ${azure.cloud}.`;
    return { data: { docker, host, azure }, text: [dockerLine, hostLine, azureLine].join('\n') };
  },
});
