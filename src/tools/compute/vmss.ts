import { z } from 'zod';
import { defineTool } from '../define.js';
import { computeClient } from '../../azure/clients.js';
import { waitForOperation } from '../../azure/long-running.js';
import { nameInput, noWaitInput, resourceGroupInput } from '../arm-common.js';
import { NAME_RULES } from '../../azure/arm-names.js';

export const scaleVmss = defineTool({
  name: 'scale_vmss',
  title: 'Scale a VM scale set',
  description: 'Sets the number of instances of a virtual machine scale set and reports the previous and new capacity.',
  access: 'destructive',
  example: { resource_group: 'rg-compute', vmss_name: 'vmss-workers', capacity: 3 },
  inputSchema: z.object({
    resource_group: resourceGroupInput,
    vmss_name: nameInput(NAME_RULES.scaleSet).describe('Scale set name.'),
    capacity: z.number().int().min(0).max(1000).describe('Number of instances wanted (0 or more).'),
    no_wait: noWaitInput(),
  }),
  outputSchema: z.object({
    vmss: z.string(),
    previousCapacity: z.number().nullable(),
    newCapacity: z.number().nullable().describe('Capacity Azure reports when the tool returned.'),
    outcome: z.enum(['succeeded', 'accepted', 'still_running', 'cancelled']),
    elapsedSeconds: z.number(),
    message: z.string(),
  }),
  async handler({ resource_group, vmss_name, capacity, no_wait }, ctx) {
    const { client } = await computeClient(ctx.session);
    const before = await client.virtualMachineScaleSets.get(resource_group, vmss_name, { abortSignal: ctx.signal });
    const previousCapacity = before.sku?.capacity ?? null;
    const poller = client.virtualMachineScaleSets.update(
      resource_group,
      vmss_name,
      { sku: { ...before.sku, capacity } },
      { abortSignal: ctx.signal },
    );
    const report = await waitForOperation(ctx, poller, {
      what: `Scaling ${vmss_name} from ${previousCapacity ?? '?'} to ${capacity}`,
      noWait: no_wait,
      // list_resources shows each scale set's capacity (its sku.capacity) and provisioning state.
      checkWith: `list_resources resource_group=${resource_group}, which shows the scale set's capacity`,
    });
    const newCapacity = report.result?.sku?.capacity ?? (report.outcome === 'succeeded' ? capacity : null);
    const data = {
      vmss: vmss_name,
      previousCapacity,
      newCapacity,
      outcome: report.outcome,
      elapsedSeconds: report.elapsedSeconds,
      message: report.message,
    };
    return { data, text: `${report.message} Capacity: ${previousCapacity ?? '?'} → ${newCapacity ?? `${capacity} (pending)`}.` };
  },
});
