import type { ToolDefinition, ToolsetDefinition } from './define.js';
import { account } from './account/index.js';
import { resources } from './resources/index.js';
import { governance } from './governance/index.js';
import { compute } from './compute/index.js';
import { storage } from './storage/index.js';
import { appservice } from './appservice/index.js';

/** Every toolset the server offers, each a folder of this directory; adding a toolset is one line here. */
export const toolsets: readonly ToolsetDefinition[] = [account, resources, governance, compute, storage, appservice];

/** Every tool; registration, docs and invariant tests all read this one list. */
export const allTools: readonly ToolDefinition[] = toolsets.flatMap((t) => t.tools);
