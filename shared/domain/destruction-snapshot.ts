/**
 * The approved register, frozen. At approval the service stores a canonical snapshot of every
 * listed record (what the register prints, plus what would make it stale: holds, loans, files,
 * status, last change) and its SHA-256. Execution rebuilds the same snapshot from the live
 * database; if anything differs, the register the approver signed is not the one that would be
 * executed, so execution is refused until it is re-submitted and approved again.
 * Pure: the comparison and its wording, table-tested; the hashing lives on the Node side.
 */
import { RECORD_STATUS_LABELS, type RecordStatus } from './archive-types';
import type { Bilingual } from './retention';

export interface SnapshotItem {
  recordId: string;
  archiveNo: string;
  title: string;
  carrier: string;
  pages: number;
  items: number;
  year: number;
  dateFrom: string | null;
  dateTo: string | null;
  sensitivity: string;
  /** Retention class as stored: "D10", "D30", "Y" or "CUSTOM:15". */
  retention: string;
  /** The event the retention clock counts from, "moved_out:2015-03-02", or null. */
  clock: string | null;
  status: string;
  reason: string;
  overrideReason: string | null;
  remarks: string | null;
  /** Electronic copies: attachment (key) ID and the file's SHA-256. */
  attachments: { id: string; sha256: string }[];
  /** Every hold ever placed, as "id" or "id:released-on". */
  holds: string[];
  /** Every loan slip of the record. */
  loans: string[];
  /** The record's last-changed stamp: catches an edit of a field not listed above. */
  updatedAt: string;
}

/** Items in a fixed order, so the same register always serialises (and hashes) the same. */
export function sortSnapshot(items: readonly SnapshotItem[]): SnapshotItem[] {
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...items]
    .map((i) => ({ ...i, attachments: [...i.attachments].sort(byId), holds: [...i.holds].sort(), loans: [...i.loans].sort() }))
    .sort((a, b) => (a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0));
}

export type DriftKind = 'removed' | 'added' | 'held' | 'lent' | 'files' | 'fields' | 'status' | 'edited';

export interface Drift {
  recordId: string;
  archiveNo: string;
  kinds: DriftKind[];
  /** Field names that changed, for 'fields'. */
  fields: (keyof SnapshotItem)[];
  zh: string;
  en: string;
}

const FIELD_LABELS: Partial<Record<keyof SnapshotItem, Bilingual>> = {
  archiveNo: { zh: '档号', en: 'archive no.' },
  title: { zh: '题名', en: 'title' },
  carrier: { zh: '载体', en: 'carrier' },
  pages: { zh: '页数', en: 'pages' },
  items: { zh: '件数', en: 'items' },
  year: { zh: '年度', en: 'year' },
  dateFrom: { zh: '起始日期', en: 'start date' },
  dateTo: { zh: '终止日期', en: 'end date' },
  sensitivity: { zh: '密级', en: 'sensitivity' },
  retention: { zh: '保管期限', en: 'retention' },
  clock: { zh: '保管期限起算事件', en: 'retention clock event' },
  reason: { zh: '销毁理由', en: 'reason' },
  overrideReason: { zh: '提前销毁理由', en: 'override reason' },
  remarks: { zh: '备注', en: 'remarks' },
};
const FIELDS = Object.keys(FIELD_LABELS) as (keyof SnapshotItem)[];

function eqList(a: readonly string[], b: readonly string[]): boolean {
  const [x, y] = [[...a].sort(), [...b].sort()];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
const files = (i: SnapshotItem) => i.attachments.map((a) => `${a.id}:${a.sha256}`);

function statusLabel(s: string): Bilingual {
  return RECORD_STATUS_LABELS[s as RecordStatus] ?? { zh: s, en: s };
}

function describe(kinds: DriftKind[], fields: (keyof SnapshotItem)[], live?: SnapshotItem): Bilingual {
  const parts: Bilingual[] = kinds.map((k) => {
    switch (k) {
      case 'removed':
        return { zh: '已不在清册中', en: 'no longer in the register' };
      case 'added':
        return { zh: '审批后加入清册', en: 'added after approval' };
      case 'held':
        return { zh: '审批后被冻结', en: 'put on hold after approval' };
      case 'lent':
        return { zh: '审批后有借阅', en: 'lent after approval' };
      case 'files':
        return { zh: '电子文件有增删', en: 'electronic files changed' };
      case 'fields':
        return {
          zh: `${fields.map((f) => FIELD_LABELS[f]!.zh).join('、')}已修改`,
          en: `${fields.map((f) => FIELD_LABELS[f]!.en).join(', ')} changed`,
        };
      case 'status':
        return { zh: `状态变为“${statusLabel(live?.status ?? '').zh}”`, en: `status is now "${statusLabel(live?.status ?? '').en}"` };
      case 'edited':
        return { zh: '档案记录已修改', en: 'the record was edited' };
    }
  });
  return { zh: parts.map((p) => p.zh).join('；'), en: parts.map((p) => p.en).join('; ') };
}

/** What changed in each listed record since approval; empty when the register still stands. */
export function snapshotDrift(approved: readonly SnapshotItem[], live: readonly SnapshotItem[]): Drift[] {
  const liveById = new Map(live.map((i) => [i.recordId, i]));
  const approvedIds = new Set(approved.map((i) => i.recordId));
  const out: Drift[] = [];
  const push = (base: SnapshotItem, kinds: DriftKind[], fields: (keyof SnapshotItem)[], now?: SnapshotItem) => {
    if (kinds.length) out.push({ recordId: base.recordId, archiveNo: base.archiveNo, kinds, fields, ...describe(kinds, fields, now) });
  };
  for (const a of approved) {
    const l = liveById.get(a.recordId);
    if (!l) {
      push(a, ['removed'], []);
      continue;
    }
    const kinds: DriftKind[] = [];
    if (!eqList(a.holds, l.holds)) kinds.push('held');
    if (!eqList(a.loans, l.loans)) kinds.push('lent');
    if (!eqList(files(a), files(l))) kinds.push('files');
    const fields = FIELDS.filter((f) => a[f] !== l[f]);
    if (fields.length) kinds.push('fields');
    // A hold or a loan already explains a new status; an edit already explains a new stamp.
    if (a.status !== l.status && !kinds.includes('held') && !kinds.includes('lent')) kinds.push('status');
    if (a.updatedAt !== l.updatedAt && !kinds.length) kinds.push('edited');
    push(a, kinds, fields, l);
  }
  for (const l of live) if (!approvedIds.has(l.recordId)) push(l, ['added'], [], l);
  return out.sort((x, y) => x.archiveNo.localeCompare(y.archiveNo));
}

/** The refusal shown when execution meets a changed register: what changed, and what to do next. */
export function driftMessage(drift: readonly Pick<Drift, 'archiveNo' | 'zh' | 'en'>[]): Bilingual {
  return {
    zh: `清册审批后已有变动，不能按原清册执行：${drift.map((d) => `${d.archiveNo}（${d.zh}）`).join('、')}。请“重新提交”清册，经重新审批、两名监销人重新确认后再执行。`,
    en: `The register changed after it was approved, so it cannot be executed as signed: ${drift.map((d) => `${d.archiveNo} (${d.en})`).join(', ')}. Re-submit it, have it approved again and confirmed by two supervisors, then execute.`,
  };
}
