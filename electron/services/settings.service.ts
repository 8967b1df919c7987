import type { EntityManager } from 'typeorm';
import { Settings } from '../../shared/contract/settings.contract';
import { DEFAULT_ARCHIVE_NO_PATTERN } from '../../shared/domain/archive-number';
import type { Database } from '../db/database';
import { SettingEntity } from '../db/entities/setting.entity';

export const DEFAULT_SETTINGS: Settings = {
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
    const raw: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const r of rows) {
      try {
        raw[r.key] = JSON.parse(r.value);
      } catch {
        /* keep default */
      }
    }
    const parsed = Settings.safeParse(raw);
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  }

  async put(m: EntityManager, patch: Partial<Settings>): Promise<{ before: Settings; after: Settings }> {
    const before = await this.get(m);
    const after = Settings.parse({ ...before, ...patch });
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      await m.save(SettingEntity, { key, value: JSON.stringify(value) });
    }
    return { before, after };
  }
}
