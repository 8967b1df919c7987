import { useEffect, useState } from 'react';
import type { AccessRequestRow } from '../../../../shared/contract/lookups.contract';
import { api } from '../../lib/api';
import { useArchiveTime } from '../../lib/archive-time';

/** ISO instants as the archive's time ("2026年12月2日 18:08"), '—' when empty. */
export function useLocalTime(): (iso: string | null | undefined) => string {
  const at = useArchiveTime();
  return (iso) => at.time(iso);
}

/** What a request's status means now: an approval past its expiry counts as expired. */
export function effectiveStatus(r: AccessRequestRow, now = Date.now()): 'pending' | 'approved' | 'denied' | 'expired' {
  if (r.status === 'approved' && r.expiresAt && Date.parse(r.expiresAt) <= now) return 'expired';
  return r.status;
}

export const STATUS_COLOR = { pending: 'orange', approved: 'green', denied: 'red', expired: 'default' } as const;

/**
 * A human label for a request's subject without opening anything: residents by name through their
 * (sensitive) household's resident list, records by 档号 and 题名. Neither call is a look-up.
 */
async function resolveLabel(r: AccessRequestRow): Promise<string | null> {
  // The server labels what it can (a household by its address, a resident by name for keepers).
  if (r.subjectLabel) return r.subjectLabel;
  const [kind, id] = r.subject.split(':');
  if (kind === 'record') {
    const rec = await api.records.get({ id });
    return rec.ok ? `${rec.value.archiveNo} ${rec.value.title}` : null;
  }
  const [scopeKind, householdId] = r.scope.split(':');
  if (scopeKind !== 'household') return null;
  if (kind === 'resident') {
    const list = await api.residents.list({ householdId, offset: 0, limit: 1000 });
    const hit = list.ok ? list.value.rows.find((x) => x.id === id) : undefined;
    return hit ? hit.name : null;
  }
  return null;
}

const cache = new Map<string, Promise<string | null>>();

export function useSubjectLabels(rows: AccessRequestRow[]): Record<string, string> {
  const [labels, setLabels] = useState<Record<string, string>>({});
  useEffect(() => {
    let live = true;
    for (const r of rows) {
      if (!cache.has(r.subject))
        cache.set(
          r.subject,
          resolveLabel(r).catch(() => null),
        );
      void cache.get(r.subject)!.then((l) => {
        if (live && l) setLabels((old) => (old[r.subject] === l ? old : { ...old, [r.subject]: l }));
      });
    }
    return () => {
      live = false;
    };
  }, [rows]);
  return labels;
}
