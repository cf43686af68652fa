import { z } from 'zod';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Run } from 'arm-containerregistry-tasks';
import { defineTool, type ToolContext } from '../define.js';
import { acrClient, acrTasksClient, readBlobTail } from '../../azure/clients-acr.js';
import { describeError, UserFacingError } from '../../azure/errors.js';
import { fromSimplePoller, waitForOperation, type Waitable } from '../../azure/long-running.js';
import { bounded, limitInput, listOutput, listText } from '../list.js';
import { noWaitInput, optionalResourceGroupInput, parseArmId, resourceGroupInput } from '../arm-common.js';
import { registryNameInput, taskNameInput } from './common.js';

const TERMINAL = new Set(['Succeeded', 'Failed', 'Canceled', 'Error', 'Timeout']);
const UNSUCCESSFUL = new Set(['Failed', 'Canceled', 'Error', 'Timeout']);
/** The end of a failed run's log that the result carries. */
const LOG_TAIL_BYTES = 4096;
const LOG_TAIL_LINES = 30;
const FIRST_POLL_MS = 500;
const MAX_POLL_MS = 5000;

/**
 * Follows a run to its end for the shared waiter: runs.get with a growing pause (0.5 s up to 5 s), and a
 * progress message whenever the status changes. The waiter stops it (cancel, OPERATION_TIMEOUT).
 */
function followRun(ctx: ToolContext, get: (signal: AbortSignal) => Promise<Run>, first: Run): Waitable<Run> {
  return {
    submitted: () => Promise.resolve(),
    async pollUntilDone(options) {
      const signal = options?.abortSignal as AbortSignal | undefined;
      let run = first;
      let status = run.status;
      let pause = FIRST_POLL_MS;
      while (!TERMINAL.has(run.status ?? '')) {
        await sleep(pause, undefined, signal ? { signal } : {});
        pause = Math.min(pause * 2, MAX_POLL_MS);
        run = await get(signal ?? ctx.signal);
        if (run.status !== status) {
          status = run.status;
          await ctx.progress(`Run ${run.runId ?? ''}: ${status ?? 'unknown'}`);
        }
      }
      return run;
    },
  };
}

const runResult = z.object({
  runId: z.string(),
  registry: z.string(),
  task: z.string(),
  status: z.string().nullable().describe('Queued, Running, Succeeded, Failed, Canceled, Error or Timeout.'),
  outcome: z.enum(['succeeded', 'accepted', 'still_running', 'cancelled']).describe('How the wait ended (not the build result).'),
  startTime: z.string().nullable(),
  finishTime: z.string().nullable(),
  outputImages: z.array(z.string()),
  errorMessage: z.string().nullable(),
  logTail: z.string().nullable().describe('The end of the log of a run that did not succeed.'),
  elapsedSeconds: z.number(),
});

export const runTask = defineTool({
  name: 'acr_run_task',
  title: 'Run an ACR task',
  description:
    'Schedules a run of an ACR task and follows it with progress until it ends (or returns at once with no_wait). Returns the run id and status and, for a run that did not succeed, its error and the end of its log.',
  access: 'write',
  example: { resource_group: 'rg-shared', registry_name: 'azopsdemoacr', task_name: 'build-frontend' },
  inputSchema: z.object({
    resource_group: resourceGroupInput,
    registry_name: registryNameInput,
    task_name: taskNameInput,
    no_wait: noWaitInput(),
  }),
  outputSchema: runResult,
  async handler({ resource_group, registry_name, task_name, no_wait }, ctx) {
    const { client } = await acrTasksClient(ctx.session);
    const task = await client.tasks.get(resource_group, registry_name, task_name, { abortSignal: ctx.signal });
    if (task.status === 'Disabled')
      throw new UserFacingError(`Task ${task_name} is disabled; enable it before running it. Nothing was scheduled.`);
    const scheduling = await client.registries.beginScheduleRun(
      resource_group,
      registry_name,
      { type: 'TaskRunRequest', taskId: task.id ?? '' },
      { abortSignal: ctx.signal },
    );
    const queued = await fromSimplePoller(scheduling).pollUntilDone({ abortSignal: ctx.signal });
    const runId = queued.runId ?? queued.name ?? '';
    const get = (signal: AbortSignal) => client.runs.get(resource_group, registry_name, runId, { abortSignal: signal });
    const report = await waitForOperation(ctx, followRun(ctx, get, queued), {
      what: `Run ${runId} of task ${task_name}`,
      noWait: no_wait,
      checkWith: `acr_list_builds resource_group=${resource_group} registry_name=${registry_name}`,
    });
    const run = report.result ?? queued;
    let logTail: string | null = null;
    let logNote = '';
    if (run.status && UNSUCCESSFUL.has(run.status)) {
      try {
        const { logLink } = await client.runs.getLogSasUrl(resource_group, registry_name, runId, { abortSignal: ctx.signal });
        if (!logLink) throw new UserFacingError('Azure gave no log link.');
        const tail = await readBlobTail(ctx.session, logLink, LOG_TAIL_BYTES, ctx.signal);
        logTail = tail.text.split('\n').filter(Boolean).slice(-LOG_TAIL_LINES).join('\n');
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        logNote = `\nThe run's log could not be read: ${describeError(error)}`;
      }
    }
    const data = {
      runId,
      registry: registry_name,
      task: task_name,
      status: run.status ?? null,
      outcome: report.outcome,
      startTime: run.startTime ? run.startTime.toISOString() : null,
      finishTime: run.finishTime ? run.finishTime.toISOString() : null,
      outputImages: (run.outputImages ?? []).map((image) => `${image.registry ?? ''}/${image.repository ?? ''}:${image.tag ?? ''}`),
      errorMessage: run.runErrorMessage ?? null,
      logTail,
      elapsedSeconds: report.elapsedSeconds,
    };
    const lines = [`Run ${runId} of task ${task_name} in ${registry_name}: ${data.status ?? 'unknown'}. ${report.message}`];
    if (data.outputImages.length) lines.push(`Images: ${data.outputImages.join(', ')}`);
    if (data.errorMessage) lines.push(`Error: ${data.errorMessage}`);
    if (logTail) lines.push(`End of the log:\n${logTail}`);
    return { data, text: lines.join('\n') + logNote };
  },
});

const buildRow = z.object({
  runId: z.string(),
  registry: z.string(),
  resourceGroup: z.string(),
  task: z.string().nullable(),
  status: z.string().nullable(),
  runType: z.string().nullable(),
  createTime: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  errorMessage: z.string().nullable(),
});
type BuildRow = z.infer<typeof buildRow>;
/** Registries acr_list_builds reads runs of, when it looks across all. */
const MAX_REGISTRIES = 50;

export const listBuilds = defineTool({
  name: 'acr_list_builds',
  title: 'List ACR runs (builds)',
  description:
    "Lists ACR task runs, newest first, of one registry or of every registry (in a resource group, or in the subscription): run id, task, status, duration and, for failures, the error. acr_run_task's result has a failed run's log.",
  access: 'read',
  example: { resource_group: 'rg-shared', registry_name: 'azopsdemoacr' },
  inputSchema: z.object({
    resource_group: optionalResourceGroupInput,
    registry_name: registryNameInput.optional().describe('Container registry name; omit for every registry.'),
    limit: limitInput(20),
  }),
  outputSchema: listOutput(buildRow),
  async handler({ resource_group, registry_name, limit }, { session, signal }) {
    const { client: registries, subscriptionId } = await acrClient(session);
    const targets: { name: string; resourceGroup: string }[] = [];
    let skipped = 0;
    if (registry_name && resource_group) targets.push({ name: registry_name, resourceGroup: resource_group });
    else {
      const all = resource_group
        ? registries.registries.listByResourceGroup(resource_group, { abortSignal: signal })
        : registries.registries.list({ abortSignal: signal });
      for await (const registry of all) {
        if (registry_name && registry.name?.toLowerCase() !== registry_name.toLowerCase()) continue;
        if (targets.length === MAX_REGISTRIES) skipped++;
        else targets.push({ name: registry.name ?? '', resourceGroup: parseArmId(registry.id).resourceGroup });
      }
      if (registry_name && targets.length === 0)
        throw new UserFacingError(
          `No registry named ${registry_name} in ${resource_group ? `resource group ${resource_group}` : `subscription ${subscriptionId}`}; acr_list_registries lists them.`,
        );
    }
    const { client } = await acrTasksClient(session);
    const rows: BuildRow[] = [];
    let possiblyMore = false;
    for (const target of targets) {
      let count = 0;
      for await (const run of client.runs.list(target.resourceGroup, target.name, { top: limit, abortSignal: signal })) {
        rows.push(toBuildRow(run, target));
        if (++count >= limit) break;
      }
      if (count >= limit) possiblyMore = true;
    }
    rows.sort((a, b) => (b.createTime ?? '').localeCompare(a.createTime ?? ''));
    const data = bounded(rows, limit, registry_name ? undefined : 'name one registry with registry_name');
    if (possiblyMore && !data.hint) data.hint = `Showing the newest ${data.shown}; older runs exist. Raise limit (up to 1000) to see more.`;
    const where = registry_name ? `of ${registry_name}` : resource_group ? `in resource group ${resource_group}` : 'in the subscription';
    let text = listText(
      'runs',
      where,
      data,
      (r) =>
        `${r.runId} (registry ${r.registry}, resource group ${r.resourceGroup}): ${r.status ?? '?'}, task ${r.task ?? '-'}, queued ${r.createTime ?? '?'}${r.durationSeconds !== null ? `, ${r.durationSeconds}s` : ''}${r.errorMessage ? `, error: ${r.errorMessage}` : ''}`,
    );
    if (skipped)
      text += `\nRuns of ${skipped} more registries were not read (at most ${MAX_REGISTRIES}); narrow with resource_group or registry_name.`;
    return { data, text };
  },
});

function toBuildRow(run: Run, target: { name: string; resourceGroup: string }): BuildRow {
  const start = run.startTime?.getTime();
  const end = run.finishTime?.getTime();
  return {
    runId: run.runId ?? run.name ?? '',
    registry: target.name,
    resourceGroup: target.resourceGroup,
    task: run.task ?? null,
    status: run.status ?? null,
    runType: run.runType ?? null,
    createTime: run.createTime ? run.createTime.toISOString() : null,
    durationSeconds: start !== undefined && end !== undefined ? Math.round((end - start) / 1000) : null,
    errorMessage: run.runErrorMessage ?? null,
  };
}
