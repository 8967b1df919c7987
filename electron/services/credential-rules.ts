import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import { passwordProblem, type PasswordContext } from '../../shared/domain/password-policy';
import { usernameProblem } from '../../shared/domain/username';

/**
 * The shared policies (shared/domain) enforced on the Node side, where every path ends: the
 * contract already checks IPC and web requests, but the CLI and recovery reach the core directly.
 */
export function assertNewPassword(password: string, ctx: PasswordContext, field = 'password'): void {
  const p = passwordProblem(password, ctx);
  if (p) throw new AppError('WEAK_PASSWORD', ERR.auth.weakPassword(p, field));
}

export function assertNewUsername(username: string, field = 'username'): void {
  const p = usernameProblem(username);
  if (p) throw new AppError('VALIDATION', ERR.auth.badUsername(p, field));
}
