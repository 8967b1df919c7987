import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '../../shared/canonical-json';
import { sortSnapshot, type SnapshotItem } from '../../shared/domain/destruction-snapshot';

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

async function byRecord<T extends { record_id: string }>(m: EntityManager, sql: (inList: string) => string, ids: string[]): Promise<Map<string, T[]>> {
  const out = new Map<string, T[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const rows: T[] = await m.query(sql(part.map(() => '?').join(',')), part);
    for (const r of rows) out.set(r.record_id, [...(out.get(r.record_id) ?? []), r]);
  }
  return out;
}

/**
 * The register as the database holds it now, in the snapshot's canonical form: what the register
 * prints about each record, and what would make an approval stale (holds, loans, files, status).
 */
export async function liveSnapshot(m: EntityManager, batchId: string): Promise<SnapshotItem[]> {
  const rows: Row[] = await m.query(
    `SELECT i.record_id, i.reason, i.override_reason, i.remarks, a.archive_no, a.title, a.carrier, a.pages, a.items, a.year, a.date_from, a.date_to, a.sensitivity,
       a.retention_class, a.retention_years, a.clock_event, a.clock_event_on, a.status, a.updated_at
     FROM destruction_items i JOIN archive_records a ON a.id = i.record_id WHERE i.batch_id = ?`,
    [batchId],
  );
  const ids = rows.map((r) => r.record_id);
  const files = await byRecord<{ record_id: string; id: string; sha256: string }>(
    m,
    (q) => `SELECT record_id, id, sha256 FROM attachments WHERE record_id IN (${q})`,
    ids,
  );
  const holds = await byRecord<{ record_id: string; id: string; released_on: string | null }>(
    m,
    (q) => `SELECT record_id, id, released_on FROM record_holds WHERE record_id IN (${q})`,
    ids,
  );
  const loans = await byRecord<{ record_id: string; id: string }>(m, (q) => `SELECT record_id, id FROM loans WHERE record_id IN (${q})`, ids);
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
