import { Database } from '../../electron/db/database';
import { installLegacyAdapter } from '../helpers/legacy-sql';
import { PostgresCluster } from '../helpers/postgres-cluster';

/**
 * Runs `fn` with every archive it makes on a private PostgreSQL cluster (test settings: fsync off),
 * as the PostgreSQL tests do; null when no cluster can start here. The generators write their SQL
 * SQLite's way (`?`): adapted on PostgreSQL as in the tests (legacy-sql.ts).
 */
export async function onPostgres<T>(fn: () => Promise<T>): Promise<T | null> {
  let cluster: PostgresCluster;
  try {
    cluster = await PostgresCluster.start();
  } catch (e) {
    console.log(`(PostgreSQL lines skipped: ${(e as Error).message})`);
    return null;
  }
  process.env.ARCHIVE_ROOM_TEST_PG = JSON.stringify(cluster.address);
  const open = Database.open.bind(Database);
  Database.open = async (...args: Parameters<typeof Database.open>) => {
    const db = await open(...args);
    if (db.dialect.kind === 'postgres') installLegacyAdapter(db.ds);
    return db;
  };
  try {
    return await fn();
  } finally {
    delete process.env.ARCHIVE_ROOM_TEST_PG;
    Database.open = open;
    await cluster.stop();
  }
}

/**
 * What an import ends with, for a generator that stands in for one: the search indexes' pending
 * entries merged (dialect afterBulkWrite), and the statistics the server plans from (autovacuum
 * gathers them within a minute of a bulk load).
 */
export async function settleBulkLoad(db: Database): Promise<void> {
  if (db.dialect.kind === 'postgres') await db.manager.query('ANALYZE');
  await db.dialect.afterBulkWrite(db.manager);
}
