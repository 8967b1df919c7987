import { AppError } from '../../shared/errors';
import { assertNewPassword } from '../services/credential-rules';
import { toUserRow } from '../services/users.service';
import type { AreaHandlers } from './handler-types';

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
    const u = await db.write(async (m) => {
      const rec = await users.create(m, { username: req.username, displayName: req.displayName, role: req.role, mustChangePassword: true });
      await audit.append(m, { actor: session.username, action: 'users.create', subject: `user:${rec.id}`, details: { after: toUserRow(rec) } });
      return rec;
    });
    await core.keyring.setPassword(u.id, u.username, req.password, core.vaultKey);
    core.keyring.save();
    return toUserRow(u);
  },
  async setActive({ core, session }, req) {
    if (req.id === session.userId && !req.active) throw new AppError('CONFLICT', { zh: '不能停用自己的账户。', en: 'You cannot disable your own account.' });
    const { users, audit, db } = core.services;
    const { before, after } = await db.write(async (m) => {
      if (!req.active) await users.assertNotLastAdmin(m, req.id);
      const r = await users.update(m, req.id, { active: req.active });
      await audit.append(m, { actor: session.username, action: 'users.setActive', subject: `user:${req.id}`, details: { before: toUserRow(r.before), after: toUserRow(r.after) } });
      return r;
    });
    // A disabled user loses their wrapped key too, so the keyring alone cannot open the vault for them.
    if (!after.active && before.active) {
      core.keyring.removeUser(req.id);
      core.keyring.save();
      await core.endSessionsOf(req.id);
    }
    return toUserRow(after);
  },
  async resetPassword({ core, session }, req) {
    const { users, audit, db } = core.services;
    const u = await users.byId(req.id);
    if (!u) throw new AppError('NOT_FOUND', { zh: '未找到该用户。', en: 'User not found.' });
    assertNewPassword(req.password, await core.passwordContext(u.username));
    await db.write(async (m) => {
      // Resetting also re-enables: the admin hands over a temporary password to change at sign-in.
      await users.update(m, u.id, { mustChangePassword: true, active: true });
      await audit.append(m, { actor: session.username, action: 'users.resetPassword', subject: `user:${u.id}` });
    });
    await core.keyring.setPassword(u.id, u.username, req.password, core.vaultKey);
    core.keyring.save();
    return { done: true };
  },
  async setRole({ core, session }, req) {
    const { users, audit, db } = core.services;
    const { after } = await db.write(async (m) => {
      const cur = await users.byId(req.id, m);
      if (cur?.role === 'admin' && req.role !== 'admin') await users.assertNotLastAdmin(m, req.id);
      const r = await users.update(m, req.id, { role: req.role });
      await audit.append(m, { actor: session.username, action: 'users.setRole', subject: `user:${req.id}`, details: { before: r.before.role, after: r.after.role } });
      return r;
    });
    if (req.id !== session.userId) await core.endSessionsOf(req.id);
    return toUserRow(after);
  },
};
