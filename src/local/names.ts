import { printable } from '../azure/arm-names.js';

// The names the local tools take, checked before anything is sent or run. Nothing that passes can start with `-`
// (so it can never be read as an option by any program), hold a path separator, a query character, whitespace or a
// control character, or be or end in a dot segment.

/** Why a value is no container id or name (undefined when it is one). */
export function containerRefProblem(value: string): string | undefined {
  // Docker's own rule for names is [a-zA-Z0-9][a-zA-Z0-9_.-]+; an id (or a unique prefix of one) is hexadecimal.
  if (/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(value) && !value.includes('..') && !value.endsWith('.')) return undefined;
  return `'${printable(value)}' is not a container id or name: Docker names are 1-128 letters, digits, underscores, periods and hyphens starting with a letter or digit (not ending in a period, no '..'); ids are hexadecimal. list_containers all=true shows them.`;
}

/** The unit types systemd knows; a name without one of them is a service, as systemctl reads it. */
const UNIT_TYPES = ['service', 'socket', 'target', 'device', 'mount', 'automount', 'swap', 'timer', 'path', 'slice', 'scope'];

/**
 * The full unit name for `value` ("nginx" → "nginx.service"), or a problem. systemd allows letters, digits and
 * `:-_.\@` in unit names, at most 255 characters; this is stricter: no `\` escapes, no leading `-` (the root
 * mount's unit `-.mount` is not a service), no `..`, at most one `@` (a template instance).
 */
export function unitName(value: string): { unit: string } | { problem: string } {
  const problem = `'${printable(value)}' is not a systemd unit name: use letters, digits and : _ . @ -, starting with a letter or digit (e.g. nginx, nginx.service, getty@tty1.service).`;
  if (!/^[A-Za-z0-9][A-Za-z0-9:_.@-]*$/.test(value) || value.includes('..') || value.endsWith('.') || value.split('@').length > 2)
    return { problem };
  const suffix = value.slice(value.lastIndexOf('.') + 1);
  const unit = value.includes('.') && UNIT_TYPES.includes(suffix) ? value : `${value}.service`;
  if (unit.length > 255) return { problem: `'${printable(value)}' is too long for a systemd unit name (at most 255 characters).` };
  return { unit };
}
