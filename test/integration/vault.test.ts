import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveCore } from '../../electron/core/archive-core';
import { readPragma, sqlcipherOptions } from '../../electron/db/dialect';
import { Database } from '../../electron/db/database';
import { ADMIN, TestVault } from '../helpers/vault-fixture';

const vaults: TestVault[] = [];
async function freshVault(): Promise<TestVault> {
  const v = await new TestVault().setup();
  vaults.push(v);
  return v;
}
afterEach(async () => {
  while (vaults.length) await vaults.pop()!.destroy();
});

describe('vault: first run, sign-in, lock, recovery', () => {
  it('creates the archive once, with a recovery key and a real PDF recovery sheet', async () => {
    const v = new TestVault();
    vaults.push(v);
    const r = await v.ok<{ recoveryKey: string; recoverySheetPdf: string }>('c', 'auth.setup', { communityName: '幸福社区', ...ADMIN });
    expect(r.recoveryKey).toMatch(/^([0-9A-Z]{4}-){12}[0-9A-Z]{4}$/);
    const pdfPath = `${v.dataDir}/../sheet-${Date.now()}.pdf`;
    writeFileSync(pdfPath, Buffer.from(r.recoverySheetPdf, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain('恢复密钥');
    expect(text).toContain('幸福社区');
    expect(text.replace(/\s/g, '')).toContain(r.recoveryKey);
    const again = await v.call('c2', 'auth.setup', { communityName: '别的社区', ...ADMIN });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('ALREADY_SET_UP');
  });

  it('opens with WAL, synchronous=FULL, foreign_keys and secure_delete on', async () => {
    const v = await freshVault();
    const ds = v.core.services.db.ds;
    expect(String(await readPragma(ds, 'journal_mode')).toLowerCase()).toBe('wal');
    expect(Number(await readPragma(ds, 'synchronous'))).toBe(2);
    expect(Number(await readPragma(ds, 'foreign_keys'))).toBe(1);
    expect(Number(await readPragma(ds, 'secure_delete'))).toBe(1);
  });

  it('wrong password: clear error, growing delay, failures reach the audit trail', async () => {
    const v = await freshVault();
    await v.ok('admin', 'auth.signOut');
    for (let i = 0; i < 3; i++) {
      const r = await v.call('c', 'auth.signIn', { username: 'admin', password: 'wrong-one-1' });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('BAD_CREDENTIALS');
    }
    const throttled = await v.call('c', 'auth.signIn', { username: 'admin', password: ADMIN.password });
    expect(throttled.ok).toBe(false);
    if (!throttled.ok) {
      expect(throttled.error.code).toBe('THROTTLED');
      expect(throttled.error.retryAfterMs).toBeGreaterThan(0);
      expect(throttled.error.zh).toMatch(/秒后再试/);
    }
    v.clock.advance(60_000);
    await v.ok('c', 'auth.signIn', { username: 'admin', password: ADMIN.password });
    const rows = await v.ok<{ action: string }[]>('c', 'audit.list', { limit: 50 });
    expect(rows.filter((r) => r.action === 'auth.signIn.failed')).toHaveLength(3);
  });

  it('a failed sign-in while someone is working reaches the audit trail at once', async () => {
    const v = await freshVault();
    const r = await v.call('other-desk', 'auth.signIn', { username: 'admin', password: 'wrong-one-1' });
    expect(!r.ok && r.error.code).toBe('BAD_CREDENTIALS');
    const rows = await v.ok<{ action: string }[]>('admin', 'audit.list', { limit: 5 });
    expect(rows.some((x) => x.action === 'auth.signIn.failed')).toBe(true);
  });

  it('locks after the idle minutes, drops the key, and unlocks only with the password', async () => {
    const v = await freshVault();
    await v.ok('admin', 'settings.update', { idleMinutes: 5 });
    v.clock.advance(4 * 60_000);
    await v.ok('admin', 'auth.touch');
    v.clock.advance(4 * 60_000);
    expect((await v.ok<{ state: string }>('admin', 'auth.status')).state).toBe('signed-in');
    v.clock.advance(6 * 60_000);
    const st = await v.ok<{ state: string; communityName: string | null }>('admin', 'auth.status');
    expect(st.state).toBe('locked');
    expect(st.communityName).toBeNull();
    expect(() => v.core.services).toThrow(/LOCKED/);
    const denied = await v.call('admin', 'users.list');
    expect(!denied.ok && denied.error.code).toBe('LOCKED');
    const bad = await v.call('admin', 'auth.unlock', { password: 'nope-nope-1' });
    expect(!bad.ok && bad.error.code).toBe('BAD_CREDENTIALS');
    await v.ok('admin', 'auth.unlock', { password: ADMIN.password });
    expect((await v.ok<unknown[]>('admin', 'users.list')).length).toBe(1);
  });

  it('two idle sweeps at once (the host timer and a request) lock every session, each in the trail, and fail nothing', async () => {
    const v = await freshVault();
    const keeper = await v.userWithRole('keeper');
    const clerk = await v.userWithRole('clerk');
    v.clock.advance(16 * 60_000);
    // The first lock to finish used to close the vault while the second was still writing its entry.
    await expect(Promise.all([v.core.sweepIdle(), v.core.sweepIdle(), v.core.sweepIdle()])).resolves.toBeDefined();
    for (const c of ['admin', 'keeper', 'clerk']) expect((await v.ok<{ state: string }>(c, 'auth.status')).state).toBe('locked');
    await v.ok('admin', 'auth.unlock', { password: ADMIN.password });
    const rows = await v.ok<{ action: string; actor: string }[]>('admin', 'audit.list', { limit: 50 });
    const locked = rows.filter((r) => r.action === 'auth.locked').map((r) => r.actor);
    expect(locked.sort()).toEqual(['admin', clerk, keeper].sort());
  });

  it('recovery key sets a new password; the old one stops working', async () => {
    const v = await freshVault();
    await v.ok('admin', 'auth.signOut');
    const bad = await v.call('c', 'auth.recover', {
      username: 'admin',
      recoveryKey: v.recoveryKey.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
      newPassword: 'Brand-new-pass-9',
    });
    expect(!bad.ok && bad.error.code).toBe('BAD_RECOVERY_KEY');
    await v.ok('c', 'auth.recover', { username: 'admin', recoveryKey: v.recoveryKey.toLowerCase(), newPassword: 'Brand-new-pass-9' });
    await v.ok('c', 'auth.signOut');
    const old = await v.call('c', 'auth.signIn', { username: 'admin', password: ADMIN.password });
    expect(!old.ok && old.error.code).toBe('BAD_CREDENTIALS');
    await v.ok('c', 'auth.signIn', { username: 'admin', password: 'Brand-new-pass-9' });
  });

  it('users: add, temporary password must be changed, disable removes access, reset restores it', async () => {
    const v = await freshVault();
    const u = await v.ok<{ id: string; mustChangePassword: boolean }>('admin', 'users.create', {
      username: 'li',
      displayName: '李档案',
      role: 'keeper',
      password: 'Temp-pass-2026',
    });
    expect(u.mustChangePassword).toBe(true);
    await v.ok('li', 'auth.signIn', { username: 'li', password: 'Temp-pass-2026' });
    const blocked = await v.call('li', 'settings.get');
    expect(!blocked.ok && blocked.error.code).toBe('MUST_CHANGE_PASSWORD');
    await v.ok('li', 'auth.changePassword', { currentPassword: 'Temp-pass-2026', newPassword: 'Li-own-pass-2026' });
    await v.ok('li', 'settings.get');
    await v.ok('admin', 'users.setActive', { id: u.id, active: false });
    expect((await v.ok<{ state: string }>('li', 'auth.status')).state).toBe('signed-out');
    const again = await v.call('li', 'auth.signIn', { username: 'li', password: 'Li-own-pass-2026' });
    expect(again.ok).toBe(false);
    await v.ok('admin', 'users.resetPassword', { id: u.id, password: 'Reset-pass-2026' });
    await v.ok('li', 'auth.signIn', { username: 'li', password: 'Reset-pass-2026' });
    const adminId = (await v.ok<{ id: string; username: string }[]>('admin', 'users.list')).find((x) => x.username === 'admin')!.id;
    const self = await v.call('admin', 'users.setActive', { id: adminId, active: false });
    expect(!self.ok && self.error.code).toBe('CONFLICT');
  });

  it('field errors come back in Chinese and English', async () => {
    const v = await freshVault();
    const r = await v.call('admin', 'users.create', { username: 'x', displayName: '', role: 'boss', password: 'short' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    const byPath = Object.fromEntries(r.error.fields!.map((f) => [f.path, f]));
    expect(byPath.username.zh).toContain('用户名');
    expect(byPath.username.en).toContain('User name');
    expect(byPath.password.zh).toContain('密码');
    expect(byPath.role.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(byPath.role.en).toMatch(/[a-z]/i);
  });
});

describe('vault: encryption at rest and damage', () => {
  const MARKER = '张卫国-幸福社区-110105194912310021';

  it('DB, WAL and keyring hold no plaintext of a known value', async () => {
    const v = await freshVault();
    await v.ok('admin', 'settings.update', { communityName: MARKER });
    await v.ok('admin', 'users.create', { username: 'zhangweiguo', displayName: MARKER.slice(0, 20), role: 'clerk', password: 'Temp-pass-2026' });
    const files = [v.core.paths.db, `${v.core.paths.db}-wal`, v.core.paths.keyring].filter(existsSync);
    expect(files.length).toBeGreaterThanOrEqual(2);
    const needles = [MARKER, '110105194912310021', 'zhangweiguo', '幸福社区', 'CREATE TABLE'].map((s) => Buffer.from(s, 'utf8'));
    for (const f of files.filter((x) => !x.endsWith('keyring.json'))) {
      const bytes = readFileSync(f);
      for (const n of needles) expect(bytes.includes(n), `${n} in ${f}`).toBe(false);
    }
    const ring = readFileSync(v.core.paths.keyring);
    for (const n of needles.slice(0, 2)) expect(ring.includes(n)).toBe(false);
    expect(ring.includes(Buffer.from('幸福社区'))).toBe(false);
  });

  it('a corrupted keyring gives KEYRING_DAMAGED, no crash', async () => {
    const v = await freshVault();
    await v.close();
    writeFileSync(v.core.paths.keyring, readFileSync(v.core.paths.keyring, 'utf8').slice(0, 200));
    const r = await v.call('c', 'auth.signIn', { username: 'admin', password: ADMIN.password });
    expect(!r.ok && r.error.code).toBe('KEYRING_DAMAGED');
    expect(!r.ok && r.error.zh).toContain('密钥环');
  });

  it('a flipped byte in a wrapped key fails authentication, not the process', async () => {
    const v = await freshVault();
    await v.close();
    const ring = JSON.parse(readFileSync(v.core.paths.keyring, 'utf8'));
    const e = ring.users[0];
    const ct = Buffer.from(e.secrets.ct, 'base64');
    ct[0] ^= 1;
    e.secrets.ct = ct.toString('base64');
    writeFileSync(v.core.paths.keyring, JSON.stringify(ring));
    const r = await v.call('c', 'auth.signIn', { username: 'admin', password: ADMIN.password });
    expect(!r.ok && r.error.code).toBe('BAD_CREDENTIALS');
  });

  it('a flipped byte in the DB gives DB_DAMAGED, no crash', async () => {
    const v = await freshVault();
    await v.close();
    const db = readFileSync(v.core.paths.db);
    // Page 1 holds the schema: SQLCipher's per-page HMAC catches any change to it.
    db[100] ^= 0xff;
    writeFileSync(v.core.paths.db, db);
    const r = await v.call('c', 'auth.signIn', { username: 'admin', password: ADMIN.password });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('DB_DAMAGED');
      expect(r.error.zh).toContain('损坏');
      expect(r.error.en).toMatch(/damaged/i);
    }
  });

  it('a wrong key cannot open the DB (SQLCipher refuses it)', async () => {
    const v = await freshVault();
    await v.close();
    await expect(Database.open(v.core.paths.db, Buffer.alloc(32, 7))).rejects.toMatchObject({ code: 'DB_DAMAGED' });
  });

  it('a database from a newer app version is refused by name', async () => {
    const v = await freshVault();
    const key = Buffer.from(v.core.vaultKey);
    await v.close();
    const ds = new DataSource(sqlcipherOptions(v.core.paths.db, key));
    await ds.initialize();
    await ds.query(`INSERT INTO migrations (timestamp, name) VALUES (1999999999999, 'FutureThing1999999999999')`);
    await ds.destroy();
    const core2 = new ArchiveCore({ dataDir: v.dataDir });
    await expect(core2.signIn('c', 'admin', ADMIN.password)).rejects.toMatchObject({ code: 'DB_TOO_NEW' });
    await core2.close();
  });
});
