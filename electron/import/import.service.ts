import { createHash } from 'node:crypto';
import type { ImportReport } from '../../shared/contract/data.contract';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { ArchiveCore } from '../core/archive-core';
import { csvFile } from '../export/csv';
import type { Actor } from '../services/actor';
import { executePlan, type CommitControl } from './commit';
import { allowedValues, archiveTags, importMappings, mergeMappings } from './mappings';
import { planImport, type Plan } from './plan';
import { rejectedRowsXlsx } from './rejected-rows';
import { readSheet, type Sheet } from './sheet-reader';
import { appliedMappings, groupUnknownValues } from './unknown-values';
import { validateRows, type RowIssue, type Validated, type ValueMappings } from './validate-rows';

const SHOWN_ISSUES = 2000;
const SHOWN_GROUPS = 500;

/** For one dry run only (the CLI's --map / --create-missing-tags together with --dry-run): nothing is saved. */
export interface DryRunOptions {
  /** Mappings on top of the saved ones. */
  mappings?: ValueMappings;
  /** Tag names taken as existing, as if they had been created. */
  assumeTags?: readonly string[];
  /** Also plan a 基本信息档案 record for each new person (off by default: a 档号 and a record each). */
  basicRecords?: boolean;
}

export interface CommitOptions {
  /** Import the rows without problems and leave the others out, instead of refusing the sheet. */
  skipRejected?: boolean;
  /** See DryRunOptions.basicRecords. */
  basicRecords?: boolean;
}

interface Parsed {
  sheet: Sheet;
  validated: Validated;
  sha256: string;
  /** What validation used: saved mappings plus this run's. */
  mappings: ValueMappings;
  saved: ValueMappings;
  tagNames: string[];
}
interface Checked extends Parsed {
  plan: Plan;
}

/**
 * Import of the community's basic-information sheet. The dry run and the commit run the same
 * checks; the commit re-plans inside its one transaction and refuses to write when any row is bad,
 * so a sheet lands whole or not at all. One audit entry per import (file hash, counts), not per row.
 */
export class ImportService {
  constructor(private readonly core: ArchiveCore) {}

  /** The archive's date (its time zone), so a sheet imported at 07:30 on 1 January in Beijing files its records under the new year. */
  private today(): Promise<string> {
    return this.core.services.calendar.today();
  }

  async dryRun(fileName: string, bytes: Buffer, opts: DryRunOptions = {}): Promise<ImportReport> {
    return report(await this.check(fileName, bytes, opts, await this.today()));
  }

  /** The rows a dry run refuses, as an XLSX to fix and import again (see rejected-rows.ts). */
  async rejectedRows(fileName: string, bytes: Buffer): Promise<{ buffer: Buffer; rows: number }> {
    const c = await this.check(fileName, bytes, {}, await this.today());
    return rejectedRowsXlsx(c.sheet, [...c.validated.issues, ...c.plan.issues]);
  }

  /**
   * Writes the sheet in one transaction. With `skipRejected` the rows that have problems are left
   * out (the keeper downloads them with rejectedRows(), fixes and imports them later) and the rest
   * land whole; without it, one bad row refuses the sheet.
   */
  async commit(actor: Actor, fileName: string, bytes: Buffer, ctl: CommitControl, opts: CommitOptions = {}): Promise<ImportReport> {
    const today = await this.today();
    const parsed = await this.parse(fileName, bytes, {}, today);
    const { sheet, validated, sha256 } = parsed;
    if (validated.issues.length && (!opts.skipRejected || !validated.rows.length)) throw refused(report({ ...parsed, plan: emptyPlan() }));
    const s = this.core.services;
    return s.db.write(async (m) => {
      // Planned again inside the transaction: nothing can change between the check and the write.
      const settings = await s.settings.get(m);
      const deps = { newId: this.core.newId, today, basicRecords: !!opts.basicRecords };
      let plan = await planImport(m, validated.rows, settings, deps);
      if (plan.issues.length && opts.skipRejected) {
        // Rows the plan refused (an ID registered to someone else …) are left out as well.
        const bad = new Set(plan.issues.map((i) => i.row));
        const kept = await planImport(
          m,
          validated.rows.filter((r) => !bad.has(r.rowNo)),
          settings,
          deps,
        );
        if (kept.issues.length || !kept.residents.length) throw refused(report({ ...parsed, plan }));
        plan = { ...kept, issues: plan.issues };
      }
      const r = report({ ...parsed, plan });
      if (r.issueCount && !opts.skipRejected) throw refused(r);
      await executePlan(m, plan, validated.present, this.core.nowIso(), ctl);
      await s.audit.append(m, {
        actor: actor.username,
        action: 'import.commit',
        details: {
          fileSha256: sha256,
          format: sheet.format,
          encoding: sheet.encoding ?? null,
          rows: sheet.rows.length,
          sheets: (sheet.parts ?? []).map((p) => p.name),
          counts: plan.counts,
          // Which keeper mappings shaped the data (each was audited when saved).
          mappings: r.appliedMappings.map((a) => ({ column: a.columnKey, value: a.value, target: a.target, rows: a.count })),
          ...(opts.skipRejected ? { skippedRows: r.rejectedRows } : {}),
          ...(opts.basicRecords ? { basicRecords: true } : {}),
        },
      });
      return r;
    });
  }

  private async check(fileName: string, bytes: Buffer, opts: DryRunOptions, today: string): Promise<Checked> {
    const parsed = await this.parse(fileName, bytes, opts, today);
    const s = this.core.services;
    const plan = await planImport(s.db.manager, parsed.validated.rows, await s.settings.get(), {
      newId: this.core.newId,
      today,
      basicRecords: !!opts.basicRecords,
    });
    return { ...parsed, plan };
  }

  private async parse(fileName: string, bytes: Buffer, opts: DryRunOptions, today: string): Promise<Parsed> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const sheet = await readSheet(fileName, bytes);
    const m = this.core.services.db.manager;
    const tags = await archiveTags(m);
    // Names, and codes that name one tag only: exports show discreet tags by their code.
    const byName = new Map(tags.map((t) => [t.name, t.id]));
    for (const t of tags) if (!byName.has(t.code) && tags.filter((x) => x.code === t.code).length === 1) byName.set(t.code, t.id);
    for (const name of opts.assumeTags ?? []) if (!byName.has(name)) byName.set(name, `assumed:${name}`);
    const saved = await importMappings(this.core).valueMappings(m);
    const mappings = mergeMappings(saved, opts.mappings);
    const validated = validateRows(sheet, byName, today, mappings);
    const tagNames = [...tags.map((t) => t.name), ...(opts.assumeTags ?? []).filter((n) => !tags.some((t) => t.name === n))];
    return { sheet, validated, sha256, mappings, saved, tagNames };
  }
}

export class ImportRefused extends AppError {
  constructor(readonly report: ImportReport) {
    super('VALIDATION', ERR.import.refused(report.issueCount));
  }
}
const refused = (r: ImportReport) => new ImportRefused(r);

function emptyPlan(): Plan {
  return {
    issues: [],
    places: { grids: [], buildings: [], units: [] },
    households: [],
    residents: [],
    records: [],
    counts: { grids: 0, buildings: 0, units: 0, householdsCreated: 0, householdsUpdated: 0, residentsCreated: 0, residentsUpdated: 0, recordsCreated: 0 },
  };
}

function report(c: Checked): ImportReport {
  // Worksheet by worksheet in workbook order, then by row.
  const order = new Map((c.sheet.parts ?? []).map((p, i) => [p.name, i]));
  const sheetNo = (i: RowIssue) => (i.sheet === undefined ? -1 : (order.get(i.sheet) ?? order.size));
  const issues = [...c.validated.issues, ...c.plan.issues].sort((a, b) => sheetNo(a) - sheetNo(b) || a.row - b.row);
  // Row-level errors first: thousands of one unknown value must not push them out of the shown list.
  const rowLevel = issues.filter((i) => !i.unknown);
  const unknown = issues.filter((i) => i.unknown);
  const groups = groupUnknownValues(unknown, (k) => allowedValues(k, c.tagNames));
  const dataRows = new Set(c.sheet.rows.map((r) => r.rowNo));
  return {
    fileSha256: c.sha256,
    format: c.sheet.format,
    encoding: c.sheet.encoding ?? null,
    rows: c.sheet.rows.length,
    validRows: c.validated.rows.length - c.plan.issues.length,
    issues: [...rowLevel, ...unknown].slice(0, SHOWN_ISSUES),
    issueCount: issues.length,
    rowIssueCount: rowLevel.length,
    unknownValues: groups.slice(0, SHOWN_GROUPS),
    unknownGroupCount: groups.length,
    appliedMappings: appliedMappings(c.sheet, c.mappings, c.saved),
    rejectedRows: new Set(issues.map((i) => i.row).filter((r) => dataRows.has(r))).size,
    counts: c.plan.counts,
    reportCsvBase64: issuesCsv(issues).toString('base64'),
    sheets: (c.sheet.parts ?? []).map((p) => ({ name: p.name, headerRow: p.headerRow, rows: p.rows })),
    skippedSheets: c.sheet.skipped ?? [],
  };
}

/** Every issue for Excel; a 工作表 Sheet column leads when the workbook had several worksheets. */
export function issuesCsv(issues: RowIssue[]): Buffer {
  const named = issues.some((i) => i.sheet !== undefined);
  return csvFile([
    [...(named ? ['工作表 Sheet'] : []), '行 Row', '列 Column', '值 Value', '问题', 'Problem'],
    ...issues.map((i) => [...(named ? [i.sheet ?? ''] : []), i.row, i.column, i.value, i.zh, i.en]),
  ]);
}

/** Plain text for the CLI: one line per row-level issue (unknown values are printed grouped). */
export function issuesText(r: ImportReport): string {
  return r.issues
    .filter((i) => !i.unknown)
    .map((i) => `${i.sheet === undefined ? '' : `工作表 sheet「${i.sheet}」 · `}第 ${i.row} 行 row ${i.row} · ${i.column} · "${i.value}" · ${i.zh} / ${i.en}`)
    .join('\n');
}

/** Plain text for the CLI: which worksheets were read (header row) and which were skipped. */
export function sheetsText(r: ImportReport): string[] {
  const lines: string[] = [];
  const named = (r.sheets ?? []).filter((s) => s.name !== null);
  if (named.length > 1 || (r.skippedSheets ?? []).length) {
    lines.push(`工作表 sheets: ${named.map((s) => `「${s.name}」${s.rows} 行 rows (表头 header row ${s.headerRow})`).join(', ')}`);
  }
  if ((r.skippedSheets ?? []).length) lines.push(`跳过（无表头）skipped (no header row): ${r.skippedSheets!.map((n) => `「${n}」`).join(', ')}`);
  return lines;
}
