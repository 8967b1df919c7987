import { z } from 'zod';
import { LIFE_EVENT_KINDS } from '../domain/life-events';
import { bi, channel } from './channel';
import { Id } from './common';
import { DateStr, RESIDENCE_TYPES } from './register-fields';

const on = DateStr;
const note = z
  .string()
  .trim()
  .max(500, bi('最多 500 个字', 'At most 500 characters'))
  .nullish()
  .transform((v) => (v ? v : null));
const needed = (zh: string, en: string) =>
  z
    .string()
    .trim()
    .min(1, bi(`请填写${zh}`, `Enter the ${en}`))
    .max(200, bi('最多 200 个字', 'At most 200 characters'));
const relation = z
  .string()
  .trim()
  .max(20)
  .nullish()
  .transform((v) => (v ? v : null));

/** One life event as a keeper records it; the kind decides which fields it needs. */
export const LifeEventInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('move_out'), residentId: Id, on, destination: needed('迁往地', 'destination'), note }),
  z.object({ kind: z.literal('move_in'), residentId: Id, on, householdId: Id, relationToHead: relation, note }),
  z.object({ kind: z.literal('death'), residentId: Id, on, note }),
  z.object({ kind: z.literal('death_revoked'), residentId: Id, on, reason: needed('撤销原因', 'reason'), note }),
  z.object({ kind: z.literal('transfer'), residentId: Id, on, householdId: Id, relationToHead: relation, note }),
  z.object({ kind: z.literal('set_head'), residentId: Id, on, note }),
  z.object({
    kind: z.literal('split'),
    householdId: Id,
    on,
    memberIds: z.array(Id).min(1, bi('请选择分出的成员', 'Choose the members who form the new household')).max(50),
    headId: Id,
    unitId: z.string().min(1, bi('请选择单元', 'Choose a unit')),
    room: needed('房号', 'room number').max(16, bi('最多 16 个字', 'At most 16 characters')),
    residenceType: z.enum(RESIDENCE_TYPES),
    note,
  }),
  z.object({ kind: z.literal('merge'), householdId: Id, intoHouseholdId: Id, on, note }),
]);
export type LifeEventInput = z.output<typeof LifeEventInput>;

export const LifeEventRow = z.object({
  id: z.string(),
  kind: z.enum(LIFE_EVENT_KINDS),
  occurredOn: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
  /** What the keeper entered (destination, reason, new address …). */
  details: z.record(z.string(), z.unknown()),
  /** Residents' and households' state before and after: { residents: {id: …}, households: {id: …} }. */
  before: z.record(z.string(), z.unknown()),
  after: z.record(z.string(), z.unknown()),
  /** The earlier event this one undoes (迁入 after 迁出 …). */
  counterOf: z.string().nullable(),
  /** Set when the event was proposed for review and approved by another keeper. */
  proposedBy: z.string().nullable(),
});
export type LifeEventRow = z.infer<typeof LifeEventRow>;

export const lifeEventsContract = {
  /** Records the event now, or with submitForReview puts it in 待审核 for another keeper. */
  record: channel({
    req: z.intersection(LifeEventInput, z.object({ submitForReview: z.boolean().optional() })),
    res: z.object({ event: LifeEventRow.nullable(), pendingId: z.string().nullable() }),
    access: 'lifeEvents.record',
  }),
  /** The timeline of a resident or a household, oldest first. */
  list: channel({
    req: z.object({ subject: z.string().regex(/^(resident|household):[\w-]{1,64}$/) }),
    res: z.array(LifeEventRow),
    access: 'lifeEvents.read',
  }),
};
