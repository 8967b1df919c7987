import type { Role } from '../../shared/roles';
import type { NamedPart } from '../db/sql-where';

/** Who is looking: the shield depends on the role and on the viewer's own live approvals. */
export type Viewer = { username: string; role: Role };

/**
 * A condition with named parameters (`:name`), placed inside a larger query: QueryBuilder takes it
 * as it is; the search's hot reads (EngineDialect.search) turn it into their engine's placeholders.
 */
export type QueryPart = NamedPart;

/**
 * 最少披露: a household with a discreet tag (重点户 …) is shielded from a look-up clerk until a
 * keeper approves a look-up of that household, and only while the approval lasts. Keepers and
 * administrators approve look-ups themselves, so nothing is shielded from them.
 * `hh` is the SQL expression naming the household id in the surrounding query. The text runs on
 * both engines (`TRUE`: SQLite's 1, PostgreSQL's boolean).
 */
export function householdShield(viewer: Viewer | undefined, hh: string, nowIso: string): QueryPart | null {
  if (!viewer || viewer.role === 'admin' || viewer.role === 'keeper') return null;
  return {
    sql: `(EXISTS (SELECT 1 FROM household_tags sh_t JOIN tags sh_g ON sh_g.id = sh_t.tag_id WHERE sh_t.household_id = ${hh} AND sh_g.discreet = TRUE)
      AND NOT EXISTS (SELECT 1 FROM access_requests sh_a WHERE sh_a.requester = :shViewer AND sh_a.scope = 'household:' || ${hh} AND sh_a.status = 'approved' AND sh_a.expires_at > :shNow))`,
    params: { shViewer: viewer.username, shNow: nowIso },
  };
}

/**
 * A record is shielded when its household is, or when the record itself is marked sensitive and
 * the viewer holds no live approval for it. `a` is the alias of archive_records.
 */
export function recordShield(viewer: Viewer | undefined, a: string, nowIso: string): QueryPart | null {
  const hh = householdShield(viewer, `${a}.household_id`, nowIso);
  if (!hh) return null;
  return {
    sql: `(${hh.sql} OR (${a}.sensitivity = 'sensitive'
      AND NOT EXISTS (SELECT 1 FROM access_requests sr_a WHERE sr_a.requester = :shViewer AND sr_a.scope = 'record:' || ${a}.id AND sr_a.status = 'approved' AND sr_a.expires_at > :shNow)))`,
    params: hh.params,
  };
}

/** `NOT (part)`, or an always-true test when nothing is shielded. */
export function notShielded(part: QueryPart | null): QueryPart {
  return part ? { sql: `NOT ${part.sql}`, params: part.params } : { sql: '1 = 1', params: {} };
}

/** A 0/1 column telling the row is shielded (always 0 when nothing is). */
export function shieldColumn(part: QueryPart | null): string {
  return part ? `CASE WHEN ${part.sql} THEN 1 ELSE 0 END` : '0';
}

/** shieldColumn with its parameters, for the search's hot reads. */
export function shieldFlag(part: QueryPart | null): QueryPart {
  return { sql: shieldColumn(part), params: part?.params ?? {} };
}
