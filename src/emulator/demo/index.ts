// The sandbox's demo estate: every area seeds its part from the shared names in names.ts.
import type { EmulatedAzure } from '../emulated-azure.js';
import { seedArmDemoEstate } from './arm.js';
import { seedIdentityDemoEstate, seedStoreStaff } from './identity.js';
import { seedDataPlaneDemoEstate } from './data-planes.js';
import { seedRegistryDemoEstate } from './acr.js';

export { DEMO } from './names.js';

export function seedDemoEstate(azure: EmulatedAzure): void {
  seedArmDemoEstate(azure);
  seedRegistryDemoEstate(azure);
  seedIdentityDemoEstate(azure);
  seedStoreStaff(azure);
  seedDataPlaneDemoEstate(azure);
}
