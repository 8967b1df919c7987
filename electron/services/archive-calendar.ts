import type { EntityManager } from 'typeorm';
import { archiveToday, type Instant, printStamp, stampText } from '../../shared/domain/archive-time';
import type { IsoDate } from '../../shared/domain/lending';
import type { SettingsService } from './settings.service';

/**
 * The injected clock read in the archive's time zone (a setting), for services and handlers:
 * "today" for due dates, holds, registers and imports, and the times printed on documents.
 * Never the process's zone: the CLI, the web host and the tests may run in UTC.
 */
export class ArchiveCalendar {
  constructor(
    private readonly settings: SettingsService,
    private readonly clock: { now: () => number },
  ) {}

  zone(m?: EntityManager): Promise<string> {
    return this.settings.timeZone(m);
  }

  /** The archive's date now, 'YYYY-MM-DD'. */
  async today(m?: EntityManager): Promise<IsoDate> {
    return archiveToday(this.clock.now(), await this.zone(m));
  }

  /** The archive's date of a stored instant (an approval, a confirmation), 'YYYY-MM-DD'. */
  async dateOf(at: Instant, m?: EntityManager): Promise<IsoDate> {
    return archiveToday(at, await this.zone(m));
  }

  /** "2026年12月2日 18:08 · 时区 Time zone Asia/Shanghai": a print time with its zone, for running heads. */
  async printStamp(m?: EntityManager): Promise<string> {
    return printStamp(this.clock.now(), await this.zone(m));
  }

  /** "2026年12月2日 18:08（Asia/Shanghai）": a one-line stamp, as on an exported copy's watermark. */
  async stamp(m?: EntityManager): Promise<string> {
    return stampText(this.clock.now(), await this.zone(m));
  }
}
