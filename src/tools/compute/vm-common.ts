import type { InstanceViewStatus, VirtualMachine } from '@azure/arm-compute';

/** 'PowerState/running' → 'running'; null when Azure did not say. */
export function powerState(statuses: InstanceViewStatus[] | undefined): string | null {
  const code = statuses?.find((s) => s.code?.startsWith('PowerState/'))?.code;
  return code ? code.slice('PowerState/'.length) : null;
}

/** The VM's own provisioningState (Succeeded), else the instance view's lower-case status code. */
export function provisioningState(vm: VirtualMachine): string | null {
  if (vm.provisioningState) return vm.provisioningState;
  const code = vm.instanceView?.statuses?.find((s) => s.code?.startsWith('ProvisioningState/'))?.code;
  return code ? code.slice('ProvisioningState/'.length) : null;
}

export function osType(vm: VirtualMachine): string | null {
  return vm.storageProfile?.osDisk?.osType ?? vm.instanceView?.osName ?? null;
}

/** Power states in which the VM's compute is still allocated, and so billed. */
export const BILLED_STATES = new Set(['running', 'starting', 'stopped', 'stopping']);
