import { newWorkbook } from './workbook';
import type { EntityManager } from 'typeorm';
import type { ExportRequest } from '../../shared/contract/data.contract';
import { fileStamp, stampText } from '../../shared/domain/archive-time';
import { MIME } from '../services/audit-export';
import { csvFile, type CsvValue } from './csv';
import type { AuditService } from '../services/audit.service';
import type { Database } from '../db/database';
import type { SettingsService } from '../services/settings.service';
import type { Actor } from '../services/actor';
import { LISTS, type Cell, type ListKind, type ListQuery } from './lists';
import { archiveToday } from '../../shared/domain/archive-time';

const PAGE = 5000;

export interface ExportFile {
  fileName: string;
  mime: string;
  buffer: Buffer;
  rows: number;
}

async function* pages(m: EntityManager, kind: ListKind, q: ListQuery): AsyncGenerator<Cell[][]> {
  for (let offset = 0; ; offset += PAGE) {
    const rows = await kind.page(m, q, offset, PAGE);
    if (rows.length) yield rows;
    if (rows.length < PAGE) return;
  }
}

/** Builds the file only; `exportList` below is the audited entry point. */
export async function buildList(
  m: EntityManager,
  r: Pick<ExportRequest, 'kind' | 'format' | 'filters'> & { roster?: ExportRequest['roster'] },
  stamp: string,
  mark?: string,
  today = '',
): Promise<ExportFile> {
  const kind = LISTS[r.kind];
  const q: ListQuery = { filters: r.filters, roster: r.roster ?? {}, today };
  const fileName = `${kind.title.zh}-${stamp}.${r.format}`;
  let rows = 0;
  if (r.format === 'csv') {
    const lines: CsvValue[][] = [kind.columns.map((c) => c.header)];
    for await (const page of pages(m, kind, q)) {
      for (const row of page) lines.push(row);
      rows += page.length;
    }
    return { fileName, mime: MIME.csv, buffer: csvFile(lines), rows };
  }
  const wb = await newWorkbook();
  wb.creator = 'Archive Room 档案室';
  const ws = wb.addWorksheet(kind.title.zh);
  ws.columns = kind.columns.map((c) => ({ header: c.header, width: c.width, style: c.text ? { numFmt: '@' } : {} }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  if (mark) {
    // Printed copies carry who exported them, when and why (header and footer of every page);
    // the cells stay clean so a residents list can be corrected and imported back.
    ws.headerFooter = { oddHeader: `&L${mark.replace(/&/g, '&&')}`, oddFooter: `&L${mark.replace(/&/g, '&&')}&R&P / &N` };
    wb.description = mark;
  }
  for await (const page of pages(m, kind, q)) {
    for (const row of page) ws.addRow(row.map((v, i) => (kind.columns[i]?.text && v != null ? String(v) : v)));
    rows += page.length;
  }
  return { fileName, mime: MIME.xlsx, buffer: Buffer.from(await wb.xlsx.writeBuffer()), rows };
}

/** A list export: permission checked by the caller, purpose required, one audit entry (no content). */
export async function exportList(
  s: { db: Database; audit: AuditService; settings: SettingsService; now: () => number },
  actor: Actor,
  r: ExportRequest,
  via: 'app' | 'cli' = 'app',
): Promise<ExportFile> {
  // File name and stamp in the archive's time zone: an export at 07:30 in Beijing is dated that day.
  const tz = await s.settings.timeZone();
  const now = s.now();
  const mark = `${actor.username} 导出 exported ${stampText(now, tz)} · ${r.purpose}`;
  // The roster's ages count on the archive's date, as on screen.
  const file = await buildList(s.db.manager, r, fileStamp(now, tz), mark, archiveToday(now, tz));
  await s.audit.record({
    actor: actor.username,
    action: 'export.list',
    details: {
      kind: r.kind,
      format: r.format,
      purpose: r.purpose,
      filters: r.filters,
      // Which roster filters were used, not their values (a name typed there stays out of the trail).
      ...(r.roster ? { rosterFilters: Object.keys(r.roster).sort() } : {}),
      rows: file.rows,
      via,
    },
  });
  return file;
}
