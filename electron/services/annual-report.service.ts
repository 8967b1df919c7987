import { annualReportXlsx } from '../export/annual-report.xlsx';
import { annualReportPdf } from '../print/annual-report.pdf';
import type { Actor } from './actor';
import type { AuditService } from './audit.service';
import type { EntityManager, EntitySchema, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { choiceProblem, inTreeOrder } from '../../shared/domain/record-categories';
import {
  AccessRequestEntity,
  AppraisalBatchEntity,
  AppraisalItemEntity,
  ArchiveRecordEntity,
  AuditEntryEntity,
  BuildingEntity,
  DestructionBatchEntity,
  GridEntity,
  HouseholdEntity,
  LifeEventEntity,
  LoanEntity,
  RecordCategoryEntity,
  ResidentEntity,
  TagEntity,
  TombstoneEntity,
  UnitEntity,
} from '../db/entities';
import { ageAtYearEnd, ageBand, AGE_BANDS, yearBounds, type AnnualReportData, type GridResidents } from '../../shared/domain/annual-report';
import { printStamp } from '../../shared/domain/archive-time';
import { naturalSort } from '../../shared/domain/natural-order';
import type { Database } from '../db/database';
import type { SettingsService } from './settings.service';

type Row = Record<string, unknown>;
const n = (v: unknown) => Number(v ?? 0);
/** Still on the roster on the year's last day: active, or departed (迁出, 死亡) on a later date. */
const STILL_HERE = "(r.status = 'active' OR (r.statusOn IS NOT NULL AND r.statusOn >= :toDate))";
/** Not merged into another household (合户) before the year ended (h: households, by column). */
const NOT_MERGED = `(h.status = 'active' OR NOT EXISTS (SELECT 1 FROM life_events e JOIN life_event_links l ON l.event_id = e.id
  WHERE l.subject = 'household:' || h.id AND e.kind = 'merge' AND e.occurred_on < :toDate))`;
const byKey = (rows: Row[], key: string): Record<string, number> => Object.fromEntries(rows.map((r) => [String(r[key] ?? ''), n(r.n)]));

/**
 * Figures of the 年度统计报表 (shared/domain/annual-report), counted in the database for one year
 * of the archive's calendar. Holdings are as at the year's end: residents and households approved
 * and registered before 1 January of the next year, records not yet destroyed by then. Counts only
 * — no name or number of a person leaves this service. Every count is a QueryBuilder aggregate
 * over the entities, the same on SQLCipher and PostgreSQL.
 */
export class AnnualReportService {
  constructor(
    private readonly db: Database,
    private readonly settings: SettingsService,
    private readonly now: () => number,
    private readonly audit: AuditService,
  ) {}

  /** 年度统计报表 as a PDF or XLSX, made now and recorded (the year and format, no figures). */
  async printed(actor: Actor, year: number, format: 'pdf' | 'xlsx'): Promise<{ data: AnnualReportData; bytes: Buffer }> {
    const data = await this.data(year);
    const bytes = format === 'pdf' ? await annualReportPdf(data) : await annualReportXlsx(data);
    await this.audit.record({ actor: actor.username, action: 'report.annual', subject: `year:${year}`, details: { year, format } });
    return { data, bytes };
  }

  async data(year: number, m: EntityManager = this.db.manager): Promise<AnnualReportData> {
    const s = await this.settings.get(m);
    const tz = s.timeZone;
    const { fromIso, toIso, fromDate, toDate } = yearBounds(year, tz);
    const p = { fromIso, toIso, fromDate, toDate };
    const one = async <T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<Row> => ((await qb.setParameters(p).getRawOne()) as Row | undefined) ?? {};
    const many = <T extends ObjectLiteral>(qb: SelectQueryBuilder<T>) => qb.setParameters(p).getRawMany() as Promise<Row[]>;
    /** count(*) AS n, and `k` the group key when given. */
    const counted = <T extends ObjectLiteral>(entity: EntitySchema<T>, alias: string, k?: string) => {
      const qb = m.createQueryBuilder(entity, alias).select('count(*)', 'n');
      return k ? qb.addSelect(k, 'k').groupBy(k) : qb;
    };

    // Residents: grid × gender × birth year is a small result even for 100 000 people.
    const people = await many(
      m
        .createQueryBuilder(ResidentEntity, 'r')
        .leftJoin(HouseholdEntity.options.name, 'h', 'h.id = r.householdId')
        .leftJoin(UnitEntity.options.name, 'u', 'u.id = h.unitId')
        .leftJoin(BuildingEntity.options.name, 'b', 'b.id = u.buildingId')
        .leftJoin(GridEntity.options.name, 'g', 'g.id = b.gridId')
        .select('g.name', 'grid')
        .addSelect('r.gender', 'gender')
        .addSelect('substr(r.birthDate, 1, 4)', 'birth_year')
        .addSelect('count(*)', 'n')
        .where("r.reviewStatus = 'approved' AND r.createdAt < :toIso")
        .andWhere(STILL_HERE)
        .groupBy('g.id')
        .addGroupBy('g.name')
        .addGroupBy('r.gender')
        .addGroupBy('substr(r.birthDate, 1, 4)'),
    );
    const grids = new Map<string, GridResidents>();
    for (const row of people) {
      const name = row.grid == null ? '未分网格' : String(row.grid);
      let g = grids.get(name);
      if (!g) grids.set(name, (g = { grid: name, male: 0, female: 0, otherGender: 0, bands: Array(AGE_BANDS.length + 1).fill(0) as number[] }));
      const count = n(row.n);
      if (row.gender === 'male') g.male += count;
      else if (row.gender === 'female') g.female += count;
      else g.otherGender += count;
      const by = String(row.birth_year ?? '');
      g.bands[ageBand(/^\d{4}$/.test(by) ? ageAtYearEnd(`${by}-01-01`, year) : null)] += count;
    }
    const approvedIn = <T extends ObjectLiteral>(entity: EntitySchema<T>, alias: string) =>
      one(counted(entity, alias).where(`${alias}.reviewStatus = 'approved' AND ${alias}.createdAt >= :fromIso AND ${alias}.createdAt < :toIso`));
    const { n: registeredInYear } = await approvedIn(ResidentEntity, 'r');

    const moves = byKey(
      await many(
        counted(LifeEventEntity, 'e', 'e.kind')
          .where("e.kind IN ('move_in', 'move_out', 'death') AND e.occurredOn >= :fromDate AND e.occurredOn < :toDate AND e.counterOf IS NULL")
          .andWhere('NOT EXISTS (SELECT 1 FROM life_events c WHERE c.counter_of = e.id)'),
      ),
      'k',
    );

    // Households and their tags (tags as they stand: tag changes are not dated); a household merged
    // into another (合户) before the year's end is gone.
    const held = () => counted(HouseholdEntity, 'h').where("h.reviewStatus = 'approved' AND h.createdAt < :toIso").andWhere(NOT_MERGED);
    const { n: hhTotal } = await one(held());
    const { n: hhNew } = await approvedIn(HouseholdEntity, 'h');
    const tagRows = await many(
      m
        .createQueryBuilder(TagEntity, 't')
        .select('t.name', 'name')
        .addSelect('t.code', 'code')
        .addSelect('t.discreet', 'discreet')
        .addSelect(
          `(SELECT count(DISTINCT ht.household_id) FROM household_tags ht JOIN households h ON h.id = ht.household_id
            WHERE ht.tag_id = t.id AND h.review_status = 'approved' AND h.created_at < :toIso AND ${NOT_MERGED})`,
          'n',
        )
        .orderBy('t.order')
        .addOrderBy('t.name'),
    );
    const { n: untagged } = await one(held().andWhere('NOT EXISTS (SELECT 1 FROM household_tags ht WHERE ht.household_id = h.id)'));

    // Records held at the year's end (not destroyed before it) and added during it.
    const heldRecords = await many(
      m
        .createQueryBuilder(ArchiveRecordEntity, 'a')
        .select('a.contentCategory', 'category')
        .addSelect('a.retentionClass', 'cls')
        .addSelect('count(*)', 'n')
        .addSelect('sum(a.pages)', 'pages')
        .where('a.createdAt < :toIso')
        .andWhere('NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.record_id = a.id AND t.destroyed_at < :toIso)')
        .groupBy('a.contentCategory')
        .addGroupBy('a.retentionClass'),
    );
    const holdings: Record<string, Record<string, number>> = {};
    for (const r of heldRecords) (holdings[String(r.category)] ??= {})[String(r.cls)] = n(r.n);
    const added = await many(counted(ArchiveRecordEntity, 'a', 'a.contentCategory').where('a.createdAt >= :fromIso AND a.createdAt < :toIso'));

    const addedInYear = byKey(added, 'k');
    // One row per category that can be filed under or holds records, in the register's order and names.
    const register = await m.find(RecordCategoryEntity);
    const categories = inTreeOrder(register)
      .filter((c) => !choiceProblem(register, c.code) || c.code in holdings || c.code in addedInYear)
      .map((c) => ({ code: c.code, zh: c.nameZh }));

    // Loans by their calendar dates (already the archive's).
    const outInYear = 'l.checkoutDate >= :fromDate AND l.checkoutDate < :toDate';
    const loans = await many(counted(LoanEntity, 'l', 'l.kind').where(outInYear));
    const lo = await one(
      m
        .createQueryBuilder(LoanEntity, 'l')
        .select("sum(CASE WHEN l.borrowerKind = 'external' THEN 1 ELSE 0 END)", 'external')
        .addSelect('sum(l.pagesOut)', 'pages')
        .where(outInYear),
    );
    const { n: returned } = await one(counted(LoanEntity, 'l').where('l.returnedOn >= :fromDate AND l.returnedOn < :toDate'));
    const open = await one(
      counted(LoanEntity, 'l')
        .addSelect('sum(CASE WHEN l.dueDate < :toDate THEN 1 ELSE 0 END)', 'overdue')
        .where('l.checkoutDate < :toDate AND (l.returnedOn IS NULL OR l.returnedOn >= :toDate)'),
    );

    // Look-ups: requests made in the year, and views in the audit trail.
    const requests = await many(counted(AccessRequestEntity, 'q', 'q.status').where('q.createdAt >= :fromIso AND q.createdAt < :toIso'));
    const views = byKey(
      await many(counted(AuditEntryEntity, 'x', 'x.action').where("x.action IN ('resident.view', 'attachment.view') AND x.at >= :fromIso AND x.at < :toIso")),
      'k',
    );

    const { n: batches } = await one(counted(AppraisalBatchEntity, 'ab').where('ab.createdAt >= :fromIso AND ab.createdAt < :toIso'));
    const decisions = await many(
      counted(AppraisalItemEntity, 'ai', 'ai.decision').where('ai.decision IS NOT NULL AND ai.decidedOn >= :fromDate AND ai.decidedOn < :toDate'),
    );
    const { n: dBatches } = await one(
      counted(DestructionBatchEntity, 'db').where("db.status = 'executed' AND db.executedAt >= :fromIso AND db.executedAt < :toIso"),
    );
    const ts = await one(counted(TombstoneEntity, 'ts').addSelect('sum(ts.pages)', 'pages').where('ts.destroyedAt >= :fromIso AND ts.destroyedAt < :toIso'));

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
      records: { holdings, addedInYear, pagesHeld: heldRecords.reduce((a, r) => a + n(r.pages), 0), categories },
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
