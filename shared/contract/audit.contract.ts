import { z } from 'zod';
import { channel } from './channel';

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
  problem: z.enum(['edited', 'deleted', 'inserted', 'reordered']).nullable(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;

export const auditContract = {
  list: channel({
    req: z.object({
      actor: z.string().max(64).optional(),
      action: z.string().max(64).optional(),
      beforeSeq: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    res: z.array(AuditRow),
    access: 'audit.read',
  }),
  verify: channel({ req: z.object({}).strict(), res: AuditVerifyResult, access: 'audit.verify' }),
};
