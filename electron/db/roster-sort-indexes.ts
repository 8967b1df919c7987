/**
 * Indexes over the 花名册's sort keys that live on residents alone (roster-query.ts, rosterOrder):
 * by name and by age a page is read from the index and stops at the page's end, instead of sorting
 * every active resident for each page (≈ 80 ms at 100k, seconds at a street's 1M). The expressions
 * are rosterOrder's own, so both engines match them to the ORDER BY and to a keyset page's start.
 * Orders that begin with a household's place need households' key and stay sorted per page.
 */
export const ROSTER_SORT_INDEXES: [name: string, on: string][] = [
  ['idx_residents_sort_name', 'name_pinyin, name, id'],
  ['idx_residents_sort_age', "(COALESCE(birth_date, '')), id"],
];
