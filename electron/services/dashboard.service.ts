import type { CountRow, DashboardData } from '../../shared/contract/dashboard.contract';
import { CONTENT_LABELS, RETENTION_LABELS, type ContentCategory, type RetentionClass } from '../../shared/domain/archive-types';
import { addDays } from '../../shared/domain/lending';
import { byNatural, naturalCompare } from '../../shared/domain/natural-order';
import { compareTags } from '../../shared/domain/tags';
import type { Database } from '../db/database';
import type { ArchiveCalendar } from './archive-calendar';

/** Years a fixed-term class keeps a record; permanent (Y) has none. */
const TERM_SQL = "CASE a.retention_class WHEN 'D30' THEN 30 WHEN 'D10' THEN 10 WHEN 'CUSTOM' THEN a.retention_years ELSE NULL END";
/** Due year per domain.md: 1 January of (year + 1 + N). Event clocks and holds refine this in the due list. */
const DUE_YEAR_SQL = `(a.year + 1 + ${TERM_SQL})`;

/**
 * The home page's numbers, each from one aggregate query (never from loading rows), so the page
 * stays fast at 100k residents. Counts only: no names leave here, so every role may see it.
 */
export class DashboardService {
  constructor(
    private readonly db: Database,
    private readonly calendar: ArchiveCalendar,
  ) {}

  async get(extra: { destructionWaiting?: () => Promise<number>; daysSinceBackup?: () => Promise<number | null> } = {}): Promise<DashboardData> {
    const m = this.db.manager;
    const today = await this.calendar.today(m);
    const year = Number(today.slice(0, 4));
    const one = async (sql: string, params: unknown[] = []) => Number(Object.values((await m.query(sql, params))[0] ?? { n: 0 })[0] ?? 0);
    const counts = async (sql: string, params: unknown[] = []): Promise<{ key: string; count: number }[]> =>
      ((await m.query(sql, params)) as { key: string | number | null; count: number }[]).map((r) => ({ key: String(r.key ?? ''), count: Number(r.count) }));

    const [overdueLoans, loansDueThisWeek, pendingReviews, lookupRequestsWaiting] = await Promise.all([
      one('SELECT count(*) FROM loans WHERE returned_on IS NULL AND due_date < ?', [today]),
      one('SELECT count(*) FROM loans WHERE returned_on IS NULL AND due_date >= ? AND due_date <= ?', [today, addDays(today, 7)]),
      one("SELECT count(*) FROM pending_changes WHERE status = 'pending'"),
      one("SELECT count(*) FROM access_requests WHERE status = 'pending'"),
    ]);
    const [residents, households, attachments] = await Promise.all([
      // The active roster: departed residents (迁出, 死亡) keep their archive but are not counted.
      one("SELECT count(*) FROM residents WHERE status = 'active'"),
      one("SELECT count(*) FROM households WHERE status = 'active'"),
      one('SELECT count(*) FROM attachments'),
    ]);
    // One pass over the records answers five tiles: totals by category, class, due year, and what is due.
    const groups: { category: string; cls: string; due_year: number | null; status: string; n: number }[] = await m.query(
      `SELECT a.content_category AS category, a.retention_class AS cls, ${DUE_YEAR_SQL} AS due_year, a.status, count(*) AS n
       FROM archive_records a WHERE a.status <> 'destroyed' GROUP BY 1, 2, 3, 4`,
    );
    const tally = (key: (g: (typeof groups)[number]) => string | null) => {
      const out = new Map<string, number>();
      for (const g of groups) {
        const k = key(g);
        if (k !== null) out.set(k, (out.get(k) ?? 0) + Number(g.n));
      }
      return [...out].map(([k, count]) => ({ key: k, count }));
    };
    const records = groups.reduce((sum, g) => sum + Number(g.n), 0);
    const dueForAppraisal = groups
      .filter((g) => g.due_year !== null && g.due_year <= year && g.status !== 'pending_destruction')
      .reduce((sum, g) => sum + Number(g.n), 0);
    const byCategory = tally((g) => g.category).sort((a, b) => b.count - a.count);
    const retentionRank = Object.keys(RETENTION_LABELS);
    const byRetention = tally((g) => g.cls).sort((a, b) => retentionRank.indexOf(a.key) - retentionRank.indexOf(b.key) || naturalCompare(a.key, b.key));
    const byDueYear = tally((g) => (g.due_year !== null && g.due_year <= year + 10 ? String(g.due_year) : null)).sort((a, b) => Number(a.key) - Number(b.key));
    // Grids in reading order (第一, 第二, 第三 …): SQL would order the names by code point (第一, 第三, 第二).
    const byGrid = (
      await counts(
        `SELECT g.name AS key, count(a.id) AS count FROM grids g
         LEFT JOIN buildings b ON b.grid_id = g.id LEFT JOIN units u ON u.building_id = b.id LEFT JOIN households h ON h.unit_id = u.id
         LEFT JOIN archive_records a ON a.household_id = h.id AND a.status <> 'destroyed'
         GROUP BY g.id`,
      )
    ).sort(byNatural((r) => r.key));
    // Every role sees the home page, so a discreet tag (重点户) is shown by its code and colour only:
    // its name never leaves the Node side here (the legend stays with the keepers, in 设置 → 标签).
    const tagRows: { id: string; name: string; color: string; code: string; discreet: number | boolean; sort_order: number; count: number }[] = await m.query(
      'SELECT t.id, t.name, t.color, t.code, t.discreet, t.sort_order, count(ht.household_id) AS count FROM tags t LEFT JOIN household_tags ht ON ht.tag_id = t.id GROUP BY t.id',
    );
    const byTag = tagRows
      .sort((a, b) => compareTags({ order: Number(a.sort_order), name: a.name }, { order: Number(b.sort_order), name: b.name }))
      .map((r) => ({ key: r.id, label: r.discreet ? r.code : r.name, color: r.color, code: r.code, discreet: !!r.discreet, count: Number(r.count) }));
    const loansByMonth = await counts(
      'SELECT substr(checkout_date, 1, 7) AS key, count(*) AS count FROM loans WHERE checkout_date >= ? GROUP BY key ORDER BY key',
      [`${year - 1}-${today.slice(5, 7)}-01`],
    );
    const label = (rows: { key: string; count: number }[], fn: (k: string) => string): CountRow[] => rows.map((r) => ({ ...r, label: fn(r.key) }));
    return {
      today: {
        overdueLoans,
        loansDueThisWeek,
        dueForAppraisal,
        destructionWaiting: (await extra.destructionWaiting?.()) ?? 0,
        pendingReviews,
        lookupRequestsWaiting,
        daysSinceBackup: (await extra.daysSinceBackup?.()) ?? null,
      },
      totals: { residents, households, records, attachments },
      recordsByCategory: label(byCategory, (k) => CONTENT_LABELS[k as ContentCategory]?.zh ?? k),
      recordsByGrid: label(byGrid, (k) => k),
      householdsByTag: byTag,
      loansByMonth: label(loansByMonth, (k) => k),
      recordsByRetention: label(byRetention, (k) => RETENTION_LABELS[k as RetentionClass]?.zh ?? k),
      recordsByDueYear: label(byDueYear, (k) => (Number(k) <= year ? `${k}（已到期）` : k)),
    };
  }
}
