import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/index';
import { ADMIN, tempDir, TestVault } from '../helpers/vault-fixture';

type R = { ok: boolean; error?: { code: string; en: string; fields?: { path: string; en: string }[] } };

describe('sign-in throttling holds under concurrency; names fold; one password policy everywhere', () => {
  const v = new TestVault();
  beforeAll(async () => {
    await v.setup();
    await v.ok('admin', 'users.create', { username: 'wangfang', displayName: '王芳', role: 'clerk', password: 'Temp-pass-2026' });
  });
  afterAll(() => v.destroy());

  it('30 concurrent wrong sign-ins: only the free attempts are evaluated, the rest wait', async () => {
    const names = ['wangfang', 'WangFang', 'WANGFANG', 'ｗａｎｇｆａｎｇ']; // one user, one counter
    const all = (await Promise.all(
      Array.from({ length: 30 }, (_, i) => v.call(`x${i}`, 'auth.signIn', { username: names[i % 4], password: `Wrong-pass-${i}0` })),
    )) as R[];
    const codes = all.map((r) => r.error?.code);
    expect(codes.filter((c) => c === 'BAD_CREDENTIALS')).toHaveLength(3);
    expect(codes.filter((c) => c === 'THROTTLED')).toHaveLength(27);
    // The right password is refused too while the delay runs, and accepted after it.
    expect(((await v.call('late', 'auth.signIn', { username: 'wangfang', password: 'Temp-pass-2026' })) as R).error?.code).toBe('THROTTLED');
    v.clock.advance(3_000);
    expect(((await v.call('late', 'auth.signIn', { username: 'wangfang', password: 'Temp-pass-2026' })) as R).ok).toBe(true);
    // Every evaluated failure reached the audit trail (the throttled ones never ran argon2).
    const failed = await v.core.services.db.manager.query("SELECT count(*) AS n FROM audit_log WHERE action = 'auth.signIn.failed' AND actor = 'wangfang'");
    expect(Number(failed[0].n)).toBe(3);
  });

  it('user names: "Admin" is admin, a Cyrillic look-alike is refused, new names are stored folded', async () => {
    const taken = (await v.call('admin', 'users.create', { username: 'Admin', displayName: 'x', role: 'clerk', password: 'Temp-pass-2026' })) as R;
    expect(taken.error?.code).toBe('CONFLICT');
    const mixed = (await v.call('admin', 'users.create', { username: '\u0430dmin', displayName: 'x', role: 'clerk', password: 'Temp-pass-2026' })) as R;
    expect(mixed.error?.code).toBe('VALIDATION');
    expect(mixed.error?.fields?.[0].en).toContain('one script');
    // Cyrillic а ԁ м і п: one script, but it reads "admin".
    const lookalike = (await v.call('admin', 'users.create', {
      username: '\u0430\u0501\u043c\u0456\u043f',
      displayName: 'x',
      role: 'clerk',
      password: 'Temp-pass-2026',
    })) as R;
    expect(lookalike.error?.code).toBe('CONFLICT');
    const row = await v.ok<{ username: string }>('admin', 'users.create', {
      username: 'ZhaoLei',
      displayName: '赵磊',
      role: 'keeper',
      password: 'Temp-pass-2026',
    });
    expect(row.username).toBe('zhaolei');
    expect((await v.ok<{ username: string }>('zl', 'auth.signIn', { username: 'ZHAOLEI', password: 'Temp-pass-2026' })).username).toBe('zhaolei');
    await v.ok('zl', 'auth.signOut');
  });

  it('a user renamed behind the app (DB and keyring edited) opens nothing: no signed grant names them so', async () => {
    await v.ok('admin', 'users.create', { username: 'sunli', displayName: '孙丽', role: 'clerk', password: 'Temp-pass-2026' });
    for (const typed of ['SunLi', 'sunli', 'SUNLI']) {
      expect((await v.ok<{ username: string }>(`s-${typed}`, 'auth.signIn', { username: typed, password: 'Temp-pass-2026' })).username).toBe('sunli');
      await v.ok(`s-${typed}`, 'auth.signOut');
    }
    await v.core.services.db.write((m) => m.query("UPDATE users SET username = 'SunLi' WHERE username = 'sunli'"));
    const k = JSON.parse(readFileSync(v.core.paths.keyring, 'utf8'));
    for (const e of k.users) if (e.username === 'sunli') e.username = 'SunLi';
    writeFileSync(v.core.paths.keyring, JSON.stringify(k));
    const r = (await v.call('s-x', 'auth.signIn', { username: 'SunLi', password: 'Temp-pass-2026' })) as R;
    expect(r.error?.code).toBe('FORBIDDEN');
    expect(r.error?.en).toContain('no grant signed by an administrator');
  });

  it('weak passwords are refused on every path: create, reset, change, recovery', async () => {
    const create = (await v.call('admin', 'users.create', { username: 'zhoujie', displayName: '周杰', role: 'clerk', password: 'woaini1314' })) as R;
    expect(create.error?.code).toBe('VALIDATION');
    expect(create.error?.fields?.[0]).toMatchObject({ path: 'password' });
    const named = (await v.call('admin', 'users.create', { username: 'zhoujie', displayName: '周杰', role: 'clerk', password: 'Zhoujie2026' })) as R;
    expect(named.error?.fields?.[0].en).toContain('user name');
    const [{ id }] = await v.core.services.db.manager.query("SELECT id FROM users WHERE username = 'wangfang'");
    expect(((await v.call('admin', 'users.resetPassword', { id, password: '1qaz2wsx3edc' })) as R).error?.code).toBe('VALIDATION');
    // Not through the contract: the core itself refuses (the CLI and recovery call it directly).
    await expect(v.core.changePassword('admin', ADMIN.password, 'a123456789')).rejects.toMatchObject({ code: 'WEAK_PASSWORD' });
    await expect(v.core.changePassword('admin', ADMIN.password, '幸福社区2026')).rejects.toMatchObject({ code: 'WEAK_PASSWORD' });
    await v.ok('admin', 'auth.signOut');
    await expect(v.core.recover('r', 'admin', v.recoveryKey, 'qq123456789')).rejects.toMatchObject({ code: 'WEAK_PASSWORD' });
    expect((await v.ok<{ username: string }>('admin', 'auth.signIn', ADMIN)).username).toBe('admin');
  });
});

describe('the CLI applies the same policy: init and passwd', () => {
  const dir = tempDir('archive-cli-policy-');
  const lines: string[] = [];
  const out = { log: (s: string) => lines.push(s), err: (s: string) => lines.push(s) };
  const saved = { pw: process.env.ARCHIVE_ROOM_PASSWORD, next: process.env.ARCHIVE_ROOM_NEW_PASSWORD };
  afterAll(() => {
    process.env.ARCHIVE_ROOM_PASSWORD = saved.pw;
    process.env.ARCHIVE_ROOM_NEW_PASSWORD = saved.next;
    if (saved.pw === undefined) delete process.env.ARCHIVE_ROOM_PASSWORD;
    if (saved.next === undefined) delete process.env.ARCHIVE_ROOM_NEW_PASSWORD;
    rmSync(dir, { recursive: true, force: true });
  });

  it('init with "123" or a common password is refused in both languages; a good one is taken', async () => {
    for (const bad of ['123', 'a123456789']) {
      process.env.ARCHIVE_ROOM_PASSWORD = bad;
      lines.length = 0;
      expect(await runCli(['init', '--admin', 'root', '--data-dir', dir], out)).toBe(1);
      expect(lines.join('\n')).toMatch(/密码不符合要求.*The password is not accepted/s);
    }
    process.env.ARCHIVE_ROOM_PASSWORD = 'Cli-pass-2026';
    expect(await runCli(['init', '--admin', 'Root', '--data-dir', dir], out)).toBe(0);
  });

  it('passwd refuses a common password and changes to a good one', async () => {
    process.env.ARCHIVE_ROOM_PASSWORD = 'Cli-pass-2026';
    process.env.ARCHIVE_ROOM_NEW_PASSWORD = 'woaini5201314';
    lines.length = 0;
    expect(await runCli(['passwd', '--user', 'ROOT', '--data-dir', dir], out)).toBe(1);
    expect(lines.join('\n')).toContain('common password');
    process.env.ARCHIVE_ROOM_NEW_PASSWORD = 'Cli-newpass-2027';
    expect(await runCli(['passwd', '--user', 'root', '--data-dir', dir], out)).toBe(0);
    process.env.ARCHIVE_ROOM_PASSWORD = 'Cli-newpass-2027';
    lines.length = 0;
    expect(await runCli(['search', '王', '--user', 'root', '--data-dir', dir], out), lines.join('\n')).toBe(0);
  });
});
