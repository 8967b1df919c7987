import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { BackupSchedule, BackupScheduleView } from '../../shared/contract/data.contract';
import type { ArchiveCore } from '../core/archive-core';
import { SettingEntity } from '../db/entities/setting.entity';

/**
 * The scheduled backup's settings rows (in the settings table, beside lastBackupAt): the schedule
 * itself, and how its last run went. Kept out of the general Settings object on purpose: keepers
 * may manage backups (backup.manage) but not the archive's settings, and the folder path is no
 * business of clerks or auditors, who may read those.
 */
export const SCHEDULE_KEY = 'backupSchedule';
export const LAST_RUN_KEY = 'backupScheduleLastRun';

const Saved = BackupSchedule.extend({ savedBy: z.string(), savedAt: z.string() });
export type SavedSchedule = NonNullable<BackupScheduleView['schedule']>;
export type LastRun = NonNullable<BackupScheduleView['lastRun']>;
const Run = BackupScheduleView.shape.lastRun.unwrap();

async function readJson(m: EntityManager, key: string): Promise<unknown> {
  const row = await m.findOneBy(SettingEntity, { key });
  if (!row) return null;
  try {
    return JSON.parse(row.value);
  } catch {
    return null;
  }
}

/** The saved schedule, or null (none, or a damaged row: then no timer runs and the screen offers a new one). */
export async function readSchedule(core: Pick<ArchiveCore, 'services'>, m: EntityManager = core.services.db.manager): Promise<SavedSchedule | null> {
  const r = Saved.safeParse(await readJson(m, SCHEDULE_KEY));
  return r.success ? r.data : null;
}

export async function readLastRun(core: Pick<ArchiveCore, 'services'>): Promise<LastRun | null> {
  const r = Run.safeParse(await readJson(core.services.db.manager, LAST_RUN_KEY));
  return r.success ? r.data : null;
}

export async function writeSetting(m: EntityManager, key: string, value: unknown): Promise<void> {
  await m.save(SettingEntity, { key, value: JSON.stringify(value) });
}
