import { z } from 'zod';
import { bi, channel } from './channel';

export const AuditRow = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subject: z.string().nullable(),
  details: z.string(),
});
export type AuditRow = z.infer<typeof AuditRow>;

export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  lastSeq: z.number().int(),
  lastHash: z.string().nullable(),
  firstBadSeq: z.number().int().nullable(),
  problem: z.enum(['edited', 'deleted', 'inserted', 'reordered', 'forged', 'unauthorised', 'truncated', 'grantMismatch']).nullable(),
  /** What exactly is wrong, in words, for the signature and grant checks. */
  why: z.object({ zh: z.string(), en: z.string() }).nullable().optional(),
  /** Entries walked from a verified checkpoint only (the rest was verified before, and its end still matches). */
  fromSeq: z.number().int().optional(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;

/** "2026-03-01" (a local day) or a full ISO timestamp; impossible days such as 02-30 are refused. */
const DateInput = z.string().max(40).refine(isDateInput, bi('日期格式应为 YYYY-MM-DD', 'Dates look like YYYY-MM-DD'));

export function isDateInput(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(T.+)?$/.exec(s);
  if (!m) return false;
  // Date.parse rolls 02-30 over into March; check the calendar day ourselves.
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const real = d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
  return real && (m[4] === undefined || !Number.isNaN(Date.parse(s)));
}

/** Subjects name what an entry is about: "record:<id>", "resident:<id>", "user:<id>". */
const Subject = z.string().min(1).max(128);

/** A hash typed back from paper: spaces and case forgiven, then exactly 64 hex digits. */
const TypedHash = z
  .string()
  .max(200)
  .transform((s) => s.replace(/\s+/g, '').toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{64}$/, bi('哈希值应为 64 位十六进制数字', 'The hash is 64 hexadecimal digits')));

/** A generated file for the renderer to show or save: nothing is written to disk on the Node side. */
export const AuditFile = z.object({ fileName: z.string(), mime: z.string(), base64: z.string() });
export type AuditFile = z.infer<typeof AuditFile>;

export const AuditCheckpoint = z.object({ seq: z.number().int(), hash: z.string(), at: z.string(), chainOk: z.boolean(), pdfBase64: z.string() });
export type AuditCheckpoint = z.infer<typeof AuditCheckpoint>;

export const AuditCheckpointCheck = z.object({
  /** The entry is there with that hash and the chain up to it verifies. */
  ok: z.boolean(),
  found: z.boolean(),
  hashMatches: z.boolean(),
  chain: AuditVerifyResult,
  /** Entries written since the checkpoint = latestSeq − seq. */
  latestSeq: z.number().int(),
});
export type AuditCheckpointCheck = z.infer<typeof AuditCheckpointCheck>;

export const AUDIT_FILE_FORMATS = ['csv', 'xlsx'] as const;
export const AUDIT_REPORT_FORMATS = ['pdf', 'xlsx'] as const;

export const auditContract = {
  list: channel({
    req: z.object({
      actor: z.string().max(64).optional(),
      /** Prefix: "auth." matches auth.signIn, auth.signIn.failed, … */
      action: z.string().max(64).optional(),
      subject: Subject.optional(),
      from: DateInput.optional(),
      to: DateInput.optional(),
      /** Keyset paging (newest first): pass the last seq seen. */
      beforeSeq: z.number().int().positive().optional(),
      offset: z.number().int().min(0).max(1_000_000).optional(),
      limit: z.number().int().min(1).max(500).default(100),
      /**
       * Searches whose text was this (an ID number, a name): matched by fingerprint, since the
       * trail never holds search text. Each such match is itself audited.
       */
      searchText: z.string().trim().min(1).max(100).optional(),
    }),
    res: z.array(AuditRow),
    access: 'audit.read',
  }),
  /** "Who looked at this": every entry about one record or resident, newest first. */
  bySubject: channel({
    req: z.object({ subject: Subject, limit: z.number().int().min(1).max(500).default(200) }),
    res: z.array(AuditRow),
    access: 'audit.read',
  }),
  /** `full`: walk every entry; otherwise from the last signed checkpoint (a day's entries in well under a second). */
  verify: channel({ req: z.object({ full: z.boolean().optional() }).strict(), res: AuditVerifyResult, access: 'audit.verify' }),
  /** One-page PDF with the latest sequence and hash, to be signed and filed. */
  checkpoint: channel({ req: z.object({}).strict(), res: AuditCheckpoint, access: 'audit.verify' }),
  checkAgainstCheckpoint: channel({
    req: z.object({ seq: z.number().int().positive(), hash: TypedHash }),
    res: AuditCheckpointCheck,
    access: 'audit.verify',
  }),
  export: channel({
    req: z.object({ from: DateInput, to: DateInput, format: z.enum(AUDIT_FILE_FORMATS) }),
    res: AuditFile.extend({ rows: z.number().int() }),
    access: 'audit.export',
  }),
  monthlyReport: channel({
    req: z.object({
      month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, bi('月份格式应为 YYYY-MM', 'Months look like YYYY-MM')),
      format: z.enum(AUDIT_REPORT_FORMATS),
    }),
    res: AuditFile,
    access: 'audit.export',
  }),
};
