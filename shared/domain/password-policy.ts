import { isCommonPassword } from './common-passwords';
import { foldUsername, type Bilingual } from './username';

/**
 * The one password policy: the setup wizard, change password, the administrator's reset, the
 * CLI (init, passwd) and recovery all ask this function, so they cannot drift apart.
 * Length counts characters (a Chinese character is one), not bytes.
 */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export interface PasswordContext {
  username?: string;
  communityName?: string;
}

export const PASSWORD_MESSAGES = {
  short: { zh: `密码至少 ${PASSWORD_MIN} 位`, en: `Passwords need at least ${PASSWORD_MIN} characters` },
  long: { zh: '密码过长', en: 'Password too long' },
  mix: { zh: '密码需同时包含字母和数字', en: 'Use both letters and digits' },
  common: { zh: '这是常见密码（在常用密码表中），很容易被猜到，请换一个', en: 'This is a common password that is easy to guess; choose another' },
  personal: { zh: '密码不能是用户名或社区名称（加数字也不行）', en: 'The password cannot be the user name or the community name (with or without digits)' },
} as const satisfies Record<string, Bilingual>;

/** Letters only, folded: "Admin2026!" and "admin" share the core "admin". */
function letterCore(s: string): string {
  return foldUsername(s).replace(/[^\p{L}]/gu, '');
}

/** Why a new password is refused, or null when it may be used. */
export function passwordProblem(password: string, ctx: PasswordContext = {}): Bilingual | null {
  const n = [...password].length;
  if (n < PASSWORD_MIN) return PASSWORD_MESSAGES.short;
  if (n > PASSWORD_MAX) return PASSWORD_MESSAGES.long;
  if (!(/\p{L}/u.test(password) && /\p{N}/u.test(password))) return PASSWORD_MESSAGES.mix;
  if (isCommonPassword(password)) return PASSWORD_MESSAGES.common;
  const core = letterCore(password);
  for (const own of [ctx.username, ctx.communityName]) {
    if (!own?.trim()) continue;
    const ownCore = letterCore(own);
    if (foldUsername(password) === foldUsername(own) || (ownCore.length > 0 && core === ownCore)) return PASSWORD_MESSAGES.personal;
  }
  return null;
}
