import type { RosterFilters, RosterSort } from '../../shared/contract/roster.contract';
import { birthBounds } from '../../shared/domain/age-range';
import { rosterStatus } from '../../shared/domain/life-events';
import { NO_DISABILITY, PARTY_MEMBER, SUBSISTENCE_YES } from '../../shared/domain/roster-policy';
import type { EngineDialect } from '../db/engine';
import { likeEscape, type NamedPart } from '../db/sql-where';
import { householdShield, notShielded, type Viewer } from './shield';

/** residents r → households h → units u → buildings b → grids g (the export's text; the screen's query is rosterQuery). */
export const ROSTER_FROM =
  'FROM residents r JOIN households h ON h.id = r.household_id JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id JOIN grids g ON g.id = b.grid_id';

const list = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
const PARTY_SQL = `r.political_status IN (${list(PARTY_MEMBER)})`;
const DISABLED_SQL = `TRIM(COALESCE(r.disability, '')) NOT IN (${list(NO_DISABILITY)})`;
const SUBSISTENCE_SQL = `(r.subsistence IN (${list(SUBSISTENCE_YES)}) OR r.special_categories LIKE '%"subsistence"%')`;
const yes = (v: 'yes' | 'no' | undefined, sql: string) => (v === 'yes' ? sql : `NOT ${sql}`);

/** What the roster's WHERE needs from the engine (engine.ts). */
export type RosterDialect = Pick<EngineDialect, 'noIndex' | 'likeAnyCase' | 'nameHolds'>;

/**
 * A name fragment with no letter that has a case (汉字, digits): "contains, any case" is then
 * "contains as typed", which the name index answers — a street's roster is not scanned for 国.
 */
export const caseless = (s: string): boolean => s.toLowerCase() === s.toUpperCase();

/**
 * The roster's conditions (named parameters, for QueryBuilder), shared by the screen and the export
 * so both list the same people. `today` is the archive's date (ages count on it). The viewer's
 * shield leaves out a clerk's unapproved discreet households before anything is counted.
 */
export function rosterConditions(
  f: RosterFilters,
  today: string,
  d: RosterDialect,
  viewer?: Viewer,
  nowIso = new Date().toISOString(),
  { nameIndex = true }: { nameIndex?: boolean } = {},
): NamedPart[] {
  const out: NamedPart[] = [];
  const add = (sql: string, params: Record<string, unknown> = {}) => out.push({ sql, params });
  const has = (v: unknown) => v !== undefined && v !== null && v !== '';
  const shield = householdShield(viewer, 'h.id', nowIso);
  if (shield) out.push(notShielded(shield));
  const born = birthBounds(today, f.ageMin, f.ageMax);
  const status = rosterStatus(f.status);
  // The active roster unless asked: departed residents (迁出, 死亡) keep their archive. For the
  // active roster (nearly everyone) the status index must not drive the join (noIndex); departed
  // residents are few, and their index finds them.
  if (status.length) add(`${status.includes('active') ? d.noIndex('r.status') : 'r.status'} IN (:...rStatus)`, { rStatus: status });
  if (has(f.gridId)) add('b.grid_id = :rGrid', { rGrid: f.gridId });
  if (has(f.buildingId)) add('u.building_id = :rBuilding', { rBuilding: f.buildingId });
  if (has(f.unitId)) add('h.unit_id = :rUnit', { rUnit: f.unitId });
  if (has(born.bornOnOrBefore)) add('r.birth_date <= :rBornTo', { rBornTo: born.bornOnOrBefore });
  if (has(born.bornAfter)) add('r.birth_date > :rBornAfter', { rBornAfter: born.bornAfter });
  if (has(f.gender)) add('r.gender = :rGender', { rGender: f.gender });
  if (f.residentTypes?.length) add('r.resident_type IN (:...rTypes)', { rTypes: f.residentTypes });
  if (f.tagIds?.length) add('EXISTS (SELECT 1 FROM household_tags rt WHERE rt.household_id = h.id AND rt.tag_id IN (:...rTags))', { rTags: f.tagIds });
  if (f.partyMember) add(yes(f.partyMember, PARTY_SQL));
  if (f.disabled) add(yes(f.disabled, DISABLED_SQL));
  if (f.subsistence) add(yes(f.subsistence, SUBSISTENCE_SQL));
  if (has(f.health)) add('r.health = :rHealth', { rHealth: f.health });
  if (has(f.moveInFrom)) add('r.move_in_date >= :rMoveFrom', { rMoveFrom: `${f.moveInFrom}-01-01` });
  if (has(f.moveInTo)) add('r.move_in_date <= :rMoveTo', { rMoveTo: `${f.moveInTo}-12-31` });
  if (has(f.name)) {
    // A fragment without letters that have a case is answered by the name index, exactly; else (and
    // without the index: nameIndex false) LIKE, any case, filters the rows the order walks past.
    if (nameIndex && caseless(f.name!)) out.push(d.nameHolds('r', f.name!, 'rNameIdx'));
    else add(d.likeAnyCase('r.name', 'rName'), { rName: `%${likeEscape(f.name ?? '')}%` });
  }
  return out;
}

/**
 * Sort keys as SQL expressions, all in one direction, ending with r.id so the order is total and
 * a page can start after a row (keyset). Natural order for places as the households list has it:
 * codes and room numbers by length, then text (2号楼 before 10号楼, 101 before 1001): `place` is
 * that order as the engine keeps it (EngineDialect.placeOrder).
 */
export function rosterOrder(s: RosterSort, place: readonly string[]): { exprs: string[]; dir: 'ASC' | 'DESC' } {
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
