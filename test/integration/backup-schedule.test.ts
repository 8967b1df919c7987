import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupScheduleView, BackupStatus } from '../../shared/contract/data.contract';
import { SCHEDULED_FILE } from '../../shared/domain/backup-schedule';
import { RETRY_MS, runScheduledBackup } from '../../electron/backup/backup-scheduler';
import { PASSWORD, tempDir, TestVault } from '../helpers/vault-fixture';

const DAY = 86_400_000;

/**
 * The scheduled backup: a setting (folder, daily/weekly, keep N) checked when saved, a timer tick
 * that writes a verified backup when due while the archive is unlocked, prunes only its own files,
 * and a reminder when a scheduled backup was missed. Real SQLCipher files; the clock is moved.
 */
describe('scheduled backup to a chosen folder', () => {
  const v = new TestVault();
  const usb = tempDir('archive-usb-');
  const scheduled = () => readdirSync(usb).filter((f) => SCHEDULED_FILE.test(f));
  let keeper = '';

  beforeAll(async () => {
    await v.setup();
    keeper = await v.userWithRole('keeper', 'keeper');
  }, 60_000);
  afterAll(async () => {
    await v.destroy();
    rmSync(usb, { recursive: true, force: true });
  });

  it('refuses a folder that is missing, relative or not a folder, with the reason under the field in both languages', async () => {
    const missing = join(usb, 'not-plugged-in');
    const save = (folder: string) => v.call('keeper', 'backup.saveSchedule', { enabled: true, folder, frequency: 'daily', keep: 2 });
    const under = (zh: string, en: string) => ({
      ok: false,
      error: expect.objectContaining({ code: 'VALIDATION', zh, en, fields: [{ path: 'folder', zh, en }] }),
    });
    expect(await save(missing)).toMatchObject(
      under(`文件夹 ${missing} 不存在（U 盘是否已插好？）。`, `The folder ${missing} does not exist (is the USB stick plugged in?).`),
    );
    expect(await save('relative/folder')).toMatchObject(
      under('请填写完整路径（如 E:\\备份），不能用相对路径。', 'Give a full path (e.g. E:\\backup), not a relative one.'),
    );
    const file = join(usb, 'a-file');
    writeFileSync(file, 'x');
    expect(await save(file)).toMatchObject(under(`${file} 不是文件夹。`, `${file} is not a folder.`));
    rmSync(file);
    // Nothing saved, nothing audited.
    expect((await v.ok<BackupScheduleView>('keeper', 'backup.schedule')).schedule).toBeNull();
    const n: { n: number }[] = await v.core.services.db.manager.query("SELECT count(*) AS n FROM audit_log WHERE action = 'backup.schedule'");
    expect(Number(n[0].n)).toBe(0);
  });

  it('a keeper saves a daily schedule (audited); the tick writes a verified backup, once a day, and keeps the newest N of its own', async () => {
    const handMade = join(usb, '档案室备份-20200101-1000.arbak');
    writeFileSync(handMade, 'a backup made by hand: never pruned');
    const view = await v.ok<BackupScheduleView>('keeper', 'backup.saveSchedule', { enabled: true, folder: usb, frequency: 'daily', keep: 2 });
    expect(view.schedule).toMatchObject({ enabled: true, folder: usb, frequency: 'daily', keep: 2, savedBy: expect.stringMatching(/^keeper/) });
    expect(view.folderChooser).toBe(false); // no Electron dialog in tests or the web host
    const [saved] = await v.core.services.db.manager.query("SELECT details FROM audit_log WHERE action = 'backup.schedule'");
    expect(JSON.parse(saved.details)).toMatchObject({ enabled: true, folder: usb, frequency: 'daily', keep: 2, before: null });

    expect(await runScheduledBackup(v.core)).toBe('ran');
    expect(scheduled()).toHaveLength(1);
    const st = await v.ok<BackupStatus>('keeper', 'backup.status');
    expect(st).toMatchObject({ due: false, daysSince: 0, schedule: { frequency: 'daily', missed: false } });
    const [entry] = await v.core.services.db.manager.query("SELECT actor, details FROM audit_log WHERE action = 'backup.create'");
    expect(entry.actor).toMatch(/^keeper/);
    expect(JSON.parse(entry.details)).toMatchObject({ verified: true, scheduled: true });
    expect(await runScheduledBackup(v.core)).toBe('idle'); // same archive day: not due again

    for (let d = 1; d <= 2; d++) {
      await v.travel(DAY, ['admin', 'keeper']);
      expect(await runScheduledBackup(v.core)).toBe('ran');
    }
    expect(scheduled()).toHaveLength(2);
    expect(existsSync(handMade)).toBe(true);
    const last = (await v.ok<BackupScheduleView>('keeper', 'backup.schedule')).lastRun;
    expect(last).toMatchObject({ ok: true });
    expect(last!.zh).toContain('已删除较早的定时备份 1 份');
  }, 120_000);

  it('shows the reminder when a scheduled backup was missed, and runs only while someone who may back up is signed in', async () => {
    // Two archive days without a run (the PC was off): missed.
    await v.travel(2 * DAY, ['admin', 'keeper']);
    const st = await v.ok<BackupStatus>('admin', 'backup.status');
    expect(st).toMatchObject({ due: true, daysSince: 2, schedule: { missed: true } });
    // The home page's backup tile turns red by the same reminder, though 2 days is within the 7 reminder days.
    expect(st.reminderDays).toBe(7);
    expect(await v.ok('admin', 'dashboard.get')).toMatchObject({ today: { daysSinceBackup: 2 }, backupDue: true });

    // Nobody signed in: the vault is closed and nothing runs.
    await v.ok('admin', 'auth.signOut');
    await v.ok('keeper', 'auth.signOut');
    expect(v.core.isUnlocked()).toBe(false);
    expect(await runScheduledBackup(v.core)).toBe('idle');
  }, 60_000);

  it('a failed run (USB stick gone) is kept, audited and retried only after a pause', async () => {
    await v.ok('keeper', 'auth.signIn', { username: keeper, password: PASSWORD });
    const moved = `${usb}-unplugged`;
    renameSync(usb, moved);
    try {
      expect(await runScheduledBackup(v.core)).toBe('failed');
      const view = await v.ok<BackupScheduleView>('keeper', 'backup.schedule');
      expect(view.lastRun).toMatchObject({
        ok: false,
        zh: `定时备份失败：文件夹 ${usb} 不存在（U 盘是否已插好？）。`,
        en: `Scheduled backup failed: The folder ${usb} does not exist (is the USB stick plugged in?).`,
      });
      const failed: unknown[] = await v.core.services.db.manager.query("SELECT details FROM audit_log WHERE action = 'backup.scheduled.failed'");
      expect(failed).toHaveLength(1);
      expect(await runScheduledBackup(v.core)).toBe('idle'); // within RETRY_MS
    } finally {
      renameSync(moved, usb);
    }
    await v.travel(RETRY_MS + 1000, ['keeper']);
    expect(await runScheduledBackup(v.core)).toBe('ran');
    expect(scheduled()).toHaveLength(2);
    const st = await v.ok<BackupStatus>('keeper', 'backup.status');
    expect(st).toMatchObject({ due: false, schedule: { missed: false } });
    expect(await v.ok('keeper', 'dashboard.get')).toMatchObject({ today: { daysSinceBackup: 0 }, backupDue: false });
  }, 120_000);
});
