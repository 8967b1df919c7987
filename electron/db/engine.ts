import { DataSource, type EntityManager } from 'typeorm';

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

  // ── roster, look-ups, life events (pg-lookups) ──
  /**
   * The natural order of places as sort keys over grids g, buildings b, units u, households h:
   * length then text of each code and of the room (2号楼 before 10号楼, 101 before 1001). One key
   * means one indexed column (SQLite: households.place_key, kept by triggers, place-order.ts): a
   * page can start from that index, led by households.
   */
  placeOrder(): string[];

  // ── register (residents, households, records; pg-register) ──
  /** `expr` with the same value, but kept from choosing the plan (SQLite: unary `+`, so its index is not used). */
  noIndex(expr: string): string;
  /** `expr` matched case-insensitively against the LIKE pattern in the named parameter `:param` ('\\' escapes). */
  likeAnyCase(expr: string, param: string): string;
  /** The kept count of every active resident or household (SQLite: the tally triggers' row); null where none is kept. */
  keptTotal(m: EntityManager, what: 'residents' | 'households'): Promise<number | null>;
  // ---- backup / restore across engines (pg-backup, issue 16 item 4) ----
  /**
   * Runs `fn` on one consistent, read-only view of every table (PostgreSQL: a REPEATABLE READ READ
   * ONLY transaction, so writers on other connections and PCs carry on; SQLite: a read transaction).
   */
  snapshot<T>(ds: DataSource, fn: (m: EntityManager) => Promise<T>): Promise<T>;
  /** Rows per multi-row INSERT for a table of `columns` columns (the engine's bound-parameter limit). */
  insertBatch(columns: number): number;
  /** After rows were loaded with their own keys: counters behind generated keys (serial) continue after them. */
  afterBulkLoad(m: EntityManager): Promise<void>;
  /** Does this database hold no table at all (a restore only goes into an empty one)? */
  isEmpty(ds: DataSource): Promise<boolean>;
  /** Removes every table a failed restore made in a database that was empty before it (nothing half-written). */
  dropEverything(ds: DataSource): Promise<void>;
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
