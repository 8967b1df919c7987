import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import { assertNewPassword } from '../services/credential-rules';
import { toUserRow } from '../services/users.service';
import type { Role } from '../../shared/roles';
import type { Keyring } from '../vault/keyring';
import { newUserKeys } from '../vault/user-keys';
import type { AreaHandlers } from './handler-types';

/** How much a role may see: lowering it re-keys. */
const RANK: Record<Role, number> = { clerk: 0, auditor: 1, keeper: 2, admin: 3 };

/** Best effort when the re-key failed: at least the keyring on disk no longer opens for them. */
function dropFromKeyring(keyring: Keyring, userId: string): void {
  try {
    keyring.removeUser(userId);
    keyring.save();
  } catch {
    // The outcome already says the old key is still in force.
  }
}

export const usersHandlers: AreaHandlers<'users'> = {
  async staff({ core }) {
    return (await core.services.users.list()).filter((u) => u.active).map((u) => ({ id: u.id, displayName: u.displayName, role: u.role }));
  },
  async list({ core }) {
    return (await core.services.users.list()).map(toUserRow);
  },
  async create({ core, session }, req) {
    const { users, audit, db } = core.services;
    assertNewPassword(req.password, await core.passwordContext(req.username));
    // The new person's keys are made here and granted by this administrator's signature; their first
    // password change replaces them with keys nobody else has seen.
    const keys = newUserKeys();
    const u = await db.write(async (m) => {
      const rec = await users.create(m, { username: req.username, displayName: req.displayName, role: req.role, mustChangePassword: true });
      const grant = { userId: rec.id, username: rec.username, role: rec.role, active: true, signPublic: keys.signPublic };
      await audit.append(m, { actor: session.username, action: 'users.create', subject: `user:${rec.id}`, details: { after: toUserRow(rec) }, grant });
      return rec;
    });
    await core.keyring.setUser(u.id, u.username, req.password, keys, core.vaultKey);
    core.keyring.save();
    return toUserRow(u);
  },
  async setActive({ core, session }, req) {
    if (req.id === session.userId && !req.active) throw new AppError('CONFLICT', ERR.users.ownAccount);
    const { users, audit, db } = core.services;
    const grant = await core.changedGrant(req.id, { active: req.active });
    const { before, after } = await db.write(async (m) => {
      if (!req.active) await users.assertNotLastAdmin(m, req.id);
      const r = await users.update(m, req.id, { active: req.active });
      await audit.append(m, {
        actor: session.username,
        action: 'users.setActive',
        subject: `user:${req.id}`,
        details: { before: toUserRow(r.before), after: toUserRow(r.after) },
        grant,
      });
      return r;
    });
    // A disabled person's sessions end and the vault gets a new key sealed to everyone else.
    if (!after.active && before.active) {
      await core.endSessionsOf(req.id);
      const rekey = await core.rekey(session.username, 'disable', [req.id]);
      if (!rekey.done) dropFromKeyring(core.keyring, req.id);
      return { ...toUserRow(after), rekey };
    }
    if (after.active && !before.active && !core.keyring.userIds().includes(req.id)) {
      return {
        ...toUserRow(after),
        notice: {
          zh: '已启用。此人的密钥在停用时已移除，请点“重置密码”给他一个临时密码，他才能登录。',
          en: 'Enabled. Their keys were removed when they were disabled: press "Reset password" to give them a temporary password before they can sign in.',
        },
      };
    }
    return toUserRow(after);
  },
  async resetPassword({ core, session }, req) {
    const { users, audit, db } = core.services;
    const u = await users.byId(req.id);
    if (!u) throw new AppError('NOT_FOUND', ERR.users.notFound);
    assertNewPassword(req.password, await core.passwordContext(u.username));
    const keys = newUserKeys();
    const grant = await core.rekeyedGrant(core.requireVault(), u.id, keys, { active: true });
    await db.write(async (m) => {
      // Resetting also re-enables: the admin hands over a temporary password to change at sign-in.
      await users.update(m, u.id, { mustChangePassword: true, active: true });
      await audit.append(m, { actor: session.username, action: 'users.resetPassword', subject: `user:${u.id}`, grant });
    });
    await core.keyring.setUser(u.id, u.username, req.password, keys, core.vaultKey);
    core.keyring.save();
    // Their sessions signed with the old key; the new one is theirs from the next sign-in (or now, for oneself).
    if (u.id !== session.userId) await core.endSessionsOf(u.id);
    else core.requireVault().signers.hold(session.username, u.id, keys);
    return { done: true };
  },
  async setRole({ core, session }, req) {
    const { users, audit, db } = core.services;
    const grant = await core.changedGrant(req.id, { role: req.role });
    const { before, after } = await db.write(async (m) => {
      const cur = await users.byId(req.id, m);
      if (cur?.role === 'admin' && req.role !== 'admin') await users.assertNotLastAdmin(m, req.id);
      const r = await users.update(m, req.id, { role: req.role });
      await audit.append(m, {
        actor: session.username,
        action: 'users.setRole',
        subject: `user:${req.id}`,
        details: { before: r.before.role, after: r.after.role },
        grant,
      });
      return r;
    });
    if (req.id !== session.userId) await core.endSessionsOf(req.id);
    // A lowered role: a new vault key, so a copy of the keyring taken with the old role opens nothing new.
    const lowered = RANK[req.role] < RANK[before.role];
    return lowered ? { ...toUserRow(after), rekey: await core.rekey(session.username, 'role') } : toUserRow(after);
  },
  rekey({ core, session }) {
    return core.rekey(session.username, 'manual');
  },
};
