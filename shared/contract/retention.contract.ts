import { z } from 'zod';
import { DESTRUCTION_METHODS } from '../domain/destruction-types';
import { CLOCK_EVENTS, DUE_BUCKETS } from '../domain/retention';
import { bi, channel } from './channel';
import { Id, Ok, Password, PdfFile } from './common';
import { DateStr } from './register-fields';

const txt = (max: number) => z.string().trim().max(max);

export const DueRow = z.object({
  recordId: z.string(),
  archiveNo: z.string(),
  title: z.string(),
  year: z.number(),
  term: z.string(),
  bucket: z.enum(DUE_BUCKETS),
  startDate: z.string().nullable(),
  dueDate: z.string().nullable(),
  yearsKept: z.number(),
  held: z.boolean(),
  status: z.string(),
  contentCategory: z.string(),
});
export type DueRow = z.infer<typeof DueRow>;

export const HoldRow = z.object({
  id: z.string(),
  recordId: z.string(),
  reason: z.string(),
  setBy: z.string(),
  setOn: z.string(),
  releasedOn: z.string().nullable(),
  releasedBy: z.string().nullable(),
});

export const Decision = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('keep'), reviewYears: z.number().int().min(1).max(100).optional() }),
  z.object({ kind: z.literal('extend'), toYears: z.number().int().min(1).max(100) }),
  z.object({ kind: z.literal('permanent') }),
  z.object({ kind: z.literal('destroy') }),
  z.object({ kind: z.literal('transfer'), to: txt(100).min(1, bi('请填写接收单位', 'Enter the receiving body')) }),
]);

export const AppraisalItemRow = z.object({
  id: z.string(),
  recordId: z.string(),
  archiveNo: z.string(),
  title: z.string(),
  year: z.number(),
  originalTerm: z.string(),
  startDate: z.string().nullable(),
  dueDate: z.string().nullable(),
  yearsKept: z.number(),
  decision: Decision.nullable(),
  reason: z.string().nullable(),
  appraiser: z.string().nullable(),
  /** Display names for the screen and the report; the user names above stay for the rules. */
  appraiserName: z.string().nullable(),
  decidedOn: z.string().nullable(),
  reviewer: z.string().nullable(),
  reviewerName: z.string().nullable(),
  reviewedOn: z.string().nullable(),
});
export const AppraisalBatchRow = z.object({
  id: z.string(),
  batchNo: z.string(),
  purpose: z.string(),
  scope: z.string(),
  members: z.array(z.string()),
  status: z.enum(['open', 'closed']),
  createdBy: z.string(),
  createdByName: z.string(),
  createdAt: z.string(),
  items: z.array(AppraisalItemRow),
});
export type AppraisalBatchRow = z.infer<typeof AppraisalBatchRow>;

export const Supervisor = z.object({ username: z.string(), name: z.string(), confirmedAt: z.string() });
/** Why a register cannot go on as it stands: a record no longer eligible, or changed since approval. */
export const RegisterProblem = z.object({ archiveNo: z.string(), zh: z.string(), en: z.string() });
export const DestructionBatchRow = z.object({
  id: z.string(),
  registerNo: z.string(),
  status: z.enum(['proposed', 'approved', 'rejected', 'executed']),
  /** 1 when first proposed; each re-submission after a change adds one. */
  revision: z.number(),
  proposedBy: z.string(),
  proposedByName: z.string(),
  proposedAt: z.string(),
  approvedBy: z.string().nullable(),
  approvedByName: z.string().nullable(),
  approverOpinion: z.string().nullable(),
  approvedAt: z.string().nullable(),
  supervisors: z.array(Supervisor),
  execTime: z.string().nullable(),
  place: z.string().nullable(),
  methods: z.array(z.enum(DESTRUCTION_METHODS)),
  executedAt: z.string().nullable(),
  registerSha256: z.string().nullable(),
  items: z.array(
    z.object({
      recordId: z.string(),
      archiveNo: z.string(),
      title: z.string(),
      carrier: z.string(),
      pages: z.number(),
      items: z.number(),
      reason: z.string(),
      overrideReason: z.string().nullable(),
      attachments: z.number(),
    }),
  ),
  totals: z.object({ items: z.number(), pages: z.number() }),
  /** Empty when the next step may go ahead; otherwise what blocks it (re-submit to resolve). */
  problems: z.array(RegisterProblem),
});
export type DestructionBatchRow = z.infer<typeof DestructionBatchRow>;

const Person = z.object({ username: z.string(), name: z.string() });
/** A destroyed record's tombstone with the register that destroyed it (kept permanently). */
export const TombstoneRow = z.object({
  recordId: z.string(),
  batchId: z.string(),
  registerNo: z.string(),
  archiveNo: z.string(),
  title: z.string(),
  year: z.number(),
  dateFrom: z.string().nullable(),
  dateTo: z.string().nullable(),
  retention: z.string(),
  pages: z.number(),
  items: z.number(),
  reason: z.string(),
  destroyedAt: z.string(),
  execTime: z.string().nullable(),
  place: z.string().nullable(),
  methods: z.array(z.enum(DESTRUCTION_METHODS)),
  proposer: Person,
  approver: Person,
  approvedAt: z.string().nullable(),
  approverOpinion: z.string().nullable(),
  supervisors: z.array(Supervisor),
  keysDestroyed: z.number(),
  fileHashes: z.array(z.string()),
});
export type TombstoneRow = z.infer<typeof TombstoneRow>;

export const retentionContract = {
  dueList: channel({
    req: z.object({
      buckets: z.array(z.enum(DUE_BUCKETS)).optional(),
      contentCategory: z.string().optional(),
      limit: z.number().int().min(1).max(5000).default(500),
    }),
    res: z.object({ rows: z.array(DueRow), counts: z.record(z.string(), z.number()) }),
    access: 'retention.read',
  }),
  holds: channel({ req: z.object({ recordId: Id }), res: z.array(HoldRow), access: 'retention.read' }),
  hold: channel({
    req: z.object({ recordId: Id, reason: txt(200).min(2, bi('请填写冻结原因', 'Give the reason for the hold')) }),
    res: HoldRow,
    access: 'retention.manage',
  }),
  release: channel({
    req: z.object({ holdId: Id, reason: txt(200).min(2, bi('请填写解除原因', 'Give the reason for the release')) }),
    res: HoldRow,
    access: 'retention.manage',
  }),
  setClock: channel({ req: z.object({ recordId: Id, event: z.enum(CLOCK_EVENTS).nullable(), on: DateStr.nullable() }), res: Ok, access: 'retention.manage' }),
};

export const appraisalContract = {
  create: channel({
    req: z.object({
      purpose: txt(200).min(2, bi('请填写鉴定目的', 'Give the purpose')),
      scope: txt(200).min(2, bi('请填写鉴定范围', 'Give the scope')),
      members: z.array(txt(40).min(1)).min(2, bi('鉴定小组至少 2 人', 'The appraisal group needs at least two members')),
      recordIds: z.array(Id).min(1).max(2000),
    }),
    res: AppraisalBatchRow,
    access: 'retention.manage',
  }),
  list: channel({
    req: z.object({}).strict(),
    res: z.array(AppraisalBatchRow.omit({ items: true }).extend({ itemCount: z.number(), decided: z.number() })),
    access: 'retention.read',
  }),
  get: channel({ req: z.object({ id: Id }), res: AppraisalBatchRow, access: 'retention.read' }),
  decide: channel({
    req: z.object({ itemId: Id, decision: Decision, reason: txt(200).min(2, bi('请填写鉴定理由', 'Give the reason')) }),
    res: AppraisalItemRow,
    access: 'retention.manage',
  }),
  review: channel({ req: z.object({ itemId: Id }), res: AppraisalItemRow, access: 'retention.manage' }),
  close: channel({ req: z.object({ id: Id }), res: AppraisalBatchRow, access: 'retention.manage' }),
  reportPdf: channel({ req: z.object({ id: Id }), res: PdfFile, access: 'retention.read' }),
};

export const destructionContract = {
  propose: channel({
    req: z.object({
      appraisalBatchId: Id.optional(),
      items: z
        .array(z.object({ recordId: Id, reason: txt(200).min(2), overrideReason: txt(200).optional() }))
        .min(1)
        .max(2000),
    }),
    res: DestructionBatchRow,
    access: 'destruction.propose',
  }),
  list: channel({ req: z.object({}).strict(), res: z.array(DestructionBatchRow.omit({ items: true })), access: 'destruction.read' }),
  get: channel({ req: z.object({ id: Id }), res: DestructionBatchRow, access: 'destruction.read' }),
  approve: channel({
    req: z.object({ id: Id, opinion: txt(200).min(2, bi('请填写审批意见', 'Give your opinion')) }),
    res: DestructionBatchRow,
    access: 'destruction.approve',
  }),
  reject: channel({ req: z.object({ id: Id, reason: txt(200).min(2) }), res: DestructionBatchRow, access: 'destruction.approve' }),
  /** 重新提交: after a change, the register goes back for approval (records no longer eligible drop out). */
  repropose: channel({ req: z.object({ id: Id }), res: DestructionBatchRow, access: 'destruction.propose' }),
  /** Each 监销人 confirms with their own user name and password, at the same desk. */
  confirmSupervisor: channel({
    req: z.object({ id: Id, username: z.string().min(1).max(32), password: Password }),
    res: DestructionBatchRow,
    access: 'destruction.execute',
  }),
  execute: channel({
    req: z.object({
      id: Id,
      time: txt(20).min(1),
      place: txt(100).min(1, bi('请填写销毁地点', 'Give the place')),
      methods: z.array(z.enum(DESTRUCTION_METHODS)).min(1),
    }),
    res: DestructionBatchRow,
    access: 'destruction.execute',
  }),
  registerPdf: channel({ req: z.object({ id: Id }), res: PdfFile.extend({ sha256: z.string() }), access: 'destruction.read' }),
  certificatePdf: channel({ req: z.object({ id: Id }), res: PdfFile, access: 'destruction.read' }),
  /** Whoever may open a record may see, once it is destroyed, which register destroyed it. */
  tombstone: channel({ req: z.object({ recordId: Id }), res: TombstoneRow.nullable(), access: 'register.read' }),
  checkCertificate: channel({
    req: z.object({
      sha256: z
        .string()
        .trim()
        .regex(/^[0-9a-fA-F]{64}$/, bi('应为 64 位十六进制', 'Expect 64 hex characters')),
    }),
    res: z.object({ found: z.boolean(), registerNo: z.string().nullable(), executedAt: z.string().nullable(), items: z.number() }),
    access: 'destruction.read',
  }),
};
