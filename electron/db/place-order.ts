/**
 * The natural order of places as one indexed column (SQLite/SQLCipher): `households.place_key`
 * sorts exactly as (length(grid code), grid code, length(building code), building code,
 * length(unit code), unit code, length(room), room) — 2号楼 before 10号楼, 101 before 1001 — so
 * the 住户 and 花名册 lists read their first page from an index at 1M residents instead of sorting
 * everyone. Each part is its length (two digits) followed by the text: parts of equal length line
 * up, so comparing the joined text compares the parts in turn. Triggers keep it in the writer's
 * transaction when a household, unit, building or grid changes.
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
