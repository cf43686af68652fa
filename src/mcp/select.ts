import { ConfigError } from '../config.js';
import type { SafetyConfig, Toolset } from '../config-safety.js';
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

export interface SelectionOptions {
  /** Toolsets left out unless named in the toolsets or tools setting, and why (e.g. `local` over HTTP). */
  offByDefault?: { toolsets: readonly Toolset[]; why: string };
}

/**
 * The one place tools are filtered, in the specified order: toolsets and single tools first (with the toolsets
 * that are off by default left out unless named), then read-only mode, which always wins.
 */
export function selectTools<T extends Selectable>(
  all: readonly T[],
  safety: SafetyConfig,
  options: SelectionOptions = {},
): ToolSelection<T> {
  const refused = new Map<string, string>();
  const { toolsets, tools, readOnly } = safety;
  const known = new Set(all.map((t) => t.name));
  const unknownTools = (tools.names ?? []).filter((n) => !known.has(n));
  if (unknownTools.length) throw new ConfigError(`${tools.how}: unknown tool ${unknownTools.join(', ')} (azops-mcp tools lists them)`);

  const restricted = toolsets.names !== null || tools.names !== null;
  const named = (t: T) => Boolean(toolsets.names?.includes(t.toolset) || tools.names?.includes(t.name));
  const off = options.offByDefault;
  const offUnlessNamed = (t: T) => Boolean(off?.toolsets.includes(t.toolset)) && !named(t);
  for (const t of all) {
    if (offUnlessNamed(t))
      refused.set(
        t.name,
        `${t.name} is not enabled in this server: the ${t.toolset} toolset is off ${off!.why} unless named. Add ${t.toolset} to AZOPS_TOOLSETS (or --toolsets) to enable it.`,
      );
  }
  const chosen = all.filter((t) => !offUnlessNamed(t) && (!restricted || t.toolset === 'account' || named(t)));
  const how = [
    toolsets.how && `toolsets ${toolsets.names!.join(',')} (${toolsets.how})`,
    tools.how && `tools ${tools.names!.join(',')} (${tools.how})`,
  ]
    .filter(Boolean)
    .join(' and ');
  for (const t of all) {
    if (!chosen.includes(t) && !refused.has(t.name))
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

  const leftOut = off?.toolsets.filter((name) => all.some((t) => t.toolset === name && offUnlessNamed(t))) ?? [];
  const reasons = [
    restricted ? `limited to ${how}` : leftOut.length ? `all toolsets but ${leftOut.join(', ')} (off ${off!.why})` : 'all toolsets',
    readOnly.on ? `read-only mode (${readOnly.how}) hides ${chosen.length - exposed.length} tools that change Azure` : null,
  ];
  return { exposed, refused, summary: `${exposed.length} of ${all.length} tools exposed: ${reasons.filter(Boolean).join('; ')}.` };
}
