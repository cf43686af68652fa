// Reading single configuration values; shared by every part of the configuration.

/**
 * A configuration problem; the message names the variable or switch at fault and why, never its value (a secret
 * pasted into the wrong variable must not end up in a client's log).
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function number(
  name: string,
  value: string | undefined,
  fallback: number,
  { min = 0, max = Infinity, integer = false } = {},
): number {
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max || (integer && !Number.isInteger(parsed))) {
    const range = max === Infinity ? `>= ${min}` : `from ${min} to ${max}`;
    throw new ConfigError(`${name} is invalid: expected ${integer ? 'an integer' : 'a number'} ${range}`);
  }
  return parsed;
}

export function boolean(name: string, value: string | undefined): boolean {
  if (value === undefined || value.trim() === '') return false;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${name} is invalid: expected true or false`);
}
