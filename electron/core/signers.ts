import { foldUsername } from '../../shared/domain/username';
import type { TrustAnchors } from '../services/audit-grants';
import { SYSTEM_ACTIONS } from '../services/audit-grants';
import type { AuditTrust } from '../services/audit.service';
import { keyId, type UserKeys } from '../vault/user-keys';

/** How long a password checked at the desk (a 监销人's) may sign the one entry it was checked for. */
const DESK_MS = 60_000;

/**
 * The signing keys this process holds: each signed-in person's own (from their password, dropped
 * when their last session ends), a desk confirmation's for one entry, the recovery key's during a
 * recovery, and the system key for SYSTEM_ACTIONS only. No entry is ever signed by a key that does
 * not belong to its actor.
 */
export class Signers implements AuditTrust {
  private readonly people = new Map<string, { userId: string; keys: UserKeys }>();
  private readonly desk = new Map<string, { keys: UserKeys; until: number }>();
  private recovery: UserKeys | null = null;

  constructor(
    private readonly anchorsOf: () => TrustAnchors,
    private system: UserKeys,
    private readonly now: () => number,
  ) {}

  anchors(): TrustAnchors {
    return this.anchorsOf();
  }

  keyFor(actor: string, action: string): { id: string; key: UserKeys['sign']; person: boolean } {
    if (SYSTEM_ACTIONS.has(action)) return sig(this.system, false);
    if (action === 'auth.recover' && this.recovery) return sig(this.recovery, false);
    const name = foldUsername(actor);
    const p = this.people.get(name);
    if (p) return sig(p.keys, true);
    const d = this.desk.get(name);
    if (d && d.until >= this.now()) {
      this.desk.delete(name);
      return sig(d.keys, true);
    }
    throw new Error(`no signing key for "${actor}" (${action})`);
  }

  hold(username: string, userId: string, keys: UserKeys): void {
    this.people.set(foldUsername(username), { userId, keys });
  }

  drop(username: string): void {
    this.people.delete(foldUsername(username));
  }

  holds(username: string): UserKeys | null {
    return this.people.get(foldUsername(username))?.keys ?? null;
  }

  /** A person confirmed at this desk signs the next entry in their name, within a minute. */
  atDesk(username: string, keys: UserKeys): void {
    this.desk.set(foldUsername(username), { keys, until: this.now() + DESK_MS });
  }

  async asRecovery<T>(keys: UserKeys, fn: () => Promise<T>): Promise<T> {
    this.recovery = keys;
    try {
      return await fn();
    } finally {
      this.recovery = null;
    }
  }

  setSystem(keys: UserKeys): void {
    this.system = keys;
  }

  clear(): void {
    this.people.clear();
    this.desk.clear();
    this.recovery = null;
  }
}

function sig(k: UserKeys, person: boolean) {
  return { id: keyId(k.signPublic), key: k.sign, person };
}
