import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupReport, BackupStatus } from '../../shared/contract/data.contract';
import { restoreBackup } from '../../electron/backup/restore';
import { ArchiveCore } from '../../electron/core/archive-core';
import { importJobs } from '../../electron/import/import-jobs';
import { communityRows, toCsv } from '../helpers/import-sheets';
import { ADMIN, tempDir, TestVault } from '../helpers/vault-fixture';

const DAY = 86_400_000;

describe('encrypted backup, verified right after writing, and restore into an empty folder', () => {
  const v = new TestVault();
  const out = tempDir('archive-backup-');
  const rows = communityRows(60, 9, 70000);
  let backup = '';
  let report: BackupReport;

  beforeAll(async () => {
    await v.setup();
    await v.ok('admin', 'tags.list');
    const job = await importJobs(v.core).wait(importJobs(v.core).start({ username: 'admin' }, 'a.csv', Buffer.from(toCsv(rows))));
    expect(job.state).toBe('done');
    const rec = await v.ok<{ id: string }>('admin', 'records.create', { title: '扫描件', residentClass: 'registered', contentCategory: 'living', carrier: 'electronic', pages: 1, year: 2026, sensitivity: 'internal', retentionClass: 'Y' });
    await v.ok('admin', 'attachments.add', { recordId: rec.id, fileName: '居民证明.pdf', mime: 'application/pdf', dataBase64: Buffer.from(`%PDF-1.4 ${rows[0].name} ${rows[0].citizenId}`).toString('base64') });
    backup = join(out, '档案室备份.arbak');
    report = await v.ok<BackupReport>('admin', 'backup.create', { path: backup });
  }, 120_000);
  afterAll(async () => {
    await v.destroy();
    rmSync(out, { recursive: true, force: true });
  });

  it('writes one verified file and records when', async () => {
    expect(report.verified).toBe(true);
    expect(report.checks).toMatchObject({ manifest: true, hashes: true, integrity: 'ok', auditChain: true });
    expect(report.attachments).toBe(1);
    expect(readdirSync(out)).toEqual(['档案室备份.arbak']);
    const st = await v.ok<BackupStatus>('admin', 'backup.status');
    expect(st).toMatchObject({ daysSince: 0, reminderDays: 7, due: false });
    const audit: { details: string }[] = await v.core.services.db.manager.query("SELECT details FROM audit_log WHERE action = 'backup.create'");
    expect(JSON.parse(audit[0].details)).toMatchObject({ sha256: report.sha256, verified: true });
  });

  it('holds no imported name or citizen ID in the clear (grep over the file: 0 hits)', () => {
    const bytes = readFileSync(backup);
    let hits = 0;
    for (const r of rows) {
      for (const needle of [String(r.name), String(r.citizenId), String(r.phone)]) {
        if (bytes.includes(Buffer.from(needle, 'utf8'))) hits++;
      }
    }
    expect(hits).toBe(0);
  });

  it('refuses relative paths, other extensions and missing folders, in both languages', async () => {
    for (const path of ['backup.arbak', join(out, 'x.zip'), join(out, 'no-such-folder', 'x.arbak')]) {
      const r = await v.call('admin', 'backup.create', { path });
      expect(r.ok, path).toBe(false);
      if (!r.ok) expect(r.error.zh && r.error.en).toBeTruthy();
    }
    await v.userWithRole('keeper', 'keeper');
    const denied = await v.call('keeper', 'backup.create', { path: join(out, 'k.arbak') });
    expect(denied.ok).toBe(false);
  });

  it('reminds when the last backup is older than the configured days', async () => {
    await v.ok('admin', 'settings.update', { backupReminderDays: 3 });
    await v.travel(4 * DAY, ['admin']);
    const st = await v.ok<BackupStatus>('admin', 'backup.status');
    expect(st).toMatchObject({ daysSince: 4, reminderDays: 3, due: true });
  });

  it('restores into an empty folder, where the same user signs in and finds the same data', async () => {
    const target = join(tempDir('archive-restored-'), 'data');
    const r = await restoreBackup(backup, target, ADMIN.username, ADMIN.password);
    expect(r.stats.residents).toBe(60);
    expect(r.stats.destroyedRecords).toBe(0);
    expect(r.notice.zh).toContain('无法恢复');
    expect(readdirSync(target).sort()).toEqual(['archive.db', 'attachments', 'keyring.json']);
    const core = new ArchiveCore({ dataDir: target });
    await core.signIn('c', ADMIN.username, ADMIN.password);
    const [{ n }] = await core.services.db.manager.query('SELECT count(*) AS n FROM residents');
    expect(Number(n)).toBe(60);
    const [att] = await core.services.db.manager.query('SELECT id FROM attachments');
    expect((await core.services.attachments.verify(att.id)).ok).toBe(true);
    expect((await core.services.audit.verify()).ok).toBe(true);
    await core.close();
    rmSync(join(target, '..'), { recursive: true, force: true });
  });

  it('refuses a non-empty folder, a wrong password and a file with one flipped byte', async () => {
    const busy = tempDir('archive-busy-');
    writeFileSync(join(busy, 'something.txt'), 'x');
    await expect(restoreBackup(backup, busy, ADMIN.username, ADMIN.password)).rejects.toThrow(/empty folder/);
    expect(readdirSync(busy)).toEqual(['something.txt']);
    const empty = join(busy, 'empty');
    await expect(restoreBackup(backup, empty, ADMIN.username, 'wrong-password-1')).rejects.toThrow(/Wrong user name or password/);
    expect(existsSync(join(empty, 'keyring.json'))).toBe(false);

    const bytes = readFileSync(backup);
    // Flip bytes in the DB entry, in the middle, and near the end (manifest): each is refused.
    for (const at of [200, Math.floor(bytes.length / 2), bytes.length - 40]) {
      const bad = Buffer.from(bytes);
      bad[at] ^= 0x01;
      const f = join(busy, `bad-${at}.arbak`);
      writeFileSync(f, bad);
      const dir = join(busy, `r-${at}`);
      await expect(restoreBackup(f, dir, ADMIN.username, ADMIN.password), `flip at ${at}`).rejects.toThrow(/backup cannot be used|Wrong user name/);
      expect(existsSync(join(dir, 'keyring.json'))).toBe(false);
    }
    const cut = join(busy, 'cut.arbak');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
    await expect(restoreBackup(cut, join(busy, 'r-cut'), ADMIN.username, ADMIN.password)).rejects.toThrow(/cut short|truncated/);
    rmSync(busy, { recursive: true, force: true });
    mkdirSync(busy);
    rmSync(busy, { recursive: true, force: true });
  });
});
