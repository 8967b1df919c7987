/**
 * The home page's counters, kept by triggers in the writer's own transaction (SQLite/SQLCipher),
 * so the dashboard reads a few dozen rows instead of grouping every record: residents, households
 * and attachments in all; records by (category, retention class, due year, status); records that
 * are not destroyed by grid. A household, unit or building that moves carries its records' count
 * from one grid to the other.
 */

/** Years a fixed-term class keeps a record; permanent (Y) has none (dashboard.service.ts reads the same rule). */
const term = (a: string) => `CASE ${a}.retention_class WHEN 'D30' THEN 30 WHEN 'D10' THEN 10 WHEN 'CUSTOM' THEN ${a}.retention_years ELSE NULL END`;
/** Due year per domain.md: 1 January of (year + 1 + N); -1 when there is none (NULL would not match in ON CONFLICT). */
export const dueYearSql = (a: string) => `coalesce(${a}.year + 1 + ${term(a)}, -1)`;

const gridOfUnit = (unit: string) => `(SELECT b.grid_id FROM units u JOIN buildings b ON b.id = u.building_id WHERE u.id = ${unit})`;
const gridOfHousehold = (hh: string) =>
  `(SELECT b.grid_id FROM households h JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id WHERE h.id = ${hh})`;
const LIVE = "a.status <> 'destroyed'";

const addGrid = (grid: string, n: string, when = 'true') =>
  `INSERT INTO tally_grids (grid_id, n) SELECT ${grid}, ${n} WHERE ${when} AND ${grid} IS NOT NULL ON CONFLICT (grid_id) DO UPDATE SET n = n + excluded.n`;
const subGrid = (grid: string, n: string, when = 'true') => `UPDATE tally_grids SET n = n - ${n} WHERE ${when} AND grid_id = ${grid}`;
const addRecord = (a: string) =>
  `INSERT INTO tally_records (category, cls, due_year, status, n) VALUES (${a}.content_category, ${a}.retention_class, ${dueYearSql(a)}, ${a}.status, 1)
   ON CONFLICT (category, cls, due_year, status) DO UPDATE SET n = n + 1`;
const subRecord = (a: string) =>
  `UPDATE tally_records SET n = n - 1 WHERE category = ${a}.content_category AND cls = ${a}.retention_class AND due_year = ${dueYearSql(a)} AND status = ${a}.status`;

/** Moves the live records under `scope` (a WHERE over households h) from one grid to another. */
const move = (scope: string, from: string, to: string) => {
  const n = `(SELECT count(*) FROM archive_records a JOIN households h ON h.id = a.household_id WHERE ${scope} AND ${LIVE})`;
  return [subGrid(from, n), addGrid(to, n)];
};

const TOTALS: [what: string, table: string][] = [
  ['residents', 'residents'],
  ['households', 'households'],
  ['attachments', 'attachments'],
];

function trigger(name: string, when: string, body: string[]): string {
  return `CREATE TRIGGER ${name} ${when} BEGIN\n${body.map((s) => `  ${s};`).join('\n')}\nEND`;
}

export function talliesDdl(): string[] {
  const out = [
    'CREATE TABLE tally_totals (what VARCHAR(16) PRIMARY KEY, n INTEGER NOT NULL)',
    `CREATE TABLE tally_records (category VARCHAR(16) NOT NULL, cls VARCHAR(8) NOT NULL, due_year INTEGER NOT NULL, status VARCHAR(24) NOT NULL,
       n INTEGER NOT NULL, PRIMARY KEY (category, cls, due_year, status))`,
    'CREATE TABLE tally_grids (grid_id VARCHAR(36) PRIMARY KEY, n INTEGER NOT NULL)',
  ];
  for (const [what, table] of TOTALS) {
    out.push(
      trigger(`tally_${table}_ai`, `AFTER INSERT ON ${table}`, [`UPDATE tally_totals SET n = n + 1 WHERE what = '${what}'`]),
      trigger(`tally_${table}_ad`, `AFTER DELETE ON ${table}`, [`UPDATE tally_totals SET n = n - 1 WHERE what = '${what}'`]),
    );
  }
  out.push(
    trigger('tally_records_ai', 'AFTER INSERT ON archive_records', [
      addRecord('NEW'),
      addGrid(gridOfHousehold('NEW.household_id'), '1', "NEW.status <> 'destroyed'"),
    ]),
    trigger('tally_records_ad', 'AFTER DELETE ON archive_records', [
      subRecord('OLD'),
      subGrid(gridOfHousehold('OLD.household_id'), '1', "OLD.status <> 'destroyed'"),
    ]),
    trigger('tally_records_au', 'AFTER UPDATE OF content_category, retention_class, year, retention_years, status, household_id ON archive_records', [
      subRecord('OLD'),
      addRecord('NEW'),
      subGrid(gridOfHousehold('OLD.household_id'), '1', "OLD.status <> 'destroyed'"),
      addGrid(gridOfHousehold('NEW.household_id'), '1', "NEW.status <> 'destroyed'"),
    ]),
    trigger(
      'tally_households_move',
      'AFTER UPDATE OF unit_id ON households WHEN OLD.unit_id IS NOT NEW.unit_id',
      move('h.id = NEW.id', gridOfUnit('OLD.unit_id'), gridOfUnit('NEW.unit_id')),
    ),
    trigger(
      'tally_units_move',
      'AFTER UPDATE OF building_id ON units WHEN OLD.building_id IS NOT NEW.building_id',
      move('h.unit_id = NEW.id', '(SELECT grid_id FROM buildings WHERE id = OLD.building_id)', '(SELECT grid_id FROM buildings WHERE id = NEW.building_id)'),
    ),
    trigger(
      'tally_buildings_move',
      'AFTER UPDATE OF grid_id ON buildings WHEN OLD.grid_id IS NOT NEW.grid_id',
      move('h.unit_id IN (SELECT id FROM units WHERE building_id = NEW.id)', 'OLD.grid_id', 'NEW.grid_id'),
    ),
  );
  return out;
}

/** Counts what is there (migration 0012 on an archive that already holds rows). */
export function talliesFill(): string[] {
  return [
    ...TOTALS.map(([what, table]) => `INSERT INTO tally_totals (what, n) SELECT '${what}', count(*) FROM ${table}`),
    `INSERT INTO tally_records (category, cls, due_year, status, n)
     SELECT a.content_category, a.retention_class, ${dueYearSql('a')}, a.status, count(*) FROM archive_records a GROUP BY 1, 2, 3, 4`,
    `INSERT INTO tally_grids (grid_id, n)
     SELECT b.grid_id, count(*) FROM archive_records a JOIN households h ON h.id = a.household_id JOIN units u ON u.id = h.unit_id
     JOIN buildings b ON b.id = u.building_id WHERE ${LIVE} GROUP BY b.grid_id`,
  ];
}

export function talliesDrop(): string[] {
  const triggers = [
    ...TOTALS.flatMap(([, t]) => [`tally_${t}_ai`, `tally_${t}_ad`]),
    'tally_records_ai',
    'tally_records_ad',
    'tally_records_au',
    'tally_households_move',
    'tally_units_move',
    'tally_buildings_move',
  ];
  return [...triggers.map((t) => `DROP TRIGGER ${t}`), 'DROP TABLE tally_grids', 'DROP TABLE tally_records', 'DROP TABLE tally_totals'];
}

/** Residents and households that count: the active roster (life events set 迁出, 死亡, 合户 …). */
const ROSTER: [what: string, table: string][] = [
  ['residents', 'residents'],
  ['households', 'households'],
];
const isActive = (row: string) => `(CASE WHEN ${row}.status = 'active' THEN 1 ELSE 0 END)`;

/** The roster counters' triggers, counting `counts(row)` per row (1, or 1 while active), then recounted. */
function rosterTallies(counts: (row: 'NEW' | 'OLD') => string, where: string, withStatus: boolean): string[] {
  return ROSTER.flatMap(([what, table]) => [
    ...(withStatus ? [] : [`DROP TRIGGER tally_${table}_status`]),
    `DROP TRIGGER tally_${table}_ai`,
    `DROP TRIGGER tally_${table}_ad`,
    trigger(`tally_${table}_ai`, `AFTER INSERT ON ${table}`, [`UPDATE tally_totals SET n = n + ${counts('NEW')} WHERE what = '${what}'`]),
    trigger(`tally_${table}_ad`, `AFTER DELETE ON ${table}`, [`UPDATE tally_totals SET n = n - ${counts('OLD')} WHERE what = '${what}'`]),
    ...(withStatus
      ? [
          trigger(`tally_${table}_status`, `AFTER UPDATE OF status ON ${table} WHEN OLD.status IS NOT NEW.status`, [
            `UPDATE tally_totals SET n = n + ${counts('NEW')} - ${counts('OLD')} WHERE what = '${what}'`,
          ]),
        ]
      : []),
    `UPDATE tally_totals SET n = (SELECT count(*) FROM ${table}${where}) WHERE what = '${what}'`,
  ]);
}

/**
 * Migration 0016: once residents and households carry a roster status (migration 0013), their
 * counters follow it: a row counts while it is active, and a status change moves it in or out.
 */
export function activeTalliesDdl(): string[] {
  return rosterTallies(isActive, " WHERE status = 'active'", true);
}

/** Back to counting every row (migration 0016 down). */
export function activeTalliesDrop(): string[] {
  return rosterTallies(() => '1', '', false);
}
