import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupReport, RestoreResult } from '../../shared/contract/data.contract';
import type { ErrorCode } from '../../shared/errors';
import { ArchiveCore } from '../../electron/core/archive-core';
import { importJobs } from '../../electron/import/import-jobs';
import { communityRows, toCsv } from '../helpers/import-sheets';
import { ADMIN, tempDir, TestVault } from '../helpers/vault-fixture';

/**
 * Restore from the app (backup.restore): into a NEW folder beside the data folder, never over the
 * archive in use; refused with the exact reason otherwise, leaving no folder behind. Real SQLCipher
 * files, through the same dispatch as IPC and the web host.
 */
const refusal = (code: ErrorCode, zh: string, en: string) => ({ ok: false, error: expect.objectContaining({ code, zh, en }) });
const unusable = (zh: string, en: string) => refusal('DB_DAMAGED', `备份文件不可用：${zh}`, `The backup cannot be used: ${en}`);
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

describe('restore from the app into a new folder', () => {
  const home = tempDir('archive-restore-app-');
  const v = new TestVault(join(home, 'data'));
  const out = join(home, 'usb');
  const rows = communityRows(25, 5, 71000);
  let backup = '';
  let made: BackupReport;
  /** What the data folder held before any restore: the archive in use must stay exactly so. */
  let keyringSha = '';
  const siblings = () => readdirSync(home).filter((f) => f.startsWith('data-restored-'));

  beforeAll(async () => {
    await v.setup();
    await v.ok('admin', 'tags.list');
    const job = await importJobs(v.core).wait(importJobs(v.core).start({ username: 'admin' }, 'a.csv', Buffer.from(toCsv(rows))));
    expect(job.state).toBe('done');
    await v.userWithRole('keeper', 'keeper');
    mkdirSync(out);
    backup = join(out, '档案室备份.arbak');
    made = await v.ok<BackupReport>('admin', 'backup.create', { path: backup });
    keyringSha = sha(join(v.dataDir, 'keyring.json'));
  }, 120_000);
  afterAll(async () => {
    await v.close();
    rmSync(home, { recursive: true, force: true });
  });

  const upload = (file: string, password = ADMIN.password) => ({
    source: { kind: 'upload', fileName: '档案室备份.arbak', dataBase64: readFileSync(file).toString('base64') },
    password,
  });

  it('restores an uploaded backup beside the data folder and reports what came back, when it was made and how to switch', async () => {
    const r = await v.ok<RestoreResult>('admin', 'backup.restore', upload(backup));
    expect(dirname(r.dataDir)).toBe(home);
    expect(r.dataDir).toMatch(/[\\/]data-restored-\d{8}-\d{4}$/);
    expect(r.stats).toMatchObject({ residents: 25, records: 0, destroyedRecords: 0, attachments: 0 });
    expect(r.createdAt).toBe(made.createdAt);
    expect(r.createdBy).toBe('admin');
    expect(r.restoredBy).toBe('admin');
    expect(r.timeZone).toBe((await v.ok<{ timeZone: string }>('admin', 'settings.get')).timeZone);
    expect(r.startWith.app).toBe(`--data-dir ${r.dataDir}`);
    expect(r.startWith.env).toBe(`ARCHIVE_ROOM_DATA=${r.dataDir}`);
    expect(readdirSync(r.dataDir).sort()).toEqual(['archive.db', 'archive.lock', 'attachments', 'keyring.json']);

    // The archive in use: same keyring, no upload left in it, still the same data; the restore is audited there.
    expect(sha(join(v.dataDir, 'keyring.json'))).toBe(keyringSha);
    expect(readdirSync(v.dataDir).filter((f) => f.startsWith('.restore'))).toEqual([]);
    const [{ n }] = await v.core.services.db.manager.query('SELECT count(*) AS n FROM residents');
    expect(Number(n)).toBe(25);
    const [entry] = await v.core.services.db.manager.query("SELECT actor, details FROM audit_log WHERE action = 'backup.restore'");
    expect(entry.actor).toBe('admin');
    expect(JSON.parse(entry.details)).toMatchObject({ file: '档案室备份.arbak', into: r.dataDir, backupCreatedAt: made.createdAt, residents: 25 });

    // The new folder is a whole archive: the backup's administrator signs in and finds the data and the restore entry.
    const core = new ArchiveCore({ dataDir: r.dataDir });
    await core.signIn('c', ADMIN.username, ADMIN.password);
    const [{ m }] = await core.services.db.manager.query('SELECT count(*) AS m FROM residents');
    expect(Number(m)).toBe(25);
    const inside = await core.services.db.manager.query("SELECT details FROM audit_log WHERE action = 'backup.restore'");
    expect(JSON.parse(inside[0].details)).toMatchObject({ file: '档案室备份.arbak' });
    expect((await core.services.audit.verify()).ok).toBe(true);
    await core.close();
  }, 60_000);

  it('restores a backup named by its full path too, into another new folder', async () => {
    const before = siblings().length;
    const r = await v.ok<RestoreResult>('admin', 'backup.restore', { source: { kind: 'path', path: backup }, password: ADMIN.password });
    expect(siblings()).toHaveLength(before + 1);
    expect(existsSync(join(r.dataDir, 'keyring.json'))).toBe(true);
  }, 60_000);

  it('refuses a wrong password, a damaged or cut file, a bad path and a keeper — exact reason, no folder left, archive untouched', async () => {
    const before = siblings();
    expect(await v.call('admin', 'backup.restore', upload(backup, 'Wrong-pass-2026'))).toMatchObject(
      refusal('BAD_CREDENTIALS', '用户名或密码错误（按备份中的用户核对）。', 'Wrong user name or password (checked against the users in the backup).'),
    );
    const bytes = readFileSync(backup);
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 3)] ^= 0x01; // inside archive.db's data
    writeFileSync(join(out, 'flipped.arbak'), flipped);
    expect(await v.call('admin', 'backup.restore', upload(join(out, 'flipped.arbak')))).toMatchObject(
      unusable('“archive.db”的校验值不符。', 'the hash of "archive.db" does not match.'),
    );
    writeFileSync(join(out, 'cut.arbak'), bytes.subarray(0, bytes.length - 100));
    expect(await v.call('admin', 'backup.restore', upload(join(out, 'cut.arbak')))).toMatchObject(
      unusable('文件不完整或格式不对（可能在写入时中断）。', 'truncated backup file (it may have been cut short while being written).'),
    );
    expect(await v.call('admin', 'backup.restore', { source: { kind: 'path', path: 'relative/backup.arbak' }, password: 'x' })).toMatchObject(
      refusal(
        'VALIDATION',
        '请填写备份文件的完整路径（如 E:\\档案室备份-20261201-1000.arbak）。',
        'Give the full path of the backup file (e.g. E:\\archive-20261201-1000.arbak).',
      ),
    );
    const gone = join(out, 'gone.arbak');
    expect(await v.call('admin', 'backup.restore', { source: { kind: 'path', path: gone }, password: 'x' })).toMatchObject(
      refusal('NOT_FOUND', `找不到备份文件 ${gone}。`, `Backup file ${gone} not found.`),
    );
    expect(await v.call('keeper', 'backup.restore', upload(backup))).toMatchObject({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });

    expect(siblings()).toEqual(before);
    expect(sha(join(v.dataDir, 'keyring.json'))).toBe(keyringSha);
    expect(readdirSync(v.dataDir).filter((f) => f.startsWith('.restore'))).toEqual([]);
    const refused: { details: string }[] = await v.core.services.db.manager.query(
      "SELECT details FROM audit_log WHERE action = 'backup.restore.refused' ORDER BY seq",
    );
    expect(refused.map((x) => JSON.parse(x.details).code)).toEqual(['BAD_CREDENTIALS', 'DB_DAMAGED', 'DB_DAMAGED', 'VALIDATION', 'NOT_FOUND']);
  }, 60_000);
});
