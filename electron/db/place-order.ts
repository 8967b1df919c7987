/**
 * The natural order of places as one indexed column: `households.place_key`
 * sorts exactly as (length(grid code), grid code, length(building code), building code,
 * length(unit code), unit code, length(room), room) — 2号楼 before 10号楼, 101 before 1001 — so
 * the 住户 and 花名册 lists read their first page from an index at 1M residents instead of sorting
 * everyone. Each part is its length (two digits) followed by the text: parts of equal length line
 * up, so comparing the joined text compares the parts in turn. Triggers keep it in the writer's
 * transaction when a household, unit, building or grid changes (SQLite below; PostgreSQL after it).
 */

const part = (x: string) => `printf('%02d', length(${x})) || ${x}`;

/** The key of a household in `unit` with `room` (SQL expressions). */
export function placeKeySql(unit: string, room: string): string {
  return `(SELECT ${part('g.code')} || ${part('b.code')} || ${part('u.code')} || ${part(room)}
    FROM units u JOIN buildings b ON b.id = u.building_id JOIN grids g ON g.id = b.grid_id WHERE u.id = ${unit})`;
}

const refresh = (where: string) => `UPDATE households SET place_key = ${placeKeySql('households.unit_id', 'households.room')} WHERE ${where}`;

export function placeOrderDdl(): string[] {
  return [
    'ALTER TABLE households ADD COLUMN place_key VARCHAR(80)',
    refresh('1 = 1'),
    'CREATE INDEX idx_households_place ON households (place_key)',
    `CREATE TRIGGER households_place_ai AFTER INSERT ON households BEGIN
       ${refresh('id = NEW.id')};
     END`,
    `CREATE TRIGGER households_place_au AFTER UPDATE OF unit_id, room ON households
       WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.room IS NOT NEW.room BEGIN
       ${refresh('id = NEW.id')};
     END`,
    `CREATE TRIGGER units_place_au AFTER UPDATE OF code, building_id ON units
       WHEN OLD.code IS NOT NEW.code OR OLD.building_id IS NOT NEW.building_id BEGIN
       ${refresh('unit_id = NEW.id')};
     END`,
    `CREATE TRIGGER buildings_place_au AFTER UPDATE OF code, grid_id ON buildings
       WHEN OLD.code IS NOT NEW.code OR OLD.grid_id IS NOT NEW.grid_id BEGIN
       ${refresh('unit_id IN (SELECT id FROM units WHERE building_id = NEW.id)')};
     END`,
    `CREATE TRIGGER grids_place_au AFTER UPDATE OF code ON grids WHEN OLD.code IS NOT NEW.code BEGIN
       ${refresh('unit_id IN (SELECT u.id FROM units u JOIN buildings b ON b.id = u.building_id WHERE b.grid_id = NEW.id)')};
     END`,
  ];
}

export function placeOrderDrop(): string[] {
  return [
    ...['households_place_ai', 'households_place_au', 'units_place_au', 'buildings_place_au', 'grids_place_au'].map((t) => `DROP TRIGGER IF EXISTS ${t}`),
    'DROP INDEX IF EXISTS idx_households_place',
    'ALTER TABLE households DROP COLUMN place_key',
  ];
}

/**
 * The same key on PostgreSQL (migration 0012): a function of the unit and room, a BEFORE trigger on
 * households, and AFTER triggers on units, buildings and grids, all in the writer's transaction.
 * COLLATE "C" compares the key by code point, as SQLite does.
 */
const pgPart = (x: string) => `CASE WHEN length(${x}) < 10 THEN '0' ELSE '' END || length(${x}) || ${x}`;
const pgRefresh = (where: string) => `UPDATE households SET place_key = archive_place_key(unit_id, room) WHERE ${where}`;
/** Functions of the PostgreSQL place key (dialect-postgres.ts dropEverything removes them). */
export const PG_PLACE_FUNCTIONS = ['archive_place_key', 'archive_place_household', 'archive_place_units', 'archive_place_buildings', 'archive_place_grids'];

export function placeOrderPgDdl(): string[] {
  const after = (fn: string, table: string, cols: string, when: string, where: string) => [
    `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${pgRefresh(where)}; RETURN NULL; END $$`,
    `CREATE TRIGGER ${fn} AFTER UPDATE OF ${cols} ON ${table} FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION ${fn}()`,
  ];
  return [
    `CREATE FUNCTION archive_place_key(unit text, room text) RETURNS text LANGUAGE sql STABLE AS $$
       SELECT ${pgPart('g.code')} || ${pgPart('b.code')} || ${pgPart('u.code')} || ${pgPart('room')}
       FROM units u JOIN buildings b ON b.id = u.building_id JOIN grids g ON g.id = b.grid_id WHERE u.id = unit $$`,
    'ALTER TABLE households ADD COLUMN place_key character varying(80) COLLATE "C"',
    'UPDATE households SET place_key = archive_place_key(unit_id, room)',
    'CREATE INDEX idx_households_place ON households (place_key)',
    `CREATE FUNCTION archive_place_household() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN NEW.place_key := archive_place_key(NEW.unit_id, NEW.room); RETURN NEW; END $$`,
    'CREATE TRIGGER archive_place_household BEFORE INSERT OR UPDATE OF unit_id, room ON households FOR EACH ROW EXECUTE FUNCTION archive_place_household()',
    ...after(
      'archive_place_units',
      'units',
      'code, building_id',
      'OLD.code IS DISTINCT FROM NEW.code OR OLD.building_id IS DISTINCT FROM NEW.building_id',
      'unit_id = NEW.id',
    ),
    ...after(
      'archive_place_buildings',
      'buildings',
      'code, grid_id',
      'OLD.code IS DISTINCT FROM NEW.code OR OLD.grid_id IS DISTINCT FROM NEW.grid_id',
      'unit_id IN (SELECT id FROM units WHERE building_id = NEW.id)',
    ),
    ...after(
      'archive_place_grids',
      'grids',
      'code',
      'OLD.code IS DISTINCT FROM NEW.code',
      'unit_id IN (SELECT u.id FROM units u JOIN buildings b ON b.id = u.building_id WHERE b.grid_id = NEW.id)',
    ),
  ];
}

export function placeOrderPgDrop(): string[] {
  return [
    'DROP INDEX IF EXISTS idx_households_place',
    'ALTER TABLE households DROP COLUMN IF EXISTS place_key',
    ...[...PG_PLACE_FUNCTIONS].reverse().map((fn) => `DROP FUNCTION IF EXISTS ${fn} CASCADE`),
  ];
}
