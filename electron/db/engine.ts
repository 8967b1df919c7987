import { DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';

/** Where an archive's tables live: the SQLCipher file in its data folder, or a PostgreSQL database. */
export type DbTarget = { engine: 'sqlcipher'; file: string } | { engine: 'postgres'; url: string };
export type EngineKind = DbTarget['engine'];

/**
 * What differs between the engines, one implementation per engine (dialect.ts for SQLCipher,
 * dialect-postgres.ts for PostgreSQL). The only raw SQL of the data layer lives behind this.
 */
export interface EngineDialect {
  readonly kind: EngineKind;
  /** Statements that make a table refuse UPDATE and DELETE (audit trail, tombstones). */
  appendOnlyTriggers(table: string): string[];
  /**
   * Takes the audit chain's turn: from here to commit no other transaction on any connection can
   * append. PostgreSQL: the head row `SELECT … FOR UPDATE`; SQLite: the write transaction already is one.
   */
  lockAuditChain(m: EntityManager): Promise<void>;
  /**
   * The next value of a named counter, in the caller's transaction (locked until it commits, gone
   * with a rollback: no duplicates, no gaps). `first` is the value a counter starts at the first time.
   */
  nextNumber(m: EntityManager, name: string, first: () => Promise<number>): Promise<number>;
  /**
   * Makes committed pages the only copy (SQLite: fold the WAL into the file, so no old page keeps
   * destroyed data); PostgreSQL manages its own WAL and vacuum, nothing to do from the app.
   */
  checkpoint(ds: DataSource): Promise<void>;
  /** 'ok' or the first problem the engine reports about its own storage. */
  integrityCheck(ds: DataSource): Promise<string>;

  // ── import (pg-import): bulk writes of a checked sheet ──
  /**
   * Multi-row INSERT of `rows` (values in the order of `columns`, property names of `entity`), in
   * slices below the engine's parameter limit, calling `step` after each slice. `conflict` makes it
   * an upsert (update the listed properties of the existing row) or skips rows that already exist.
   * The import's hot path: one statement per few hundred rows, no entity hydration.
   */
  insertRows<T extends ObjectLiteral>(
    m: EntityManager,
    entity: EntityTarget<T>,
    columns: (keyof T & string)[],
    rows: unknown[][],
    conflict: InsertConflict<T> | null,
    step: (n: number) => Promise<void>,
  ): Promise<void>;
  /**
   * Grows this connection's page cache for a bulk write and returns what puts it back (SQLCipher:
   * a big import otherwise spills encrypted pages mid-transaction). PostgreSQL: the server's own.
   */
  enlargeCache(m: EntityManager, mb: number): Promise<() => Promise<void>>;
}

/** What a bulk insert does with a row whose key exists (see EngineDialect.insertRows). */
export type InsertConflict<T> = { on: (keyof T & string)[]; update: (keyof T & string)[] } | 'ignore';

/** Bound parameters per statement: SQLite allows 32766, PostgreSQL 65535; stay below both with room. */
export const MAX_BULK_PARAMS = 30_000;

/**
 * The text of one multi-row INSERT for `count` rows (shared by both dialects; only the placeholder
 * differs): table and column names from the entity's metadata, never from callers' strings.
 */
export function bulkInsertText<T extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<T>,
  columns: (keyof T & string)[],
  count: number,
  conflict: InsertConflict<T> | null,
  placeholder: (i: number) => string,
): string {
  const meta = m.connection.getMetadata(entity);
  const q = (p: string) => {
    const c = meta.findColumnWithPropertyName(p);
    if (!c) throw new Error(`${meta.tableName} has no column ${p}`);
    return `"${c.databaseName}"`;
  };
  const names = columns.map(q);
  let n = 0;
  const tuples: string[] = [];
  for (let r = 0; r < count; r++) tuples.push(`(${names.map(() => placeholder(++n)).join(',')})`);
  const tail =
    conflict === null
      ? ''
      : conflict === 'ignore'
        ? ' ON CONFLICT DO NOTHING'
        : ` ON CONFLICT (${conflict.on.map(q).join(',')}) DO UPDATE SET ${conflict.update.map((p) => `${q(p)} = excluded.${q(p)}`).join(', ')}`;
  return `INSERT INTO "${meta.tableName}" (${names.join(',')}) VALUES ${tuples.join(',')}${tail}`;
}

/** Runs `send` once per slice of `rows` that fits MAX_BULK_PARAMS (both dialects' insertRows). */
export async function inSlices(
  width: number,
  rows: unknown[][],
  send: (slice: unknown[][]) => Promise<void>,
  step: (n: number) => Promise<void>,
): Promise<void> {
  const per = Math.max(1, Math.floor(MAX_BULK_PARAMS / Math.max(1, width)));
  for (let i = 0; i < rows.length; i += per) {
    const slice = rows.slice(i, i + per);
    await send(slice);
    await step(slice.length);
  }
}

const registry = new Map<string, EngineDialect>();

/** Each dialect module registers itself under its TypeORM driver type. */
export function registerDialect(driverType: string, d: EngineDialect): void {
  registry.set(driverType, d);
}

/** The dialect of the connection behind a manager or data source. */
export function dialectOf(x: EntityManager | DataSource): EngineDialect {
  const ds = x instanceof DataSource ? x : x.connection;
  const d = registry.get(ds.options.type);
  if (!d) throw new Error(`no dialect for ${ds.options.type}`);
  return d;
}
