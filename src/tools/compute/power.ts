import { z } from 'zod';
import { defineTool, type Access } from '../define.js';
import { computeClient } from '../../azure/clients.js';
import { waitForOperation } from '../../azure/long-running.js';
import { noWaitInput, resourceGroupInput } from '../arm-common.js';
import { BILLED_STATES, powerState } from './vm-common.js';
import { vmNameInput } from './vms.js';

type PowerAction = 'start' | 'powerOff' | 'restart' | 'deallocate';

interface PowerToolSpec {
  name: string;
  title: string;
  description: string;
  action: PowerAction;
  access: Access;
  example: { resource_group: string; vm_name: string };
  /** "Starting" — for progress and results. */
  doing: string;
}

/** The four power tools differ only in the SDK call and the words; one definition serves them all. */
function powerTool(spec: PowerToolSpec) {
  return defineTool({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    access: spec.access,
    example: spec.example,
    inputSchema: z.object({ resource_group: resourceGroupInput, vm_name: vmNameInput, no_wait: noWaitInput() }),
    outputSchema: z.object({
      vm: z.string(),
      resourceGroup: z.string(),
      outcome: z.enum(['succeeded', 'accepted', 'still_running', 'cancelled']),
      powerState: z.string().nullable().describe('Power state when the tool returned.'),
      stillBilled: z.boolean().nullable().describe('Whether compute is still allocated (and billed) in that state.'),
      elapsedSeconds: z.number(),
      message: z.string(),
    }),
    async handler({ resource_group, vm_name, no_wait }, ctx) {
      const { client } = await computeClient(ctx.session);
      const poller = client.virtualMachines[spec.action](resource_group, vm_name, { abortSignal: ctx.signal });
      const checkWith = `get_vm_status resource_group=${resource_group} vm_name=${vm_name}`;
      const report = await waitForOperation(ctx, poller, { what: `${spec.doing} VM ${vm_name}`, noWait: no_wait, checkWith });
      const view = ctx.signal.aborted
        ? undefined
        : await client.virtualMachines.instanceView(resource_group, vm_name, { abortSignal: ctx.signal });
      const state = powerState(view?.statuses);
      const stillBilled = state ? BILLED_STATES.has(state) : null;
      let message = report.message;
      if (state) message += ` Power state: ${state}.`;
      if (spec.action === 'powerOff' && report.outcome !== 'cancelled') {
        message +=
          ' The VM is stopped but still allocated, so its compute is still billed; use deallocate_vm to release it and stop compute charges.';
      }
      const data = {
        vm: vm_name,
        resourceGroup: resource_group,
        outcome: report.outcome,
        powerState: state,
        stillBilled,
        elapsedSeconds: report.elapsedSeconds,
        message,
      };
      return { data, text: message };
    },
  });
}

export const startVm = powerTool({
  name: 'start_vm',
  title: 'Start a virtual machine',
  description: 'Starts a stopped or deallocated VM and waits until it runs (progress is reported; no_wait returns at once).',
  action: 'start',
  access: 'write',
  example: { resource_group: 'rg-compute', vm_name: 'vm-legacy-01' },
  doing: 'Starting',
});

export const stopVm = powerTool({
  name: 'stop_vm',
  title: 'Stop (power off) a virtual machine',
  description:
    'Powers off a VM but keeps its compute allocated: the VM is STILL BILLED for compute. To stop paying for compute, use deallocate_vm instead.',
  action: 'powerOff',
  access: 'destructive',
  example: { resource_group: 'rg-compute', vm_name: 'vm-batch-01' },
  doing: 'Stopping',
});

export const restartVm = powerTool({
  name: 'restart_vm',
  title: 'Restart a virtual machine',
  description: 'Restarts a running VM and waits until it runs again.',
  action: 'restart',
  access: 'destructive',
  example: { resource_group: 'rg-compute', vm_name: 'vm-web-01' },
  doing: 'Restarting',
});

export const deallocateVm = powerTool({
  name: 'deallocate_vm',
  title: 'Deallocate a virtual machine',
  description:
    'Stops a VM and releases its compute, so compute is no longer billed (disks still are). The public IP may change unless it is static.',
  action: 'deallocate',
  access: 'destructive',
  example: { resource_group: 'rg-compute', vm_name: 'vm-batch-01' },
  doing: 'Deallocating',
});
