// ACR Tasks (api-version 2019-06-01-preview): tasks are child resources of a registry; a run is created by the
// registry's scheduleRun and moves Queued → Running → Succeeded/Failed on the emulator's clock (no process runs a
// build: the plan, kept in the run's runtime, says when each phase ends, how the run ends and what its log says).
// Reads bring a run up to date, as every request settles long-running operations first.
import { armTime, asArray, asDoc, asString, isDoc, setDefault } from '../../core/resources/documents.js';
import type { ArmErrorInfo, Doc, StoredResource } from '../../core/resources/model.js';
import type { ActionSpec, ResourceBehaviour, ResourceStore } from '../../core/resources/store.js';
import { REGISTRY_TYPE } from './arm.js';
import { runLogLink } from './run-logs.js';

export const TASK_TYPE = `${REGISTRY_TYPE}/tasks`;
export const RUN_TYPE = `${REGISTRY_TYPE}/runs`;
const TERMINAL = new Set(['Succeeded', 'Failed', 'Canceled', 'Error', 'Timeout']);
const TASK_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{4,49}$/;

/** How a run goes: when it starts and ends (epoch ms), its outcome and its log, line by line. */
export interface RunPlan {
  startsAt: number;
  endsAt: number;
  outcome: 'Succeeded' | 'Failed';
  errorMessage?: string;
  /** What a successful run reports as its outputImages. */
  images: Doc[];
  log: string[];
  /** How many log lines exist once the run is running (the rest come when it ends). */
  runningLines: number;
}

declare module '../../core/resources/model.js' {
  interface ResourceRuntime {
    /** ACR task runs: the plan their phases follow. */
    acrRun?: RunPlan;
  }
}

function invalidContent(message: string): ArmErrorInfo {
  return {
    status: 400,
    code: 'InvalidRequestContent',
    message: `The request content was invalid and could not be deserialized: '${message}'.`,
  };
}

function validateTask(task: StoredResource, _store: ResourceStore, previous: StoredResource | undefined): ArmErrorInfo | undefined {
  if (!previous && !TASK_NAME.test(task.name))
    return {
      status: 400,
      code: 'InvalidResourceName',
      message: `The task name '${task.name}' is invalid: it must be 5-50 characters, letters, digits, hyphens and underscores, starting with a letter or digit.`,
    };
  const properties = task.doc.properties;
  const platform = properties['platform'];
  if (!isDoc(platform) || typeof platform['os'] !== 'string')
    return invalidContent("Required property 'platform' (with 'os') not found in JSON. Path 'properties'");
  if (!/^(Linux|Windows)$/i.test(platform['os']))
    return invalidContent(`Error converting value "${platform['os']}" to type 'OS'. Path 'properties.platform.os'`);
  const step = properties['step'];
  if (!isDoc(step)) return invalidContent("Required property 'step' not found in JSON. Path 'properties'");
  const type = asString(step['type']);
  if (type !== 'Docker' && type !== 'FileTask' && type !== 'EncodedTask')
    return invalidContent(`The step type '${type ?? ''}' is not one of Docker, FileTask, EncodedTask. Path 'properties.step.type'`);
  if (type === 'Docker' && typeof step['dockerFilePath'] !== 'string')
    return invalidContent("Required property 'dockerFilePath' not found in JSON. Path 'properties.step'");
  return undefined;
}

const tasks: ResourceBehaviour = {
  type: TASK_TYPE,
  tracked: true,
  readOnly: ['creationDate'],
  defaults(task) {
    const properties = task.doc.properties;
    properties['creationDate'] = task.created.at;
    setDefault(properties, 'status', 'Enabled');
    setDefault(properties, 'agentConfiguration', { cpu: 2 });
  },
  validate: validateTask,
  // Secret arguments are write-only: Azure leaves them out of every answer.
  decorate(body) {
    const step = asDoc(asDoc(body['properties'])['step']);
    if (Array.isArray(step['arguments'])) step['arguments'] = step['arguments'].filter((argument) => asDoc(argument)['isSecret'] !== true);
  },
};

/** Brings the run's status, times and error up to `now` from its plan. */
export function advanceRun(run: StoredResource, now = Date.now()): void {
  const plan = run.runtime.acrRun;
  if (!plan) return;
  const properties = run.doc.properties;
  if (TERMINAL.has(String(properties['status']))) return;
  const status = now >= plan.endsAt ? plan.outcome : now >= plan.startsAt ? 'Running' : 'Queued';
  if (properties['status'] === status) return;
  properties['status'] = status;
  if (status !== 'Queued') properties['startTime'] = armTime(plan.startsAt);
  properties['lastUpdatedTime'] = armTime(status === 'Running' ? plan.startsAt : plan.endsAt);
  if (TERMINAL.has(status)) {
    properties['finishTime'] = armTime(plan.endsAt);
    if (status === 'Failed') properties['runErrorMessage'] = plan.errorMessage ?? 'failed during run, err: exit status 1';
    else properties['outputImages'] = structuredClone(plan.images);
  }
}

/** The lines of the run's log that exist now (none while queued). */
export function runLogText(run: StoredResource, now = Date.now()): string {
  advanceRun(run, now);
  const plan = run.runtime.acrRun;
  if (!plan) return '';
  const status = String(run.doc.properties['status']);
  const lines = status === 'Queued' ? [] : TERMINAL.has(status) ? plan.log : plan.log.slice(0, plan.runningLines);
  return lines.map((line) => `${line}\n`).join('');
}

const RUN_ACTIONS: Record<string, ActionSpec> = {
  listlogsasurl: {
    handle: ({ store, resource }) => {
      const registry = store.get(resource.id.slice(0, resource.id.toLowerCase().lastIndexOf('/runs/')));
      return { kind: 'response', status: 200, body: { logLink: runLogLink(store.host, registry?.name ?? '', resource.name) } };
    },
  },
};

const runs: ResourceBehaviour = {
  type: RUN_TYPE,
  tracked: false,
  decorate(body, run) {
    advanceRun(run);
    body['properties'] = { ...structuredClone(run.doc.properties), provisioningState: run.provisioningState };
  },
  actions: RUN_ACTIONS,
};

export const TASK_BEHAVIOURS: readonly ResourceBehaviour[] = [tasks, runs];

/** ACR run ids: two letters for the registry, then a base-36 count (ca1, ca2, … ca1f). */
function nextRunId(store: ResourceStore, registry: StoredResource): string {
  let hash = 0;
  for (const char of registry.name.toLowerCase()) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const prefix = `c${String.fromCharCode(97 + (hash % 26))}`;
  return `${prefix}${(store.childrenOf(registry.id, RUN_TYPE).length + 1).toString(36)}`;
}

function stamp(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, '/');
}

function buildLog(
  registry: StoredResource,
  task: StoredResource,
  runId: string,
  plan: Omit<RunPlan, 'log' | 'runningLines' | 'images'>,
): {
  log: string[];
  runningLines: number;
} {
  const step = asDoc(task.doc.properties['step']);
  const loginServer = String(registry.doc.properties['loginServer'] ?? '');
  const at = (offsetMs: number) => stamp(Math.min(plan.startsAt + offsetMs, plan.endsAt));
  const context = asString(step['contextPath']) ?? '.';
  const file = asString(step['dockerFilePath']) ?? 'Dockerfile';
  const start = [
    `${at(0)} Downloading source code...`,
    `${at(900)} Finished downloading source code from ${context}`,
    `${at(1000)} Setting up Docker configuration...`,
    `${at(1500)} Logging in to registry: ${loginServer}`,
    `${at(2200)} Successfully logged into ${loginServer}`,
    `${at(2300)} Executing step ID: build. Timeout(sec): 28800, Working directory: '', Network: ''`,
    `${at(2400)} Launching container with name: build (docker build -f ${file} .)`,
    `Sending build context to Docker daemon  24.58kB`,
    `Step 1/5 : FROM node:20-alpine`,
    `Step 2/5 : WORKDIR /app`,
    `Step 3/5 : COPY package*.json ./`,
    `Step 4/5 : RUN npm ci --omit=dev`,
  ];
  const seconds = Math.round((plan.endsAt - plan.startsAt) / 1000);
  const images = asArray(step['imageNames']).map((name) => `${loginServer}/${String(name).replace('{{.Run.ID}}', runId)}`);
  const end =
    plan.outcome === 'Failed'
      ? [
          `npm ERR! code ERESOLVE`,
          `npm ERR! ERESOLVE unable to resolve dependency tree`,
          `The command '/bin/sh -c npm ci --omit=dev' returned a non-zero code: 1`,
          `${stamp(plan.endsAt)} Container failed during run: build. No retries remaining.`,
          `failed to run step ID: build: exit status 1`,
          ``,
          `Run ID: ${runId} failed after ${seconds}s. Error: ${plan.errorMessage ?? 'failed during run, err: exit status 1'}`,
        ]
      : [
          `added 112 packages in 4s`,
          `Step 5/5 : CMD ["node", "server.js"]`,
          `Successfully built 3f2a9c1d7e64`,
          ...images.map((image) => `Successfully tagged ${image}`),
          `${stamp(plan.endsAt)} Successfully executed container: build`,
          ...images.map((image) => `${stamp(plan.endsAt)} Pushing image: ${image}, attempt 1`),
          ``,
          `Run ID: ${runId} was successful after ${seconds}s`,
        ];
  return { log: [...start, ...end], runningLines: start.length };
}

export interface ScheduleInput {
  /** When the run was queued (epoch ms; seeds backdate theirs). */
  at: number;
  /** Queued for a quarter of it, then running until it ends. */
  durationMs: number;
  /** A planned failure (failNextOperation on the task, operation 'run'), or a seed's failed run. */
  failure?: { message: string };
}

/** Queues a run of `task` in `registry`, as scheduleRun does; returns the stored run. */
export function scheduleTaskRun(
  store: ResourceStore,
  registry: StoredResource,
  task: StoredResource,
  input: ScheduleInput,
  write: (runId: string, body: Doc) => StoredResource | ArmErrorInfo,
): StoredResource | ArmErrorInfo {
  const runId = nextRunId(store, registry);
  const step = asDoc(task.doc.properties['step']);
  const loginServer = String(registry.doc.properties['loginServer'] ?? '');
  const timing = {
    startsAt: input.at + Math.round(input.durationMs / 4),
    endsAt: input.at + input.durationMs,
    outcome: input.failure ? ('Failed' as const) : ('Succeeded' as const),
    ...(input.failure ? { errorMessage: input.failure.message } : {}),
  };
  const images: Doc[] =
    step['isPushEnabled'] === false
      ? []
      : asArray(step['imageNames']).map((name) => {
          const [repository, tag] = String(name).replace('{{.Run.ID}}', runId).split(':');
          return { registry: loginServer, repository, tag: tag ?? 'latest' };
        });
  const written = write(runId, {
    properties: {
      runId,
      status: 'Queued',
      lastUpdatedTime: armTime(input.at),
      runType: 'QuickRun',
      createTime: armTime(input.at),
      task: task.name,
      platform: structuredClone(task.doc.properties['platform']),
      agentConfiguration: structuredClone(task.doc.properties['agentConfiguration'] ?? { cpu: 2 }),
      isArchiveEnabled: false,
    },
  });
  if (!('id' in written)) return written;
  written.runtime.acrRun = { ...timing, images, ...buildLog(registry, task, runId, timing) };
  return written;
}
