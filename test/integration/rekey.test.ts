import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REKEY_STEPS, type RekeyStep } from '../../electron/core/rekey';
import { keyOpens } from '../../electron/db/dialect';
import { Keyring } from '../../electron/vault/keyring';
import { ADMIN, copyArchive, PASSWORD, tempDir, TestVault } from '../helpers/vault-fixture';

/**
 * Re-keying after a disable (#14 item 2): an old keyring copy cannot open what is written after;
 * a kill -9 after any step, or a full disk, leaves a vault that opens, verifies and reads its
 * attachments, with the administrator told the truth.
 */
/** test/helpers/rekey-child.ts, built by test/setup/fresh-build.ts: plain Node starts it, no TypeScript loader. */
const CHILD = join(__dirname, '../../out-test/children/rekey-child.cjs');
type Outcome = { done: boolean; zh: string; en: string };

/** A closed archive with a clerk and one attachment, made once per file (see `fresh`). */
async function vaultWithClerkAndAttachment(): Promise<{ dataDir: string; clerkId: string; clerk: string; attachmentId: string }> {
  const v = await new TestVault().setup();
  const clerk = await v.userWithRole('clerk');
  const [{ id: clerkId }] = await v.core.services.db.manager.query('SELECT id FROM users WHERE username = ?', [clerk]);
  const rec = await v.ok<{ id: string }>('admin', 'records.create', {
    title: '扫描件',
    residentClass: 'registered',
    contentCategory: 'living',
    carrier: 'electronic',
    pages: 1,
    year: 2026,
    sensitivity: 'internal',
    retentionClass: 'Y',
  });
  const info = await v.ok<{ id: string }>('admin', 'attachments.add', {
    recordId: rec.id,
    fileName: '居民证明.pdf',
    mime: 'application/pdf',
    dataBase64: Buffer.from('%PDF-1.4 scanned page').toString('base64'),
  });
  await v.close();
  return { dataDir: v.dataDir, clerkId, clerk, attachmentId: info.id };
}

async function adminSees(v: TestVault, attachmentId: string): Promise<void> {
  await v.ok('admin', 'auth.signIn', { username: ADMIN.username, password: ADMIN.password });
  expect(await v.core.services.audit.verify()).toMatchObject({ ok: true });
  expect((await v.core.services.attachments.verify(attachmentId)).ok).toBe(true);
}

describe('re-key on disable', () => {
  const dirs: string[] = [];
  let template: Awaited<ReturnType<typeof vaultWithClerkAndAttachment>>;
  beforeAll(async () => {
    template = await vaultWithClerkAndAttachment();
  });
  afterAll(() => rmSync(template.dataDir, { recursive: true, force: true }));
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  /** Each test re-keys its own copy of the archive, the administrator signed in (`into`: where the copy goes). */
  const fresh = async (into?: string) => {
    const v = new TestVault(copyArchive(template.dataDir, into));
    await v.ok('admin', 'auth.signIn', { username: ADMIN.username, password: ADMIN.password });
    return { v, clerkId: template.clerkId, clerk: template.clerk, attachmentId: template.attachmentId };
  };

  it('a keyring copied before the disable opens nothing written after it; the admin is told so', async () => {
    const { v, clerkId, clerk, attachmentId } = await fresh();
    dirs.push(v.dataDir);
    const stolen = join(v.dataDir, '..', `stolen-${Date.now()}.json`);
    copyFileSync(v.core.paths.keyring, stolen);
    const r = await v.ok<{ active: boolean; rekey: Outcome }>('admin', 'users.setActive', { id: clerkId, active: false });
    expect(r.active).toBe(false);
    expect(r.rekey).toMatchObject({ done: true });
    expect(r.rekey.zh).toContain('旧备份仍只能由备份当时在册的用户打开');
    await v.ok('admin', 'structure.saveGrid', { name: '停用后网格', code: 'G-AFTER' });
    // The clerk's password still opens the stolen keyring, but its key no longer opens the DB.
    const old = await Keyring.load(stolen, { randomBytes }).unlockWithPassword(clerk, PASSWORD);
    expect(old).not.toBeNull();
    expect(await keyOpens(v.core.paths.db, old!.vaultKey)).toBe(false);
    expect(await keyOpens(v.core.paths.db, v.core.vaultKey)).toBe(true);
    // The new keyring has no seal for them at all.
    expect(Keyring.load(v.core.paths.keyring, { randomBytes }).hasUser(clerk)).toBe(false);
    expect((await v.core.services.attachments.verify(attachmentId)).ok).toBe(true);
    expect(await v.core.services.audit.verify()).toMatchObject({ ok: true });
    const words = await v.core.services.audit.list({ action: 'users.rekey', limit: 1 });
    expect(JSON.parse(words[0].details)).toMatchObject({ reason: 'disable', done: true, generation: 2 });
    rmSync(stolen, { force: true });
    // Enabling again says what is missing (their keys went with the disable); a reset gives them new ones.
    const back = await v.ok<{ active: boolean; notice?: { zh: string } }>('admin', 'users.setActive', { id: clerkId, active: true });
    expect(back.notice?.zh).toContain('重置密码');
    await v.ok('admin', 'users.resetPassword', { id: clerkId, password: 'Again-temp-2026' });
    expect((await v.ok<{ username: string }>('clerk', 'auth.signIn', { username: clerk, password: 'Again-temp-2026' })).username).toBe(clerk);
    expect(await v.core.services.audit.verify()).toMatchObject({ ok: true });
    await v.close();
  });

  it.each(REKEY_STEPS.map((s) => [s]))('kill -9 right after step "%s": the vault opens, verifies and reads attachments', async (step: RekeyStep) => {
    const { v, clerkId, clerk, attachmentId } = await fresh();
    dirs.push(v.dataDir);
    const oldRing = readFileSync(v.core.paths.keyring, 'utf8');
    await v.close();
    const marker = join(v.dataDir, '..', `marker-${step}-${Date.now()}`);
    const child = spawn(process.execPath, [CHILD, v.dataDir, clerkId, step, marker], {
      env: { ...process.env, ARCHIVE_ROOM_PASSWORD: ADMIN.password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    const signal = await new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_c, s) => res(s)));
    expect(err).not.toMatch(/Error/);
    expect(signal).toBe('SIGKILL');
    // The kill landed exactly after the named step.
    expect(readFileSync(marker, 'utf8')).toBe(step);
    rmSync(marker, { force: true });
    const dbTookNewKey = REKEY_STEPS.indexOf(step) >= REKEY_STEPS.indexOf('rekeyed');
    expect(existsSync(v.core.paths.keyringNext)).toBe(step !== 'promoted');
    await adminSees(v, attachmentId);
    // Settled: one keyring, and it is the one whose key opens the DB.
    expect(existsSync(v.core.paths.keyringNext)).toBe(false);
    const current = Keyring.load(v.core.paths.keyring, { randomBytes });
    expect(current.generation).toBe(dbTookNewKey ? 2 : 1);
    // The disable itself committed before the re-key began: the clerk is out either way.
    const clerkTry = await v.call('clerk', 'auth.signIn', { username: clerk, password: PASSWORD });
    expect(clerkTry.ok).toBe(false);
    if (dbTookNewKey) {
      const old = await Keyring.load(join(v.dataDir, 'keyring.json'), { randomBytes }).unlockWithPassword(clerk, PASSWORD);
      expect(old).toBeNull();
      const fromOld = JSON.parse(oldRing) as { users: { username: string }[] };
      expect(fromOld.users.some((u) => u.username === clerk)).toBe(true);
    }
    await v.close();
  });

  const canMount = (() => {
    if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
    const probe = tempDir('mount-probe-');
    const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]).status === 0;
    if (ok) spawnSync('umount', [probe]);
    rmSync(probe, { recursive: true, force: true });
    return ok;
  })();

  // A real full disk: a small tmpfs (needs root; reported as skipped where mounting is not permitted).
  it.skipIf(!canMount)('a full disk during the re-key: nothing half-written, the old key still in force, the admin told so', async () => {
    const mnt = tempDir('rekey-tmpfs-');
    dirs.push(mnt);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=12m', 'tmpfs', mnt]).status).toBe(0);
    try {
      const dataDir = join(mnt, 'archive');
      mkdirSync(dataDir);
      const { v, clerkId, attachmentId } = await fresh(dataDir);
      // Leave room for small writes (the disable, the journal) but not for re-encrypting the whole DB.
      const filler = join(mnt, 'filler');
      const { bavail, bsize } = statfsSync(mnt);
      const leave = 256 * 1024;
      // Re-encrypting writes every page again (into the WAL): the DB must be well over what is left.
      expect(statSync(v.core.paths.db).size + statSync(`${v.core.paths.db}-wal`).size).toBeGreaterThan(2 * leave);
      writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - leave)));
      const r = await v.ok<{ active: boolean; rekey: Outcome }>('admin', 'users.setActive', { id: clerkId, active: false });
      expect(r.active).toBe(false);
      expect(r.rekey.done).toBe(false);
      expect(r.rekey.zh).toContain('磁盘空间不足');
      expect(r.rekey.en).toContain('old key still opens');
      expect(existsSync(v.core.paths.keyringNext)).toBe(false);
      rmSync(filler, { force: true });
      await v.ok('admin', 'auth.signOut');
      await v.close();
      await adminSees(v, attachmentId);
      expect(Keyring.load(v.core.paths.keyring, { randomBytes }).generation).toBe(1);
      // With room again, the administrator renews the key by hand.
      expect(await v.ok<Outcome>('admin', 'users.rekey', {})).toMatchObject({ done: true });
      await v.close();
    } finally {
      spawnSync('umount', ['-l', mnt]);
    }
  });
});
