import { AppError } from '../../shared/errors';
import { passwordProblem, type PasswordContext } from '../../shared/domain/password-policy';
import { usernameProblem } from '../../shared/domain/username';

/**
 * The shared policies (shared/domain) enforced on the Node side, where every path ends: the
 * contract already checks IPC and web requests, but the CLI and recovery reach the core directly.
 */
export function assertNewPassword(password: string, ctx: PasswordContext, field = 'password'): void {
  const p = passwordProblem(password, ctx);
  if (p)
    throw new AppError('WEAK_PASSWORD', {
      zh: `密码不符合要求：${p.zh}。`,
      en: `The password is not accepted: ${p.en}.`,
      fields: [{ path: field, zh: p.zh, en: p.en }],
    });
}

export function assertNewUsername(username: string, field = 'username'): void {
  const p = usernameProblem(username);
  if (p)
    throw new AppError('VALIDATION', {
      zh: `用户名不可用：${p.zh}。`,
      en: `The user name cannot be used: ${p.en}.`,
      fields: [{ path: field, zh: p.zh, en: p.en }],
    });
}
