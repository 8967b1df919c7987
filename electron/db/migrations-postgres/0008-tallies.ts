import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboard's counters on PostgreSQL (what SQLite keeps with the row triggers of db/tallies.ts,
 * migrations 0012 and 0016), kept in the writer's own transaction by statement triggers over
 * transition tables: one INSERT per statement, however many rows it wrote (an import of 50k rows
 * adds one row per counter, not 50k updates).
 *
 * Several writers on several PCs: a counter is never one row that every writer updates (they
 * would queue on its lock until commit). Each statement *appends* its change (+n / −n) as a new
 * row, so writers never wait on each other; a counter is the sum of its rows. The readers in
 * dialect-postgres.ts fold the rows of a table into one per key now and then, in one statement
 * (DELETE … RETURNING → INSERT of the sums), which writers do not wait on either.
 *
 * Same rules as SQLite's: residents and households count while active; attachments all; records by
 * (category, class, due year, status), due year −1 when the class has none; live (not destroyed)
 * records by grid, through household → unit → building; a household, unit or building moving to
 * another grid carries its records' count along.
 */
const due = (a: string) =>
  `coalesce(${a}.year + 1 + CASE ${a}.retention_class WHEN 'D30' THEN 30 WHEN 'D10' THEN 10 WHEN 'CUSTOM' THEN ${a}.retention_years ELSE NULL END, -1)`;
/** Live records per grid of the (household id, ±1) rows of `src`. */
const gridDelta = (src: string) => `INSERT INTO tally_grids (grid_id, n)
    SELECT b.grid_id, sum(x.n) FROM (${src}) AS x JOIN households h ON h.id = x.household_id JOIN units u ON u.id = h.unit_id
      JOIN buildings b ON b.id = u.building_id GROUP BY b.grid_id HAVING sum(x.n) <> 0`;
const recordDelta = (src: string) => `INSERT INTO tally_records (category, cls, due_year, status, n)
    SELECT category, cls, due_year, status, sum(n) FROM (${src}) AS x GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0`;
const recordKeys = (rows: string, sign: string) =>
  `SELECT a.content_category AS category, a.retention_class AS cls, ${due('a')} AS due_year, a.status, ${sign} AS n FROM ${rows} a`;
const liveOf = (rows: string, sign: string) => `SELECT household_id, ${sign} AS n FROM ${rows} WHERE status <> 'destroyed'`;
/**
 * Live records under the moved rows (`scope` joins old_rows o and new_rows w of a structure table to
 * the households h whose records move), taken off the old grid and put on the new one.
 */
const move = (scope: string, oldGrid: string, newGrid: string) => `INSERT INTO tally_grids (grid_id, n)
    SELECT g, sum(n) FROM (
      SELECT ${oldGrid} AS g, -count(*) AS n FROM ${scope} JOIN archive_records a ON a.household_id = h.id AND a.status <> 'destroyed' GROUP BY 1
      UNION ALL
      SELECT ${newGrid}, count(*) FROM ${scope} JOIN archive_records a ON a.household_id = h.id AND a.status <> 'destroyed' GROUP BY 1
    ) AS x WHERE g IS NOT NULL GROUP BY g HAVING sum(n) <> 0`;
const activeCount = (rows: string) => `(SELECT count(*) FROM ${rows} WHERE status = 'active')`;
const total = (what: string, n: string) => `INSERT INTO tally_totals (what, n) SELECT '${what}', d FROM (SELECT ${n} AS d) AS x WHERE d <> 0`;

/** [function name, table, event, transition tables, statements] (migration 0010 puts row locks before the statements) */
export const TRIGGERS: [string, string, 'INSERT' | 'UPDATE' | 'DELETE', string, string[]][] = [
  ...(['residents', 'households'] as const).flatMap((t): [string, string, 'INSERT' | 'UPDATE' | 'DELETE', string, string[]][] => [
    [`tally_${t}_ins`, t, 'INSERT', 'NEW TABLE AS new_rows', [total(t, activeCount('new_rows'))]],
    [`tally_${t}_del`, t, 'DELETE', 'OLD TABLE AS old_rows', [total(t, `-${activeCount('old_rows')}`)]],
    [
      `tally_${t}_upd`,
      t,
      'UPDATE',
      'OLD TABLE AS old_rows NEW TABLE AS new_rows',
      [
        total(t, `${activeCount('new_rows')} - ${activeCount('old_rows')}`),
        ...(t === 'households'
          ? [
              move(
                'old_rows o JOIN new_rows w ON w.id = o.id AND w.unit_id IS DISTINCT FROM o.unit_id JOIN households h ON h.id = w.id',
                '(SELECT b.grid_id FROM units u JOIN buildings b ON b.id = u.building_id WHERE u.id = o.unit_id)',
                '(SELECT b.grid_id FROM units u JOIN buildings b ON b.id = u.building_id WHERE u.id = w.unit_id)',
              ),
            ]
          : []),
      ],
    ],
  ]),
  ['tally_attachments_ins', 'attachments', 'INSERT', 'NEW TABLE AS new_rows', [total('attachments', '(SELECT count(*) FROM new_rows)')]],
  ['tally_attachments_del', 'attachments', 'DELETE', 'OLD TABLE AS old_rows', [total('attachments', '-(SELECT count(*) FROM old_rows)')]],
  ['tally_records_ins', 'archive_records', 'INSERT', 'NEW TABLE AS new_rows', [recordDelta(recordKeys('new_rows', '1')), gridDelta(liveOf('new_rows', '1'))]],
  ['tally_records_del', 'archive_records', 'DELETE', 'OLD TABLE AS old_rows', [recordDelta(recordKeys('old_rows', '-1')), gridDelta(liveOf('old_rows', '-1'))]],
  [
    'tally_records_upd',
    'archive_records',
    'UPDATE',
    'OLD TABLE AS old_rows NEW TABLE AS new_rows',
    [
      recordDelta(`${recordKeys('new_rows', '1')} UNION ALL ${recordKeys('old_rows', '-1')}`),
      gridDelta(`${liveOf('new_rows', '1')} UNION ALL ${liveOf('old_rows', '-1')}`),
    ],
  ],
  [
    'tally_units_upd',
    'units',
    'UPDATE',
    'OLD TABLE AS old_rows NEW TABLE AS new_rows',
    [
      move(
        'old_rows o JOIN new_rows w ON w.id = o.id AND w.building_id IS DISTINCT FROM o.building_id JOIN households h ON h.unit_id = w.id',
        '(SELECT grid_id FROM buildings WHERE id = o.building_id)',
        '(SELECT grid_id FROM buildings WHERE id = w.building_id)',
      ),
    ],
  ],
  [
    'tally_buildings_upd',
    'buildings',
    'UPDATE',
    'OLD TABLE AS old_rows NEW TABLE AS new_rows',
    [
      move(
        'old_rows o JOIN new_rows w ON w.id = o.id AND w.grid_id IS DISTINCT FROM o.grid_id JOIN units u ON u.building_id = w.id JOIN households h ON h.unit_id = u.id',
        'o.grid_id',
        'w.grid_id',
      ),
    ],
  ],
];

/** The counters' tables: the engine's own (derived, never backed up or restored: the triggers refill them as rows go in). */
export const PG_TALLY_TABLES = ['tally_totals', 'tally_records', 'tally_grids'];
/** Functions this migration makes (dialect-postgres.ts dropEverything removes them with the tables). */
export const PG_TALLY_FUNCTIONS = TRIGGERS.map(([fn]) => fn);

export class PgTallies1800000000008 implements MigrationInterface {
  name = 'PgTallies1800000000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE tally_totals (what character varying(16) NOT NULL, n integer NOT NULL)');
    await q.query(
      'CREATE TABLE tally_records (category character varying(16) NOT NULL, cls character varying(8) NOT NULL, due_year integer NOT NULL, status character varying(24) NOT NULL, n integer NOT NULL)',
    );
    await q.query('CREATE TABLE tally_grids (grid_id character varying(36) NOT NULL, n integer NOT NULL)');
    for (const [fn, table, event, transition, body] of TRIGGERS) {
      await q.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN\n  ${body.join(';\n  ')};\n  RETURN NULL;\nEND $$`);
      await q.query(`CREATE TRIGGER ${fn} AFTER ${event} ON ${table} REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    }
    // What the archive already holds (an archive made before this migration).
    await q.query(`INSERT INTO tally_totals (what, n) SELECT 'residents', count(*) FROM residents WHERE status = 'active'`);
    await q.query(`INSERT INTO tally_totals (what, n) SELECT 'households', count(*) FROM households WHERE status = 'active'`);
    await q.query(`INSERT INTO tally_totals (what, n) SELECT 'attachments', count(*) FROM attachments`);
    await q.query(recordDelta(recordKeys('archive_records', '1')));
    await q.query(gridDelta(liveOf('archive_records', '1')));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [fn, table] of TRIGGERS) {
      await q.query(`DROP TRIGGER ${fn} ON ${table}`);
      await q.query(`DROP FUNCTION ${fn}()`);
    }
    for (const t of PG_TALLY_TABLES) await q.query(`DROP TABLE ${t}`);
  }
}
