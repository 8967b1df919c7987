import type { Bilingual } from '../../../shared/domain/retention';
import i18n from '../i18n';

/** Picks the current language from a shared { zh, en } label (domain label tables). */
export function bi(l: Bilingual | undefined, fallback = ''): string {
  if (!l) return fallback;
  return i18n.language === 'en' ? l.en : l.zh;
}
