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
 * the structure above it (where it comes from, or where it goes) moves too.
 *
 * The fix: whoever counts records through a chain takes FOR SHARE row locks on what the chain may
 * not change under it, then counts in a later statement (a PL/pgSQL function takes a fresh snapshot
 * per statement at READ COMMITTED). FOR SHARE, not FOR KEY SHARE: a move is an UPDATE of a non-key
 * column, which takes FOR NO KEY UPDATE, and that conflicts with FOR SHARE only. Either side may
 * come first: the one that comes second waits for the first one's commit, and then counts what it
 * committed.
 *  - A record written (added, deleted, destroyed or restored, re-filed): its households only. Every
 *    move above a household also writes the household's row — a household's own move, and a unit's
 *    or a building's through the place key migration 0012 keeps on every household under it — so a
 *    move under way holds the household row, and a move that comes later waits for the writer.
 *  - A household or unit that moves: where it goes (a household its new unit, then that unit's
 *    building; a unit its new building) — the new place may be moving too, and that move does not
 *    touch this household yet. Where it comes from needs nothing: a move of the old place writes
 *    this household's row, which this move holds.
 * Levels are taken upwards, one per statement: a level is read only once the one below is locked,
 * so it can no longer change. A writer and a move that meet at one household do not wait for each
 * other in a circle: the writer waits only on household rows, and a mover that holds a household
 * waits only on places above it (where it goes).
 *
 * Why not one counter row per grid with FOR UPDATE, or SERIALIZABLE: the counters are appended to so
 * that writers never queue on each other (0008); these locks make only writers and movers of the
 * same households wait, and only for each other (share locks do not conflict among themselves: two
 * imports under one building run side by side). A move, or a rename that rewrites the place key,
 * waits for a writer under it to commit (an import batch: seconds; a whole import's transaction:
 * its length). Two transactions that each hold some households and want the other's (a writer of
 * several households against a move of a building holding several of them, in another order) can
 * deadlock; PostgreSQL detects it and fails one of them — where before both went through and the
 * count was wrong.
 */
const LIVE_CHANGE = (o: string, w: string) =>
  `${o}.household_id IS DISTINCT FROM ${w}.household_id OR (${o}.status = 'destroyed') <> (${w}.status = 'destroyed')`;

/** FOR SHARE on `ids` of `table`, in id order. */
const share = (table: string, ids: string) => `PERFORM 1 FROM ${table} WHERE id IN (${ids}) ORDER BY id FOR SHARE`;

/** The moved rows' new parent (`col`), for rows whose parent changed. */
const newParents = (col: string) => `SELECT w.${col} FROM old_rows o JOIN new_rows w ON w.id = o.id WHERE w.${col} IS DISTINCT FROM o.${col}`;

/** Locks each counting function takes before its statements (functions of 0008 not named here take none). */
const LOCKS: Record<string, string[]> = {
  tally_records_ins: [share('households', "SELECT household_id FROM new_rows WHERE status <> 'destroyed'")],
  tally_records_del: [share('households', "SELECT household_id FROM old_rows WHERE status <> 'destroyed'")],
  // Only rows whose count moves: an edit of a title adds and takes one off the same grid in one snapshot.
  tally_records_upd: [
    share(
      'households',
      `SELECT o.household_id FROM old_rows o JOIN new_rows w ON w.id = o.id WHERE ${LIVE_CHANGE('o', 'w')}
       UNION SELECT w.household_id FROM old_rows o JOIN new_rows w ON w.id = o.id WHERE ${LIVE_CHANGE('o', 'w')}`,
    ),
  ],
  tally_households_upd: [share('units', newParents('unit_id')), share('buildings', `SELECT building_id FROM units WHERE id IN (${newParents('unit_id')})`)],
  tally_units_upd: [share('buildings', newParents('building_id'))],
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
