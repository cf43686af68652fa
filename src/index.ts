#!/usr/bin/env node
// Entry point. On Node 22+ the module compile cache is turned on before anything else loads (a large share of
// start-up is compiling the MCP SDK and zod); Node 20 has no such API and simply skips it.
import * as nodeModule from 'node:module';

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await import('./main.js');
