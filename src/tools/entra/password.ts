import { randomInt } from 'node:crypto';

// Look-alike characters (0/O, 1/l/I) are left out: the password is read off a screen and typed once.
const CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-=?@^_~'];

/**
 * A temporary password for a new user: 20 characters from a CSPRNG, at least one of each class, so it meets
 * Entra's default policy (8-256 characters, three of four classes) with room to spare.
 */
export function temporaryPassword(length = 20): string {
  const all = CLASSES.join('');
  const chars = CLASSES.map((set) => set[randomInt(set.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/** What structured results and logs show instead of a password. */
export const MASKED_PASSWORD = '****';
