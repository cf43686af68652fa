import { ConfigError } from '../config.js';
import type { SafetyConfig } from '../config-safety.js';
import type { ToolDefinition } from '../tools/define.js';

/** What selection reads of a tool: a catalogue entry or a definition. */
export type Selectable = Pick<ToolDefinition, 'name' | 'toolset' | 'access'>;

export interface ToolSelection<T extends Selectable = Selectable> {
  /** Registered and listed. */
  exposed: T[];
  /** Not listed; a call by name gets this message instead of running. */
  refused: Map<string, string>;
  /** One line for health_check: how many tools are exposed and why. */
  summary: string;
}

/**
 * The one place tools are filtered, in the specified order: toolsets and single tools first, then read-only
 * mode, which always wins.
 */
export function selectTools<T extends Selectable>(all: readonly T[], safety: SafetyConfig): ToolSelection<T> {
  const refused = new Map<string, string>();
  const { toolsets, tools, readOnly } = safety;
  const known = new Set(all.map((t) => t.name));
  const unknownTools = (tools.names ?? []).filter((n) => !known.has(n));
  if (unknownTools.length) throw new ConfigError(`${tools.how}: unknown tool ${unknownTools.join(', ')} (azops-mcp tools lists them)`);

  const restricted = toolsets.names !== null || tools.names !== null;
  const chosen = all.filter(
    (t) => !restricted || t.toolset === 'account' || toolsets.names?.includes(t.toolset) || tools.names?.includes(t.name),
  );
  const how = [
    toolsets.how && `toolsets ${toolsets.names!.join(',')} (${toolsets.how})`,
    tools.how && `tools ${tools.names!.join(',')} (${tools.how})`,
  ]
    .filter(Boolean)
    .join(' and ');
  for (const t of all) {
    if (!chosen.includes(t))
      refused.set(
        t.name,
        `${t.name} is not enabled in this server: it is limited to ${how}, plus the account tools. Add the ${t.toolset} toolset or the tool to enable it.`,
      );
  }

  const exposed = readOnly.on ? chosen.filter((t) => t.access === 'read') : chosen;
  for (const t of chosen) {
    if (!exposed.includes(t)) {
      refused.set(
        t.name,
        `Refused: azops-mcp is in read-only mode (set by ${readOnly.how}), and ${t.name} changes Azure (access: ${t.access}). Nothing was sent to Azure. Turn read-only mode off to allow it.`,
      );
    }
  }

  const reasons = [
    restricted ? `limited to ${how}` : 'all toolsets',
    readOnly.on ? `read-only mode (${readOnly.how}) hides ${chosen.length - exposed.length} tools that change Azure` : null,
  ];
  return { exposed, refused, summary: `${exposed.length} of ${all.length} tools exposed: ${reasons.filter(Boolean).join('; ')}.` };
}
