import { redactAuditJson } from '../../shared/domain/disclosure';
import { newWorkbook } from '../export/workbook';
import { csvFile, type CsvValue } from '../export/csv';
import { auditActionBilingual } from '../../shared/domain/audit-actions';
import type { AuditEntryRecord } from '../db/entities/audit-entry.entity';
import type { AuditService } from './audit.service';
import { archiveToday } from '../../shared/domain/archive-time';
import { fromBound, toBound } from './audit-range';

export type AuditExportFormat = 'csv' | 'xlsx';

export interface AuditExportFile {
  fileName: string;
  mime: string;
  buffer: Buffer;
  rows: number;
}

/**
 * Bilingual headers; prev_hash and hmac included so an export can be matched against a checkpoint.
 * The action in words comes last, so the columns before it keep their places for older readers.
 */
const HEADERS = [
  '序号 Seq',
  '时间 Time (UTC)',
  '操作人 Actor',
  '操作 Action',
  '对象 Subject',
  '详情 Details',
  '前一哈希 Previous hash',
  '哈希 Hash',
  '操作说明 Action in words',
];

// Details as the auditor may read them: register changes name their fields, not personal values.
const cells = (r: AuditEntryRecord): (string | number)[] => [
  r.seq,
  r.at,
  r.actor,
  r.action,
  r.subject ?? '',
  redactAuditJson(r.action, r.details),
  r.prevHash,
  r.hmac,
  auditActionBilingual(r.action),
];

export const MIME = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

/**
 * The audit entries written between two dates (inclusive, the archive's days in `timeZone`), oldest
 * first, as CSV or XLSX. Times inside stay UTC ISO, as stored and hashed.
 * Pure: the caller records the export in the trail once the file has been handed over.
 */
export async function buildAuditExport(
  audit: AuditService,
  r: { from: string; to: string; format: AuditExportFormat },
  timeZone: string,
): Promise<AuditExportFile> {
  const fromIso = fromBound(r.from, timeZone);
  const toIso = toBound(r.to, timeZone);
  // Named by the archive's first and last day covered, also when the bounds were full timestamps.
  const fileName = `audit-${archiveToday(fromIso, timeZone)}_${archiveToday(Date.parse(toIso) - 1, timeZone)}.${r.format}`;
  if (r.format === 'csv') {
    const lines: CsvValue[][] = [HEADERS];
    let rows = 0;
    for await (const page of audit.range(fromIso, toIso)) {
      for (const e of page) lines.push(cells(e));
      rows += page.length;
    }
    return { fileName, mime: MIME.csv, buffer: csvFile(lines), rows };
  }
  const wb = await newWorkbook();
  wb.creator = 'Archive Room 档案室';
  const ws = wb.addWorksheet('审计日志 Audit');
  ws.addRow(HEADERS).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.columns.forEach((c, i) => (c.width = [8, 26, 14, 24, 28, 48, 20, 20, 40][i]));
  let rows = 0;
  for await (const page of audit.range(fromIso, toIso)) {
    for (const e of page) ws.addRow(cells(e));
    rows += page.length;
  }
  return { fileName, mime: MIME.xlsx, buffer: Buffer.from(await wb.xlsx.writeBuffer()), rows };
}
