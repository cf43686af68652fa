// Layers import downward only: config → azure → local → safety → tools → mcp → app (cli, main, server wiring, http/).
// The emulated Azure stands apart: it never imports the server, and the server imports it only for --sandbox.
// Inside it, core/ stands alone and services/ use the core (and each other), never the composition above them
// (emulated-azure.ts, index.ts, demo/): services register through services/index.ts instead. src/util/ depends on
// nothing, so both sides may use it.
const layer = {
  config: '^src/((config|config-[a-z]+|logger|sandbox-notice)\\.ts$|util/)',
  azure: '^src/azure/',
  local: '^src/local/',
  safety: '^src/safety/',
  tools: '^src/tools/',
  mcp: '^src/mcp/',
  app: '^src/((cli|main|index|server|call-once|sandbox|tool-help)\\.ts$|docs/|http/)',
  emulator: '^src/emulator/',
  util: '^src/util/',
  emulatorCore: '^src/emulator/core/',
  emulatorServices: '^src/emulator/services/',
  emulatorComposition: '^src/emulator/([^/]+\\.ts$|demo/)',
};
const above = (...names) => names.map((n) => layer[n]).join('|');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles hide the real layering.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'config-is-the-bottom',
      severity: 'error',
      from: { path: layer.config },
      to: { path: above('azure', 'local', 'safety', 'tools', 'mcp', 'app', 'emulator') },
    },
    {
      name: 'azure-imports-config-only',
      severity: 'error',
      from: { path: layer.azure },
      to: { path: above('local', 'safety', 'tools', 'mcp', 'app', 'emulator') },
    },
    {
      name: 'local-below-safety',
      severity: 'error',
      comment: 'The machine the server runs on (Docker Engine API, /proc, systemctl), like the azure layer: below the tools.',
      from: { path: layer.local },
      to: { path: above('safety', 'tools', 'mcp', 'app', 'emulator') },
    },
    { name: 'safety-below-tools', severity: 'error', from: { path: layer.safety }, to: { path: above('tools', 'mcp', 'app', 'emulator') } },
    { name: 'tools-below-mcp', severity: 'error', from: { path: layer.tools }, to: { path: above('mcp', 'app', 'emulator') } },
    { name: 'mcp-below-app', severity: 'error', from: { path: layer.mcp }, to: { path: above('app', 'emulator') } },
    {
      name: 'emulator-never-imports-the-server',
      comment: 'Only src/util/, which depends on nothing (see util-depends-on-nothing), is shared.',
      severity: 'error',
      from: { path: layer.emulator },
      to: { path: '^src/', pathNot: `${layer.emulator}|${layer.util}` },
    },
    {
      name: 'util-depends-on-nothing',
      severity: 'error',
      from: { path: layer.util },
      to: { path: '^src/', pathNot: layer.util },
    },
    {
      name: 'emulator-core-imports-no-service',
      severity: 'error',
      from: { path: layer.emulatorCore },
      to: { path: layer.emulator, pathNot: layer.emulatorCore },
    },
    {
      name: 'emulator-services-below-the-composition',
      severity: 'error',
      from: { path: layer.emulatorServices },
      to: { path: layer.emulatorComposition },
    },
    {
      name: 'emulator-only-for-sandbox',
      severity: 'error',
      from: { path: '^src/', pathNot: `${layer.emulator}|^src/sandbox\\.ts$` },
      to: { path: layer.emulator },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
