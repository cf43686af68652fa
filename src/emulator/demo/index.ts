// The sandbox's demo estate: every area seeds its part from the shared names in names.ts.
import type { EmulatedAzure } from '../emulated-azure.js';

export { DEMO } from './names.js';

export function seedDemoEstate(azure: EmulatedAzure): void {
  void azure;
}
