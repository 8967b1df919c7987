import { createHash, randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import { applyPragmas, isNotADatabase, keyOpens, sqlcipherOptions } from './dialect';
import { isUnreachable, postgresOptions, redactUrl } from './dialect-postgres';
import { dialectOf, type DbTarget, type EngineDialect } from './engine';
import { ENTITIES } from './entities';
import { KNOWN_MIGRATION_NAMES, MIGRATIONS } from './migrations';
import { KNOWN_PG_MIGRATION_NAMES, PG_MIGRATIONS } from './migrations-postgres';
import { secretsOpenWith } from '../vault/vault-secrets';

/**
 * An open vault database. All writes go through `write()`, which serialises this process's
 * transactions (the sqlite driver shares one connection). Rules that must hold across
 * connections (the audit chain, numbers on paper) are kept by the engine: see engine.ts.
 */
export class Database {
  private queue: Promise<unknown> = Promise.resolve();
  /** Writes finished through this object (see changeMark). */
  private writes = 0;
  private readonly opened = randomBytes(6).toString('hex');
  /** Prepared statements of hot read paths (SQLite only), by SQL text; finalized on close. */
  private readonly prepared = new Map<string, SqliteStatement>();
  /** Names of the hot reads' prepared statements on PostgreSQL, by SQL text (see readPrepared). */
  private readonly statementNames = new Map<string, string>();

  private constructor(readonly ds: DataSource) {}

  /** `target`: a SQLCipher file path (as before) or an explicit engine target. */
  static async open(target: string | DbTarget, vaultKey: Buffer): Promise<Database> {
    const t: DbTarget = typeof target === 'string' ? { engine: 'sqlcipher', file: target } : target;
    const ds =
      t.engine === 'postgres'
        ? new DataSource({ ...(await postgresOptions(t.url)), entities: ENTITIES, migrations: PG_MIGRATIONS })
        : new DataSource({ ...sqlcipherOptions(t.file, vaultKey), entities: ENTITIES, migrations: MIGRATIONS });
    try {
      await ds.initialize();
      if (t.engine === 'sqlcipher') await applyPragmas(ds);
    } catch (err) {
      if (ds.isInitialized) await ds.destroy().catch(() => undefined);
      if (t.engine === 'postgres' && isUnreachable(err)) throw unreachable(t.url, err);
      if (isNotADatabase(err)) throw new AppError('DB_DAMAGED');
      throw err;
    }
    try {
      await refuseNewerSchema(ds);
      await ds.runMigrations({ transaction: 'all' });
    } catch (err) {
      await ds.destroy().catch(() => undefined);
      if (isNotADatabase(err)) throw new AppError('DB_DAMAGED');
      throw err;
    }
    return new Database(ds);
  }

  /** Does this vault key open the archive? Nothing is changed (used to settle an interrupted re-key). */
  static async keyOpens(target: DbTarget, vaultKey: Buffer): Promise<boolean> {
    if (target.engine === 'sqlcipher') return keyOpens(target.file, vaultKey);
    const ds = new DataSource({ ...(await postgresOptions(target.url)), entities: ENTITIES });
    await ds.initialize();
    try {
      return await secretsOpenWith(ds.manager, vaultKey);
    } finally {
      await ds.destroy();
    }
  }

  /** Does this PostgreSQL database already hold an archive (its migrations table)? */
  static async hasArchive(target: DbTarget): Promise<boolean> {
    if (target.engine === 'sqlcipher') return false;
    const ds = new DataSource({ ...(await postgresOptions(target.url)), entities: ENTITIES });
    try {
      await ds.initialize();
    } catch (err) {
      if (isUnreachable(err)) throw unreachable(target.url, err);
      throw err;
    }
    try {
      const qr = ds.createQueryRunner();
      return await qr.hasTable(ds.options.migrationsTableName ?? 'migrations').finally(() => qr.release());
    } finally {
      await ds.destroy();
    }
  }

  get manager(): EntityManager {
    return this.ds.manager;
  }

  /** The engine's own SQL (locks, counters, triggers): see engine.ts. */
  get dialect(): EngineDialect {
    return dialectOf(this.ds);
  }

  /**
   * A read on a hot path (the search box: a barcode scan, a phone number): on SQLite the statement
   * is prepared once and kept, so a call costs the look-up itself, not parsing and planning the SQL
   * again (and no TypeORM query runner). On PostgreSQL it is a plain query. Same rows either way.
   */
  async read<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (this.ds.options.type === 'postgres') return this.readPrepared<T>(sql, params);
    const conn = this.ds.options.type === 'sqlite' ? (this.ds.driver as unknown as { databaseConnection?: SqliteConnection }).databaseConnection : undefined;
    if (!conn) return this.ds.manager.query(sql, params) as Promise<T[]>;
    let st = this.prepared.get(sql);
    if (!st) {
      if (this.prepared.size >= MAX_PREPARED) {
        const [oldest, old] = this.prepared.entries().next().value as [string, SqliteStatement];
        this.prepared.delete(oldest);
        old.finalize();
      }
      // With a callback a statement that fails to prepare reports to its calls instead of throwing an 'error' event.
      st = conn.prepare(sql, (err) => err && this.prepared.delete(sql));
      this.prepared.set(sql, st);
    }
    const stmt = st;
    return new Promise<T[]>((resolve, reject) => stmt.all(params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))));
  }

  /**
   * PostgreSQL's side of `read`: a named statement on the driver's pool, so each pooled connection
   * parses and plans it once and then only binds and executes (TypeORM's query() sends the text
   * every time and takes a query runner per call). The name is a digest of the text: the same text,
   * the same statement on every connection.
   */
  private async readPrepared<T>(text: string, values: unknown[]): Promise<T[]> {
    let name = this.statementNames.get(text);
    if (!name) {
      if (this.statementNames.size >= MAX_PREPARED * 4) this.statementNames.clear();
      name = `ar_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      this.statementNames.set(text, name);
    }
    const pool = (this.ds.driver as unknown as { master: PgPool }).master;
    const r = await pool.query({ name, text, values });
    return r.rows as T[];
  }

  /** Runs `fn` in one transaction, after every earlier write has finished. */
  write<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.ds.transaction(fn));
    this.queue = run.catch(() => undefined).finally(() => this.writes++);
    return run;
  }

  /**
   * A mark that changes whenever a write may have changed the archive: taken before a read, it lets
   * a client keep what it read until the mark moves (the structure tree at street scale is ~3 MB).
   * SQLite: this process is the only writer (the data folder's lock), and every write goes through
   * write()/exclusive(), so a count of finished writes is exact, if coarse. PostgreSQL may have
   * other writers: null, which means "read it again".
   */
  changeMark(): string | null {
    return this.ds.options.type === 'postgres' ? null : `${this.opened}.${this.writes}`;
  }

  /**
   * Runs `fn` after every earlier write, holding later ones back, but outside any transaction:
   * for work SQLite refuses inside one (the checkpoint and file copy of an online backup).
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined).finally(() => this.writes++);
    return run;
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    // SQLite refuses to close a connection with statements still prepared.
    await Promise.all([...this.prepared.values()].map((st) => new Promise<void>((done) => st.finalize(() => done()))));
    this.prepared.clear();
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

/** The node-sqlite3 (SQLCipher) surface `read` uses. */
interface SqliteStatement {
  all(params: unknown[], cb: (err: Error | null, rows: unknown[]) => void): void;
  finalize(cb?: () => void): void;
}
interface SqliteConnection {
  prepare(sql: string, cb: (err: Error | null) => unknown): SqliteStatement;
}
const MAX_PREPARED = 64;
/** The node-postgres pool behind TypeORM's PostgreSQL driver, as `read` uses it. */
interface PgPool {
  query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** A database migrated by a newer app has migrations this build does not know: refuse it by name. */
async function refuseNewerSchema(ds: DataSource): Promise<void> {
  const table = ds.options.migrationsTableName ?? 'migrations';
  const known = ds.options.type === 'postgres' ? KNOWN_PG_MIGRATION_NAMES : KNOWN_MIGRATION_NAMES;
  const qr = ds.createQueryRunner();
  const exists = await qr.hasTable(table).finally(() => qr.release());
  if (!exists) return;
  const rows: { name: string }[] = await ds.query(`SELECT name FROM "${table}"`);
  const unknown = rows.map((r) => r.name).filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new AppError('DB_TOO_NEW', ERR.storage.dbTooNew(unknown.join(', ')));
  }
}

function unreachable(url: string, err: unknown): AppError {
  const why = (err as { message?: string })?.message ?? String(err);
  return new AppError('DB_DAMAGED', ERR.storage.postgresUnreachable(redactUrl(url), why));
}
