// Microsoft.Compute: virtual machines (power states, instance view, start/powerOff/restart/
// deallocate), their extensions, and scale sets (capacity via PUT/PATCH), as the 2026-04-01 API does.
import { asArray, asDoc, asString, at, isDoc, setDefault, stableGuid } from '../../core/resources/documents.js';
import type { Doc, StoredResource } from '../../core/resources/model.js';
import type { ActionResult, ActionSpec, ListRequest, ListResult, ResourceBehaviour, ResourceStore } from '../../core/resources/store.js';

export const VM_TYPE = 'Microsoft.Compute/virtualMachines';
export const VM_EXTENSION_TYPE = 'Microsoft.Compute/virtualMachines/extensions';
export const VMSS_TYPE = 'Microsoft.Compute/virtualMachineScaleSets';

export type PowerState = 'running' | 'stopped' | 'deallocated' | 'starting' | 'stopping' | 'deallocating';

const POWER_DISPLAY: Record<string, string> = {
  running: 'VM running',
  stopped: 'VM stopped',
  deallocated: 'VM deallocated',
  starting: 'VM starting',
  stopping: 'VM stopping',
  deallocating: 'VM deallocating',
};

export function powerStateOf(vm: StoredResource): string {
  return vm.runtime.powerState ?? 'running';
}

/** A long-running power transition: `during` at once, `after` when the operation ends. */
function transition(vm: StoredResource, during: PowerState, after: PowerState): ActionResult {
  const before = powerStateOf(vm);
  return {
    kind: 'operation',
    begin: () => (vm.runtime.powerState = during),
    apply: () => (vm.runtime.powerState = after),
    revert: () => (vm.runtime.powerState = before),
  };
}

function notAllowed(operation: string, vm: StoredResource, why: string): ActionResult {
  return {
    kind: 'error',
    error: {
      status: 409,
      code: 'OperationNotAllowed',
      message: `Operation '${operation}' is not allowed on VM '${vm.name}' since ${why}.`,
    },
  };
}

const VM_ACTIONS: Record<string, ActionSpec> = {
  start: { handle: ({ resource }) => transition(resource, 'starting', 'running') },
  poweroff: {
    handle: ({ resource }) =>
      powerStateOf(resource) === 'deallocated'
        ? notAllowed('powerOff', resource, 'the VM is deallocated or marked to be deallocated')
        : transition(resource, 'stopping', 'stopped'),
  },
  restart: {
    handle: ({ resource }) =>
      powerStateOf(resource) === 'running'
        ? transition(resource, 'starting', 'running')
        : notAllowed('restart', resource, `the VM is not running (power state '${powerStateOf(resource)}')`),
  },
  deallocate: { handle: ({ resource }) => transition(resource, 'deallocating', 'deallocated') },
};

function osTypeOf(properties: Doc): 'Windows' | 'Linux' {
  const given = asString(at(properties, 'storageProfile.osDisk.osType'));
  if (given === 'Windows' || given === 'Linux') return given;
  const publisher = asString(at(properties, 'storageProfile.imageReference.publisher')) ?? '';
  return /windows/i.test(publisher) || isDoc(at(properties, 'osProfile.windowsConfiguration')) ? 'Windows' : 'Linux';
}

function status(code: string, displayStatus: string, extra: Doc = {}): Doc {
  return { code, level: code.endsWith('failed') ? 'Error' : 'Info', displayStatus, ...extra };
}

/** VirtualMachine_Get_InstanceView.json's shape; a deallocated VM reports disks and statuses only. */
export function vmInstanceView(vm: StoredResource, store: ResourceStore): Doc {
  const properties = vm.doc.properties;
  const power = powerStateOf(vm);
  const time = vm.modified.at;
  const provisioning = vm.provisioningState.toLowerCase();
  const statuses = [
    status(
      `ProvisioningState/${provisioning}`,
      provisioning === 'succeeded' ? 'Provisioning succeeded' : provisioning === 'failed' ? 'Provisioning failed' : vm.provisioningState,
      { time },
    ),
    status(`PowerState/${power}`, POWER_DISPLAY[power] ?? power),
  ];
  const diskNames = [
    asString(at(properties, 'storageProfile.osDisk.name')),
    ...asArray(at(properties, 'storageProfile.dataDisks')).map((disk) => asString(asDoc(disk)['name'])),
  ].filter((name): name is string => Boolean(name));
  const disks = diskNames.map((name) => ({
    name,
    statuses: [status('ProvisioningState/succeeded', 'Provisioning succeeded', { time: vm.created.at })],
  }));
  const hyperVGeneration = asString(at(properties, 'storageProfile.imageReference.sku'))?.includes('gen2') ? 'V2' : 'V1';
  if (power === 'deallocated') return { disks, hyperVGeneration, statuses };
  const extensions = store.childrenOf(vm.id, VM_EXTENSION_TYPE);
  const handlerType = (ext: StoredResource): string =>
    `${asString(ext.doc.properties['publisher']) ?? 'Microsoft.Azure.Extensions'}.${asString(ext.doc.properties['type']) ?? ext.name}`;
  const ready = power === 'running';
  const windows = osTypeOf(properties) === 'Windows';
  const sku = asString(at(properties, 'storageProfile.imageReference.sku')) ?? '';
  const view: Doc = {
    platformUpdateDomain: 0,
    platformFaultDomain: 0,
    computerName: asString(at(properties, 'osProfile.computerName')) ?? vm.name,
    osName: windows ? `Windows Server ${/\d{4}/.exec(sku)?.[0] ?? '2022'} Datacenter` : 'ubuntu',
    osVersion: windows ? 'Microsoft Windows NT 10.0.20348.0' : '22.04',
    vmAgent: {
      vmAgentVersion: windows ? '2.7.41491.1102' : '2.10.0.8',
      statuses: [
        status('ProvisioningState/succeeded', ready ? 'Ready' : 'Not Ready', {
          message: ready ? 'GuestAgent is running and accepting new configurations.' : 'VM status blob is found but not yet populated.',
          time,
        }),
      ],
      extensionHandlers: extensions.map((ext) => ({
        type: handlerType(ext),
        typeHandlerVersion: asString(ext.doc.properties['typeHandlerVersion']) ?? '1.0',
        status: status('ProvisioningState/succeeded', 'Ready'),
      })),
    },
    disks,
  };
  if (at(properties, 'diagnosticsProfile.bootDiagnostics.enabled') === true) {
    const base =
      asString(at(properties, 'diagnosticsProfile.bootDiagnostics.storageUri'))?.replace(/\/+$/, '') ??
      `https://md-${vm.name.toLowerCase()}.blob.core.windows.net`;
    view['bootDiagnostics'] = {
      consoleScreenshotBlobUri: `${base}/bootdiagnostics-${vm.name}/${vm.name}.screenshot.bmp`,
      serialConsoleLogBlobUri: `${base}/bootdiagnostics-${vm.name}/${vm.name}.serialconsole.log`,
    };
  }
  if (extensions.length > 0) {
    view['extensions'] = extensions.map((ext) => ({
      name: ext.name,
      type: handlerType(ext),
      typeHandlerVersion: asString(ext.doc.properties['typeHandlerVersion']) ?? '1.0',
      statuses: [status('ProvisioningState/succeeded', 'Provisioning succeeded', { message: 'Enable succeeded' })],
    }));
  }
  Object.assign(view, { hyperVGeneration, patchStatus: patchStatus(vm.created.at), isVMInStandbyPool: false });
  if (isDoc(properties['capacityReservation'])) view['capacityReservationType'] = 'Targeted';
  view['statuses'] = statuses;
  return view;
}

function patchStatus(time: string): Doc {
  const summary = { status: 'Succeeded', startTime: time, lastModifiedTime: time, error: null };
  return {
    availablePatchSummary: {
      ...summary,
      assessmentActivityId: stableGuid(`assess|${time}`),
      rebootPending: false,
      criticalAndSecurityPatchCount: 0,
      otherPatchCount: 0,
    },
    lastPatchInstallationSummary: {
      ...summary,
      installationActivityId: stableGuid(`install|${time}`),
      maintenanceWindowExceeded: false,
      notSelectedPatchCount: 0,
      excludedPatchCount: 0,
      pendingPatchCount: 0,
      installedPatchCount: 0,
      failedPatchCount: 0,
    },
    configurationStatuses: [
      { code: 'PatchModeConfigurationState/Ready', level: 'Info', displayStatus: 'Status_PatchModeConfigurationState_Ready', time },
      {
        code: 'AssessmentModeConfigurationState/Ready',
        level: 'Info',
        displayStatus: 'Status_AssessmentModeConfigurationState_Ready',
        time,
      },
    ],
  };
}

// VirtualMachines_List / _ListAll: the one documented $filter selects a scale set's VMs, and
// $expand=instanceView "can only be specified if a valid $filter option is specified"; Azure refuses it
// otherwise. statusOnly=true (ListAll only) is the documented way to every VM's power state.
const VMSS_FILTER = /^\s*'?virtualMachineScaleSet\/id'?\s+eq\s+'?([^']+?)'?\s*$/i;

function listVirtualMachines({ store, scope, query, resources, options }: ListRequest): ListResult {
  const filter = query.get('$filter');
  let selected = resources;
  if (filter !== null) {
    const scaleSet = VMSS_FILTER.exec(filter)?.[1]?.toLowerCase();
    if (!scaleSet) {
      return {
        kind: 'error',
        error: {
          status: 400,
          code: 'InvalidParameter',
          message: `The value '${filter}' of parameter '$filter' is not allowed. Allowed value is 'virtualMachineScaleSet/id' eq '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachineScaleSets/{vmssName}'.`,
        },
      };
    }
    selected = resources.filter((vm) => asString(at(vm.doc.properties, 'virtualMachineScaleSet.id'))?.toLowerCase() === scaleSet);
  }
  if (options.expand.includes('instanceview') && filter === null) {
    return {
      kind: 'error',
      error: {
        status: 400,
        code: 'BadRequest',
        message: 'Expand Instance View is only supported when Virtual Machine Scale Set resource filter is applied.',
      },
    };
  }
  if (scope === 'subscription' && query.get('statusOnly')?.toLowerCase() === 'true') {
    // Run-time status only: the instance view's statuses, without the model (no size, profiles, tags or OS name).
    return {
      kind: 'items',
      resources: selected,
      serialize: (vm) => ({
        name: vm.name,
        id: vm.id,
        type: vm.type,
        ...(vm.location ? { location: vm.location } : {}),
        properties: { instanceView: { statuses: vmInstanceView(vm, store)['statuses'] } },
      }),
    };
  }
  return { kind: 'items', resources: selected, serialize: (vm) => store.serialize(vm, options) };
}

const virtualMachines: ResourceBehaviour = {
  type: VM_TYPE,
  lro: { write: 'async', delete: 'async' },
  readOnly: ['vmId', 'timeCreated'],
  defaults(vm) {
    vm.doc.properties['timeCreated'] = vm.created.at;
    vm.runtime.powerState ??= 'running';
    const osDisk = at(vm.doc.properties, 'storageProfile.osDisk');
    if (isDoc(osDisk)) setDefault(osDisk, 'name', `${vm.name}_OsDisk_1_${stableGuid(vm.id).replace(/-/g, '')}`);
  },
  derive(vm) {
    setDefault(vm.doc.properties, 'vmId', stableGuid(`vmId|${vm.id.toLowerCase()}`));
    vm.runtime.powerState ??= 'running';
    const osDisk = at(vm.doc.properties, 'storageProfile.osDisk');
    if (isDoc(osDisk)) setDefault(osDisk, 'osType', osTypeOf(vm.doc.properties));
  },
  decorate(body, vm, store, options) {
    const properties = asDoc(body['properties']);
    if (!options.expand.includes('userdata')) delete properties['userData'];
    if (options.expand.includes('instanceview')) properties['instanceView'] = vmInstanceView(vm, store);
    const extensions = store.childrenOf(vm.id, VM_EXTENSION_TYPE);
    if (extensions.length > 0) body['resources'] = extensions.map((ext) => store.serialize(ext));
  },
  list: listVirtualMachines,
  views: { instanceview: { handle: ({ resource, store }) => ({ kind: 'response', status: 200, body: vmInstanceView(resource, store) }) } },
  actions: VM_ACTIONS,
  conflict: (name, operation, running) => ({
    status: 409,
    code: 'OperationNotAllowed',
    message: `Operation '${operation}' is not allowed on VM '${name}' since the VM has an ongoing operation '${running}'. Please retry after the ongoing operation completes.`,
  }),
};

const extensions: ResourceBehaviour = { type: VM_EXTENSION_TYPE, lro: { write: 'async', delete: 'async' }, tracked: true };

const scaleSets: ResourceBehaviour = {
  type: VMSS_TYPE,
  lro: { write: 'async', delete: 'async' },
  readOnly: ['uniqueId', 'timeCreated'],
  defaults(vmss) {
    vmss.doc.properties['uniqueId'] = stableGuid(`vmss|${vmss.id.toLowerCase()}`);
    vmss.doc.properties['timeCreated'] = vmss.created.at;
  },
  derive(vmss) {
    const sku = vmss.doc['sku'];
    if (isDoc(sku)) setDefault(sku, 'tier', 'Standard');
  },
};

export const COMPUTE_BEHAVIOURS: readonly ResourceBehaviour[] = [virtualMachines, extensions, scaleSets];
