import type { Toolset } from '../config-safety.js';
import type { ToolsetDefinition } from './define.js';

/**
 * Every toolset the server offers, each a folder of this directory; adding a toolset is one line here. A toolset's
 * module is imported on the first call of one of its tools: tools/list is served from the catalogue written at
 * build time (dist/catalog.json), so start-up loads no tool module at all.
 */
export const TOOLSET_MODULES: Partial<Record<Toolset, () => Promise<ToolsetDefinition>>> = {
  account: async () => (await import('./account/index.js')).account,
  resources: async () => (await import('./resources/index.js')).resources,
  governance: async () => (await import('./governance/index.js')).governance,
  compute: async () => (await import('./compute/index.js')).compute,
  storage: async () => (await import('./storage/index.js')).storage,
  network: async () => (await import('./network/index.js')).network,
  appservice: async () => (await import('./appservice/index.js')).appservice,
  acr: async () => (await import('./acr/index.js')).acr,
  appconfig: async () => (await import('./appconfig/index.js')).appconfig,
  entra: async () => (await import('./entra/index.js')).entra,
  local: async () => (await import('./local/index.js')).local,
};

/** Imports one toolset's module (the import itself is cached by the runtime). */
export async function loadToolset(name: Toolset): Promise<ToolsetDefinition> {
  const load = TOOLSET_MODULES[name];
  if (!load) throw new Error(`no toolset ${name}`);
  return load();
}

/** Every toolset, in the order above: for the docs, the command-line help and the tests, never for start-up. */
export const loadAllToolsets = (): Promise<ToolsetDefinition[]> => Promise.all(Object.values(TOOLSET_MODULES).map((load) => load()));
