import type { EntityManager } from 'typeorm';
import { Settings } from '../../shared/contract/settings.contract';
import { DEFAULT_ARCHIVE_NO_PATTERN } from '../../shared/domain/archive-number';
import { hostTimeZone } from '../../shared/domain/archive-time';
import type { Database } from '../db/database';
import { SettingEntity } from '../db/entities/setting.entity';

/**
 * An archive made before the time-zone setting existed keeps the zone it has always lived in: the
 * computer's. New archives store it at creation (ArchiveCore.setup), so it no longer follows the PC.
 */
export const DEFAULT_SETTINGS: Omit<Settings, 'timeZone'> = {
  communityName: '社区',
  idleMinutes: 10,
  archiveNoPattern: DEFAULT_ARCHIVE_NO_PATTERN,
  fondsCode: 'SQ01',
  attachmentMaxMB: 50,
  loanDays: 14,
  renewalDays: 14,
  maxRenewals: 2,
  reminderOffsets: [-3, 0, 7, 30],
  backupReminderDays: 7,
};

/** Typed settings over a key/value table; unknown or damaged values fall back to defaults. */
export class SettingsService {
  constructor(private readonly db: Database) {}

  async get(m: EntityManager = this.db.manager): Promise<Settings> {
    const rows = await m.find(SettingEntity);
    const defaults: Settings = { ...DEFAULT_SETTINGS, timeZone: hostTimeZone() };
    const raw: Record<string, unknown> = { ...defaults };
    for (const r of rows) {
      try {
        raw[r.key] = JSON.parse(r.value);
      } catch {
        /* keep default */
      }
    }
    const parsed = Settings.safeParse(raw);
    if (parsed.success) return parsed.data;
    // One damaged value (say, a zone this ICU no longer knows) falls back alone, not all of them.
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if (typeof key === 'string' && key in defaults) raw[key] = defaults[key as keyof Settings];
    }
    const again = Settings.safeParse(raw);
    return again.success ? again.data : defaults;
  }

  /** The archive's time zone, for "today" and every printed or shown time. */
  async timeZone(m: EntityManager = this.db.manager): Promise<string> {
    return (await this.get(m)).timeZone;
  }

  async put(m: EntityManager, patch: Partial<Settings>): Promise<{ before: Settings; after: Settings }> {
    const before = await this.get(m);
    const after = Settings.parse({ ...before, ...patch });
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      await m.save(SettingEntity, { key, value: JSON.stringify(after[key as keyof Settings]) });
    }
    return { before, after };
  }
}
