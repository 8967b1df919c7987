import type { EntityManager } from 'typeorm';
import type { DestructionBatchRow, TombstoneRow } from '../../shared/contract/retention.contract';
import type { DestructionMethod } from '../../shared/domain/destruction-types';
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
export type SupervisorDb = { username: string; name: string; confirmedAt: string };
export type Problem = { archiveNo: string; zh: string; en: string };

/**
 * The listed records. Once executed, a record's files are gone from `attachments`; the count
 * then comes from its tombstone, which keeps the IDs of the destroyed keys.
 */
export function itemsOf(m: EntityManager, batchId: string): Promise<ItemDb[]> {
  return m.query(
    `SELECT i.record_id, i.reason, i.override_reason, i.remarks, a.archive_no, a.title, a.carrier, a.pages, a.items,
       (SELECT count(*) FROM attachments t WHERE t.record_id = a.id) AS attachments,
       (SELECT s.key_ids FROM tombstones s WHERE s.record_id = a.id AND s.batch_id = i.batch_id) AS key_ids
     FROM destruction_items i JOIN archive_records a ON a.id = i.record_id WHERE i.batch_id = ? ORDER BY a.archive_no`,
    [batchId],
  );
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
  const [t]: Record<string, string | number | null>[] = await m.query(
    `SELECT t.*, b.register_no, b.exec_time, b.place, b.methods, b.proposed_by, b.approved_by, b.approved_at, b.approver_opinion, b.supervisors, b.executed_at
     FROM tombstones t JOIN destruction_batches b ON b.id = t.batch_id WHERE t.record_id = ? ORDER BY t.destroyed_at DESC LIMIT 1`,
    [recordId],
  );
  if (!t) return null;
  const sups: SupervisorDb[] = JSON.parse(String(t.supervisors ?? '[]'));
  const name = await displayNames(m, [t.proposed_by as string, t.approved_by as string, ...sups.map((s) => s.username)]);
  const person = (u: string | null) => ({ username: u ?? '', name: name(u) });
  return {
    recordId,
    batchId: String(t.batch_id),
    registerNo: String(t.register_no),
    archiveNo: String(t.archive_no),
    title: String(t.title),
    year: Number(t.year),
    dateFrom: (t.date_from as string | null) ?? null,
    dateTo: (t.date_to as string | null) ?? null,
    retention: String(t.retention),
    pages: Number(t.pages),
    items: Number(t.items),
    reason: String(t.reason),
    destroyedAt: String(t.destroyed_at),
    execTime: (t.exec_time as string | null) ?? null,
    place: (t.place as string | null) ?? null,
    methods: (t.methods ? String(t.methods).split(',') : []) as DestructionMethod[],
    proposer: person(t.proposed_by as string),
    approver: person(t.approved_by as string | null),
    approvedAt: (t.approved_at as string | null) ?? null,
    approverOpinion: (t.approver_opinion as string | null) ?? null,
    supervisors: sups.map((s) => ({ username: s.username, name: name(s.username) === s.username ? s.name : name(s.username), confirmedAt: s.confirmedAt })),
    keysDestroyed: (JSON.parse(String(t.key_ids ?? '[]')) as string[]).length,
    fileHashes: JSON.parse(String(t.file_hashes ?? '[]')) as string[],
  };
}
