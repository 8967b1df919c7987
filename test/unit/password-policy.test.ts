import { describe, expect, it } from 'vitest';
import { NewPassword } from '../../shared/contract/common';
import { isCommonPassword } from '../../shared/domain/common-passwords';
import { PASSWORD_MESSAGES, passwordProblem } from '../../shared/domain/password-policy';

const M = PASSWORD_MESSAGES;

describe('password policy (shared by the wizard, change password, reset, CLI and recovery)', () => {
  it.each([
    ['123', M.short],
    ['abc12345', M.short],
    ['密码123456', M.short], // 8 characters: counted as characters, not bytes
    ['x'.repeat(257) + '1', M.long],
    ['abcdefghijkl', M.mix],
    ['12345678901234', M.mix],
    // Chinese-keyboard favourites and their kin
    ['1qaz2wsx3edc', M.common],
    ['1QAZ2WSX3EDC', M.common],
    ['woaini1314', M.common],
    ['WoAiNi1314!', M.common],
    ['woaini5201314', M.common],
    ['a123456789', M.common],
    ['qq123456789', M.common],
    ['a1234567890', M.common],
    ['abc1234567', M.common],
    ['zhang123456', M.common],
    ['wang19880808', M.common], // surname + birthday
    ['liu888888a', M.common],
    ['password2026', M.common],
    ['iloveyou1314', M.common],
    ['qwertyuiop1', M.common],
    ['1234567890qwertyuiop', M.common],
    ['0987654321a', M.common],
    ['abcabcabc1', M.common],
    ['woaiwoaiwoai1', M.common],
    ['4131iniaow', M.common], // reversed
    ['Admin-pass-2026', null],
    ['Staff-pass-2026', null],
    ['青石板路七号院落小区', M.mix],
    ['青石板路7号院28栋', null],
    ['Correct-horse-9-battery', null],
  ])('%j', (pw, want) => {
    expect(passwordProblem(pw)).toEqual(want);
  });

  it('refuses the user name and the community name, with or without digits', () => {
    expect(passwordProblem('zhangweiguo1', { username: 'zhangweiguo' })).toEqual(M.personal);
    expect(passwordProblem('ZhangWeiguo2026!', { username: 'zhangweiguo' })).toEqual(M.personal);
    expect(passwordProblem('幸福社区20261201', { communityName: '幸福社区' })).toEqual(M.personal);
    expect(passwordProblem('幸福社区2026-楼栋', { communityName: '幸福社区' })).toBeNull();
    expect(passwordProblem('Zhao-pass-2026', { username: 'zhangweiguo', communityName: '幸福社区' })).toBeNull();
  });

  it('every message is in Chinese and English', () => {
    for (const m of Object.values(M)) {
      expect(m.zh).toMatch(/\p{Script=Han}/u);
      expect(m.en).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  it('the contract schema uses the same policy (one rule for UI, IPC and web host)', () => {
    expect(NewPassword.safeParse('woaini1314').success).toBe(false);
    expect(NewPassword.safeParse('Admin-pass-2026').success).toBe(true);
    const r = NewPassword.safeParse('1qaz2wsx3edc');
    expect(r.success ? '' : r.error.issues[0].message).toContain('common password');
  });

  it('ordinary strong choices are not flagged as common', () => {
    for (const p of ['Li-own-pass-2026', 'Brand-new-pass-9', 'Reset-pass-2026', 'tsinghua-garden-88', 'x7Kq-mountain-river'])
      expect(isCommonPassword(p), p).toBe(false);
  });
});
