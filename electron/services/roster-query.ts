import type { RosterFilters, RosterSort } from '../../shared/contract/roster.contract';
import { birthBounds } from '../../shared/domain/age-range';
import { rosterStatus } from '../../shared/domain/life-events';
import { NO_DISABILITY, PARTY_MEMBER, SUBSISTENCE_YES } from '../../shared/domain/roster-policy';
import { likeEscape, SqlWhere } from '../db/sql-where';
import { notShielded, shieldedHousehold, type Viewer } from './shield';

/** residents r → households h → units u → buildings b → grids g. */
export const ROSTER_FROM =
  'FROM residents r JOIN households h ON h.id = r.household_id JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id JOIN grids g ON g.id = b.grid_id';

const list = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
const PARTY_SQL = `r.political_status IN (${list(PARTY_MEMBER)})`;
const DISABLED_SQL = `TRIM(COALESCE(r.disability, '')) NOT IN (${list(NO_DISABILITY)})`;
const SUBSISTENCE_SQL = `(r.subsistence IN (${list(SUBSISTENCE_YES)}) OR r.special_categories LIKE '%"subsistence"%')`;
const yes = (v: 'yes' | 'no' | undefined, sql: string) => (v === 'yes' ? sql : `NOT ${sql}`);

/**
 * The roster's WHERE, shared by the screen and the export so both list the same people.
 * `today` is the archive's date (ages count on it). The viewer's shield leaves out a clerk's
 * unapproved discreet households before anything is counted.
 */
export function rosterWhere(f: RosterFilters, today: string, viewer?: Viewer, nowIso = new Date().toISOString()): SqlWhere {
  const hidden = notShielded(shieldedHousehold(viewer, 'h.id', nowIso));
  const born = birthBounds(today, f.ageMin, f.ageMax);
  const types = f.residentTypes?.length ? f.residentTypes : null;
  const tags = f.tagIds?.length ? f.tagIds : null;
  const status = rosterStatus(f.status);
  return (
    new SqlWhere()
      .add(hidden.sql, ...hidden.params)
      // The active roster unless asked: departed residents (迁出, 死亡) keep their archive.
      // `+r.status` for the active roster (nearly everyone): the status index must not drive the join;
      // departed residents are few, and their index finds them.
      .if(status.length > 0, `${status.includes('active') ? '+' : ''}r.status IN (${status.map(() => '?').join(', ')})`, ...status)
      .when(f.gridId, 'b.grid_id = ?')
      .when(f.buildingId, 'u.building_id = ?')
      .when(f.unitId, 'h.unit_id = ?')
      .when(born.bornOnOrBefore, 'r.birth_date <= ?')
      .when(born.bornAfter, 'r.birth_date > ?')
      .when(f.gender, 'r.gender = ?')
      .if(!!types, `r.resident_type IN (${(types ?? []).map(() => '?').join(', ')})`, ...(types ?? []))
      .if(
        !!tags,
        `EXISTS (SELECT 1 FROM household_tags rt WHERE rt.household_id = h.id AND rt.tag_id IN (${(tags ?? []).map(() => '?').join(', ')}))`,
        ...(tags ?? []),
      )
      .if(!!f.partyMember, yes(f.partyMember, PARTY_SQL))
      .if(!!f.disabled, yes(f.disabled, DISABLED_SQL))
      .if(!!f.subsistence, yes(f.subsistence, SUBSISTENCE_SQL))
      .when(f.health, 'r.health = ?')
      .when(f.moveInFrom, 'r.move_in_date >= ?', `${f.moveInFrom}-01-01`)
      .when(f.moveInTo, 'r.move_in_date <= ?', `${f.moveInTo}-12-31`)
      .when(f.name, "r.name LIKE ? ESCAPE '\\'", `%${likeEscape(f.name ?? '')}%`)
  );
}

/**
 * The same join led by households (SQLite's CROSS JOIN keeps the order written): in address order
 * the households' place index drives the page, so the first 100 rows of 1M read about 100 rows.
 */
export const ROSTER_FROM_PLACES =
  'FROM households h CROSS JOIN residents r ON r.household_id = h.id JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id JOIN grids g ON g.id = b.grid_id';

/**
 * Sort keys as SQL expressions, all in one direction, ending with r.id so the order is total and
 * a page can start after a row (keyset). Natural order for places as the households list has it:
 * codes and room numbers by length, then text (2号楼 before 10号楼, 101 before 1001).
 */
export function rosterOrder(s: RosterSort, placeKey = false): { exprs: string[]; dir: 'ASC' | 'DESC' } {
  // SQLite keeps the same order in one indexed column (place-order.ts).
  const place = placeKey ? ['h.place_key'] : ['length(g.code)', 'g.code', 'length(b.code)', 'b.code', 'length(u.code)', 'u.code', 'length(h.room)', 'h.room'];
  const exprs: Record<RosterSort['key'], string[]> = {
    address: [...place, 'r.name_pinyin'],
    name: ['r.name_pinyin', 'r.name'],
    // Age up is birth date down; unknown birth dates sort as the oldest-born ('').
    age: ["COALESCE(r.birth_date, '')"],
    gender: ["COALESCE(r.gender, '')", ...place],
    residentType: ['r.resident_type', ...place],
    moveInDate: ["COALESCE(r.move_in_date, '')", ...place],
  };
  const up = s.key === 'age' ? s.dir === 'desc' : s.dir === 'asc';
  return { exprs: [...exprs[s.key], 'r.id'], dir: up ? 'ASC' : 'DESC' };
}
