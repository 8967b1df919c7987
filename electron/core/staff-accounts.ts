import type { ReqOf, ResOf } from '../../shared/contract';
import type { usersContract } from '../../shared/contract/users.contract';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Role } from '../../shared/roles';
import { assertNewPassword } from '../services/credential-rules';
import { toUserRow } from '../services/users.service';
import type { Keyring } from '../vault/keyring';
import { newUserKeys } from '../vault/user-keys';
import type { ArchiveCore, Session } from './archive-core';

type UsersContract = typeof usersContract;
type Req<K extends keyof UsersContract> = ReqOf<UsersContract[K]>;
type Res<K extends keyof UsersContract> = Promise<ResOf<UsersContract[K]>>;

/** What staff accounts need of the open vault: the core's own key work, never handed further out. */
type VaultPort = Pick<ArchiveCore, 'requireVault' | 'passwordContext' | 'changedGrant' | 'rekeyedGrant' | 'endSessionsOf' | 'rekey'>;

/** How much a role may see: lowering it re-keys. */
const RANK: Record<Role, number> = { clerk: 0, auditor: 1, keeper: 2, admin: 3 };

/**
 * The administrator's work on staff accounts (设置 → 用户): each change is a row, a signed grant in
 * the audit trail and, where keys are involved, the keyring — in that order, so a crash leaves the
 * keyring behind the trail, never ahead of it. Lives beside the core because it handles key material.
 */
export class StaffAccounts {
  constructor(private readonly core: VaultPort) {}

  private get vault() {
    return this.core.requireVault();
  }

  async staff(): Res<'staff'> {
    return (await this.vault.services.users.list()).filter((u) => u.active).map((u) => ({ id: u.id, displayName: u.displayName, role: u.role }));
  }

  async list(): Res<'list'> {
    return (await this.vault.services.users.list()).map(toUserRow);
  }

  async create(by: Session, req: Req<'create'>): Res<'create'> {
    const { services, keyring, vaultKey } = this.vault;
    const { users, audit, db } = services;
    assertNewPassword(req.password, await this.core.passwordContext(req.username));
    // The new person's keys are made here and granted by this administrator's signature; their first
    // password change replaces them with keys nobody else has seen.
    const keys = newUserKeys();
    const u = await db.write(async (m) => {
      const rec = await users.create(m, { username: req.username, displayName: req.displayName, role: req.role, mustChangePassword: true });
      const grant = { userId: rec.id, username: rec.username, role: rec.role, active: true, signPublic: keys.signPublic };
      await audit.append(m, { actor: by.username, action: 'users.create', subject: `user:${rec.id}`, details: { after: toUserRow(rec) }, grant });
      return rec;
    });
    await keyring.setUser(u.id, u.username, req.password, keys, vaultKey);
    keyring.save();
    return toUserRow(u);
  }

  async setActive(by: Session, req: Req<'setActive'>): Res<'setActive'> {
    if (req.id === by.userId && !req.active) throw new AppError('CONFLICT', ERR.users.ownAccount);
    const { users, audit, db } = this.vault.services;
    const grant = await this.core.changedGrant(req.id, { active: req.active });
    const { before, after } = await db.write(async (m) => {
      if (!req.active) await users.assertNotLastAdmin(m, req.id);
      const r = await users.update(m, req.id, { active: req.active });
      await audit.append(m, {
        actor: by.username,
        action: 'users.setActive',
        subject: `user:${req.id}`,
        details: { before: toUserRow(r.before), after: toUserRow(r.after) },
        grant,
      });
      return r;
    });
    // A disabled person's sessions end and the vault gets a new key sealed to everyone else.
    if (!after.active && before.active) {
      await this.core.endSessionsOf(req.id);
      const rekey = await this.core.rekey(by.username, 'disable', [req.id]);
      if (!rekey.done) dropFromKeyring(this.vault.keyring, req.id);
      return { ...toUserRow(after), rekey };
    }
    if (after.active && !before.active && !this.vault.keyring.userIds().includes(req.id)) {
      return { ...toUserRow(after), notice: ERR.users.enabledWithoutKeys };
    }
    return toUserRow(after);
  }

  async resetPassword(by: Session, req: Req<'resetPassword'>): Res<'resetPassword'> {
    const v = this.vault;
    const { users, audit, db } = v.services;
    const u = await users.byId(req.id);
    if (!u) throw new AppError('NOT_FOUND', ERR.users.notFound);
    assertNewPassword(req.password, await this.core.passwordContext(u.username));
    const keys = newUserKeys();
    const grant = await this.core.rekeyedGrant(v, u.id, keys, { active: true });
    await db.write(async (m) => {
      // Resetting also re-enables: the admin hands over a temporary password to change at sign-in.
      await users.update(m, u.id, { mustChangePassword: true, active: true });
      await audit.append(m, { actor: by.username, action: 'users.resetPassword', subject: `user:${u.id}`, grant });
    });
    await v.keyring.setUser(u.id, u.username, req.password, keys, v.vaultKey);
    v.keyring.save();
    // Their sessions signed with the old key; the new one is theirs from the next sign-in (or now, for oneself).
    if (u.id !== by.userId) await this.core.endSessionsOf(u.id);
    else v.signers.hold(by.username, u.id, keys);
    return { done: true };
  }

  async setRole(by: Session, req: Req<'setRole'>): Res<'setRole'> {
    const { users, audit, db } = this.vault.services;
    const grant = await this.core.changedGrant(req.id, { role: req.role });
    const { before, after } = await db.write(async (m) => {
      const cur = await users.byId(req.id, m);
      if (cur?.role === 'admin' && req.role !== 'admin') await users.assertNotLastAdmin(m, req.id);
      const r = await users.update(m, req.id, { role: req.role });
      await audit.append(m, {
        actor: by.username,
        action: 'users.setRole',
        subject: `user:${req.id}`,
        details: { before: r.before.role, after: r.after.role },
        grant,
      });
      return r;
    });
    if (req.id !== by.userId) await this.core.endSessionsOf(req.id);
    // A lowered role: a new vault key, so a copy of the keyring taken with the old role opens nothing new.
    const lowered = RANK[req.role] < RANK[before.role];
    return lowered ? { ...toUserRow(after), rekey: await this.core.rekey(by.username, 'role') } : toUserRow(after);
  }

  rekey(by: Session): Res<'rekey'> {
    return this.core.rekey(by.username, 'manual');
  }
}

/** Best effort when the re-key failed: at least the keyring on disk no longer opens for them. */
function dropFromKeyring(keyring: Keyring, userId: string): void {
  try {
    keyring.removeUser(userId);
    keyring.save();
  } catch {
    // The outcome already says the old key is still in force.
  }
}
