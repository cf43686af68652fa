// Management locks (Microsoft.Authorization/locks) at subscription, resource-group and resource
// scope, and the checks ARM makes with them: any lock at or above a scope (or below it, since a
// delete cascades) blocks a delete; a ReadOnly lock at or above a scope also blocks writes.
import { idKey, isAtOrAbove } from './ids.js';
import type { ArmErrorInfo, Doc } from './model.js';

export type LockLevel = 'CanNotDelete' | 'ReadOnly';
export const LOCK_LEVELS: readonly LockLevel[] = ['CanNotDelete', 'ReadOnly'];

export interface ManagementLock {
  /** The locked scope, casing as created. */
  scope: string;
  name: string;
  level: LockLevel;
  notes?: string;
  owners?: { applicationId: string }[];
}

export function lockId(lock: Pick<ManagementLock, 'scope' | 'name'>): string {
  return `${lock.scope.replace(/\/+$/, '')}/providers/Microsoft.Authorization/locks/${lock.name}`;
}

export class LockStore {
  private readonly locks = new Map<string, ManagementLock>();

  /** Creates or replaces; true when it is new. */
  put(lock: ManagementLock): boolean {
    const key = idKey(lockId(lock));
    const existing = this.locks.get(key);
    // An update keeps the name's original casing, as ARM does.
    this.locks.set(key, existing ? { ...lock, scope: existing.scope, name: existing.name } : lock);
    return !existing;
  }

  get(scope: string, name: string): ManagementLock | undefined {
    return this.locks.get(idKey(lockId({ scope, name })));
  }

  remove(scope: string, name: string): boolean {
    return this.locks.delete(idKey(lockId({ scope, name })));
  }

  /** Every lock, in creation order (for snapshots). */
  all(): ManagementLock[] {
    return [...this.locks.values()];
  }

  /** Replaces every lock (restoring a snapshot). */
  replaceAll(locks: readonly ManagementLock[]): void {
    this.locks.clear();
    for (const lock of locks) this.put(lock);
  }

  /** Drops every lock at or below a scope (its resource or group is gone). */
  removeAtOrBelow(scope: string): void {
    for (const [key, lock] of this.locks) if (isAtOrAbove(scope, lock.scope)) this.locks.delete(key);
  }

  /** What ARM lists at a scope: locks at and above it, and unless `atScope`, below it too. */
  list(scope: string, atScope = false): ManagementLock[] {
    return [...this.locks.values()].filter((lock) => isAtOrAbove(lock.scope, scope) || (!atScope && isAtOrAbove(scope, lock.scope)));
  }

  /** Locks that forbid deleting (or, for ReadOnly ones, writing to) the target. */
  blocking(target: string, operation: 'delete' | 'write'): ManagementLock[] {
    return [...this.locks.values()].filter((lock) =>
      operation === 'delete'
        ? isAtOrAbove(lock.scope, target) || isAtOrAbove(target, lock.scope)
        : lock.level === 'ReadOnly' && isAtOrAbove(lock.scope, target),
    );
  }
}

/** ManagementLocks_*.json shape. */
export function lockToArm(lock: ManagementLock): Doc {
  return {
    properties: {
      level: lock.level,
      ...(lock.notes !== undefined ? { notes: lock.notes } : {}),
      ...(lock.owners ? { owners: lock.owners.map((owner) => ({ ...owner })) } : {}),
    },
    id: lockId(lock),
    type: 'Microsoft.Authorization/locks',
    name: lock.name,
  };
}

/** ARM's 409 when a lock is in the way. */
export function scopeLockedError(target: string, operation: 'delete' | 'write', locks: readonly ManagementLock[]): ArmErrorInfo {
  const scopes = [...new Set(locks.map((lock) => lock.scope))].map((scope) => `'${scope}'`).join(',');
  return {
    status: 409,
    code: 'ScopeLocked',
    message: `The scope '${target}' cannot perform ${operation} operation because following scope(s) are locked: ${scopes}. Please remove the lock and try again.`,
  };
}
