import { inject } from 'vitest';
import { Database } from '../../electron/db/database';
import { installLegacyAdapter } from '../helpers/legacy-sql';

// Each worker learns where the run's cluster is; child processes a test starts inherit it.
process.env.ARCHIVE_ROOM_TEST_PG = inject('pgCluster');

// Tests' own raw SQL is written SQLite's way (`?` …): every archive a test opens in this process
// adapts it on PostgreSQL (legacy-sql.ts). The app's SQL needs no adapting. A worker runs file
// after file in one module graph (isolate: false) and this file runs before each: wrap once.
const WRAPPED = Symbol.for('archive-room.test.legacy-sql-open');
const marked = Database as unknown as Record<symbol, boolean>;
if (!marked[WRAPPED]) {
  marked[WRAPPED] = true;
  const open = Database.open.bind(Database);
  Database.open = async (...args: Parameters<typeof Database.open>) => {
    const db = await open(...args);
    if (db.dialect.kind === 'postgres') installLegacyAdapter(db.ds);
    return db;
  };
}
