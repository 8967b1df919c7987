/**
 * A resident's type (domain.md, Residents): 户籍居民, 非户籍居民, 流动人口. Stored on each resident,
 * offered by the resident form, the roster's filter and its batch edit.
 *
 * Not to be confused with the archive records' classification by resident type
 * (RESIDENT_CLASSES in archive-types.ts: 户籍居民档案 / 非户籍居民档案 / 特殊情况居民档案), which files
 * records, not people, and has 特殊情况 where people have 流动人口.
 */
export const RESIDENT_TYPES = ['registered', 'unregistered', 'floating'] as const;
export type ResidentType = (typeof RESIDENT_TYPES)[number];
export const RESIDENT_TYPE_LABELS: Record<ResidentType, { zh: string; en: string }> = {
  registered: { zh: '户籍居民', en: 'Registered' },
  unregistered: { zh: '非户籍居民', en: 'Unregistered' },
  floating: { zh: '流动人口', en: 'Floating' },
};
