import { Not, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { BoxNote, BoxRecordSheetData, BoxSpineData, BuildingCoverData, CoverData, PrintOptions, RecordLabelData } from '../../shared/domain/print-types';
import { RETENTION_LABELS, type RetentionClass } from '../../shared/domain/archive-types';
import type { TagDef } from '../../shared/domain/tags';
import { mixedBoxProblem } from '../../shared/domain/box-contents';
import { byNatural, naturalSort } from '../../shared/domain/natural-order';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Database } from '../db/database';
import {
  ArchiveRecordEntity,
  BuildingEntity,
  GridEntity,
  HouseholdEntity,
  HouseholdTagEntity,
  LocationEntity,
  ResidentEntity,
  TagEntity,
  UnitEntity,
} from '../db/entities';
import type { ArchiveRecordRow } from '../db/entities/record.entity';
import { boxRecordSheetPdf, boxSpinePdf } from '../print/box-spine.pdf';
import { buildingCoverPdf } from '../print/building-cover.pdf';
import { calibrationPdf } from '../print/calibration.pdf';
import { coverBatchPdf } from '../print/cover-batch';
import { pageCount, type PrintedPdf } from '../print/pdf-buffer';
import { recordLabelsPdf, type LabelSheetChoice } from '../print/record-label.pdf';
import { JobRunner } from './jobs';
import type { Actor } from './actor';
import type { AuditService } from './audit.service';
import type { SettingsService } from './settings.service';

export type PrintScope = { kind: 'records'; ids: string[] } | { kind: 'building'; id: string } | { kind: 'grid'; id: string };

type CoverRow = {
  id: string;
  archive_no: string;
  title: string;
  date_from: string | null;
  date_to: string | null;
  year: number;
  retention_class: string;
  retention_years: number | null;
  pages: number;
  household_id: string | null;
  grid: string | null;
  building: string | null;
  unit: string | null;
  room: string | null;
  head: string | null;
  l_room: string | null;
  cabinet: string | null;
  shelf: string | null;
  box: string | null;
};

/**
 * A record with its household's address, head and shelf place: what a cover shows. Raw rows (one
 * per record) in CoverRow's names; the head's name by a join on the household's head (an id, so
 * at most one row, as the single-value look-up it replaces).
 */
function coverQuery(m: EntityManager): SelectQueryBuilder<ArchiveRecordRow> {
  return m
    .createQueryBuilder(ArchiveRecordEntity, 'a')
    .select('a.id', 'id')
    .addSelect('a.archiveNo', 'archive_no')
    .addSelect('a.title', 'title')
    .addSelect('a.dateFrom', 'date_from')
    .addSelect('a.dateTo', 'date_to')
    .addSelect('a.year', 'year')
    .addSelect('a.retentionClass', 'retention_class')
    .addSelect('a.retentionYears', 'retention_years')
    .addSelect('a.pages', 'pages')
    .addSelect('a.householdId', 'household_id')
    .addSelect('g.name', 'grid')
    .addSelect('b.name', 'building')
    .addSelect('u.name', 'unit')
    .addSelect('h.room', 'room')
    .addSelect('hr.name', 'head')
    .addSelect('l.room', 'l_room')
    .addSelect('l.cabinet', 'cabinet')
    .addSelect('l.shelf', 'shelf')
    .addSelect('l.box', 'box')
    .leftJoin(HouseholdEntity.options.name, 'h', 'h.id = a.householdId')
    .leftJoin(ResidentEntity.options.name, 'hr', 'hr.id = h.headResidentId')
    .leftJoin(UnitEntity.options.name, 'u', 'u.id = h.unitId')
    .leftJoin(BuildingEntity.options.name, 'b', 'b.id = u.buildingId')
    .leftJoin(GridEntity.options.name, 'g', 'g.id = b.gridId')
    .leftJoin(LocationEntity.options.name, 'l', 'l.id = a.locationId')
    .where('a.status <> :destroyed', { destroyed: 'destroyed' });
}

export const retentionText = (cls: string, years: number | null): string =>
  cls === 'CUSTOM' ? `定期${years}年` : (RETENTION_LABELS[cls as RetentionClass]?.zh ?? cls);

/** Print data from the register: covers, building covers, box spines, labels (layouts in electron/print). */
export class PrintService {
  readonly jobs = new JobRunner<PrintedPdf>();

  constructor(
    private readonly db: Database,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {}

  /** A document printed now, recorded as `print.<what>` with its page count (and the characters the font lacked). */
  async printed(actor: Actor, what: string, details: Record<string, unknown>, make: () => Promise<PrintedPdf>): Promise<PrintedPdf> {
    const p = await make();
    await this.audit.record({
      actor: actor.username,
      action: `print.${what}`,
      details: { ...details, pages: pageCount(p.pdf), ...(p.unprintable.length ? { unprintable: p.unprintable.length } : {}) },
    });
    return p;
  }

  async coverData(scope: PrintScope, m: EntityManager = this.db.manager): Promise<CoverData[]> {
    const community = (await this.settings.get(m)).communityName;
    let rows: CoverRow[];
    if (scope.kind === 'records') {
      rows = [];
      for (let i = 0; i < scope.ids.length; i += 500) {
        const ids = scope.ids.slice(i, i + 500);
        rows.push(...(await coverQuery(m).andWhere('a.id IN (:...ids)', { ids }).getRawMany<CoverRow>()));
      }
    } else {
      rows = await coverQuery(m)
        .andWhere(scope.kind === 'building' ? 'b.id = :id' : 'g.id = :id', { id: scope.id })
        .orderBy('b.code')
        .addOrderBy('u.code')
        .addOrderBy('h.room')
        .addOrderBy('a.archiveNo')
        .getRawMany<CoverRow>();
      // Covers go into the boxes in the order a keeper reads the doors: 2号楼 before 10号楼, 101 before 1001.
      rows.sort(
        byNatural(
          (r) => r.building,
          (r) => r.unit,
          (r) => r.room,
          (r) => r.archive_no,
        ),
      );
    }
    if (!rows.length) throw new AppError('NOT_FOUND', ERR.records.nothingToPrint);
    const tags = await this.tagsByHousehold(
      m,
      rows.map((r) => r.household_id).filter((x): x is string => !!x),
    );
    return rows.map((r) => {
      const t = (r.household_id && tags.get(r.household_id)) || [];
      const discreet = t.some((x) => x.discreet);
      return {
        community,
        archiveNo: r.archive_no,
        title: r.title,
        householdHead: discreet ? null : r.head,
        address: { grid: r.grid ?? '', building: r.building ?? '', unit: r.unit ?? '', room: r.room ?? '' },
        dateFrom: r.date_from ?? String(r.year),
        dateTo: r.date_to,
        retention: retentionText(r.retention_class, r.retention_years),
        pages: Number(r.pages),
        location: r.l_room ? { room: r.l_room, cabinet: r.cabinet ?? '', shelf: r.shelf ?? '', box: r.box ?? '' } : null,
        tags: t,
        discreetHousehold: discreet,
      };
    });
  }

  async countCovers(scope: PrintScope): Promise<number> {
    if (scope.kind === 'records') return scope.ids.length;
    return this.db.manager
      .createQueryBuilder(ArchiveRecordEntity, 'a')
      .innerJoin(HouseholdEntity.options.name, 'h', 'h.id = a.householdId')
      .innerJoin(UnitEntity.options.name, 'u', 'u.id = h.unitId')
      .innerJoin(BuildingEntity.options.name, 'b', 'b.id = u.buildingId')
      .innerJoin(GridEntity.options.name, 'g', 'g.id = b.gridId')
      .where(scope.kind === 'building' ? 'b.id = :id' : 'g.id = :id', { id: scope.id })
      .andWhere('a.status <> :destroyed', { destroyed: 'destroyed' })
      .getCount();
  }

  /** Every record still kept, in 档号 order, in selections of at most `size` (the print channel's limit). */
  async coverPages(size: number): Promise<string[][]> {
    const ids = await this.db.manager.find(ArchiveRecordEntity, { select: { id: true }, where: { status: Not('destroyed') }, order: { archiveNo: 'ASC' } });
    const pages: string[][] = [];
    for (let i = 0; i < ids.length; i += size) pages.push(ids.slice(i, i + size).map((r) => r.id));
    return pages;
  }

  /** A batch of covers asked for: recorded with its size when asked, then made by a job of its owner's. */
  async askCovers(actor: Actor & { via?: 'cli' }, owner: string, scope: PrintScope, opts: PrintOptions) {
    const total = await this.countCovers(scope);
    await this.audit.record({
      actor: actor.username,
      action: 'print.covers',
      details: { scope: scope.kind, id: 'id' in scope ? scope.id : null, count: total, ...(actor.via ? { via: actor.via } : {}) },
    });
    return this.startCovers(owner, scope, opts, total);
  }

  /** Starts a batch of covers into one PDF; progress and cancel through the job. */
  startCovers(owner: string, scope: PrintScope, opts: PrintOptions, total: number) {
    return this.jobs.start(owner, total, async ({ signal, progress }) => {
      const covers = await this.coverData(scope);
      progress(0, covers.length);
      return coverBatchPdf(covers, opts, { signal, onProgress: (d) => progress(d) });
    });
  }

  async buildingCover(buildingId: string, opts: PrintOptions): Promise<PrintedPdf> {
    const m = this.db.manager;
    const b = await m
      .createQueryBuilder(BuildingEntity, 'b')
      .innerJoin(GridEntity.options.name, 'g', 'g.id = b.gridId')
      .select('b.name', 'name')
      .addSelect('g.name', 'grid')
      .addSelect('g.worker', 'worker')
      .where('b.id = :id', { id: buildingId })
      .getRawOne<{ name: string; grid: string; worker: string | null }>();
    if (!b) throw new AppError('NOT_FOUND', ERR.records.buildingNotFound);
    const units = naturalSort(await m.find(UnitEntity, { select: { name: true }, where: { buildingId }, order: { code: 'ASC' } }), (u) => u.name);
    const hh = await m
      .createQueryBuilder(HouseholdEntity, 'h')
      .innerJoin(UnitEntity.options.name, 'u', 'u.id = h.unitId')
      .leftJoin(ResidentEntity.options.name, 'hr', 'hr.id = h.headResidentId')
      .select('h.id', 'id')
      .addSelect('u.name', 'unit')
      .addSelect('h.room', 'room')
      .addSelect('hr.name', 'head')
      .where('u.buildingId = :id', { id: buildingId })
      .orderBy('u.code')
      .addOrderBy('h.room')
      .getRawMany<{ id: string; unit: string; room: string; head: string | null }>();
    hh.sort(
      byNatural(
        (h) => h.unit,
        (h) => h.room,
      ),
    );
    const tags = await this.tagsByHousehold(
      m,
      hh.map((h) => h.id),
    );
    const data: BuildingCoverData = {
      community: (await this.settings.get()).communityName,
      grid: b.grid,
      building: b.name,
      units: units.map((u) => u.name),
      gridWorker: b.worker ?? undefined,
      households: hh.map((h) => {
        const t = tags.get(h.id) ?? [];
        const discreet = t.some((x) => x.discreet);
        return { unit: h.unit, room: h.room, headName: discreet ? null : h.head, tags: t, discreetHousehold: discreet };
      }),
    };
    return buildingCoverPdf(data, opts);
  }

  /** Spine and 备考表 of one box (a location): years, retention and item range from its records. */
  async boxData(locationId: string): Promise<{ spine: Omit<BoxSpineData, 'spineWidthMm'>; community: string }> {
    const m = this.db.manager;
    const l = await m.findOneBy(LocationEntity, { id: locationId });
    if (!l) throw new AppError('NOT_FOUND', ERR.records.locationNotFound);
    const recs = await m
      .createQueryBuilder(ArchiveRecordEntity, 'a')
      .select('a.archiveNo', 'archive_no')
      .addSelect('a.year', 'year')
      .addSelect('a.retentionClass', 'retention_class')
      .addSelect('a.retentionYears', 'retention_years')
      .where('a.locationId = :id', { id: locationId })
      .andWhere('a.status <> :destroyed', { destroyed: 'destroyed' })
      .orderBy('a.archiveNo')
      .getRawMany<{ archive_no: string; year: number; retention_class: string; retention_years: number | null }>();
    recs.sort(byNatural((r) => r.archive_no));
    // DA/T 22: one year and one retention period per box; a mixed box is refused by name.
    const mixed = mixedBoxProblem(
      recs.map((r) => ({ archiveNo: r.archive_no, year: Number(r.year), retention: retentionText(r.retention_class, r.retention_years) })),
    );
    if (mixed) throw new AppError('CONFLICT', mixed);
    const s = await this.settings.get();
    const years = [...new Set(recs.map((r) => r.year))];
    const classes = [...new Set(recs.map((r) => retentionText(r.retention_class, r.retention_years)))];
    return {
      community: s.communityName,
      spine: {
        fondsNo: s.fondsCode,
        year: years.length ? String(years[0]) : '',
        retention: classes[0] ?? '',
        itemFrom: recs[0]?.archive_no ?? '',
        itemTo: recs[recs.length - 1]?.archive_no ?? '',
        boxNo: `${l.cabinet}-${l.shelf}-${l.box}`,
      },
    };
  }

  async boxSpine(locationId: string, spineWidthMm: number, opts: PrintOptions): Promise<PrintedPdf> {
    const { spine } = await this.boxData(locationId);
    return boxSpinePdf([{ ...spine, spineWidthMm }], opts);
  }

  async boxSheet(
    locationId: string,
    sheet: { notes: BoxNote[]; arrangedBy: string; arrangedDate: string; checkedBy: string; checkedDate: string },
    opts: PrintOptions,
  ): Promise<PrintedPdf> {
    const { spine, community } = await this.boxData(locationId);
    const data: BoxRecordSheetData = { community, fondsNo: spine.fondsNo, year: spine.year, boxNo: spine.boxNo, ...sheet };
    return boxRecordSheetPdf(data, opts);
  }

  async labels(recordIds: string[], opts: PrintOptions, choice?: LabelSheetChoice): Promise<PrintedPdf> {
    const covers = await this.coverData({ kind: 'records', ids: recordIds });
    const labels: RecordLabelData[] = covers.map((c) => ({
      archiveNo: c.archiveNo,
      title: c.title,
      year: c.dateFrom.slice(0, 4),
      retention: c.retention,
      boxNo: c.location?.box,
    }));
    return recordLabelsPdf(labels, opts, choice);
  }

  async calibration(opts: PrintOptions): Promise<PrintedPdf> {
    return { pdf: await calibrationPdf(opts), unprintable: [] };
  }

  private async tagsByHousehold(m: EntityManager, ids: string[]): Promise<Map<string, TagDef[]>> {
    const out = new Map<string, TagDef[]>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500);
      // Raw rows: discreet is 0/1 on SQLite and a boolean on PostgreSQL; `!!` below reads both.
      const rows = await m
        .createQueryBuilder(HouseholdTagEntity, 'ht')
        .innerJoin(TagEntity.options.name, 't', 't.id = ht.tagId')
        .select('ht.householdId', 'household_id')
        .addSelect('t.id', 'id')
        .addSelect('t.name', 'name')
        .addSelect('t.color', 'color')
        .addSelect('t.code', 'code')
        .addSelect('t.discreet', 'discreet')
        .addSelect('t.order', 'sort_order')
        .where('ht.householdId IN (:...chunk)', { chunk })
        .orderBy('t.order')
        .getRawMany<{ household_id: string; id: string; name: string; color: string; code: string; discreet: number | boolean; sort_order: number }>();
      for (const r of rows)
        out.set(r.household_id, [
          ...(out.get(r.household_id) ?? []),
          { id: r.id, name: r.name, color: r.color, code: r.code, discreet: !!r.discreet, order: r.sort_order },
        ]);
    }
    return out;
  }
}
