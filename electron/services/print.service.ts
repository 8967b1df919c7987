import type { EntityManager } from 'typeorm';
import type { BoxNote, BoxRecordSheetData, BoxSpineData, BuildingCoverData, CoverData, PrintOptions, RecordLabelData } from '../../shared/domain/print-types';
import { RETENTION_LABELS, type RetentionClass } from '../../shared/domain/archive-types';
import type { TagDef } from '../../shared/domain/tags';
import { mixedBoxProblem } from '../../shared/domain/box-contents';
import { byNatural, naturalSort } from '../../shared/domain/natural-order';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Database } from '../db/database';
import { boxRecordSheetPdf, boxSpinePdf } from '../print/box-spine.pdf';
import { buildingCoverPdf } from '../print/building-cover.pdf';
import { calibrationPdf } from '../print/calibration.pdf';
import { coverBatchPdf } from '../print/cover-batch';
import type { PrintedPdf } from '../print/pdf-buffer';
import { recordLabelsPdf, type LabelSheetChoice } from '../print/record-label.pdf';
import { JobRunner } from './jobs';
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

const COVER_SQL = `SELECT a.id, a.archive_no, a.title, a.date_from, a.date_to, a.year, a.retention_class, a.retention_years, a.pages, a.household_id,
  g.name AS grid, b.name AS building, u.name AS unit, h.room, (SELECT r.name FROM residents r WHERE r.id = h.head_resident_id) AS head,
  l.room AS l_room, l.cabinet, l.shelf, l.box
  FROM archive_records a
  LEFT JOIN households h ON h.id = a.household_id LEFT JOIN units u ON u.id = h.unit_id LEFT JOIN buildings b ON b.id = u.building_id LEFT JOIN grids g ON g.id = b.grid_id
  LEFT JOIN locations l ON l.id = a.location_id`;

export const retentionText = (cls: string, years: number | null): string =>
  cls === 'CUSTOM' ? `定期${years}年` : (RETENTION_LABELS[cls as RetentionClass]?.zh ?? cls);

/** Print data from the register: covers, building covers, box spines, labels (layouts in electron/print). */
export class PrintService {
  readonly jobs = new JobRunner<PrintedPdf>();

  constructor(
    private readonly db: Database,
    private readonly settings: SettingsService,
  ) {}

  async coverData(scope: PrintScope, m: EntityManager = this.db.manager): Promise<CoverData[]> {
    const community = (await this.settings.get(m)).communityName;
    let rows: CoverRow[];
    if (scope.kind === 'records') {
      rows = [];
      for (let i = 0; i < scope.ids.length; i += 500) {
        const ids = scope.ids.slice(i, i + 500);
        rows.push(...(await m.query(`${COVER_SQL} WHERE a.id IN (${ids.map(() => '?').join(',')}) AND a.status <> 'destroyed'`, ids)));
      }
    } else {
      const where = scope.kind === 'building' ? 'b.id = ?' : 'g.id = ?';
      rows = await m.query(`${COVER_SQL} WHERE ${where} AND a.status <> 'destroyed' ORDER BY b.code, u.code, h.room, a.archive_no`, [scope.id]);
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
    const where = scope.kind === 'building' ? 'b.id = ?' : 'g.id = ?';
    const [{ n }] = await this.db.manager.query(
      `SELECT count(*) AS n FROM archive_records a JOIN households h ON h.id = a.household_id JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id JOIN grids g ON g.id = b.grid_id WHERE ${where} AND a.status <> 'destroyed'`,
      [scope.id],
    );
    return Number(n);
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
    const [b] = await m.query('SELECT b.name, g.name AS grid, g.worker FROM buildings b JOIN grids g ON g.id = b.grid_id WHERE b.id = ?', [buildingId]);
    if (!b) throw new AppError('NOT_FOUND', ERR.records.buildingNotFound);
    const units: { name: string }[] = naturalSort(
      await m.query('SELECT name FROM units WHERE building_id = ? ORDER BY code', [buildingId]),
      (u: { name: string }) => u.name,
    );
    const hh: { id: string; unit: string; room: string; head: string | null }[] = await m.query(
      'SELECT h.id, u.name AS unit, h.room, (SELECT r.name FROM residents r WHERE r.id = h.head_resident_id) AS head FROM households h JOIN units u ON u.id = h.unit_id WHERE u.building_id = ? ORDER BY u.code, h.room',
      [buildingId],
    );
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
    const [l] = await m.query('SELECT * FROM locations WHERE id = ?', [locationId]);
    if (!l) throw new AppError('NOT_FOUND', ERR.records.locationNotFound);
    const recs: { archive_no: string; year: number; retention_class: string; retention_years: number | null }[] = await m.query(
      "SELECT archive_no, year, retention_class, retention_years FROM archive_records WHERE location_id = ? AND status <> 'destroyed' ORDER BY archive_no",
      [locationId],
    );
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
      const rows: { household_id: string; id: string; name: string; color: string; code: string; discreet: number; sort_order: number }[] = await m.query(
        `SELECT ht.household_id, t.id, t.name, t.color, t.code, t.discreet, t.sort_order FROM household_tags ht JOIN tags t ON t.id = ht.tag_id WHERE ht.household_id IN (${chunk.map(() => '?').join(',')}) ORDER BY t.sort_order`,
        chunk,
      );
      for (const r of rows)
        out.set(r.household_id, [
          ...(out.get(r.household_id) ?? []),
          { id: r.id, name: r.name, color: r.color, code: r.code, discreet: !!r.discreet, order: r.sort_order },
        ]);
    }
    return out;
  }
}
