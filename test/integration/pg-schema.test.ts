import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../electron/db/database';
import { ENTITIES } from '../../electron/db/entities';
import { PG_SEARCH_INDEXES } from '../../electron/db/migrations-postgres/0007-search';
import { PG_TALLY_TABLES } from '../../electron/db/migrations-postgres/0008-tallies';
import { PG_ARCHIVE_NO_INDEX } from '../../electron/db/migrations-postgres/0013-archive-no-order';
import { PG_HOUSEHOLDS_ADDRESS_INDEX } from '../../electron/db/migrations-postgres/0014-households-by-address';
import { ROSTER_SORT_INDEXES } from '../../electron/db/roster-sort-indexes';
import { testDatabase } from '../helpers/vault-fixture';

/**
 * The PostgreSQL migrations are the entities, frozen: after running them, TypeORM's schema builder
 * must find nothing to change. When an entity changes, this fails and prints the statements the
 * next numbered migration needs (never `synchronize`).
 */
describe('PostgreSQL schema: migrations and entities agree', () => {
  let db: Database | null = null;
  afterAll(async () => db?.close());

  it('a fresh database migrated to the newest schema needs no statement from the entities', async () => {
    db = await Database.open({ engine: 'postgres', url: testDatabase('schema')! }, randomBytes(32));
    const log = await db.ds.driver.createSchemaBuilder().log();
    // The search's collation and expression indexes (migration 0007), the roster's sort indexes
    // (0011), the place key kept by triggers (0012), the 档号 in code point order (0013) and households
    // by address (0014, as SQLite's) are the engine's, not the entities'.
    const indexes = [
      ...PG_SEARCH_INDEXES,
      ...ROSTER_SORT_INDEXES.map(([name]) => name),
      'idx_households_place',
      PG_ARCHIVE_NO_INDEX,
      PG_HOUSEHOLDS_ADDRESS_INDEX,
    ];
    const engineOwned = new Set([...indexes.map((i) => `DROP INDEX "public"."${i}"`), 'ALTER TABLE "households" DROP COLUMN "place_key"']);
    const pending = log.upQueries.map((q) => q.query).filter((q) => !engineOwned.has(q));
    if (pending.length) console.log(`[pg-schema] a new migration needs:\n${pending.join(';\n')}`);
    expect(pending).toEqual([]);
    // Every table is an entity: nothing in the database that the entities do not name, but the
    // dashboard's counters (migration 0008), which the engine derives and a backup never carries.
    const tables: { table_name: string }[] = await db.ds.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> 'migrations' ORDER BY table_name",
    );
    const mapped = new Set([...ENTITIES.map((e) => e.options.tableName), ...PG_TALLY_TABLES]);
    expect(tables.map((t) => t.table_name).filter((t) => !mapped.has(t))).toEqual([]);
  });

  it('the trail and the tombstones refuse UPDATE, DELETE and TRUNCATE', async () => {
    // Row triggers fire only on rows: one of each to refuse.
    await db!.ds.query(
      "INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hmac) VALUES (1, 'now', 'system', 'test', NULL, '{}', 'x', 'y')",
    );
    await db!.ds.query(
      "INSERT INTO tombstones (id, record_id, batch_id, archive_no, title, year, retention, pages, items, sensitivity, reason, destroyed_at, key_ids, file_hashes) VALUES ('t', 'r', 'b', 'A-1', 'x', 2020, 'D10', 1, 1, 'internal', 'r', 'now', '[]', '[]')",
    );
    for (const sql of [
      'UPDATE audit_log SET actor = actor',
      'DELETE FROM audit_log',
      'TRUNCATE audit_log',
      'DELETE FROM tombstones',
      'UPDATE tombstones SET title = title',
    ]) {
      await expect(db!.ds.query(sql)).rejects.toThrow(/append-only/);
    }
  });
});
