import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TRIGGERS } from './0008-tallies';

/**
 * Records by grid (migration 0008) stay exact while structures move under concurrent writers.
 *
 * The race: a statement trigger reads the household → unit → building → grid chain in its own
 * snapshot. A record added under building B while another transaction moves B to another grid was
 * counted in B's old grid (the move was not committed yet), and the move carried only the records
 * it could see (the new one was not committed yet): the record stayed counted in the old grid for
 * good. The same for deletes, status changes and re-filing, and for a household or unit moving while
 * the building above it moves (each carried the same records once).
 *
 * The fix: whoever counts a record through the chain first takes FOR SHARE row locks on the rows of
 * the chain it reads, and only then counts, so the chain it counts through cannot change under it
 * before it commits. FOR SHARE, not FOR KEY SHARE: a move is an UPDATE of a non-key column
 * (grid_id, building_id, unit_id), which takes FOR NO KEY UPDATE, and that conflicts with FOR SHARE
 * only. Either side may come first:
 *  - the mover first: its UPDATE holds the row; the writer's lock waits for the mover's commit, and
 *    its next statement (a PL/pgSQL function takes a fresh snapshot per statement at READ
 *    COMMITTED) counts through the committed move;
 *  - the writer first: the mover's UPDATE waits for the writer's commit, and the move's counting
 *    statement (again a fresh snapshot) sees the writer's committed records.
 * The chain is locked one level per statement, upwards (households, then their units, then those
 * units' buildings): a level is read only after the level below is locked, so it cannot be changed
 * any more by the time it is read. A household or unit that moves locks what it counts through
 * above it in the same way (its old and new unit and building; a unit its old and new building),
 * so a move and a move of the structure above it also come one after the other.
 *
 * Why not one counter row per grid with FOR UPDATE, or SERIALIZABLE: the counters are appended to so
 * that writers never queue on each other (0008); these locks make only writers and movers under the
 * same household, unit or building wait, and only for each other (share locks do not conflict among
 * themselves: two imports under one building run side by side). A rename of a building waits for a
 * writer under it to commit (an import batch: seconds). Lock waits never cycle within one statement
 * each (a mover's trigger locks only rows above what its UPDATE holds); a transaction that moves one
 * building and then writes under another while a second transaction does the reverse can deadlock,
 * which PostgreSQL detects and ends by failing one of them — where before both went through and the
 * count was wrong.
 */
const LIVE_CHANGE = (o: string, w: string) =>
  `${o}.household_id IS DISTINCT FROM ${w}.household_id OR (${o}.status = 'destroyed') <> (${w}.status = 'destroyed')`;

/** FOR SHARE on `ids` of `table`, in id order. */
const share = (table: string, ids: string) => `PERFORM 1 FROM ${table} WHERE id IN (${ids}) ORDER BY id FOR SHARE`;
/** The chain above a set of households (a query of ids), a level per statement. */
const lockHouseholds = (hh: string) => [
  share('households', hh),
  share('units', `SELECT unit_id FROM households WHERE id IN (${hh})`),
  share('buildings', `SELECT building_id FROM units WHERE id IN (SELECT unit_id FROM households WHERE id IN (${hh}))`),
];
const lockUnits = (units: string) => [share('units', units), share('buildings', `SELECT building_id FROM units WHERE id IN (${units})`)];
const lockBuildings = (buildings: string) => [share('buildings', buildings)];

/** The moved rows' old and new parent (`col`), for rows whose parent changed. */
const parents = (col: string) =>
  `SELECT o.${col} FROM old_rows o JOIN new_rows w ON w.id = o.id WHERE w.${col} IS DISTINCT FROM o.${col}
   UNION SELECT w.${col} FROM old_rows o JOIN new_rows w ON w.id = o.id WHERE w.${col} IS DISTINCT FROM o.${col}`;

/** Locks each counting function takes before its statements (functions of 0008 not named here take none). */
const LOCKS: Record<string, string[]> = {
  tally_records_ins: lockHouseholds("SELECT household_id FROM new_rows WHERE status <> 'destroyed'"),
  tally_records_del: lockHouseholds("SELECT household_id FROM old_rows WHERE status <> 'destroyed'"),
  // Only rows whose count moves: an edit of a title adds and takes one off the same grid in one snapshot.
  tally_records_upd: lockHouseholds(
    `SELECT o.household_id FROM old_rows o JOIN new_rows w ON w.id = o.id WHERE ${LIVE_CHANGE('o', 'w')}
     UNION SELECT w.household_id FROM old_rows o JOIN new_rows w ON w.id = o.id WHERE ${LIVE_CHANGE('o', 'w')}`,
  ),
  tally_households_upd: lockUnits(parents('unit_id')),
  tally_units_upd: lockBuildings(parents('building_id')),
};

const body = (statements: string[]) => `BEGIN\n  ${statements.join(';\n  ')};\n  RETURN NULL;\nEND`;

export class PgTallyLocks1800000000010 implements MigrationInterface {
  name = 'PgTallyLocks1800000000010';

  async up(q: QueryRunner): Promise<void> {
    for (const [fn, , , , statements] of TRIGGERS) {
      if (LOCKS[fn]) await q.query(`CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ ${body([...LOCKS[fn], ...statements])} $$`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [fn, , , , statements] of TRIGGERS) {
      if (LOCKS[fn]) await q.query(`CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ ${body(statements)} $$`);
    }
  }
}
