import { createHash } from 'node:crypto';
import type { ImportReport } from '../../shared/contract/data.contract';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { ArchiveCore } from '../core/archive-core';
import { csvFile } from '../export/csv';
import type { Actor } from '../services/actor';
import { chunkWriter, ImportCancelled, type CommitControl } from './commit';
import { columnIndex } from './header-row';
import { allowedValues, archiveTags, importMappings, mergeMappings } from './mappings';
import { openPlanner, type Plan } from './plan';
import { rejectedRowsXlsx } from './rejected-rows';
import { sheetSource, type Sheet, type SheetPart, type SheetRow, type SheetSource } from './sheet-reader';
import { appliedMappings, groupUnknownValues, mappingCounter, type AppliedMapping } from './unknown-values';
import { SpillingLedger } from './key-ledger';
import { rowChecker, validateRows, type RowIssue, type ValueMappings } from './validate-rows';

/** What an import takes of the open archive: its services, ids and the clock (no keys, no sessions). */
export type ImportCore = Pick<ArchiveCore, 'services' | 'newId' | 'nowIso'>;

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

/** What a dry run found: its report, and what rejectedRows needs to write the refused rows out. */
interface Checked {
  report: ImportReport;
  headers: string[];
  issues: RowIssue[];
}

/**
 * Import of the community's basic-information sheet. The dry run and the commit run the same
 * checks; the commit re-plans inside its one transaction and refuses to write when any row is bad,
 * so a sheet lands whole or not at all. One audit entry per import (file hash, counts), not per row.
 */
export class ImportService {
  constructor(private readonly core: ImportCore) {}

  /** The archive's date (its time zone), so a sheet imported at 07:30 on 1 January in Beijing files its records under the new year. */
  private today(): Promise<string> {
    return this.core.services.calendar.today();
  }

  async dryRun(fileName: string, bytes: Buffer, opts: DryRunOptions = {}): Promise<ImportReport> {
    return (await this.check(fileName, bytes, opts, await this.today())).report;
  }

  /** The rows a dry run refuses, as an XLSX to fix and import again (see rejected-rows.ts). */
  async rejectedRows(fileName: string, bytes: Buffer): Promise<{ buffer: Buffer; rows: number }> {
    // Only the refused rows are kept as the sheet streams by.
    const kept: SheetRow[] = [];
    const c = await this.check(fileName, bytes, {}, await this.today(), (batch, issues) => {
      const bad = new Set(issues.map((i) => `${i.sheet ?? ''}\u0000${i.row}`));
      for (const r of batch) if (bad.has(`${r.sheet ?? ''}\u0000${r.rowNo}`)) kept.push(r);
    });
    return rejectedRowsXlsx({ headers: c.headers, rows: kept }, c.issues);
  }

  /**
   * Writes the sheet in one transaction. With `skipRejected` the rows that have problems are left
   * out (the keeper downloads them with rejectedRows(), fixes and imports them later) and the rest
   * land whole; without it, one bad row refuses the sheet.
   *
   * The sheet streams through in batches (a street's 1M rows; memory beyond the batch in hand holds
   * only small keys per row: see rowChecker and openPlanner): each batch is read, checked, planned
   * and written while the next one is read, all inside the one transaction. The
   * first problem stops the writing (the sheet will be refused and the transaction rolled back);
   * the rest is still checked so the refusal lists every problem, as the dry run does.
   */
  async commit(actor: Actor, fileName: string, bytes: Buffer, ctl: CommitControl, opts: CommitOptions = {}): Promise<ImportReport> {
    const today = await this.today();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const source = await sheetSource(fileName, bytes);
    const { byName, mappings, saved, tagNames } = await this.lookups({});
    const skip = !!opts.skipRejected;
    const summary = summaryOf(sha256, source, tagNames);
    const header = await headerReport(source, byName, today, mappings, saved, summary);
    if (header) throw refused(header.report);
    const isDataRow = dataRowTest(source);
    const s = this.core.services;
    const ledger = new SpillingLedger();
    const done = await s.db
      .write(async (m) => {
        const settings = await s.settings.get(m);
        const planner = await openPlanner(m, settings, { newId: this.core.newId, today, basicRecords: !!opts.basicRecords }, skip, ledger);
        const check = rowChecker(source.headers, byName, today, mappings, ledger);
        const counter = mappingCounter(source.headers, mappings);
        const present = new Set(columnIndex(source.headers).keys());
        const rowIssues: RowIssue[] = [];
        const planIssues: RowIssue[] = [];
        let rows = 0;
        let validRows = 0;
        let written = 0;
        const writer = await chunkWriter(m, present, this.core.nowIso(), ctl, () => source.estimate());
        try {
          for await (const batch of source.batches()) {
            rows += batch.length;
            counter.add(batch);
            const v = await check(batch);
            rowIssues.push(...v.issues);
            validRows += v.rows.length;
            if (ctl.isCancelled()) throw new ImportCancelled();
            // Refused in the end: from here on only checked (a refusal with row problems shows no plan).
            if (rowIssues.length && !skip) continue;
            const chunk = await planner.add(v.rows);
            planIssues.push(...chunk.issues);
            if (planIssues.length && !skip) continue;
            written += chunk.residents.length;
            await writer.write(chunk, batch.length);
          }
          if (rowIssues.length && (!skip || !validRows))
            throw refused(report(summary(rows, isDataRow), rowIssues, validRows, emptyPlan(), counter.result(saved)));
          const plan = { issues: planIssues, counts: { ...planner.counts } };
          const r = report(summary(rows, isDataRow), rowIssues, validRows, plan, counter.result(saved));
          if (r.issueCount && !skip) throw refused(r);
          // Every row left out: nothing to import.
          if (skip && planIssues.length && !written) throw refused(r);
          await writer.finish();
          await s.audit.append(m, {
            actor: actor.username,
            action: 'import.commit',
            details: {
              fileSha256: sha256,
              format: source.format,
              encoding: source.encoding ?? null,
              rows,
              sheets: source.parts().map((p) => p.name),
              counts: plan.counts,
              // Which keeper mappings shaped the data (each was audited when saved).
              mappings: r.appliedMappings.map((a) => ({ column: a.columnKey, value: a.value, target: a.target, rows: a.count })),
              ...(skip ? { skippedRows: r.rejectedRows } : {}),
              ...(opts.basicRecords ? { basicRecords: true } : {}),
            },
          });
          return r;
        } finally {
          await writer.close();
        }
      })
      .finally(() => ledger.close());
    await s.db.dialect.afterBulkWrite(s.db.manager);
    return done;
  }

  /** The archive's tags (by name, and by code where one tag has it) and the value mappings in force. */
  private async lookups(opts: DryRunOptions) {
    const m = this.core.services.db.manager;
    const tags = await archiveTags(m);
    // Names, and codes that name one tag only: exports show discreet tags by their code.
    const byName = new Map(tags.map((t) => [t.name, t.id]));
    for (const t of tags) if (!byName.has(t.code) && tags.filter((x) => x.code === t.code).length === 1) byName.set(t.code, t.id);
    for (const name of opts.assumeTags ?? []) if (!byName.has(name)) byName.set(name, `assumed:${name}`);
    const saved = await importMappings(this.core).valueMappings(m);
    const mappings = mergeMappings(saved, opts.mappings);
    const tagNames = [...tags.map((t) => t.name), ...(opts.assumeTags ?? []).filter((n) => !tags.some((t) => t.name === n))];
    return { byName, saved, mappings, tagNames };
  }

  /**
   * The dry run: the sheet streamed in batches through the same checks and plan as the commit, with
   * nothing written; only the issues and counts are kept (`keep` sees each batch with its issues).
   */
  private async check(
    fileName: string,
    bytes: Buffer,
    opts: DryRunOptions,
    today: string,
    keep?: (batch: SheetRow[], issues: RowIssue[]) => void,
  ): Promise<Checked> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const source = await sheetSource(fileName, bytes);
    const { byName, saved, mappings, tagNames } = await this.lookups(opts);
    const summary = summaryOf(sha256, source, tagNames);
    const header = await headerReport(source, byName, today, mappings, saved, summary);
    if (header) return { ...header, headers: source.headers };
    const s = this.core.services;
    const ledger = new SpillingLedger();
    const planner = await openPlanner(
      s.db.manager,
      await s.settings.get(),
      { newId: this.core.newId, today, basicRecords: !!opts.basicRecords },
      false,
      ledger,
    );
    const check = rowChecker(source.headers, byName, today, mappings, ledger);
    const counter = mappingCounter(source.headers, mappings);
    const rowIssues: RowIssue[] = [];
    const planIssues: RowIssue[] = [];
    let rows = 0;
    let validRows = 0;
    try {
      for await (const batch of source.batches()) {
        rows += batch.length;
        counter.add(batch);
        const v = await check(batch);
        validRows += v.rows.length;
        const chunk = await planner.add(v.rows);
        rowIssues.push(...v.issues);
        planIssues.push(...chunk.issues);
        keep?.(batch, [...v.issues, ...chunk.issues]);
      }
    } finally {
      await ledger.close();
    }
    const r = report(summary(rows, dataRowTest(source)), rowIssues, validRows, { issues: planIssues, counts: planner.counts }, counter.result(saved));
    return { report: r, headers: source.headers, issues: [...rowIssues, ...planIssues] };
  }
}

/**
 * A sheet whose header is refused (a required column missing): its report, from the rows read
 * whole (the streaming readers hand such a sheet over whole); null when the header is fine.
 */
async function headerReport(
  source: SheetSource,
  byName: Map<string, string>,
  today: string,
  mappings: ValueMappings,
  saved: ValueMappings,
  summary: (rows: number, isDataRow: (n: number) => boolean) => SheetSummary,
): Promise<{ report: ImportReport; issues: RowIssue[] } | null> {
  if (!source.whole) return null;
  const { issues } = await validateRows({ ...source.whole, rows: [] }, byName, today, mappings);
  if (!issues.length) return null;
  return {
    report: report(summary(source.whole.rows.length, dataRowTest(source)), issues, 0, emptyPlan(), appliedMappings(source.whole, mappings, saved)),
    issues,
  };
}

/** Whether a row number is a data row: every issue of a streamed sheet is on one (header problems come from sheets read whole). */
function dataRowTest(source: SheetSource): (n: number) => boolean {
  if (!source.whole) return () => true;
  const dataRows = new Set(source.whole.rows.map((r) => r.rowNo));
  return (n) => dataRows.has(n);
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

/** What a report says about the sheet itself (a streamed sheet keeps no rows). */
interface SheetSummary {
  sha256: string;
  format: Sheet['format'];
  encoding: Sheet['encoding'] | null;
  rows: number;
  parts: SheetPart[];
  skipped: string[];
  /** Whether a row number is a data row (a header problem is reported on the header row). */
  isDataRow: (row: number) => boolean;
  tagNames: string[];
}

/** The sheet's part of a report (the dry run's and the commit's), once its rows are counted. */
function summaryOf(sha256: string, source: SheetSource, tagNames: string[]) {
  return (rows: number, isDataRow: (n: number) => boolean): SheetSummary => ({
    sha256,
    format: source.format,
    encoding: source.encoding ?? null,
    rows,
    parts: source.parts(),
    skipped: source.skipped(),
    isDataRow,
    tagNames,
  });
}

function report(c: SheetSummary, rowIssues: RowIssue[], validRows: number, plan: Pick<Plan, 'issues' | 'counts'>, applied: AppliedMapping[]): ImportReport {
  // Worksheet by worksheet in workbook order, then by row.
  const order = new Map(c.parts.map((p, i) => [p.name, i]));
  const sheetNo = (i: RowIssue) => (i.sheet === undefined ? -1 : (order.get(i.sheet) ?? order.size));
  const issues = [...rowIssues, ...plan.issues].sort((a, b) => sheetNo(a) - sheetNo(b) || a.row - b.row);
  // Row-level errors first: thousands of one unknown value must not push them out of the shown list.
  const rowLevel = issues.filter((i) => !i.unknown);
  const unknown = issues.filter((i) => i.unknown);
  const groups = groupUnknownValues(unknown, (k) => allowedValues(k, c.tagNames));
  return {
    fileSha256: c.sha256,
    format: c.format,
    encoding: c.encoding ?? null,
    rows: c.rows,
    validRows: validRows - plan.issues.length,
    issues: [...rowLevel, ...unknown].slice(0, SHOWN_ISSUES),
    issueCount: issues.length,
    rowIssueCount: rowLevel.length,
    unknownValues: groups.slice(0, SHOWN_GROUPS),
    unknownGroupCount: groups.length,
    appliedMappings: applied,
    rejectedRows: new Set(issues.map((i) => i.row).filter((r) => c.isDataRow(r))).size,
    counts: plan.counts,
    reportCsvBase64: issuesCsv(issues).toString('base64'),
    sheets: c.parts.map((p) => ({ name: p.name, headerRow: p.headerRow, rows: p.rows })),
    skippedSheets: c.skipped,
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
