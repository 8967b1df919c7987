import type { CountRow, DashboardData } from '../../shared/contract/dashboard.contract';
import { RETENTION_LABELS, type RetentionClass } from '../../shared/domain/archive-types';
import { addDays } from '../../shared/domain/lending';
import { byNatural, naturalCompare } from '../../shared/domain/natural-order';
import { categoryName } from '../../shared/domain/record-categories';
import { compareTags } from '../../shared/domain/tags';
import { AccessRequestEntity, GridEntity, HouseholdTagEntity, LoanEntity, PendingChangeEntity, RecordCategoryEntity, TagEntity } from '../db/entities';
import type { Database } from '../db/database';
import { dialectOf } from '../db/engine';
import type { ArchiveCalendar } from './archive-calendar';

/**
 * The home page's numbers, from the engine's counters (EngineDialect.tallyTotals …) and small aggregate
 * queries (never from loading rows), so the page stays fast at a million residents. Counts only: no names leave here, so every role may see it.
 */
export class DashboardService {
  constructor(
    private readonly db: Database,
    private readonly calendar: ArchiveCalendar,
  ) {}

  async get(extra: { destructionWaiting?: () => Promise<number>; daysSinceBackup?: () => Promise<number | null> } = {}): Promise<DashboardData> {
    const m = this.db.manager;
    const dialect = dialectOf(m);
    const today = await this.calendar.today(m);
    const year = Number(today.slice(0, 4));

    const openLoans = () => m.createQueryBuilder(LoanEntity, 'l').where('l.returnedOn IS NULL');
    // One after another: on PostgreSQL counts asked together each take a pooled connection (opening new
    // ones on a first visit: 40 ms), for four small counts that take ≈ 0.3 ms each on one connection.
    const overdueLoans = await openLoans().andWhere('l.dueDate < :today', { today }).getCount();
    const loansDueThisWeek = await openLoans()
      .andWhere('l.dueDate >= :today AND l.dueDate <= :week', { today, week: addDays(today, 7) })
      .getCount();
    const pendingReviews = await m.countBy(PendingChangeEntity, { status: 'pending' });
    const lookupRequestsWaiting = await m.countBy(AccessRequestEntity, { status: 'pending' });
    // Counters kept by the engine (dialect: SQLite's triggers, db/tallies.ts; PostgreSQL counts): a few dozen rows at any size.
    // Residents and households count the active roster: departed ones (迁出, 死亡) keep their archive.
    const totals = await dialect.tallyTotals(m);
    const [residents, households, attachments] = (['residents', 'households', 'attachments'] as const).map((k) => totals.get(k) ?? 0);
    // Records by category, class, due year and status answer five tiles.
    const groups = await dialect.recordTallies(m);
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
    const perGrid = await dialect.gridTallies(m);
    const byGrid = (await m.find(GridEntity)).map((g) => ({ key: g.name, count: perGrid.get(g.id) ?? 0 })).sort(byNatural((r) => r.key));
    // Every role sees the home page, so a discreet tag (重点户) is shown by its code and colour only:
    // its name never leaves the Node side here (the legend stays with the keepers, in 设置 → 标签).
    const tagRows: { id: string; name: string; color: string; code: string; discreet: number | boolean; sort_order: number; count: number }[] = await m
      .createQueryBuilder(TagEntity, 't')
      .leftJoin(HouseholdTagEntity.options.name, 'ht', 'ht.tagId = t.id')
      .select('t.id', 'id')
      .addSelect('t.name', 'name')
      .addSelect('t.color', 'color')
      .addSelect('t.code', 'code')
      .addSelect('t.discreet', 'discreet')
      .addSelect('t.order', 'sort_order')
      .addSelect('count(ht.householdId)', 'count')
      .groupBy('t.id')
      .getRawMany();
    const byTag = tagRows
      .sort((a, b) => compareTags({ order: Number(a.sort_order), name: a.name }, { order: Number(b.sort_order), name: b.name }))
      .map((r) => ({ key: r.id, label: r.discreet ? r.code : r.name, color: r.color, code: r.code, discreet: !!r.discreet, count: Number(r.count) }));
    const loansByMonth = (
      (await m
        .createQueryBuilder(LoanEntity, 'l')
        .select('substr(l.checkoutDate, 1, 7)', 'key')
        .addSelect('count(*)', 'count')
        .where('l.checkoutDate >= :from', { from: `${year - 1}-${today.slice(5, 7)}-01` })
        .groupBy('substr(l.checkoutDate, 1, 7)')
        .orderBy('key')
        .getRawMany()) as { key: string; count: number }[]
    ).map((r) => ({ key: String(r.key ?? ''), count: Number(r.count) }));
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
