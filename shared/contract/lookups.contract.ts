import { z } from 'zod';
import { bi, channel } from './channel';
import { Empty, Id } from './common';

export const AccessRequestRow = z.object({
  id: z.string(),
  requester: z.string(),
  scope: z.string(),
  subject: z.string(),
  purpose: z.string(),
  status: z.enum(['pending', 'approved', 'denied']),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  /** Readable subject and scope (an approval opens the whole household it belongs to). */
  subjectLabel: z.string().nullable(),
  scopeLabel: z.string().nullable(),
});
export type AccessRequestRow = z.infer<typeof AccessRequestRow>;

export const PURPOSES = ['业务办理', '信息核对', '统计调查', '上级检查', '其他'] as const;

/** Look-ups of sensitive households and records: request → keeper decides → time-limited access. */
export const lookupsContract = {
  request: channel({
    req: z.object({
      subject: z.string().regex(/^(resident|record|household):[\w-]+$/),
      purpose: z.string().trim().min(2, bi('请填写查阅事由', 'State the purpose')).max(200),
    }),
    res: AccessRequestRow,
    access: 'lookups.request',
  }),
  mine: channel({ req: Empty, res: z.array(AccessRequestRow), access: 'lookups.request' }),
  pending: channel({ req: Empty, res: z.array(AccessRequestRow), access: 'lookups.decide' }),
  decide: channel({
    req: z.object({ id: Id, approve: z.boolean(), hours: z.number().int().min(1).max(72).default(8), note: z.string().max(200).optional() }),
    res: AccessRequestRow,
    access: 'lookups.decide',
  }),
  /** Does this subject need approval, and does the caller have it? (drives the UI's request button) */
  status: channel({
    req: z.object({ subject: z.string().max(80) }),
    res: z.object({ sensitive: z.boolean(), allowed: z.boolean(), expiresAt: z.string().nullable() }),
    access: 'lookups.request',
  }),
};
