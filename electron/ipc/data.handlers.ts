import { chooseFolder, saveSchedule, scheduleView } from '../backup/backup-scheduler';
import { createBackup, backupStatus } from '../backup/backup.service';
import { restoreFromApp } from '../backup/restore.service';
import { exportList } from '../export/exporter';
import type { ColumnKey } from '../import/columns';
import { importJobs } from '../import/import-jobs';
import { ImportRefused, ImportService } from '../import/import.service';
import { importMappings, toValueMappings } from '../import/mappings';
import { buildTemplate, XLSX_MIME } from '../import/template';
import type { AreaHandlers, SignedInCtx } from './handler-types';

const actor = (c: SignedInCtx) => ({ username: c.session.username });
const bytes = (b64: string) => Buffer.from(b64, 'base64');

export const importerHandlers: AreaHandlers<'importer'> = {
  async template() {
    const buf = await buildTemplate();
    return { fileName: '居民基本信息导入模板.xlsx', mime: XLSX_MIME, dataBase64: buf.toString('base64'), rows: 0 };
  },
  dryRun: (c, r) =>
    new ImportService(c.core).dryRun(r.fileName, bytes(r.dataBase64), {
      basicRecords: r.basicRecords,
      mappings: r.mappings?.length ? toValueMappings(r.mappings.map((m) => ({ ...m, columnKey: m.columnKey as ColumnKey }))) : undefined,
      assumeTags: r.assumeTags,
    }),
  async start(c, r) {
    // Checked before the job starts, so a bad sheet is refused with its report at once.
    const report = await new ImportService(c.core).dryRun(r.fileName, bytes(r.dataBase64), { basicRecords: r.basicRecords });
    if (report.issueCount > 0 && (!r.skipRejected || report.validRows === 0)) {
      throw new ImportRefused(report);
    }
    return { jobId: importJobs(c.core).start(actor(c), r.fileName, bytes(r.dataBase64), { skipRejected: r.skipRejected, basicRecords: r.basicRecords }) };
  },
  // Jobs are their starter's: another user's job id reads as not found.
  job: async (c, r) => importJobs(c.core).get(c.session.username, r.jobId),
  async cancel(c, r) {
    importJobs(c.core).cancel(c.session.username, r.jobId);
    return { done: true };
  },
  mappings: (c) => importMappings(c.core).list(),
  saveMappings: (c, r) =>
    importMappings(c.core).save(
      actor(c),
      r.mappings.map((m) => ({ ...m, columnKey: m.columnKey as ColumnKey })),
    ),
  async removeMapping(c, r) {
    await importMappings(c.core).remove(actor(c), r.columnKey, r.value);
    return { done: true };
  },
  async rejectedRows(c, r) {
    const f = await new ImportService(c.core).rejectedRows(r.fileName, bytes(r.dataBase64));
    const stem = r.fileName.replace(/\.[^.]+$/, '');
    return { fileName: `${stem}-需修改的行.xlsx`, mime: XLSX_MIME, dataBase64: f.buffer.toString('base64'), rows: f.rows };
  },
};

export const exporterHandlers: AreaHandlers<'exporter'> = {
  async list(c, r) {
    const { db, audit, settings } = c.core.services;
    const f = await exportList({ db, audit, settings, now: c.core.now }, actor(c), r, c.via ?? 'app');
    return { fileName: f.fileName, mime: f.mime, dataBase64: f.buffer.toString('base64'), rows: f.rows };
  },
};

export const backupHandlers: AreaHandlers<'backup'> = {
  create: (c, r) => createBackup(c.core, actor(c), r.path),
  status: (c) => backupStatus(c.core),
  restore: (c, r) => restoreFromApp(c.core, actor(c), r),
  schedule: (c) => scheduleView(c.core),
  saveSchedule: (c, r) => saveSchedule(c.core, actor(c), r),
  chooseFolder: () => chooseFolder(),
};
