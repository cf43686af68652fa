import type { ToolDefinition, ToolsetDefinition } from './define.js';
import { loadAllToolsets } from './registry.js';

// Every toolset and tool, loaded at once: for the docs, the tests and the build's catalogue. The server itself
// goes through registry.ts, which loads a toolset only when one of its tools is called.

export const toolsets: readonly ToolsetDefinition[] = await loadAllToolsets();

/** Every tool; docs, the build's catalogue and invariant tests all read this one list. */
export const allTools: readonly ToolDefinition[] = toolsets.flatMap((t) => t.tools);
