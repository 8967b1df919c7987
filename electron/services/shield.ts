import type { Role } from '../../shared/roles';

/** Who is looking: the shield depends on the role and on the viewer's own live approvals. */
export type Viewer = { username: string; role: Role };

/** A piece of SQL with its parameters, to be placed inside a larger parameterised query. */
export type SqlPart = { sql: string; params: unknown[] };

/**
 * 最少披露: a household with a discreet tag (重点户 …) is shielded from a look-up clerk until a
 * keeper approves a look-up of that household, and only while the approval lasts. Keepers and
 * administrators approve look-ups themselves, so nothing is shielded from them.
 * `hh` is the SQL expression naming the household id in the surrounding query.
 */
export function shieldedHousehold(viewer: Viewer | undefined, hh: string, nowIso: string): SqlPart | null {
  if (!viewer || viewer.role === 'admin' || viewer.role === 'keeper') return null;
  return {
    sql: `(EXISTS (SELECT 1 FROM household_tags sh_t JOIN tags sh_g ON sh_g.id = sh_t.tag_id WHERE sh_t.household_id = ${hh} AND sh_g.discreet = TRUE)
      AND NOT EXISTS (SELECT 1 FROM access_requests sh_a WHERE sh_a.requester = ? AND sh_a.scope = 'household:' || ${hh} AND sh_a.status = 'approved' AND sh_a.expires_at > ?))`,
    params: [viewer.username, nowIso],
  };
}

/**
 * A record is shielded when its household is, or when the record itself is marked sensitive and
 * the viewer holds no live approval for it. `a` is the alias of archive_records.
 */
export function shieldedRecord(viewer: Viewer | undefined, a: string, nowIso: string): SqlPart | null {
  const hh = shieldedHousehold(viewer, `${a}.household_id`, nowIso);
  if (!hh || !viewer) return null;
  return {
    sql: `(${hh.sql} OR (${a}.sensitivity = 'sensitive'
      AND NOT EXISTS (SELECT 1 FROM access_requests sr_a WHERE sr_a.requester = ? AND sr_a.scope = 'record:' || ${a}.id AND sr_a.status = 'approved' AND sr_a.expires_at > ?)))`,
    params: [...hh.params, viewer.username, nowIso],
  };
}

/** `NOT (part)`, or an always-true test when nothing is shielded. */
export function notShielded(part: SqlPart | null): SqlPart {
  return part ? { sql: `NOT ${part.sql}`, params: part.params } : { sql: '1 = 1', params: [] };
}

/** A 0/1 column telling the row is shielded (always 0 when nothing is). */
export function shieldFlag(part: SqlPart | null): SqlPart {
  return part ? { sql: `CASE WHEN ${part.sql} THEN 1 ELSE 0 END`, params: part.params } : { sql: '0', params: [] };
}
