/**
 * Plain data for the destruction register (销毁清册), the destruction certificate (销毁证明) and
 * the appraisal report (鉴定报告) PDFs (domain.md, Retention / Destruction). The services fill
 * these from the database; the PDF functions only lay them out, so they can be tested without one.
 */
import type { Carrier, Sensitivity } from './archive-types';
import type { AppraisalDecision, Bilingual, IsoDate, RetentionTerm } from './retention';

/** 粉碎 shredding / 化浆 pulping / 焚毁 burning; electronic copies: deleting files and their keys. */
export const DESTRUCTION_METHODS = ['shred', 'pulp', 'burn', 'key_destruction'] as const;
export type DestructionMethod = (typeof DESTRUCTION_METHODS)[number];
export const DESTRUCTION_METHOD_LABELS: Record<DestructionMethod, Bilingual> = {
  shred: { zh: '粉碎', en: 'Shredding' },
  pulp: { zh: '化浆', en: 'Pulping' },
  burn: { zh: '焚毁', en: 'Burning' },
  key_destruction: { zh: '删除电子文件并销毁密钥', en: 'Deleting files and destroying their keys' },
};

/** A name with the date the person signed or confirmed. */
export interface SignOff {
  name: string;
  date: IsoDate;
}

export interface DestructionExecution {
  /** When it was carried out, as printed, e.g. "2026-06-18 09:30". */
  time: string;
  place: string;
  methods: DestructionMethod[];
}

export interface DestructionRegisterRow {
  archiveNo: string;
  title: string;
  /** 年度 or a date range, as printed: "2015" or "2012-03-01—2015-11-30". */
  yearOrRange: string;
  term: RetentionTerm;
  yearsKept: number;
  /** A volume (卷) holding several items, or a single item (件). */
  unit: 'item' | 'volume';
  /** 件数: 1 for a single item. */
  items: number;
  pages: number;
  sensitivity: Sensitivity;
  reason: string;
  remarks?: string;
}

export interface DestructionRegisterData {
  communityName: string;
  registerNo: string;
  appraisalLead: SignOff;
  approval: SignOff & { opinion: string };
  /** At least two 监销人. */
  supervisors: SignOff[];
  execution: DestructionExecution;
  rows: DestructionRegisterRow[];
  /** Printed in the footer; passed in so the bytes (and so their SHA-256) are reproducible. */
  printedAt: string;
}

/** 共计 X 卷 Y 件 Z 页: volumes are counted as rows, items and pages are summed over all rows. */
export interface DestructionTotals {
  rows: number;
  volumes: number;
  items: number;
  pages: number;
}

export function destructionTotals(rows: readonly Pick<DestructionRegisterRow, 'unit' | 'items' | 'pages'>[]): DestructionTotals {
  return rows.reduce<DestructionTotals>(
    (t, r) => ({ rows: t.rows + 1, volumes: t.volumes + (r.unit === 'volume' ? 1 : 0), items: t.items + r.items, pages: t.pages + r.pages }),
    { rows: 0, volumes: 0, items: 0, pages: 0 },
  );
}

/** "共计 2 卷 61 件 540 页" — one wording for register, certificate and tests. */
export function totalsText(t: DestructionTotals): string {
  return `共计 ${t.volumes} 卷 ${t.items} 件 ${t.pages} 页`;
}

/** An electronic copy whose file and key were destroyed. */
export interface DestroyedFile {
  archiveNo: string;
  fileName: string;
  /** SHA-256 (hex) of the plaintext file, as recorded at ingest: proves which file it was. */
  sha256: string;
  keyId: string;
}

/** One destroyed record as the certificate lists it: every 档号, paper and electronic alike. */
export interface DestroyedRecord {
  archiveNo: string;
  title: string;
  carrier: Carrier;
  /** Counted as in the register: a volume (卷) or a single item (件). */
  unit: 'item' | 'volume';
  items: number;
  pages: number;
  /** Electronic files destroyed with it (their keys are listed under `electronic`). */
  files: number;
}

/** Whether the listed records add up to the totals printed beside them. */
export function totalsAddUp(records: readonly Pick<DestroyedRecord, 'unit' | 'items' | 'pages'>[], t: DestructionTotals): boolean {
  const sum = destructionTotals(records);
  return sum.rows === t.rows && sum.volumes === t.volumes && sum.items === t.items && sum.pages === t.pages;
}

export interface DestructionCertificateData {
  communityName: string;
  registerNo: string;
  totals: DestructionTotals;
  /** Every destroyed record (paper-only ones too), adding up to `totals`. */
  records: DestroyedRecord[];
  supervisors: SignOff[];
  execution: DestructionExecution;
  approval: SignOff;
  electronic: DestroyedFile[];
  /** SHA-256 (hex) of the register PDF bytes, so a paper copy of the register can be checked. */
  registerSha256: string;
  printedAt: string;
}

export interface AppraisalReportItem {
  archiveNo: string;
  title: string;
  year: string;
  originalTerm: RetentionTerm;
  /** 起算日期 / 到期日期; null while waiting for an event, or never due (permanent). */
  startDate: IsoDate | null;
  dueDate: IsoDate | null;
  yearsKept: number;
  decision: AppraisalDecision;
  reason: string;
  appraiser: string;
  date: IsoDate;
  reviewer?: string;
}

export interface AppraisalReportData {
  communityName: string;
  batchNo: string;
  purpose: string;
  scope: string;
  members: Array<{ name: string; role?: string }>;
  lead: SignOff;
  items: AppraisalReportItem[];
  conclusion?: string;
  printedAt: string;
}
