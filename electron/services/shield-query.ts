import type { Viewer } from './shield';

/** A condition for a QueryBuilder: SQL with named parameters (`:name`), the same on every engine. */
export type QueryPart = { sql: string; params: Record<string, unknown> };

/**
 * The 最少披露 shield of shield.ts, for QueryBuilder queries: named parameters instead of `?`, and
 * the discreet flag compared with a bound boolean (SQLite stores 1, PostgreSQL a boolean), so the
 * same text runs on both engines. Same rule: a household with a discreet tag is shielded from a
 * look-up clerk until a keeper approves a look-up of it, while the approval lasts.
 * `hh` is the SQL expression naming the household id in the surrounding query.
 */
export function householdShield(viewer: Viewer | undefined, hh: string, nowIso: string): QueryPart | null {
  if (!viewer || viewer.role === 'admin' || viewer.role === 'keeper') return null;
  return {
    sql: `(EXISTS (SELECT 1 FROM household_tags sh_t JOIN tags sh_g ON sh_g.id = sh_t.tag_id WHERE sh_t.household_id = ${hh} AND sh_g.discreet = :shDiscreet)
      AND NOT EXISTS (SELECT 1 FROM access_requests sh_a WHERE sh_a.requester = :shViewer AND sh_a.scope = 'household:' || ${hh} AND sh_a.status = 'approved' AND sh_a.expires_at > :shNow))`,
    params: { shDiscreet: true, shViewer: viewer.username, shNow: nowIso },
  };
}

/** A record is shielded when its household is, or when it is marked sensitive and the viewer holds no live approval for it. */
export function recordShield(viewer: Viewer | undefined, a: string, nowIso: string): QueryPart | null {
  const hh = householdShield(viewer, `${a}.household_id`, nowIso);
  if (!hh) return null;
  return {
    sql: `(${hh.sql} OR (${a}.sensitivity = 'sensitive'
      AND NOT EXISTS (SELECT 1 FROM access_requests sr_a WHERE sr_a.requester = :shViewer AND sr_a.scope = 'record:' || ${a}.id AND sr_a.status = 'approved' AND sr_a.expires_at > :shNow)))`,
    params: hh.params,
  };
}

/** A 0/1 column telling the row is shielded (always 0 when nothing is). */
export function shieldColumn(part: QueryPart | null): string {
  return part ? `CASE WHEN ${part.sql} THEN 1 ELSE 0 END` : '0';
}
