import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '../../shared/canonical-json';
import { sortSnapshot, type SnapshotItem } from '../../shared/domain/destruction-snapshot';
import { LoanEntity } from '../db/entities/lending.entity';
import { ArchiveRecordEntity, AttachmentEntity } from '../db/entities/record.entity';
import { DestructionItemEntity, RecordHoldEntity } from '../db/entities/retention.entity';

type Row = {
  record_id: string;
  reason: string;
  override_reason: string | null;
  remarks: string | null;
  archive_no: string;
  title: string;
  carrier: string;
  pages: number;
  items: number;
  year: number;
  date_from: string | null;
  date_to: string | null;
  sensitivity: string;
  retention_class: string;
  retention_years: number | null;
  clock_event: string | null;
  clock_event_on: string | null;
  status: string;
  updated_at: string;
};

async function byRecord<T extends { record_id: string }>(ids: string[], fetch: (part: string[]) => Promise<T[]>): Promise<Map<string, T[]>> {
  const out = new Map<string, T[]>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const r of await fetch(ids.slice(i, i + 500))) out.set(r.record_id, [...(out.get(r.record_id) ?? []), r]);
  }
  return out;
}

/**
 * The register as the database holds it now, in the snapshot's canonical form: what the register
 * prints about each record, and what would make an approval stale (holds, loans, files, status).
 */
export async function liveSnapshot(m: EntityManager, batchId: string): Promise<SnapshotItem[]> {
  const qb = m
    .createQueryBuilder(DestructionItemEntity, 'i')
    .innerJoin(ArchiveRecordEntity.options.name, 'a', 'a.id = i.recordId')
    .select('i.recordId', 'record_id')
    .addSelect('i.reason', 'reason')
    .addSelect('i.overrideReason', 'override_reason')
    .addSelect('i.remarks', 'remarks');
  const recordCols: [string, keyof Row][] = [
    ['archiveNo', 'archive_no'],
    ['title', 'title'],
    ['carrier', 'carrier'],
    ['pages', 'pages'],
    ['items', 'items'],
    ['year', 'year'],
    ['dateFrom', 'date_from'],
    ['dateTo', 'date_to'],
    ['sensitivity', 'sensitivity'],
    ['retentionClass', 'retention_class'],
    ['retentionYears', 'retention_years'],
    ['clockEvent', 'clock_event'],
    ['clockEventOn', 'clock_event_on'],
    ['status', 'status'],
    ['updatedAt', 'updated_at'],
  ];
  for (const [prop, alias] of recordCols) qb.addSelect(`a.${prop}`, alias);
  const rows = await qb.where('i.batchId = :batchId', { batchId }).getRawMany<Row>();
  const ids = rows.map((r) => r.record_id);
  const files = await byRecord(ids, (part) =>
    m
      .createQueryBuilder(AttachmentEntity, 't')
      .select('t.recordId', 'record_id')
      .addSelect('t.id', 'id')
      .addSelect('t.sha256', 'sha256')
      .where('t.recordId IN (:...part)', { part })
      .getRawMany<{ record_id: string; id: string; sha256: string }>(),
  );
  const holds = await byRecord(ids, (part) =>
    m
      .createQueryBuilder(RecordHoldEntity, 'h')
      .select('h.recordId', 'record_id')
      .addSelect('h.id', 'id')
      .addSelect('h.releasedOn', 'released_on')
      .where('h.recordId IN (:...part)', { part })
      .getRawMany<{ record_id: string; id: string; released_on: string | null }>(),
  );
  const loans = await byRecord(ids, (part) =>
    m
      .createQueryBuilder(LoanEntity, 'l')
      .select('l.recordId', 'record_id')
      .addSelect('l.id', 'id')
      .where('l.recordId IN (:...part)', { part })
      .getRawMany<{ record_id: string; id: string }>(),
  );
  return sortSnapshot(
    rows.map((r) => ({
      recordId: r.record_id,
      archiveNo: r.archive_no,
      title: r.title,
      carrier: r.carrier,
      pages: Number(r.pages),
      items: Number(r.items),
      year: Number(r.year),
      dateFrom: r.date_from,
      dateTo: r.date_to,
      sensitivity: r.sensitivity,
      retention: r.retention_class === 'CUSTOM' ? `CUSTOM:${r.retention_years ?? ''}` : r.retention_class,
      clock: r.clock_event ? `${r.clock_event}:${r.clock_event_on ?? ''}` : null,
      status: r.status,
      reason: r.reason,
      overrideReason: r.override_reason,
      remarks: r.remarks,
      attachments: (files.get(r.record_id) ?? []).map((f) => ({ id: f.id, sha256: f.sha256 })),
      holds: (holds.get(r.record_id) ?? []).map((h) => (h.released_on ? `${h.id}:${h.released_on}` : h.id)),
      loans: (loans.get(r.record_id) ?? []).map((l) => l.id),
      updatedAt: r.updated_at,
    })),
  );
}

/** The stored form of an approved register and the hash that names it. */
export function freeze(items: SnapshotItem[]): { json: string; sha256: string } {
  const json = canonicalJson(sortSnapshot(items));
  return { json, sha256: createHash('sha256').update(json).digest('hex') };
}
