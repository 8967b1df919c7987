import { recoverySheetPdf } from '../print/recovery-sheet.pdf';
import type { AreaHandlers } from './handler-types';

export const authHandlers: AreaHandlers<'auth'> = {
  async status({ core, session }) {
    const setUp = core.isSetUp();
    let communityName: string | null = null;
    if (session && !session.locked) communityName = (await core.services.settings.get()).communityName;
    return {
      setUp,
      state: !session ? 'signed-out' : session.locked ? 'locked' : 'signed-in',
      session: session ? core.info(session) : null,
      communityName,
      ...(core.isServerLocked() ? { serverLocked: true } : {}),
    };
  },
  async setup({ core, clientId }, req) {
    const r = await core.setup(req, clientId);
    const timeZone = await core.services.settings.timeZone();
    const pdf = await recoverySheetPdf({
      communityName: req.communityName,
      recoveryKey: r.recoveryKey,
      createdBy: req.displayName,
      createdAt: core.nowIso(),
      timeZone,
    });
    return { recoveryKey: r.recoveryKey, recoverySheetPdf: pdf.toString('base64'), session: r.session };
  },
  signIn: ({ core, clientId }, req) => core.signIn(clientId, req.username, req.password),
  unlock: ({ core, clientId }, req) => core.unlock(clientId, req.password),
  async signOut({ core, clientId }) {
    await core.signOut(clientId);
    return { done: true };
  },
  lockServer: ({ core, clientId }) => core.lockServer(clientId),
  recover: ({ core, clientId }, req) => core.recover(clientId, req.username, req.recoveryKey, req.newPassword),
  async changePassword({ core, clientId }, req) {
    await core.changePassword(clientId, req.currentPassword, req.newPassword);
    return { done: true };
  },
  async touch() {
    return { done: true }; // dispatch already refreshed the session's activity time
  },
};
