import type { EntityManager } from 'typeorm';
import { choiceProblem, inTreeOrder } from '../../shared/domain/record-categories';
import { RecordCategoryEntity } from '../db/entities';
import { ageAtYearEnd, ageBand, AGE_BANDS, yearBounds, type AnnualReportData, type GridResidents } from '../../shared/domain/annual-report';
import { printStamp } from '../../shared/domain/archive-time';
import { naturalSort } from '../../shared/domain/natural-order';
import type { Database } from '../db/database';
import type { SettingsService } from './settings.service';

type Row = Record<string, unknown>;
const n = (v: unknown) => Number(v ?? 0);
/** Still on the roster on the year's last day: active, or departed (迁出, 死亡) on a later date. */
const STILL_HERE = "(r.status = 'active' OR (r.status_on IS NOT NULL AND r.status_on >= ?))";
/** Not merged into another household (合户) before the year ended. */
const NOT_MERGED = `(h.status = 'active' OR NOT EXISTS (SELECT 1 FROM life_events e JOIN life_event_links l ON l.event_id = e.id
  WHERE l.subject = 'household:' || h.id AND e.kind = 'merge' AND e.occurred_on < ?))`;
const byKey = (rows: Row[], key: string): Record<string, number> => Object.fromEntries(rows.map((r) => [String(r[key] ?? ''), n(r.n)]));

/**
 * Figures of the 年度统计报表 (shared/domain/annual-report), counted in the database for one year
 * of the archive's calendar. Holdings are as at the year's end: residents and households approved
 * and registered before 1 January of the next year, records not yet destroyed by then. Counts only
 * — no name or number of a person leaves this service.
 */
export class AnnualReportService {
  constructor(
    private readonly db: Database,
    private readonly settings: SettingsService,
    private readonly now: () => number,
  ) {}

  async data(year: number, m: EntityManager = this.db.manager): Promise<AnnualReportData> {
    const s = await this.settings.get(m);
    const tz = s.timeZone;
    const { fromIso, toIso, fromDate, toDate } = yearBounds(year, tz);
    const q = (sql: string, params: unknown[] = []) => m.query(sql, params) as Promise<Row[]>;

    // Residents: grid × gender × birth year is a small result even for 100 000 people.
    const people = await q(
      `SELECT g.name AS grid, r.gender AS gender, substr(r.birth_date, 1, 4) AS birth_year, count(*) AS n
       FROM residents r LEFT JOIN households h ON h.id = r.household_id LEFT JOIN units u ON u.id = h.unit_id
       LEFT JOIN buildings b ON b.id = u.building_id LEFT JOIN grids g ON g.id = b.grid_id
       WHERE r.review_status = 'approved' AND r.created_at < ? AND ${STILL_HERE}
       GROUP BY g.id, g.name, r.gender, substr(r.birth_date, 1, 4)`,
      [toIso, toDate],
    );
    const grids = new Map<string, GridResidents>();
    for (const p of people) {
      const name = p.grid == null ? '未分网格' : String(p.grid);
      let g = grids.get(name);
      if (!g) grids.set(name, (g = { grid: name, male: 0, female: 0, otherGender: 0, bands: Array(AGE_BANDS.length + 1).fill(0) as number[] }));
      const count = n(p.n);
      if (p.gender === 'male') g.male += count;
      else if (p.gender === 'female') g.female += count;
      else g.otherGender += count;
      const by = String(p.birth_year ?? '');
      g.bands[ageBand(/^\d{4}$/.test(by) ? ageAtYearEnd(`${by}-01-01`, year) : null)] += count;
    }
    const [{ n: registeredInYear }] = await q("SELECT count(*) AS n FROM residents WHERE review_status = 'approved' AND created_at >= ? AND created_at < ?", [
      fromIso,
      toIso,
    ]);

    const moves = byKey(
      await q(
        `SELECT e.kind AS k, count(*) AS n FROM life_events e WHERE e.kind IN ('move_in', 'move_out', 'death') AND e.occurred_on >= ? AND e.occurred_on < ?
         AND e.counter_of IS NULL AND NOT EXISTS (SELECT 1 FROM life_events c WHERE c.counter_of = e.id) GROUP BY e.kind`,
        [fromDate, toDate],
      ),
      'k',
    );

    // Households and their tags (tags as they stand: tag changes are not dated); a household merged
    // into another (合户) before the year's end is gone.
    const HH = `FROM households h WHERE h.review_status = 'approved' AND h.created_at < ? AND ${NOT_MERGED}`;
    const [{ n: hhTotal }] = await q(`SELECT count(*) AS n ${HH}`, [toIso, toDate]);
    const [{ n: hhNew }] = await q("SELECT count(*) AS n FROM households WHERE review_status = 'approved' AND created_at >= ? AND created_at < ?", [
      fromIso,
      toIso,
    ]);
    const tagRows = await q(
      `SELECT t.name, t.code, t.discreet, t.sort_order, (SELECT count(DISTINCT ht.household_id) FROM household_tags ht JOIN households h ON h.id = ht.household_id
         WHERE ht.tag_id = t.id AND h.review_status = 'approved' AND h.created_at < ? AND ${NOT_MERGED}) AS n FROM tags t ORDER BY t.sort_order, t.name`,
      [toIso, toDate],
    );
    const [{ n: untagged }] = await q(`SELECT count(*) AS n ${HH} AND NOT EXISTS (SELECT 1 FROM household_tags ht WHERE ht.household_id = h.id)`, [
      toIso,
      toDate,
    ]);

    // Records held at the year's end (not destroyed before it) and added during it.
    const held = await q(
      `SELECT a.content_category AS category, a.retention_class AS cls, count(*) AS n, sum(a.pages) AS pages FROM archive_records a
       WHERE a.created_at < ? AND NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.record_id = a.id AND t.destroyed_at < ?)
       GROUP BY a.content_category, a.retention_class`,
      [toIso, toIso],
    );
    const holdings: Record<string, Record<string, number>> = {};
    for (const r of held) (holdings[String(r.category)] ??= {})[String(r.cls)] = n(r.n);
    const added = await q(
      'SELECT content_category AS k, count(*) AS n FROM archive_records WHERE created_at >= ? AND created_at < ? GROUP BY content_category',
      [fromIso, toIso],
    );

    const addedInYear = byKey(added, 'k');
    // One row per category that can be filed under or holds records, in the register's order and names.
    const register = await m.find(RecordCategoryEntity);
    const categories = inTreeOrder(register)
      .filter((c) => !choiceProblem(register, c.code) || c.code in holdings || c.code in addedInYear)
      .map((c) => ({ code: c.code, zh: c.nameZh }));

    // Loans by their calendar dates (already the archive's).
    const loans = await q('SELECT kind AS k, count(*) AS n FROM loans WHERE checkout_date >= ? AND checkout_date < ? GROUP BY kind', [fromDate, toDate]);
    const [lo] = await q(
      `SELECT sum(CASE WHEN borrower_kind = 'external' THEN 1 ELSE 0 END) AS external, sum(pages_out) AS pages FROM loans WHERE checkout_date >= ? AND checkout_date < ?`,
      [fromDate, toDate],
    );
    const [{ n: returned }] = await q('SELECT count(*) AS n FROM loans WHERE returned_on >= ? AND returned_on < ?', [fromDate, toDate]);
    const [open] = await q(
      `SELECT count(*) AS n, sum(CASE WHEN due_date < ? THEN 1 ELSE 0 END) AS overdue FROM loans
       WHERE checkout_date < ? AND (returned_on IS NULL OR returned_on >= ?)`,
      [toDate, toDate, toDate],
    );

    // Look-ups: requests made in the year, and views in the audit trail.
    const requests = await q('SELECT status AS k, count(*) AS n FROM access_requests WHERE created_at >= ? AND created_at < ? GROUP BY status', [
      fromIso,
      toIso,
    ]);
    const views = byKey(
      await q("SELECT action AS k, count(*) AS n FROM audit_log WHERE action IN ('resident.view', 'attachment.view') AND at >= ? AND at < ? GROUP BY action", [
        fromIso,
        toIso,
      ]),
      'k',
    );

    const [{ n: batches }] = await q('SELECT count(*) AS n FROM appraisal_batches WHERE created_at >= ? AND created_at < ?', [fromIso, toIso]);
    const decisions = await q(
      'SELECT decision AS k, count(*) AS n FROM appraisal_items WHERE decision IS NOT NULL AND decided_on >= ? AND decided_on < ? GROUP BY decision',
      [fromDate, toDate],
    );
    const [{ n: dBatches }] = await q("SELECT count(*) AS n FROM destruction_batches WHERE status = 'executed' AND executed_at >= ? AND executed_at < ?", [
      fromIso,
      toIso,
    ]);
    const [ts] = await q('SELECT count(*) AS n, sum(pages) AS pages FROM tombstones WHERE destroyed_at >= ? AND destroyed_at < ?', [fromIso, toIso]);

    return {
      communityName: s.communityName,
      year,
      timeZone: tz,
      printedAt: printStamp(this.now(), tz),
      residents: {
        byGrid: naturalSort([...grids.values()], (g) => g.grid),
        registeredInYear: n(registeredInYear),
        movedIn: moves.move_in ?? 0,
        movedOut: moves.move_out ?? 0,
        deaths: moves.death ?? 0,
      },
      households: {
        total: n(hhTotal),
        registeredInYear: n(hhNew),
        byTag: tagRows.map((t) => ({ name: String(t.name), code: String(t.code), discreet: !!n(t.discreet), households: n(t.n) })),
        untagged: n(untagged),
      },
      records: { holdings, addedInYear, pagesHeld: held.reduce((a, r) => a + n(r.pages), 0), categories },
      loans: {
        byKind: byKey(loans, 'k'),
        external: n(lo?.external),
        pagesOut: n(lo?.pages),
        returned: n(returned),
        openAtYearEnd: n(open?.n),
        overdueAtYearEnd: n(open?.overdue),
      },
      lookups: { requests: byKey(requests, 'k'), residentViews: views['resident.view'] ?? 0, attachmentViews: views['attachment.view'] ?? 0 },
      appraisal: { batches: n(batches), decisions: byKey(decisions, 'k') },
      destruction: { batches: n(dBatches), records: n(ts?.n), pages: n(ts?.pages) },
    };
  }
}
