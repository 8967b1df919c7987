import { DataSource, type EntityManager } from 'typeorm';
import { storedTarget } from '../../electron/core/db-target';
import type { VaultPaths } from '../../electron/core/paths';
import { sqlcipherOptions } from '../../electron/db/dialect';
import { postgresOptions } from '../../electron/db/dialect-postgres';
import { dialectOf } from '../../electron/db/engine';
import { installLegacyAdapter } from './legacy-sql';

/**
 * A bare connection to a test archive's tables, on whichever engine it lives (the SQLCipher file
 * with the vault key, or its PostgreSQL database): what an attacker with the database key, or a
 * DBA, has. No app, no migrations; the tests' `?` text is adapted on PostgreSQL (legacy-sql.ts).
 */
export async function rawArchive(paths: VaultPaths, vaultKey: Buffer): Promise<DataSource> {
  const t = storedTarget(paths);
  const ds = new DataSource(t.engine === 'postgres' ? await postgresOptions(t.url) : sqlcipherOptions(t.file, vaultKey));
  await ds.initialize();
  if (t.engine === 'postgres') installLegacyAdapter(ds);
  return ds;
}

/** Drops a table's append-only triggers (UPDATE and DELETE), in the engine's own words. */
export async function dropAppendOnly(x: DataSource | EntityManager, table = 'audit_log', which: ('update' | 'delete')[] = ['update', 'delete']): Promise<void> {
  const pg = dialectOf(x).kind === 'postgres';
  for (const w of which) await x.query(`DROP TRIGGER IF EXISTS ${table}_no_${w}${pg ? ` ON ${table}` : ''}`);
}
