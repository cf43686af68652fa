import { ConfigError, boolean, number } from './config-values.js';

/** The toolsets a user can choose with AZOPS_TOOLSETS; each is a folder under src/tools/. */
export const TOOLSETS = [
  'account',
  'resources',
  'governance',
  'compute',
  'storage',
  'network',
  'appservice',
  'acr',
  'appconfig',
  'entra',
  'local',
] as const;
export type Toolset = (typeof TOOLSETS)[number];

/**
 * Toolsets that expose the machine the server runs on: on by default over stdio (the user's own machine), off by
 * default when clients reach the server over HTTP, unless named in --toolsets or AZOPS_TOOLSETS.
 */
export const OFF_BY_DEFAULT_OVER_HTTP: readonly Toolset[] = ['local'];

export type ConfirmMode = 'auto' | 'always' | 'never';
const CONFIRM_MODES: readonly ConfirmMode[] = ['auto', 'always', 'never'];

/** Command-line switches that override their environment variables. */
export interface SafetySwitches {
  readOnly?: boolean;
  toolsets?: string;
  tools?: string;
  confirm?: string;
  /** How clients reach the server; 'http' keeps the OFF_BY_DEFAULT_OVER_HTTP toolsets off unless named. */
  transport?: 'stdio' | 'http';
}

export interface SafetyConfig {
  /** When on: only `read` tools are listed, others are refused; `how` says what turned it on. */
  readOnly: { on: boolean; how: string | null };
  /** Toolsets kept (account is always kept); null means all. */
  toolsets: { names: Toolset[] | null; how: string | null };
  /** Single tools kept in addition to the toolsets; null when not restricted. */
  tools: { names: string[] | null; how: string | null };
  confirm: { mode: ConfirmMode; how: string };
  /** A call over the burst waits for its turn, up to maxWaitSeconds; then it is refused. */
  rateLimit: { enabled: boolean; perMinute: number; burst: number; maxWaitSeconds: number };
  /** JSON-lines file for write and destructive calls; null when off. */
  auditLog: string | null;
}

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The safety switches, each from its command-line switch or else its environment variable, remembering which
 * (users are told how a mode was set).
 */
export function loadSafetyConfig(
  text: (name: string) => string | undefined,
  origin: (name: string) => string,
  switches: SafetySwitches,
): SafetyConfig {
  const pick = (switchValue: string | undefined, switchName: string, variable: string) =>
    switchValue !== undefined
      ? { value: switchValue, how: switchName }
      : text(variable) !== undefined
        ? { value: text(variable)!, how: `${variable} (${origin(variable)})` }
        : undefined;

  const readOnlySetting = switches.readOnly ? { value: 'true', how: '--read-only' } : pick(undefined, '', 'AZOPS_READ_ONLY');
  const readOnly =
    readOnlySetting && boolean('AZOPS_READ_ONLY', readOnlySetting.value)
      ? { on: true, how: readOnlySetting.how }
      : { on: false, how: null };

  const toolsetSetting = pick(switches.toolsets, '--toolsets', 'AZOPS_TOOLSETS');
  let toolsets: SafetyConfig['toolsets'] = { names: null, how: null };
  if (toolsetSetting) {
    const names = list(toolsetSetting.value).map((n) => n.toLowerCase());
    const unknown = names.filter((n) => n !== 'all' && !TOOLSETS.includes(n as Toolset));
    if (unknown.length)
      throw new ConfigError(
        `${toolsetSetting.how}: unknown toolset ${unknown.join(', ')}; valid toolsets are ${TOOLSETS.join(', ')} (or all)`,
      );
    if (!names.includes('all')) toolsets = { names: names as Toolset[], how: toolsetSetting.how };
  }
  if (!toolsetSetting && switches.transport === 'http') {
    toolsets = {
      names: TOOLSETS.filter((t) => !OFF_BY_DEFAULT_OVER_HTTP.includes(t)),
      how: `the HTTP default, which leaves out ${OFF_BY_DEFAULT_OVER_HTTP.join(', ')} (this machine's tools; name it in --toolsets or AZOPS_TOOLSETS to add it)`,
    };
  }

  const toolSetting = pick(switches.tools, '--tools', 'AZOPS_TOOLS');
  const tools = toolSetting ? { names: list(toolSetting.value), how: toolSetting.how } : { names: null, how: null };

  const confirmSetting = pick(switches.confirm, '--confirm', 'AZOPS_CONFIRM') ?? { value: 'auto', how: 'default' };
  const mode = confirmSetting.value.toLowerCase() as ConfirmMode;
  if (!CONFIRM_MODES.includes(mode)) throw new ConfigError(`${confirmSetting.how} is invalid: use auto, always or never`);

  return {
    readOnly,
    toolsets,
    tools,
    confirm: { mode, how: confirmSetting.how },
    rateLimit: {
      enabled: text('RATE_LIMIT_ENABLED') === undefined ? true : boolean('RATE_LIMIT_ENABLED', text('RATE_LIMIT_ENABLED')),
      perMinute: number('RATE_LIMIT_REQUESTS_PER_MINUTE', text('RATE_LIMIT_REQUESTS_PER_MINUTE'), 60, { min: 1 }),
      burst: number('RATE_LIMIT_BURST_SIZE', text('RATE_LIMIT_BURST_SIZE'), 10, { min: 1, integer: true }),
      maxWaitSeconds: number('RATE_LIMIT_MAX_WAIT_SECONDS', text('RATE_LIMIT_MAX_WAIT_SECONDS'), 30, { min: 0 }),
    },
    auditLog: text('AZOPS_AUDIT_LOG') ?? null,
  };
}
