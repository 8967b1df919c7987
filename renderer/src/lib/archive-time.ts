import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { archiveToday, fileStamp, formatArchiveDate, formatArchiveTime, hostTimeZone, timeLang, type Instant } from '../../../shared/domain/archive-time';
import { useSession } from './session-context';

export interface ArchiveTime {
  /** The archive's zone (from the session; the browser's own only before sign-in). */
  tz: string;
  /** The archive's date now, 'YYYY-MM-DD'. */
  today(): string;
  /** An instant as "2026年12月2日 18:08" / "2 Dec 2026 18:08"; '—' when empty, the raw text when unreadable. */
  time(at: Instant | null | undefined, opts?: { seconds?: boolean }): string;
  /** An instant's date as "2026年12月2日" / "2 Dec 2026". */
  date(at: Instant | null | undefined): string;
  /** "20261202-1808", for suggested file names. */
  stamp(): string;
}

function readable<T>(at: Instant | null | undefined, f: (x: Instant) => T): T | string {
  if (at === null || at === undefined || at === '') return '—';
  try {
    return f(at);
  } catch {
    return String(at);
  }
}

/**
 * Times on screens, in the archive's time zone and the page's language. The browser's zone is not
 * used: on the web host it is the visitor's PC, which need not be the archives room's.
 */
export function useArchiveTime(): ArchiveTime {
  const { status } = useSession();
  const { i18n } = useTranslation();
  const tz = status.session?.timeZone ?? hostTimeZone();
  const lang = timeLang(i18n.language);
  return useMemo(
    () => ({
      tz,
      today: () => archiveToday(Date.now(), tz),
      time: (at, opts) => readable(at, (x) => formatArchiveTime(x, tz, lang, opts)),
      date: (at) => readable(at, (x) => formatArchiveDate(x, tz, lang)),
      stamp: () => fileStamp(Date.now(), tz),
    }),
    [tz, lang],
  );
}
