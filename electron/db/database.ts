import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '../../shared/errors';
import { applyPragmas, isNotADatabase, sqlcipherOptions } from './dialect';
import { ENTITIES } from './entities';
import { KNOWN_MIGRATION_NAMES, MIGRATIONS } from './migrations';

/**
 * An open vault database. All writes go through `write()`, which serialises transactions:
 * the sqlite driver shares one connection, and the audit chain needs a strict order.
 */
export class Database {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly ds: DataSource) {}

  static async open(file: string, vaultKey: Buffer): Promise<Database> {
    const ds = new DataSource({ ...sqlcipherOptions(file, vaultKey), entities: ENTITIES, migrations: MIGRATIONS });
    try {
      await ds.initialize();
      await applyPragmas(ds);
    } catch (err) {
      if (ds.isInitialized) await ds.destroy().catch(() => undefined);
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

  get manager(): EntityManager {
    return this.ds.manager;
  }

  /** Runs `fn` in one transaction, after every earlier write has finished. */
  write<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.ds.transaction(fn));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs `fn` after every earlier write, holding later ones back, but outside any transaction:
   * for work SQLite refuses inside one (the checkpoint and file copy of an online backup).
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

/** A database migrated by a newer app has migrations this build does not know: refuse it by name. */
async function refuseNewerSchema(ds: DataSource): Promise<void> {
  const table = ds.options.migrationsTableName ?? 'migrations';
  const qr = ds.createQueryRunner();
  const exists = await qr.hasTable(table).finally(() => qr.release());
  if (!exists) return;
  const rows: { name: string }[] = await ds.query(`SELECT name FROM "${table}"`);
  const unknown = rows.map((r) => r.name).filter((n) => !KNOWN_MIGRATION_NAMES.has(n));
  if (unknown.length > 0) {
    throw new AppError('DB_TOO_NEW', {
      zh: `此档案库由更新版本的档案室创建（含未知结构版本 ${unknown.join(', ')}），请升级本程序后再打开。`,
      en: `This archive was written by a newer Archive Room (unknown schema ${unknown.join(', ')}); upgrade the app to open it.`,
    });
  }
}
