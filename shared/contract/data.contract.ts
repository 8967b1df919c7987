import { z } from 'zod';
import { bi, channel } from './channel';
import { Empty, Id, Ok } from './common';
import { RosterFilters } from './roster.contract';
import { BACKUP_FREQUENCIES } from '../domain/backup-schedule';

/**
 * Data in and out of the archive: the basic-information sheet import (dry run, then a commit job
 * with progress and cancel), list exports, encrypted backups. Files travel as base64 in JSON.
 */
const MAX_SHEET_B64 = 90 * 1024 * 1024;
const FileIn = z.object({
  fileName: z.string().trim().min(1).max(200),
  dataBase64: z.string().min(1, bi('请选择文件', 'Choose a file')).max(MAX_SHEET_B64, bi('文件过大', 'File too large')),
});

export const RowIssue = z.object({
  row: z.number(),
  column: z.string(),
  value: z.string(),
  zh: z.string(),
  en: z.string(),
  /** The column's key (import column key), when the issue belongs to one column. */
  columnKey: z.string().optional(),
  /** A value the importer does not recognise for a coded column: can be fixed by a mapping. */
  unknown: z.literal(true).optional(),
  /** The worksheet, when the workbook has several. */
  sheet: z.string().optional(),
});
export type RowIssueT = z.infer<typeof RowIssue>;
export const ImportCounts = z.object({
  grids: z.number(),
  buildings: z.number(),
  units: z.number(),
  householdsCreated: z.number(),
  householdsUpdated: z.number(),
  residentsCreated: z.number(),
  residentsUpdated: z.number(),
  recordsCreated: z.number(),
});
/** "居住类型 '公租房' × 212 行": a value the importer does not know, grouped over the sheet. */
export const UnknownValue = z.object({
  columnKey: z.string(),
  column: z.string(),
  value: z.string(),
  /** Rows holding the value; `rows` names the first few. */
  count: z.number(),
  rows: z.array(z.number()),
  /** What the column accepts (for 户标签: the archive's tag names): the value may be mapped to one. */
  allowed: z.array(z.string()),
});
export type UnknownValue = z.infer<typeof UnknownValue>;
/** A keeper's mapping this sheet used. `saved` ones are kept in the archive and reused by later imports. */
export const AppliedMapping = z.object({
  columnKey: z.string(),
  column: z.string(),
  value: z.string(),
  target: z.string(),
  count: z.number(),
  saved: z.boolean(),
});
export type AppliedMapping = z.infer<typeof AppliedMapping>;
export const MappingInput = z.object({
  columnKey: z.string().trim().min(1).max(32),
  value: z.string().trim().min(1, bi('请填写表格中的值', 'Enter the sheet value')).max(200),
  target: z.string().trim().min(1, bi('请选择要映射成的值', 'Choose what the value means')).max(60),
});
export const SavedMapping = MappingInput.extend({ column: z.string(), createdBy: z.string(), createdAt: z.string() });
export type SavedMapping = z.infer<typeof SavedMapping>;

export const ImportReport = z.object({
  fileSha256: z.string(),
  format: z.enum(['xlsx', 'csv']),
  encoding: z.string().nullable(),
  rows: z.number(),
  validRows: z.number(),
  /**
   * The first issues (at most 2000): row-level errors first, then the unknown-value ones (which
   * `unknownValues` shows grouped). The full list is in reportCsvBase64.
   */
  issues: z.array(RowIssue),
  /** Every problem, unknown values included: the sheet imports only at 0. */
  issueCount: z.number(),
  /** Problems other than unknown values: listed row by row. */
  rowIssueCount: z.number(),
  /** Unknown values grouped by column and value (at most 500 groups; unknownGroupCount has them all). */
  unknownValues: z.array(UnknownValue),
  unknownGroupCount: z.number(),
  appliedMappings: z.array(AppliedMapping),
  /** Rows with at least one problem: what importer.rejectedRows puts in its XLSX. */
  rejectedRows: z.number(),
  counts: ImportCounts,
  /** Every issue as a CSV (UTF-8 with BOM) a keeper can open in Excel. */
  reportCsvBase64: z.string(),
  /** The worksheets read (name null for CSV), each with the row its header was found on. */
  sheets: z.array(z.object({ name: z.string().nullable(), headerRow: z.number(), rows: z.number() })).optional(),
  /** Worksheets with content but no recognisable header row (填表说明 …): not read. */
  skippedSheets: z.array(z.string()).optional(),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const JobState = z.enum(['running', 'done', 'failed', 'cancelled']);
export const ImportJob = z.object({
  jobId: z.string(),
  state: JobState,
  progress: z.object({ done: z.number(), total: z.number() }),
  report: ImportReport.nullable(),
  error: z.object({ zh: z.string(), en: z.string() }).nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof ImportJob>;

/** 'roster': the residents list under the roster's filters (`roster`), in the import template's columns. */
export const EXPORT_KINDS = ['residents', 'households', 'records', 'roster'] as const;
export const ExportRequest = z.object({
  kind: z.enum(EXPORT_KINDS),
  format: z.enum(['xlsx', 'csv']),
  purpose: z.string().trim().min(1, bi('请填写导出事由', 'State why you export')).max(200),
  filters: z
    .object({
      gridId: z.string().optional(),
      buildingId: z.string().optional(),
      unitId: z.string().optional(),
      tagId: z.string().optional(),
      status: z.string().optional(),
      contentCategory: z.string().optional(),
    })
    .default({}),
  roster: RosterFilters.optional(),
});
export type ExportRequest = z.infer<typeof ExportRequest>;
export const FileOut = z.object({ fileName: z.string(), mime: z.string(), dataBase64: z.string(), rows: z.number() });

export const BackupReport = z.object({
  path: z.string(),
  bytes: z.number(),
  sha256: z.string(),
  entries: z.number(),
  attachments: z.number(),
  createdAt: z.string(),
  verified: z.boolean(),
  checks: z.object({ manifest: z.boolean(), hashes: z.boolean(), integrity: z.string(), auditChain: z.boolean(), auditEntries: z.number() }),
});
export type BackupReport = z.infer<typeof BackupReport>;
/** The scheduled backup as saved (settings key `backupSchedule`): where, how often, how many kept. */
export const BackupSchedule = z.object({
  enabled: z.boolean(),
  /** A folder (a USB stick's, say): the schedule writes 档案室定时备份-<time>.arbak files into it. */
  folder: z.string().trim().min(1, bi('请填写备份文件夹', 'Enter the backup folder')).max(1000),
  frequency: z.enum(BACKUP_FREQUENCIES),
  /** Scheduled files kept in the folder; older ones the schedule wrote are deleted (never hand-made ones). */
  keep: z
    .number()
    .int(bi('请输入整数', 'Use a whole number'))
    .min(1, bi('至少保留 1 份', 'Keep at least 1'))
    .max(100, bi('最多保留 100 份', 'Keep at most 100')),
});
export type BackupSchedule = z.infer<typeof BackupSchedule>;
/** The schedule with who saved it when, and how its last run went. */
export const BackupScheduleView = z.object({
  schedule: BackupSchedule.extend({ savedBy: z.string(), savedAt: z.string() }).nullable(),
  lastRun: z.object({ at: z.string(), ok: z.boolean(), path: z.string().nullable(), zh: z.string(), en: z.string() }).nullable(),
  /** Electron offers a folder chooser; in the web host the folder is typed. */
  folderChooser: z.boolean(),
});
export type BackupScheduleView = z.infer<typeof BackupScheduleView>;

export const BackupStatus = z.object({
  lastBackupAt: z.string().nullable(),
  daysSince: z.number().nullable(),
  reminderDays: z.number(),
  /** The reminder shows: older than reminderDays, or a scheduled backup was missed. */
  due: z.boolean(),
  /** Present when a schedule is on: whether it was missed and from which archive date the next is due. */
  schedule: z
    .object({ frequency: z.enum(BACKUP_FREQUENCIES), missed: z.boolean(), nextDueDate: z.string() })
    .nullable()
    .optional(),
});
export type BackupStatus = z.infer<typeof BackupStatus>;

/** Backups made in the web host travel up as base64 (≈ 70 MB files); larger ones are named by path. */
const MAX_BACKUP_B64 = 95 * 1024 * 1024;
export const RestoreRequest = z.object({
  source: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('upload'),
      fileName: z.string().trim().min(1).max(200),
      dataBase64: z
        .string()
        .min(1, bi('请选择备份文件', 'Choose a backup file'))
        .max(MAX_BACKUP_B64, bi('文件过大，请改填文件路径', 'File too large; give its path instead')),
    }),
    z.object({ kind: z.literal('path'), path: z.string().trim().min(1, bi('请填写备份文件路径', 'Enter the backup file path')).max(1000) }),
  ]),
  /** An administrator of the BACKUP: their user name (default: the one signed in) and password as at backup time. */
  username: z.string().trim().max(64).optional(),
  password: z.string().min(1, bi('请输入备份时的密码', 'Enter the password as it was at backup time')).max(1024),
});
export type RestoreRequest = z.infer<typeof RestoreRequest>;
export const RestoreResult = z.object({
  /** The NEW folder the backup went into (the archive in use is untouched). */
  dataDir: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  restoredBy: z.string(),
  /** The restored archive's zone: createdAt is shown in it. */
  timeZone: z.string(),
  stats: z.object({ residents: z.number(), records: z.number(), destroyedRecords: z.number(), attachments: z.number(), auditEntries: z.number() }),
  notice: z.object({ zh: z.string(), en: z.string() }),
  /** How to switch to it: the app has no pointer file, so it starts on the folder given here. */
  startWith: z.object({ app: z.string(), webHost: z.string(), env: z.string() }),
});
export type RestoreResult = z.infer<typeof RestoreResult>;

export const importerContract = {
  /** The empty XLSX template with the Chinese headers and a notes sheet. */
  template: channel({ req: Empty, res: FileOut, access: 'data.import' }),
  /** basicRecords: also create each new person's 基本信息档案 (a record and a 档号 each); off unless chosen. */
  dryRun: channel({
    req: FileIn.extend({
      basicRecords: z.boolean().optional(),
      /** One-off mappings on top of the saved ones, for this check only (the CLI's --dry-run --map). */
      mappings: z.array(MappingInput).max(500).optional(),
      /** Tag names taken as existing, as if created (the CLI's --dry-run --create-missing-tags). */
      assumeTags: z.array(z.string().trim().min(1).max(200)).max(500).optional(),
    }),
    res: ImportReport,
    access: 'data.import',
  }),
  /**
   * Checks again and, when the sheet is clean, commits it as a background job. With skipRejected
   * the rows without problems are committed and the rejected ones left out (see rejectedRows).
   */
  start: channel({
    req: FileIn.extend({ skipRejected: z.boolean().optional(), basicRecords: z.boolean().optional() }),
    res: z.object({ jobId: z.string() }),
    access: 'data.import',
  }),
  job: channel({ req: z.object({ jobId: Id }), res: ImportJob, access: 'data.import', passive: true }),
  cancel: channel({ req: z.object({ jobId: Id }), res: Ok, access: 'data.import' }),
  /** Saved mappings of unknown sheet values (reused by every import). */
  mappings: channel({ req: Empty, res: z.array(SavedMapping), access: 'data.import' }),
  /** Saves mappings (all or none; each audited); answers with every saved mapping. */
  saveMappings: channel({ req: z.object({ mappings: z.array(MappingInput).min(1).max(500) }), res: z.array(SavedMapping), access: 'data.import' }),
  removeMapping: channel({ req: MappingInput.pick({ columnKey: true, value: true }), res: Ok, access: 'data.import' }),
  /** The rejected rows of a sheet as an XLSX with the sheet's headers and a 问题 column, to fix and re-import. */
  rejectedRows: channel({ req: FileIn, res: FileOut, access: 'data.import' }),
};

export const exporterContract = {
  list: channel({ req: ExportRequest, res: FileOut, access: 'data.export' }),
};

export const backupContract = {
  create: channel({ req: z.object({ path: z.string().trim().min(1).max(1000) }), res: BackupReport, access: 'backup.manage' }),
  status: channel({ req: Empty, res: BackupStatus, access: 'backup.manage', passive: true }),
  /**
   * Checks a backup (the backup's own administrator and password, every hash, integrity, audit
   * chain) and restores it into a NEW folder beside the current data folder; the archive in use is
   * never touched. Audited here (and inside the copy). The user then restarts on the new folder.
   */
  restore: channel({ req: RestoreRequest, res: RestoreResult, access: 'backup.restore' }),
  schedule: channel({ req: Empty, res: BackupScheduleView, access: 'backup.manage', passive: true }),
  /** The folder must exist and be writable now (checked with a probe file). */
  saveSchedule: channel({ req: BackupSchedule, res: BackupScheduleView, access: 'backup.manage' }),
  /** Electron: the system folder dialog (from main). Web host: supported false, the folder is typed. */
  chooseFolder: channel({ req: Empty, res: z.object({ supported: z.boolean(), path: z.string().nullable() }), access: 'backup.manage' }),
};
