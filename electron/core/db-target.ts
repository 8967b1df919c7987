import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { isPostgresUrl } from '../db/dialect-postgres';
import type { DbTarget } from '../db/engine';
import { writeFileAtomic } from './atomic-file';
import type { VaultPaths } from './paths';

/**
 * Which engine holds an archive's tables. Chosen once, at setup: `ARCHIVE_ROOM_DB=postgres://…`
 * (or the core's `database` option) makes a PostgreSQL archive and writes database.json in the
 * data folder; without it the archive is the SQLCipher file, as always. Later opens follow the
 * file. The stored URL carries no password: it comes from ARCHIVE_ROOM_DB (same database) at
 * each start, or from PGPASSWORD / ~/.pgpass, so the folder never holds the role's password.
 */
const EngineFile = z.object({ engine: z.literal('postgres'), url: z.string() });

export function storedTarget(paths: VaultPaths, env: NodeJS.ProcessEnv = process.env): DbTarget {
  if (!existsSync(paths.engine)) return { engine: 'sqlcipher', file: paths.db };
  const f = EngineFile.parse(JSON.parse(readFileSync(paths.engine, 'utf8')));
  const fromEnv = env.ARCHIVE_ROOM_DB;
  if (isPostgresUrl(fromEnv) && sameDatabase(fromEnv, f.url)) return { engine: 'postgres', url: fromEnv };
  return { engine: 'postgres', url: f.url };
}

/** The engine a new archive gets; for PostgreSQL, records it in the data folder. */
export function targetForSetup(paths: VaultPaths, override: string | undefined, env: NodeJS.ProcessEnv = process.env): DbTarget {
  const url = override ?? env.ARCHIVE_ROOM_DB;
  if (!isPostgresUrl(url)) return { engine: 'sqlcipher', file: paths.db };
  writeFileAtomic(paths.engine, JSON.stringify({ engine: 'postgres', url: withoutPassword(url) }, null, 2));
  return { engine: 'postgres', url };
}

function withoutPassword(url: string): string {
  const u = new URL(url);
  u.password = '';
  return u.toString();
}

function sameDatabase(a: string, b: string): boolean {
  const x = new URL(a);
  const y = new URL(b);
  return x.hostname === y.hostname && (x.port || '5432') === (y.port || '5432') && x.pathname === y.pathname && x.username === y.username;
}
