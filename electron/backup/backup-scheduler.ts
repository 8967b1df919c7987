import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupSchedule, BackupScheduleView } from '../../shared/contract/data.contract';
import { fileStamp } from '../../shared/domain/archive-time';
import { checkSchedule, filesToPrune, SCHEDULED_PREFIX } from '../../shared/domain/backup-schedule';
import { AppError } from '../../shared/errors';
import { isAllowed } from '../../shared/permissions';
import type { ArchiveCore } from '../core/archive-core';
import { logInternalError } from '../core/internal-log';
import type { Actor } from '../services/actor';
import { checkBackupFolder, createBackup, lastBackupAt } from './backup.service';
import { LAST_RUN_KEY, readLastRun, readSchedule, SCHEDULE_KEY, writeSetting } from './schedule-store';

/** After a failed scheduled run (USB stick out, disk full) the timer waits this long before trying again. */
export const RETRY_MS = 30 * 60_000;

let folderPicker: (() => Promise<string | null>) | null = null;

/** Electron's main process installs the system folder dialog here; the web host has none. */
export function setFolderPicker(fn: (() => Promise<string | null>) | null): void {
  folderPicker = fn;
}

export async function chooseFolder(): Promise<{ supported: boolean; path: string | null }> {
  if (!folderPicker) return { supported: false, path: null };
  return { supported: true, path: await folderPicker() };
}

export async function scheduleView(core: ArchiveCore): Promise<BackupScheduleView> {
  return { schedule: await readSchedule(core), lastRun: await readLastRun(core), folderChooser: folderPicker !== null };
}

/** Saves the schedule (folder checked now, when it is on) with its audit entry, in one write. */
export async function saveSchedule(core: ArchiveCore, actor: Actor, s: BackupSchedule): Promise<BackupScheduleView> {
  if (s.enabled) checkBackupFolder(s.folder, 'folder');
  const saved = { ...s, savedBy: actor.username, savedAt: core.nowIso() };
  const before = await readSchedule(core);
  await core.services.db.write(async (m) => {
    await writeSetting(m, SCHEDULE_KEY, saved);
    await core.services.audit.append(m, {
      actor: actor.username,
      action: 'backup.schedule',
      details: {
        enabled: s.enabled,
        folder: s.folder,
        frequency: s.frequency,
        keep: s.keep,
        before: before ? { enabled: before.enabled, folder: before.folder, frequency: before.frequency, keep: before.keep } : null,
      },
    });
  });
  return scheduleView(core);
}

/**
 * Who signs a scheduled backup: a person signed in right now whose role may back up (the one who
 * saved the schedule first). Every audit entry is signed by its actor's own key, and the process
 * holds only signed-in people's keys — so with nobody suitable signed in, nothing runs.
 */
function scheduledActor(core: ArchiveCore, savedBy: string): Actor | null {
  const open = core.unlockedSessions().filter((s) => isAllowed(s.role, 'backup.manage') && !s.mustChangePassword);
  const pick = open.find((s) => s.username === savedBy) ?? open[0];
  return pick ? { username: pick.username } : null;
}

const running = new WeakSet<ArchiveCore>();

/**
 * One tick of the timer: when the archive is unlocked and the schedule says a backup is due, write
 * one to the folder, then delete the schedule's own files beyond the newest `keep`. The outcome is
 * kept (shown on the data page); a failure is audited and retried after RETRY_MS.
 */
export async function runScheduledBackup(core: ArchiveCore): Promise<'ran' | 'failed' | 'idle'> {
  if (running.has(core)) return 'idle';
  // Idle sessions lock first: a backup never runs on behalf of someone who walked away.
  await core.sweepIdle();
  if (!core.isUnlocked()) return 'idle';
  running.add(core);
  try {
    const sched = await readSchedule(core);
    if (!sched?.enabled) return 'idle';
    const { timeZone } = await core.services.settings.get();
    const check = checkSchedule({ frequency: sched.frequency, lastBackupAt: await lastBackupAt(core), since: sched.savedAt, now: core.now(), timeZone });
    if (!check.due) return 'idle';
    const last = await readLastRun(core);
    if (last && !last.ok && core.now() - Date.parse(last.at) < RETRY_MS) return 'idle';
    const actor = scheduledActor(core, sched.savedBy);
    if (!actor) return 'idle';
    let path: string | null = null;
    try {
      checkBackupFolder(sched.folder, 'folder');
      path = freeName(sched.folder, `${SCHEDULED_PREFIX}${fileStamp(core.now(), timeZone)}`);
      await createBackup(core, actor, path, () => {}, { scheduled: true });
      const pruned = prune(sched.folder, sched.keep);
      await core.services.db.write((m) =>
        writeSetting(m, LAST_RUN_KEY, {
          at: core.nowIso(),
          ok: true,
          path,
          zh: `定时备份已完成：${path}${pruned ? `；已删除较早的定时备份 ${pruned} 份` : ''}`,
          en: `Scheduled backup written: ${path}${pruned ? `; ${pruned} older scheduled backup(s) deleted` : ''}`,
        }),
      );
      return 'ran';
    } catch (e) {
      // A backup by hand is being written right now: that one counts; look again at the next tick.
      if (e instanceof AppError && e.code === 'CONFLICT') return 'idle';
      const why = e instanceof AppError ? { zh: e.zh, en: e.en } : { zh: '内部错误', en: 'internal error' };
      if (!(e instanceof AppError)) logInternalError('scheduled backup', e);
      await core.services.db.write(async (m) => {
        await writeSetting(m, LAST_RUN_KEY, { at: core.nowIso(), ok: false, path, zh: `定时备份失败：${why.zh}`, en: `Scheduled backup failed: ${why.en}` });
        await core.services.audit.append(m, {
          actor: actor.username,
          action: 'backup.scheduled.failed',
          details: { folder: sched.folder, zh: why.zh, en: why.en },
        });
      });
      return 'failed';
    }
  } finally {
    running.delete(core);
  }
}

function freeName(folder: string, stem: string): string {
  let p = join(folder, `${stem}.arbak`);
  for (let i = 2; existsSync(p); i++) p = join(folder, `${stem}-${i}.arbak`);
  return p;
}

/** Deletes the schedule's own files beyond the newest `keep`; a file that will not go is left (next run tries again). */
function prune(folder: string, keep: number): number {
  let n = 0;
  for (const f of filesToPrune(readdirSync(folder), keep)) {
    try {
      rmSync(join(folder, f), { force: true });
      n++;
    } catch {
      /* read-only copy: left for the keeper */
    }
  }
  return n;
}

/** The background timer (app and web host): a cheap check each minute; writes only when due. */
export function startBackupScheduler(core: ArchiveCore, intervalMs = 60_000): { stop(): void } {
  const t = setInterval(() => {
    runScheduledBackup(core).catch((e: unknown) => logInternalError('backup scheduler', e));
  }, intervalMs);
  t.unref?.();
  return { stop: () => clearInterval(t) };
}
