import { z } from 'zod';
import { bi, channel } from './channel';
import { DisplayName, Empty, NewPassword, NewUsername, Ok, Password, passwordFits, RoleSchema, Username } from './common';

export const SessionInfo = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  mustChangePassword: z.boolean(),
  idleMinutes: z.number().int(),
  /** The archive's time zone: screens show times and "today" in it, not in the browser's. */
  timeZone: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const AuthStatus = z.object({
  setUp: z.boolean(),
  state: z.enum(['signed-out', 'signed-in', 'locked']),
  session: SessionInfo.nullable(),
  communityName: z.string().nullable(),
  /** Office server only: no administrator has unlocked it yet, so only an administrator can sign in. */
  serverLocked: z.boolean().optional(),
});
export type AuthStatus = z.infer<typeof AuthStatus>;

const RecoveryKey = z.string().trim().min(20, bi('恢复密钥格式不正确', 'The recovery key looks wrong')).max(120);

export const authContract = {
  status: channel({ req: Empty, res: AuthStatus, access: 'public', passive: true }),
  setup: channel({
    req: z
      .object({
        communityName: z.string().trim().min(1, bi('请输入社区名称', 'Enter the community name')).max(60),
        username: NewUsername,
        displayName: DisplayName,
        password: NewPassword,
        /** The zone of the computer the archive is made on; ignored when this side does not know it. */
        timeZone: z.string().trim().max(64).optional(),
      })
      .superRefine(passwordFits('password', (v) => ({ username: v.username, communityName: v.communityName }))),
    res: z.object({ recoveryKey: z.string(), recoverySheetPdf: z.string(), session: SessionInfo }),
    access: 'public',
  }),
  signIn: channel({ req: z.object({ username: Username, password: Password }), res: SessionInfo, access: 'public' }),
  /** Unlock after idle: same credentials check, but only for the user whose session locked. */
  unlock: channel({ req: z.object({ password: Password }), res: SessionInfo, access: 'public' }),
  signOut: channel({ req: Empty, res: Ok, access: 'public' }),
  /** Office server: lock it again without a restart; every session ends (administrators). */
  lockServer: channel({ req: Empty, res: z.object({ sessionsEnded: z.number() }), access: 'settings.manage' }),
  recover: channel({
    req: z
      .object({ username: Username, recoveryKey: RecoveryKey, newPassword: NewPassword })
      .superRefine(passwordFits('newPassword', (v) => ({ username: v.username }))),
    res: SessionInfo,
    access: 'public',
  }),
  changePassword: channel({
    req: z.object({ currentPassword: Password, newPassword: NewPassword }),
    res: Ok,
    access: 'session',
  }),
  /** Keep-alive from the renderer when the user types or clicks. */
  touch: channel({ req: Empty, res: Ok, access: 'session' }),
};
