import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupReport, BackupStatus } from '../../shared/contract/data.contract';
import { ERROR_MESSAGES, type ErrorCode } from '../../shared/errors';
import { restoreBackup } from '../../electron/backup/restore';
import { ArchiveCore } from '../../electron/core/archive-core';
import { importJobs } from '../../electron/import/import-jobs';
import { communityRows, toCsv } from '../helpers/import-sheets';
import { ADMIN, tempDir, TestVault } from '../helpers/vault-fixture';

const DAY = 86_400_000;

/** The exact refusal: its code and both languages' text. */
const refusal = (code: ErrorCode, zh: string, en: string) => ({ code, zh, en });
/** DB_DAMAGED as check-backup.ts words it: the reason after a fixed lead-in in each language. */
const unusable = (zh: string, en: string) => refusal('DB_DAMAGED', `备份文件不可用：${zh}`, `The backup cannot be used: ${en}`);

/** Where each entry of an .arbak container lies (format in electron/backup/container.ts). */
function entriesOf(bytes: Buffer): { name: string; headerAt: number; dataAt: number; size: number }[] {
  const out = [];
  let pos = 8; // magic
  for (;;) {
    const len = bytes.readUInt32BE(pos);
    if (len === 0) return out;
    const { name, size } = JSON.parse(bytes.subarray(pos + 4, pos + 4 + len).toString('utf8')) as { name: string; size: number };
    out.push({ name, headerAt: pos, dataAt: pos + 4 + len, size });
    pos += 4 + len + size;
  }
}

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
    await v.ok('admin', 'attachments.add', {
      recordId: rec.id,
      fileName: '居民证明.pdf',
      mime: 'application/pdf',
      dataBase64: Buffer.from(`%PDF-1.4 ${rows[0].name} ${rows[0].citizenId}`).toString('base64'),
    });
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

  it('refuses relative paths, other extensions, missing folders and existing files with the reason in both languages; a keeper may back up, a clerk may not', async () => {
    const cases: [string, string, string][] = [
      [
        'backup.arbak',
        '请填写完整路径（如 E:\\备份\\档案室.arbak），不能用相对路径。',
        'Give a full path (e.g. E:\\backup\\archive.arbak), not a relative one.',
      ],
      [join(out, 'x.zip'), '备份文件名须以 .arbak 结尾。', 'Backup file names end in .arbak.'],
      [join(out, 'no-such-folder', 'x.arbak'), '目标文件夹不存在（U 盘是否已插好？）。', 'The target folder does not exist (is the USB stick plugged in?).'],
      [backup, '该文件已存在，请换一个文件名。', 'That file exists already; choose another name.'],
    ];
    for (const [path, zh, en] of cases) {
      const r = await v.call('admin', 'backup.create', { path });
      expect(r.ok, path).toBe(false);
      if (!r.ok) expect(r.error, path).toEqual({ ...refusal('VALIDATION', zh, en), fields: [{ path: 'path', zh, en }] });
    }
    await v.userWithRole('clerk', 'clerk');
    const denied = await v.call('clerk', 'backup.create', { path: join(out, 'c.arbak') });
    expect(denied.ok).toBe(false);
    if (!denied.ok) expect(denied.error).toEqual(refusal('FORBIDDEN', ERROR_MESSAGES.FORBIDDEN.zh, ERROR_MESSAGES.FORBIDDEN.en));
    // Nothing was written by any refused call, and the good backup is untouched.
    expect(readdirSync(out)).toEqual(['档案室备份.arbak']);
    // A keeper backs up like an administrator, verified, in the keeper's own name.
    const keeper = await v.userWithRole('keeper', 'keeper');
    const kept = await v.ok<BackupReport>('keeper', 'backup.create', { path: join(out, 'k.arbak') });
    expect(kept.verified).toBe(true);
    const [entry]: { actor: string }[] = await v.core.services.db.manager.query(
      "SELECT actor FROM audit_log WHERE action = 'backup.create' ORDER BY seq DESC LIMIT 1",
    );
    expect(entry.actor).toBe(keeper);
    expect(readdirSync(out).sort()).toEqual(['k.arbak', '档案室备份.arbak'].sort());
    expect(report.sha256).toBe(createHash('sha256').update(readFileSync(backup)).digest('hex'));
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

  it('refuses a missing file, a non-empty folder, a wrong password, and a damaged file with the exact reason', async () => {
    const busy = tempDir('archive-busy-');
    const restore = (file: string, dir: string, password = ADMIN.password) => restoreBackup(file, dir, ADMIN.username, password);
    const missing = join(busy, 'nothing.arbak');
    await expect(restore(missing, join(busy, 'r-missing'))).rejects.toMatchObject(
      refusal('NOT_FOUND', `找不到备份文件 ${missing}。`, `Backup file ${missing} not found.`),
    );

    writeFileSync(join(busy, 'something.txt'), 'x');
    await expect(restore(backup, busy)).rejects.toMatchObject(
      refusal(
        'CONFLICT',
        `恢复只能写入空文件夹，${busy} 中已有文件。为免覆盖现有档案库，请另选一个空文件夹。`,
        `A restore only goes into an empty folder; ${busy} is not empty. Choose an empty folder so no archive is overwritten.`,
      ),
    );
    expect(readdirSync(busy)).toEqual(['something.txt']);
    const empty = join(busy, 'empty');
    await expect(restore(backup, empty, 'wrong-password-1')).rejects.toMatchObject(
      refusal('BAD_CREDENTIALS', '用户名或密码错误（按备份中的用户核对）。', 'Wrong user name or password (checked against the users in the backup).'),
    );
    expect(existsSync(join(empty, 'keyring.json'))).toBe(false);

    // One flipped bit at a chosen place of the container, each with its own reason.
    const bytes = readFileSync(backup);
    const entries = entriesOf(bytes);
    const entry = (name: string) => entries.find((e) => e.name === name)!;
    const att = entries.find((e) => e.name.startsWith('attachments/'))!;
    expect(entries.map((e) => e.name)).toEqual(['archive.db', 'keyring.json', att.name, 'manifest.json']);
    const manifest = entry('manifest.json');
    const createdBy = bytes.indexOf('"createdBy":"admin"', manifest.dataAt) + '"createdBy":"'.length;
    expect(createdBy).toBeGreaterThan(manifest.dataAt);
    const malformed = unusable('文件不完整或格式不对（可能在写入时中断）。', 'malformed entry header (it may have been cut short while being written).');
    const flips: [string, number, ReturnType<typeof refusal>][] = [
      ['magic', 0, unusable('文件不完整或格式不对（可能在写入时中断）。', 'not an Archive Room backup (it may have been cut short while being written).')],
      ['archive.db header', entry('archive.db').headerAt + 4, malformed],
      [
        'archive.db data',
        entry('archive.db').dataAt + Math.floor(entry('archive.db').size / 2),
        unusable('“archive.db”的校验值不符。', 'the hash of "archive.db" does not match.'),
      ],
      ['keyring.json data', entry('keyring.json').dataAt, unusable('备份中的密钥环损坏或缺失。', "the backup's keyring is damaged or missing.")],
      ['attachment data', att.dataAt + Math.floor(att.size / 2), unusable(`“${att.name}”的校验值不符。`, `the hash of "${att.name}" does not match.`)],
      [
        'manifest createdBy',
        createdBy,
        unusable('清单校验码不符（文件被改动或不属于本档案库）。', 'the manifest HMAC does not match (altered, or from another archive).'),
      ],
    ];
    for (const [where, at, expected] of flips) {
      const bad = Buffer.from(bytes);
      bad[at] ^= 0x01;
      const f = join(busy, `bad-${at}.arbak`);
      writeFileSync(f, bad);
      const dir = join(busy, `r-${at}`);
      await expect(restore(f, dir), `flip in ${where} at ${at}`).rejects.toMatchObject(expected);
      expect(existsSync(join(dir, 'keyring.json')), where).toBe(false);
    }
    const cut = join(busy, 'cut.arbak');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
    await expect(restore(cut, join(busy, 'r-cut'))).rejects.toMatchObject(
      unusable('文件不完整或格式不对（可能在写入时中断）。', 'truncated backup file (it may have been cut short while being written).'),
    );
    rmSync(busy, { recursive: true, force: true });
  });
});
