import type { EntityManager } from 'typeorm';
import type { DestructionBatchRow, TombstoneRow } from '../../shared/contract/retention.contract';
import type { DestructionMethod } from '../../shared/domain/destruction-types';
import { ArchiveRecordEntity, AttachmentEntity } from '../db/entities/record.entity';
import { DestructionBatchEntity, DestructionItemEntity, TombstoneEntity, type DestructionBatchRecord } from '../db/entities/retention.entity';
import { displayNames } from './user-names';

export type BatchDb = Record<string, string | number | null> & { id: string; status: string; supervisors: string; proposed_by: string };
export type ItemDb = {
  record_id: string;
  reason: string;
  override_reason: string | null;
  remarks: string | null;
  archive_no: string;
  title: string;
  carrier: string;
  pages: number;
  items: number;
  attachments: number;
  key_ids: string | null;
};
/** A batch row in the column-named shape the register code reads (`register_no`, `approved_sha256`, …). */
export function batchDbOf(r: DestructionBatchRecord): BatchDb {
  const out: Record<string, string | number | null> = {};
  for (const [prop, col] of Object.entries(DestructionBatchEntity.options.columns)) {
    out[col?.name ?? prop] = (r as unknown as Record<string, string | number | null>)[prop] ?? null;
  }
  return out as BatchDb;
}
export type SupervisorDb = { username: string; name: string; confirmedAt: string };
export type Problem = { archiveNo: string; zh: string; en: string };

/**
 * The listed records. Once executed, a record's files are gone from `attachments`; the count
 * then comes from its tombstone, which keeps the IDs of the destroyed keys.
 */
export function itemsOf(m: EntityManager, batchId: string): Promise<ItemDb[]> {
  return m
    .createQueryBuilder(DestructionItemEntity, 'i')
    .innerJoin(ArchiveRecordEntity.options.name, 'a', 'a.id = i.recordId')
    .leftJoin(TombstoneEntity.options.name, 's', 's.recordId = a.id AND s.batchId = i.batchId')
    .select('i.recordId', 'record_id')
    .addSelect('i.reason', 'reason')
    .addSelect('i.overrideReason', 'override_reason')
    .addSelect('i.remarks', 'remarks')
    .addSelect('a.archiveNo', 'archive_no')
    .addSelect('a.title', 'title')
    .addSelect('a.carrier', 'carrier')
    .addSelect('a.pages', 'pages')
    .addSelect('a.items', 'items')
    .addSelect((q) => q.select('count(*)').from(AttachmentEntity, 't').where('t.recordId = a.id'), 'attachments')
    .addSelect('s.keyIds', 'key_ids')
    .where('i.batchId = :batchId', { batchId })
    .orderBy('a.archiveNo')
    .getRawMany<ItemDb>();
}

export function filesOf(i: ItemDb): number {
  return i.key_ids ? (JSON.parse(i.key_ids) as string[]).length : Number(i.attachments);
}

export function supervisorsOf(b: BatchDb): SupervisorDb[] {
  return JSON.parse(String(b.supervisors ?? '[]'));
}

/** A register as the screens show it: people by their names, the user names kept beside them. */
export async function batchRow(m: EntityManager, b: BatchDb, items: ItemDb[], problems: Problem[]): Promise<DestructionBatchRow> {
  const name = await displayNames(m, [b.proposed_by, b.approved_by as string | null]);
  const str = (k: string) => (b[k] === null || b[k] === undefined ? null : String(b[k]));
  return {
    id: b.id,
    registerNo: String(b.register_no),
    status: b.status as DestructionBatchRow['status'],
    revision: Number(b.revision ?? 1),
    proposedBy: b.proposed_by,
    proposedByName: name(b.proposed_by),
    proposedAt: String(b.proposed_at),
    approvedBy: str('approved_by'),
    approvedByName: b.approved_by ? name(String(b.approved_by)) : null,
    approverOpinion: str('approver_opinion'),
    approvedAt: str('approved_at'),
    supervisors: supervisorsOf(b),
    execTime: str('exec_time'),
    place: str('place'),
    methods: (b.methods ? String(b.methods).split(',') : []) as DestructionMethod[],
    executedAt: str('executed_at'),
    registerSha256: str('register_sha256'),
    items: items.map((i) => ({
      recordId: i.record_id,
      archiveNo: i.archive_no,
      title: i.title,
      carrier: i.carrier,
      pages: Number(i.pages),
      items: Number(i.items),
      reason: i.reason,
      overrideReason: i.override_reason,
      attachments: filesOf(i),
    })),
    totals: { items: items.reduce((s, i) => s + Number(i.items), 0), pages: items.reduce((s, i) => s + Number(i.pages), 0) },
    problems,
  };
}

/** What a destroyed record's screen shows instead of its contents (domain.md: tombstones). */
export async function tombstoneOf(m: EntityManager, recordId: string): Promise<TombstoneRow | null> {
  const found = await m.findOne(TombstoneEntity, { where: { recordId }, order: { destroyedAt: 'DESC' } });
  const b = found && (await m.findOneBy(DestructionBatchEntity, { id: found.batchId }));
  if (!found || !b) return null;
  const t = found;
  const sups: SupervisorDb[] = JSON.parse(b.supervisors || '[]');
  const name = await displayNames(m, [b.proposedBy, b.approvedBy, ...sups.map((s) => s.username)]);
  const person = (u: string | null) => ({ username: u ?? '', name: name(u) });
  return {
    recordId,
    batchId: t.batchId,
    registerNo: b.registerNo,
    archiveNo: t.archiveNo,
    title: t.title,
    year: Number(t.year),
    dateFrom: t.dateFrom ?? null,
    dateTo: t.dateTo ?? null,
    retention: t.retention,
    pages: Number(t.pages),
    items: Number(t.items),
    reason: t.reason,
    destroyedAt: t.destroyedAt,
    execTime: b.execTime ?? null,
    place: b.place ?? null,
    methods: (b.methods ? b.methods.split(',') : []) as DestructionMethod[],
    proposer: person(b.proposedBy),
    approver: person(b.approvedBy),
    approvedAt: b.approvedAt ?? null,
    approverOpinion: b.approverOpinion ?? null,
    supervisors: sups.map((s) => ({ username: s.username, name: name(s.username) === s.username ? s.name : name(s.username), confirmedAt: s.confirmedAt })),
    keysDestroyed: (JSON.parse(t.keyIds || '[]') as string[]).length,
    fileHashes: JSON.parse(t.fileHashes || '[]') as string[],
  };
}
