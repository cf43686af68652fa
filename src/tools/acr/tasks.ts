import { z } from 'zod';
import type { DockerBuildStep, Run, Task } from 'arm-containerregistry-tasks';
import { defineTool } from '../define.js';
import { acrClient, acrTasksClient } from '../../azure/clients-acr.js';
import { isAzureError, UserFacingError } from '../../azure/errors.js';
import { fromSimplePoller, waitForOperation } from '../../azure/long-running.js';
import { bounded, limitInput, listOutput, listText, provisioningNote } from '../list.js';
import { resourceGroupInput } from '../arm-common.js';
import { registryNameInput, taskNameInput } from './common.js';

const taskRow = z.object({
  name: z.string(),
  status: z.string().nullable().describe('Enabled or Disabled.'),
  platform: z.string().describe('os/architecture[/variant].'),
  stepType: z.string().nullable().describe('Docker (a build), FileTask or EncodedTask (multi-step YAML).'),
  context: z.string().nullable().describe('Build context: a Git URL or a path.'),
  dockerfile: z.string().nullable(),
  images: z.array(z.string()).describe('Image names the build tags ({{.Run.ID}} is the run id).'),
  location: z.string(),
  creationDate: z.string().nullable(),
  provisioningState: z.string().nullable(),
});
type TaskRow = z.infer<typeof taskRow>;

function taskToRow(task: Task): TaskRow {
  const step = task.step;
  const docker = step?.type === 'Docker' ? (step as DockerBuildStep) : undefined;
  const platform = task.platform;
  return {
    name: task.name ?? '',
    status: task.status ?? null,
    platform: [platform?.os, platform?.architecture, platform?.variant].filter(Boolean).join('/'),
    stepType: step?.type ?? null,
    context: step?.contextPath ?? null,
    dockerfile: docker?.dockerFilePath ?? null,
    images: docker?.imageNames ?? [],
    location: task.location,
    creationDate: task.creationDate ? task.creationDate.toISOString() : null,
    provisioningState: task.provisioningState ?? null,
  };
}

const taskLine = (t: TaskRow) =>
  `${t.name}: ${t.status ?? '?'}, ${t.stepType ?? '?'} ${t.platform}${t.context ? `, context ${t.context}` : ''}${t.dockerfile ? `, file ${t.dockerfile}` : ''}${t.images.length ? `, images ${t.images.join(' ')}` : ''}${provisioningNote(t.provisioningState)}`;

export const listTasks = defineTool({
  name: 'acr_list_tasks',
  title: 'List ACR tasks',
  description: "Lists a registry's ACR tasks: status, platform, build step (context, Dockerfile, image names).",
  access: 'read',
  example: { resource_group: 'rg-shared', registry_name: 'azopsdemoacr' },
  inputSchema: z.object({ resource_group: resourceGroupInput, registry_name: registryNameInput, limit: limitInput() }),
  outputSchema: listOutput(taskRow),
  async handler({ resource_group, registry_name, limit }, { session, signal }) {
    const { client } = await acrTasksClient(session);
    const rows: TaskRow[] = [];
    for await (const task of client.tasks.list(resource_group, registry_name, { abortSignal: signal })) rows.push(taskToRow(task));
    rows.sort((a, b) => a.name.localeCompare(b.name));
    const data = bounded(rows, limit, undefined);
    return { data, text: listText('tasks', `in registry ${registry_name}`, data, taskLine) };
  },
});

export const runSummary = z.object({
  runId: z.string(),
  status: z.string().nullable().describe('Queued, Running, Succeeded, Failed, Canceled, Error or Timeout.'),
  task: z.string().nullable(),
  createTime: z.string().nullable(),
  finishTime: z.string().nullable(),
});

export function runToSummary(run: Run): z.infer<typeof runSummary> {
  return {
    runId: run.runId ?? run.name ?? '',
    status: run.status ?? null,
    task: run.task ?? null,
    createTime: run.createTime ? run.createTime.toISOString() : null,
    finishTime: run.finishTime ? run.finishTime.toISOString() : null,
  };
}

export const showTask = defineTool({
  name: 'acr_show_task',
  title: 'Show an ACR task',
  description: 'Shows one ACR task (status, platform, build step, location) and its most recent run.',
  access: 'read',
  example: { resource_group: 'rg-shared', registry_name: 'azopsdemoacr', task_name: 'build-frontend' },
  inputSchema: z.object({ resource_group: resourceGroupInput, registry_name: registryNameInput, task_name: taskNameInput }),
  outputSchema: taskRow.extend({
    timeoutSeconds: z.number().nullable(),
    cpu: z.number().nullable(),
    lastRun: runSummary.nullable(),
    id: z.string(),
  }),
  async handler({ resource_group, registry_name, task_name }, { session, signal }) {
    const { client } = await acrTasksClient(session);
    const task = await client.tasks.get(resource_group, registry_name, task_name, { abortSignal: signal });
    // Runs come newest first: the first one of the task is its last run.
    let lastRun: z.infer<typeof runSummary> | null = null;
    for await (const run of client.runs.list(resource_group, registry_name, {
      filter: `TaskName eq '${task_name}'`,
      top: 1,
      abortSignal: signal,
    })) {
      lastRun = runToSummary(run);
      break;
    }
    const data = {
      ...taskToRow(task),
      timeoutSeconds: task.timeout ?? null,
      cpu: task.agentConfiguration?.cpu ?? null,
      lastRun,
      id: task.id ?? '',
    };
    const text = [
      `Task ${taskLine(data)}; location ${data.location}, created ${data.creationDate ?? '?'}.`,
      lastRun
        ? `Last run: ${lastRun.runId}, ${lastRun.status ?? '?'}, queued ${lastRun.createTime ?? '?'} (acr_list_builds lists more).`
        : 'It has not run yet: start it with acr_run_task.',
    ].join('\n');
    return { data, text };
  },
});

const SAMPLE_CONTEXT = 'https://github.com/Azure-Samples/acr-build-helloworld-node.git#main';
// Path segments: letters, digits, _ and -, with single dots inside (no dot-only, leading, trailing or double dots).
const SEGMENT = '[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*';
/** https://host/owner/repo(.git)(#ref(:folder)): nothing that could smuggle a query, another fragment or a dot segment. */
const GIT_CONTEXT = new RegExp(
  `^https://[a-z0-9-]+(?:\\.[a-z0-9-]+)+(?::\\d{1,5})?(?:/${SEGMENT})+(?:#${SEGMENT}(?:/${SEGMENT})*(?::${SEGMENT}(?:/${SEGMENT})*)?)?$`,
);
const RELATIVE_PATH = new RegExp(`^${SEGMENT}(?:/${SEGMENT})*$`);

export const createTask = defineTool({
  name: 'acr_create_task',
  title: 'Create an ACR task',
  description:
    "Creates an ACR task that builds a Docker image from a context (a Git URL, by default Microsoft's hello-world sample) and a Dockerfile, and pushes it to the registry. It lives in the registry's location. Refuses when the task exists. Run it with acr_run_task.",
  access: 'write',
  example: { resource_group: 'rg-shared', registry_name: 'azopsdemoacr', task_name: 'sandbox-build' },
  inputSchema: z.object({
    resource_group: resourceGroupInput,
    registry_name: registryNameInput,
    task_name: taskNameInput,
    platform_os: z.enum(['Linux', 'Windows']).default('Linux').describe('Operating system of the build agent and the image.'),
    platform_architecture: z.enum(['amd64', 'x86', '386', 'arm', 'arm64']).default('amd64').describe('CPU architecture of the image.'),
    platform_variant: z.enum(['v6', 'v7', 'v8']).optional().describe('ARM variant (arm, arm64 only).'),
    context_path: z
      .string()
      .trim()
      .max(2000)
      .regex(GIT_CONTEXT, 'an https Git repository URL, optionally with #branch or #branch:folder')
      .default(SAMPLE_CONTEXT)
      .describe(`Build context: an https Git repository URL, optionally #branch or #branch:folder. Default: ${SAMPLE_CONTEXT}.`),
    dockerfile_path: z
      .string()
      .trim()
      .max(500)
      .regex(RELATIVE_PATH, 'a relative path such as Dockerfile or docker/Dockerfile.prod')
      .default('Dockerfile')
      .describe('Dockerfile path within the context.'),
    image_name: z
      .string()
      .trim()
      .regex(
        /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w{}][\w.{}-]{0,127})?$/,
        'repository[:tag], lower case, such as web/frontend:{{.Run.ID}}',
      )
      .max(300)
      .optional()
      .describe('Image to build and push, repository[:tag]; default <task_name>:{{.Run.ID}} ({{.Run.ID}} becomes the run id).'),
  }),
  outputSchema: taskRow.extend({ id: z.string() }),
  async handler(input, ctx) {
    const { resource_group, registry_name, task_name, platform_os, platform_architecture, platform_variant } = input;
    if (platform_variant && !platform_architecture.startsWith('arm'))
      throw new UserFacingError(`platform_variant ${platform_variant} only applies to arm and arm64, not ${platform_architecture}.`);
    const registries = await acrClient(ctx.session);
    const registry = await registries.client.registries.get(resource_group, registry_name, { abortSignal: ctx.signal });
    const { client } = await acrTasksClient(ctx.session);
    const existing = await client.tasks
      .get(resource_group, registry_name, task_name, { abortSignal: ctx.signal })
      .catch((error: unknown) => {
        if (isAzureError(error, 404)) return undefined;
        throw error;
      });
    if (existing)
      throw new UserFacingError(
        `Task ${task_name} already exists in registry ${registry_name}; nothing was changed. Delete it first (acr_delete_task) or pick another name.`,
      );
    const step: DockerBuildStep = {
      type: 'Docker',
      contextPath: input.context_path,
      dockerFilePath: input.dockerfile_path,
      imageNames: [input.image_name ?? `${task_name.toLowerCase()}:{{.Run.ID}}`],
      isPushEnabled: true,
      noCache: false,
    };
    const poller = await client.tasks.beginCreate(
      resource_group,
      registry_name,
      task_name,
      {
        location: registry.location,
        status: 'Enabled',
        platform: { os: platform_os, architecture: platform_architecture, ...(platform_variant ? { variant: platform_variant } : {}) },
        step,
      },
      { abortSignal: ctx.signal },
    );
    const report = await waitForOperation(ctx, fromSimplePoller(poller), {
      what: `Creating task ${task_name}`,
      noWait: false,
      checkWith: `acr_show_task resource_group=${resource_group} registry_name=${registry_name} task_name=${task_name}`,
    });
    const task = report.result ?? (await client.tasks.get(resource_group, registry_name, task_name, { abortSignal: ctx.signal }));
    const data = { ...taskToRow(task), id: task.id ?? '' };
    return { data, text: `${report.message}\nTask ${taskLine(data)}. Run it with acr_run_task.` };
  },
});

export const deleteTask = defineTool({
  name: 'acr_delete_task',
  title: 'Delete an ACR task',
  description: 'Deletes an ACR task (its past runs stay in the run history). Builds it would trigger stop.',
  access: 'destructive',
  example: { resource_group: 'rg-shared', registry_name: 'azopsdemoacr', task_name: 'sandbox-build' },
  inputSchema: z.object({ resource_group: resourceGroupInput, registry_name: registryNameInput, task_name: taskNameInput }),
  outputSchema: z.object({
    task: z.string(),
    registry: z.string(),
    outcome: z.enum(['succeeded', 'accepted', 'still_running', 'cancelled']),
    message: z.string(),
  }),
  async handler({ resource_group, registry_name, task_name }, ctx) {
    const { client } = await acrTasksClient(ctx.session);
    // A 404 here names what was looked for; the delete of a missing task would quietly succeed.
    await client.tasks.get(resource_group, registry_name, task_name, { abortSignal: ctx.signal });
    const poller = await client.tasks.beginDelete(resource_group, registry_name, task_name, { abortSignal: ctx.signal });
    const report = await waitForOperation(ctx, fromSimplePoller(poller), {
      what: `Deleting task ${task_name}`,
      noWait: false,
      checkWith: `acr_list_tasks resource_group=${resource_group} registry_name=${registry_name}`,
    });
    const data = { task: task_name, registry: registry_name, outcome: report.outcome, message: report.message };
    return { data, text: report.message };
  },
});
