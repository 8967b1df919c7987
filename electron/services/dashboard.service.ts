import type { CountRow, DashboardData } from '../../shared/contract/dashboard.contract';
import { RETENTION_LABELS, type RetentionClass } from '../../shared/domain/archive-types';
import { addDays } from '../../shared/domain/lending';
import { byNatural, naturalCompare } from '../../shared/domain/natural-order';
import { categoryName } from '../../shared/domain/record-categories';
import { compareTags } from '../../shared/domain/tags';
import { RecordCategoryEntity } from '../db/entities';
import type { Database } from '../db/database';
import type { ArchiveCalendar } from './archive-calendar';

/**
 * The home page's numbers, from counters the writers keep (db/tallies.ts) and small aggregate
 * queries (never from loading rows), so the page stays fast at a million residents. Counts only: no names leave here, so every role may see it.
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
    // Counters kept by triggers in each writer's transaction (db/tallies.ts): a few dozen rows at any size.
    // Residents and households count the active roster: departed ones (迁出, 死亡) keep their archive.
    const totals = new Map(((await m.query('SELECT what, n FROM tally_totals')) as { what: string; n: number }[]).map((t) => [t.what, Number(t.n)]));
    const [residents, households, attachments] = ['residents', 'households', 'attachments'].map((k) => totals.get(k) ?? 0);
    // Records by category, class, due year and status answer five tiles.
    const groups: { category: string; cls: string; due_year: number | null; status: string; n: number }[] = (
      (await m.query("SELECT category, cls, due_year, status, n FROM tally_records WHERE status <> 'destroyed' AND n > 0")) as {
        category: string;
        cls: string;
        due_year: number;
        status: string;
        n: number;
      }[]
    ).map((g) => ({ ...g, due_year: Number(g.due_year) < 0 ? null : Number(g.due_year) }));
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
    const byGrid = (await counts('SELECT g.name AS key, coalesce(t.n, 0) AS count FROM grids g LEFT JOIN tally_grids t ON t.grid_id = g.id')).sort(
      byNatural((r) => r.key),
    );
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
    // The names an administrator gave the categories (设置 → 档案分类), in both languages.
    const categories = await m.find(RecordCategoryEntity);
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
      recordsByCategory: label(byCategory, (k) => categoryName(categories, k, 'zh')).map((r) => ({ ...r, labelEn: categoryName(categories, r.key, 'en') })),
      recordsByGrid: label(byGrid, (k) => k),
      householdsByTag: byTag,
      loansByMonth: label(loansByMonth, (k) => k),
      recordsByRetention: label(byRetention, (k) => RETENTION_LABELS[k as RetentionClass]?.zh ?? k),
      recordsByDueYear: label(byDueYear, (k) => (Number(k) <= year ? `${k}（已到期）` : k)),
    };
  }
}
