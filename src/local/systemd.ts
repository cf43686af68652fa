import { UserFacingError } from '../azure/errors.js';
import { printable } from '../azure/arm-names.js';
import type { HostProbe } from './host.js';

// A systemd unit's state through `systemctl show` with only the state properties: never `systemctl status`,
// whose output carries the unit's recent journal lines.

/** The only properties asked for and read. */
const PROPERTIES = ['LoadState', 'ActiveState', 'SubState', 'ActiveEnterTimestamp', 'ActiveEnterTimestampMonotonic'] as const;
type Property = (typeof PROPERTIES)[number];
const SYSTEMCTL_TIMEOUT_MS = 10_000;

export interface UnitHealth {
  unit: string;
  /** systemd when it answered; none when this machine has no running systemd. */
  serviceManager: 'systemd' | 'none';
  found: boolean | null;
  loadState: string | null;
  activeState: string | null;
  subState: string | null;
  /** When the unit last became active, as systemd writes it. */
  since: string | null;
  activeForSeconds: number | null;
  healthy: boolean | null;
  message: string;
}

/** The systemctl arguments for a unit already checked by unitName(): `--` ends the options, whatever follows. */
export const showArguments = (unit: string): string[] => ['show', '--no-pager', `--property=${PROPERTIES.join(',')}`, '--', unit];

const NO_SYSTEMD = /not been booted with systemd|Failed to connect to bus|Host is down|System has not been booted/i;

export async function unitHealth(probe: HostProbe, unit: string, signal?: AbortSignal): Promise<UnitHealth> {
  const none = (message: string): UnitHealth => ({
    unit,
    serviceManager: 'none',
    found: null,
    loadState: null,
    activeState: null,
    subState: null,
    since: null,
    activeForSeconds: null,
    healthy: null,
    message,
  });
  if (probe.platform !== 'linux')
    return none(
      `${unit} cannot be checked: check_service_health reads systemd units, and this machine runs ${probe.platform}, which has no systemd.`,
    );
  let result;
  try {
    result = await probe.systemctl(showArguments(unit), { timeoutMs: SYSTEMCTL_TIMEOUT_MS, signal });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { killed?: boolean };
    if (e.code === 'ENOENT')
      return none(
        `${unit} cannot be checked: systemctl is not installed, so this machine has no systemd services (as in most containers).`,
      );
    if (e.killed) throw new UserFacingError(`systemctl show ${unit} did not answer within ${SYSTEMCTL_TIMEOUT_MS / 1000}s.`);
    throw error;
  }
  if (result.exitCode !== 0) {
    if (NO_SYSTEMD.test(result.stderr))
      return none(
        `${unit} cannot be checked: systemd is not running on this machine (PID 1 is another init, as in most containers), so there are no systemd services.`,
      );
    const reason = printable(result.stderr.trim().split('\n')[0]?.slice(0, 200) ?? '') || 'no message';
    throw new UserFacingError(`systemctl show ${unit} failed (exit ${result.exitCode ?? 'by signal'}): ${reason}`);
  }
  const values = new Map<Property, string>();
  for (const line of result.stdout.split('\n')) {
    const at = line.indexOf('=');
    const key = line.slice(0, at) as Property;
    if (at > 0 && PROPERTIES.includes(key)) values.set(key, printable(line.slice(at + 1).trim()).slice(0, 200));
  }
  const loadState = values.get('LoadState') || null;
  const activeState = values.get('ActiveState') || null;
  const subState = values.get('SubState') || null;
  if (!loadState || !activeState) throw new UserFacingError(`systemctl show ${unit} gave no LoadState or ActiveState.`);
  const found = loadState !== 'not-found';
  const since = values.get('ActiveEnterTimestamp') || null;
  const monotonic = Number(values.get('ActiveEnterTimestampMonotonic'));
  let activeForSeconds: number | null = null;
  if ((activeState === 'active' || activeState === 'reloading') && monotonic > 0) {
    const uptime = Number((await probe.readProc('uptime').catch(() => '')).split(/\s+/)[0]);
    if (uptime > 0) activeForSeconds = Math.max(0, Math.round(uptime - monotonic / 1e6));
  }
  const healthy = found ? activeState === 'active' || activeState === 'reloading' : false;
  const state = `${activeState}${subState ? ` (${subState})` : ''}`;
  const message = !found
    ? `systemd has no unit ${unit} (LoadState not-found): check the name.`
    : healthy
      ? `${unit} is ${state}${since ? ` since ${since}` : ''}${activeForSeconds !== null ? `, ${duration(activeForSeconds)}` : ''}.`
      : `${unit} is NOT running: ${state}${loadState !== 'loaded' ? `, LoadState ${loadState}` : ''}.`;
  return { unit, serviceManager: 'systemd', found, loadState, activeState, subState, since, activeForSeconds, healthy, message };
}

/** 93784 → "1d 2h 3m". */
export function duration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d) return `${d}d ${h}h ${m}m`;
  if (h) return `${h}h ${m}m`;
  return m ? `${m}m` : `${seconds}s`;
}
