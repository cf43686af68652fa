import { z } from 'zod';
import { defineTool } from '../define.js';
import type { InstanceViewStatus, VirtualMachine } from '@azure/arm-compute';
import { computeClient, networkClient } from '../../azure/clients.js';
import { describeError } from '../../azure/errors.js';
import { boundedFirst, firstRows, limitInput, listOutput, listText, provisioningNote } from '../list.js';
import { nameInput, parseArmId, resourceGroupInput } from '../arm-common.js';
import { NAME_RULES } from '../../azure/arm-names.js';
import { osType, powerState, provisioningState } from './vm-common.js';

export const vmNameInput = nameInput(NAME_RULES.virtualMachine).describe('Virtual machine name.');

const vmRow = z.object({
  name: z.string(),
  size: z.string().nullable(),
  location: z.string(),
  os: z.string().nullable().describe('Linux or Windows.'),
  powerState: z.string().nullable().describe('running, stopped (still billed), deallocated, starting, …'),
  provisioningState: z.string().nullable(),
});

export const listVms = defineTool({
  name: 'list_vms',
  title: 'List virtual machines',
  description:
    'Lists the virtual machines in a resource group with size, location, OS and power state (two list requests, never one per VM).',
  access: 'read',
  example: { resource_group: 'rg-compute' },
  inputSchema: z.object({ resource_group: resourceGroupInput, limit: limitInput() }),
  outputSchema: listOutput(vmRow),
  async handler({ resource_group, limit }, { session, signal }) {
    const { client } = await computeClient(session);
    const first = await firstRows(client.virtualMachines.list(resource_group, { abortSignal: signal }), limit, (vm: VirtualMachine) => vm);
    // Azure refuses $expand=instanceView on a list without a scale-set $filter. Its documented way to power
    // states is ListAll with statusOnly=true: one more paged request for the subscription, joined by id,
    // never one request per VM, and read only until every shown VM has its status. Without it (no
    // subscription-wide read, say) the VMs are still listed.
    const statuses = new Map<string, InstanceViewStatus[] | undefined>();
    const wanted = new Set(first.rows.map((vm) => (vm.id ?? '').toLowerCase()));
    let statusProblem: string | undefined;
    if (wanted.size > 0) {
      try {
        for await (const vm of client.virtualMachines.listAll({ statusOnly: 'true', abortSignal: signal })) {
          const id = (vm.id ?? '').toLowerCase();
          if (wanted.has(id)) statuses.set(id, vm.instanceView?.statuses);
          if (statuses.size === wanted.size) break;
        }
      } catch (error) {
        if (signal.aborted) throw error;
        statusProblem = describeError(error);
      }
    }
    const rows: z.infer<typeof vmRow>[] = first.rows.map((vm) => ({
      name: vm.name ?? '',
      size: vm.hardwareProfile?.vmSize ?? null,
      location: vm.location,
      os: osType(vm),
      powerState: powerState(statuses.get((vm.id ?? '').toLowerCase())),
      provisioningState: provisioningState(vm),
    }));
    const data = boundedFirst({ rows, more: first.more }, 'ask about one VM with get_vm_status');
    const text = listText(
      'VMs',
      `in ${resource_group}`,
      data,
      (v) =>
        `${v.name}: ${v.powerState ?? 'power state unknown'}, ${v.size ?? '?'}, ${v.os ?? '?'}, ${v.location}${provisioningNote(v.provisioningState)}`,
    );
    return {
      data,
      text: statusProblem ? `${text}\nPower states could not be read (get_vm_status shows one VM's): ${statusProblem}` : text,
    };
  },
});

const nicRow = z.object({
  name: z.string(),
  primary: z.boolean(),
  privateIp: z.string().nullable(),
  publicIp: z.string().nullable(),
});

export const getVmStatus = defineTool({
  name: 'get_vm_status',
  title: 'Virtual machine status',
  description:
    'Shows one VM: power and provisioning state, size, OS type and disk, availability zone, and its network interfaces with private and public IP addresses when available.',
  access: 'read',
  example: { resource_group: 'rg-compute', vm_name: 'vm-web-01' },
  inputSchema: z.object({ resource_group: resourceGroupInput, vm_name: vmNameInput }),
  outputSchema: z.object({
    name: z.string(),
    resourceGroup: z.string(),
    location: z.string(),
    powerState: z.string().nullable(),
    provisioningState: z.string().nullable(),
    size: z.string().nullable(),
    os: z.string().nullable(),
    osDisk: z.object({ name: z.string().nullable(), sizeGb: z.number().nullable(), storageType: z.string().nullable() }),
    zones: z.array(z.string()),
    networkInterfaces: z.array(nicRow),
    id: z.string(),
  }),
  async handler({ resource_group, vm_name }, { session, signal }) {
    const { client } = await computeClient(session);
    const vm = await client.virtualMachines.get(resource_group, vm_name, { expand: 'instanceView', abortSignal: signal });
    const network = await networkClient(session);
    const nicRefs = vm.networkProfile?.networkInterfaces ?? [];
    const nics = await Promise.all(
      nicRefs.map(async (ref) => {
        const { resourceGroup, name } = parseArmId(ref.id);
        const nic = await network.client.networkInterfaces.get(resourceGroup, name, { abortSignal: signal }).catch(() => undefined);
        const ipConfig = nic?.ipConfigurations?.find((c) => c.primary) ?? nic?.ipConfigurations?.[0];
        const publicRef = ipConfig?.publicIPAddress?.id ? parseArmId(ipConfig.publicIPAddress.id) : undefined;
        const publicIp = publicRef
          ? await network.client.publicIPAddresses
              .get(publicRef.resourceGroup, publicRef.name, { abortSignal: signal })
              .catch(() => undefined)
          : undefined;
        // Azure leaves `primary` unset on a VM's only NIC, which is its primary one.
        return {
          name,
          primary: ref.primary ?? nicRefs.length === 1,
          privateIp: ipConfig?.privateIPAddress ?? null,
          publicIp: publicIp?.ipAddress ?? null,
        };
      }),
    );
    const osDisk = vm.storageProfile?.osDisk;
    const data = {
      name: vm.name ?? vm_name,
      resourceGroup: resource_group,
      location: vm.location,
      powerState: powerState(vm.instanceView?.statuses),
      provisioningState: provisioningState(vm),
      size: vm.hardwareProfile?.vmSize ?? null,
      os: osType(vm),
      osDisk: {
        name: osDisk?.name ?? null,
        sizeGb: osDisk?.diskSizeGB ?? null,
        storageType: osDisk?.managedDisk?.storageAccountType ?? null,
      },
      zones: vm.zones ?? [],
      networkInterfaces: nics,
      id: vm.id ?? '',
    };
    const addresses = nics.map((n) => `${n.name} ${n.privateIp ?? '-'}${n.publicIp ? ` / public ${n.publicIp}` : ''}`).join('; ');
    const text = [
      `${data.name} in ${resource_group} (${data.location}${data.zones.length ? `, zone ${data.zones.join(',')}` : ''}): ${data.powerState ?? 'power state unknown'}, provisioning ${data.provisioningState ?? 'unknown'}.`,
      `Size ${data.size ?? '?'}, ${data.os ?? '?'}, OS disk ${data.osDisk.name ?? '?'}${data.osDisk.sizeGb ? ` ${data.osDisk.sizeGb} GB` : ''}.`,
      `Network: ${addresses || 'no interfaces'}.`,
    ].join('\n');
    return { data, text };
  },
});
