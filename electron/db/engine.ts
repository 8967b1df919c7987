import { DataSource, type EntityManager, type EntityMetadata, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { NamedPart } from './sql-where';

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
   * means one indexed column (households.place_key, kept by triggers on both engines, place-order.ts): a
   * page can start from that index, led by households.
   */
  placeOrder(): string[];

  // ── register (residents, households, records; pg-register) ──
  /** `expr` with the same value, but kept from choosing the plan (SQLite: unary `+`, so its index is not used). */
  noIndex(expr: string): string;
  /** `expr` matched case-insensitively against the LIKE pattern in the named parameter `:param` ('\\' escapes). */
  likeAnyCase(expr: string, param: string): string;
  /**
   * Residents `alias` whose name holds `fragment` exactly as typed, as the name index answers it
   * (SQLite: the tripled trigram index of search-index.ts; PostgreSQL: archive_grams' GIN index), the
   * value in `:param` (and others named after it). Exact and case-sensitive: callers use LIKE for
   * letters that have a case.
   */
  nameHolds(alias: string, fragment: string, param: string): NamedPart;
  /**
   * How many residents (any status) the name index holds for `fragment`, counted up to `upTo` and
   * no further: the roster asks it to choose between reading those residents and walking its order.
   */
  nameHitsUpTo(m: EntityManager, fragment: string, upTo: number): Promise<number>;
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
  /**
   * After a bulk write is committed (an import, a restore): the search indexes take in what it wrote
   * now, not over the next searches (PostgreSQL: GIN's pending list, read row by row by every search
   * until merged; 100k residents' p95 9.9 → 5.1 ms). SQLite's FTS5 merges as it writes: nothing.
   */
  afterBulkWrite(m: EntityManager): Promise<void>;
  /** Does this database hold no table at all (a restore only goes into an empty one)? */
  isEmpty(ds: DataSource): Promise<boolean>;
  /** Removes every table a failed restore made in a database that was empty before it (nothing half-written). */
  dropEverything(ds: DataSource): Promise<void>;
  // --- search, dashboard, lists (pg-search) ---
  /** The search box's look-ups (search.service.ts decides which to ask and ranks). */
  readonly search: SearchReads;
  /** The dashboard's counters: kept by triggers on SQLite (db/tallies.ts), counted by the server on PostgreSQL. */
  tallyTotals(m: EntityManager): Promise<Map<TallyWhat, number>>;
  recordTallies(m: EntityManager): Promise<RecordTally[]>;
  /** Live (not destroyed) records per grid id. */
  gridTallies(m: EntityManager): Promise<Map<string, number>>;
  /** `expr` (text) as compared and sorted in code-point order, SQLite's own (ORDER BY …). */
  textOrder(expr: string): string;
  /** SQL aggregating `expr` of a group into one text joined by `sep` (a literal without quotes). */
  groupConcat(expr: string, sep: string): string;
  // ── import (pg-import): bulk writes of a checked sheet ──
  /**
   * Multi-row INSERT of `rows` (values in the order of `columns`, property names of `entity`), in
   * slices, calling `step` after each slice: SQLite below its parameter limit, PostgreSQL one typed
   * array per column (unnest, 5 000 rows a statement). `conflict` makes it an upsert (update the
   * listed properties of the existing row) or skips rows that already exist. The import's hot path:
   * no entity hydration.
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
  /**
   * Every row of `entity`'s table, the named properties only, in no particular order: built into one
   * JSON text by the engine and parsed once. The driver's row-by-row objects cost the host's one
   * thread ≈ 2 µs a row (the structure at 1M residents: 42k rows, ≈ 110 → 35 ms).
   */
  wholeTable<T extends ObjectLiteral, K extends keyof T & string>(m: EntityManager, entity: EntityTarget<T>, props: K[]): Promise<Pick<T, K>[]>;
}

/** The column behind property `p` of a table (bulk SQL names columns from metadata, never from callers' strings). */
export function columnOf(meta: EntityMetadata, p: string): NonNullable<ReturnType<EntityMetadata['findColumnWithPropertyName']>> {
  const c = meta.findColumnWithPropertyName(p);
  if (!c) throw new Error(`${meta.tableName} has no column ${p}`);
  return c;
}

/** The quoted table name of `entity` and column names of `props` (the SQL of wholeTable). */
export function columnNames<T extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<T>,
  props: (keyof T & string)[],
): { table: string; columns: string[] } {
  const meta = m.connection.getMetadata(entity);
  return { table: `"${meta.tableName}"`, columns: props.map((p) => `"${columnOf(meta, p).databaseName}"`) };
}

/** wholeTable's rows from the engine's JSON arrays (one array per row, in the order of `props`). */
export function fromArrays<T, K extends keyof T & string>(arrays: unknown[][], props: K[]): Pick<T, K>[] {
  return arrays.map((a) => {
    const o = {} as Record<string, unknown>;
    props.forEach((p, i) => (o[p] = a[i]));
    return o as Pick<T, K>;
  });
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
  const q = (p: string) => `"${columnOf(meta, p).databaseName}"`;
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

// --- search, dashboard, lists (pg-search) ---
/** A condition with named parameters (`:name`; shield.ts makes these): each engine's search reads place them its own way. */
export type SqlFragment = { sql: string; params: Record<string, unknown> };
/** Where hot reads run: Database.read (prepared once on SQLite, a plain query on PostgreSQL). */
export interface HotReader {
  read<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}
export type ResidentHitRow = { id: string; name: string; address: string; citizen_id: string | null; phone: string | null; household_id: string };
export type RecordHitRow = { id: string; archive_no: string; title: string; shielded?: number };
/** What a prefix range runs over: a column, or the reversed text of one ("the last digits"). */
export type PrefixKey = 'phone' | 'citizen_id' | 'phone_tail' | 'citizen_id_tail' | 'name_initials' | 'name_pinyin';
export interface SearchReads {
  /** The condition "resident r is on the active roster", as this engine's planner should read it. */
  readonly activeResident: string;
  /** Records whose 档号 is exactly `no`, with the 0/1 `shielded` flag. */
  recordsByArchiveNo(db: HotReader, no: string, flag: SqlFragment): Promise<RecordHitRow[]>;
  residentsByCitizenId(db: HotReader, id: string, where: SqlFragment): Promise<ResidentHitRow[]>;
  /** Residents whose phone is exactly `phone` (one index look-up). */
  residentsByPhone(db: HotReader, phone: string, where: SqlFragment): Promise<ResidentHitRow[]>;
  /**
   * Residents whose key starts with the value, for each pair in the order given (each part in key
   * order, at most `limit` rows), `2 × limit` rows in all.
   */
  residentsByPrefix(db: HotReader, ranges: [key: PrefixKey, value: string][], limit: number, where: SqlFragment): Promise<ResidentHitRow[]>;
  /** Residents whose name starts with `s` (the exact name first), in name order (code points). */
  residentsByNamePrefix(db: HotReader, s: string, limit: number, where: SqlFragment): Promise<ResidentHitRow[]>;
  /** Residents whose name holds `s` (case-sensitive, 1 character or more). */
  residentsByNameFragment(db: HotReader, s: string, limit: number, where: SqlFragment): Promise<ResidentHitRow[]>;
  /**
   * Households whose address key holds every fragment, in a stable order, `chunk` at a time after
   * the cursor of the last row of the previous chunk (null: from the start).
   */
  householdsByAddress(
    db: HotReader,
    fragments: string[],
    after: string | null,
    chunk: number,
    where: SqlFragment,
  ): Promise<{ id: string; address: string; cursor: string }[]>;
  /** Records (table named archive_records in `where`) whose title holds `s`. */
  recordsByTitleFragment(db: HotReader, s: string, limit: number, where: SqlFragment): Promise<RecordHitRow[]>;
  /** Records whose 档号 or title holds latin `s`, ASCII case folded (SQLite's LIKE). */
  recordsByLatinText(db: HotReader, s: string, limit: number, where: SqlFragment): Promise<RecordHitRow[]>;
}
export type TallyWhat = 'residents' | 'households' | 'attachments';
/** Records by (category, class, due year, status); due_year null when the class has none. */
export type RecordTally = { category: string; cls: string; due_year: number | null; status: string; n: number };

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
