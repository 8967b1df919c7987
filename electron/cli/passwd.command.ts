import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { ArchiveCore } from '../core/archive-core';
import { CLI_CLIENT, signInCli, type CliOut } from './commands';
import { readPassword } from './prompt';

/**
 * `passwd --user NAME`: the CLI's change-password, under the same policy as the app
 * (shared/domain/password-policy via ArchiveCore.changePassword). The current password comes from
 * ARCHIVE_ROOM_PASSWORD or a prompt, the new one from ARCHIVE_ROOM_NEW_PASSWORD or a prompt.
 */
export async function cmdPasswd(core: ArchiveCore, user: string | undefined, out: CliOut): Promise<number> {
  const current = await signInCli(core, user);
  let next = process.env.ARCHIVE_ROOM_NEW_PASSWORD;
  if (!next) {
    if (!process.stdin.isTTY) throw new AppError('VALIDATION', ERR.cli.newPasswordEnv);
    next = await readPassword('新密码 / New password: ');
    const again = await readPassword('再输入一次 / Again: ');
    if (again !== next) throw new AppError('VALIDATION', ERR.cli.passwordsDiffer);
  }
  await core.changePassword(CLI_CLIENT, current, next);
  out.log('密码已修改 / password changed');
  await core.signOut(CLI_CLIENT);
  return 0;
}
