/**
 * The SQLCipher engine's module. Everything SQLite/SQLCipher-specific lives here (key pragma, WAL,
 * pragmas, triggers, integrity check, checkpoints, online backup, counters); dialect-postgres.ts
 * is the same for PostgreSQL (see engine.ts for what both provide).
 */
import { copyFileSync } from 'node:fs';
import type { DataSourceOptions, EntityManager } from 'typeorm';
import type { DataSource } from 'typeorm';
import {
  bulkInsertText,
  columnNames,
  fromArrays,
  inSlices,
  registerDialect,
  type EngineDialect,
  type PrefixKey,
  type RecordHitRow,
  type ResidentHitRow,
  type SearchReads,
  type SqlFragment,
} from './engine';
import { CITIZEN_ID_MAX, containsQuery, ftsTable, matchFrom, matchRefs, matchWhere, PHONE_MAX, reversedSql } from './search-index';
import { likeEscape, positionalParams } from './sql-where';

// N-API build: the same binary loads in Node and in Electron.
import sqlcipher from '@journeyapps/sqlcipher';

export function sqlcipherOptions(file: string, vaultKey: Buffer): DataSourceOptions {
  if (vaultKey.length !== 32) throw new Error('vault key must be 32 bytes');
  return {
    type: 'sqlite',
    database: file,
    driver: sqlcipher,
    // Raw 256-bit key: SQLCipher skips its own PBKDF2 for x'..' keys (argon2 already ran).
    key: `x'${vaultKey.toString('hex')}'`,
    enableWAL: true,
    synchronize: false,
    migrationsRun: false,
    logging: false,
  } as DataSourceOptions;
}

/** Pragmas applied on every open, after the key. */
export async function applyPragmas(ds: DataSource): Promise<void> {
  // Touch the schema first: with a wrong key this is where SQLCipher says "file is not a database".
  await ds.query('SELECT count(*) FROM sqlite_master');
  await ds.query('PRAGMA journal_mode = WAL');
  await ds.query('PRAGMA synchronous = FULL');
  await ds.query('PRAGMA foreign_keys = ON');
  await ds.query('PRAGMA secure_delete = ON');
  await ds.query('PRAGMA busy_timeout = 5000');
  // SQLCipher decrypts every page it reads into the cache; with SQLite's default 2 MiB a search
  // over 100k residents decrypts the table again on every keystroke. 128 MiB holds a community.
  await ds.query(`PRAGMA cache_size = ${DEFAULT_CACHE_KIB > 0 ? -DEFAULT_CACHE_KIB : -2000}`);
}

/** Page cache of the one connection, in KiB (a ceiling: SQLite allocates as pages are read). */
export const DEFAULT_CACHE_KIB = 128 * 1024;

export async function readPragma(ds: DataSource, name: string): Promise<string | number> {
  const rows: Record<string, string | number>[] = await ds.query(`PRAGMA ${name}`);
  return Object.values(rows[0] ?? {})[0] as string | number;
}

/** Kept for the shipped SQLite migrations (0001, 0006), which call it with their driver type. */
export function appendOnlyTriggers(dbType: string, table: string): string[] {
  if (dbType !== 'sqlite') throw new Error(`append-only triggers not written for ${dbType}`);
  return sqliteAppendOnly(table);
}

function sqliteAppendOnly(table: string): string[] {
  return [
    `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
    `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
  ];
}

/** Returns 'ok' or the first problem SQLite reports. */
export async function integrityCheck(ds: DataSource): Promise<string> {
  const rows: { integrity_check: string }[] = await ds.query('PRAGMA integrity_check');
  const msgs = rows.map((r) => r.integrity_check);
  return msgs.length === 1 && msgs[0] === 'ok' ? 'ok' : msgs.slice(0, 3).join('; ');
}

/** Moves WAL pages into the main file and truncates the WAL (used before backups and after destruction). */
export async function checkpoint(ds: DataSource): Promise<void> {
  await ds.query('PRAGMA wal_checkpoint(TRUNCATE)');
}

/** Re-encrypts the whole file under a new key, in one SQLite transaction, then folds the WAL in. */
export async function rekeyDatabase(ds: DataSource, newKey: Buffer): Promise<void> {
  await ds.query(`PRAGMA rekey = "x'${newKey.toString('hex')}'"`);
  await checkpoint(ds);
}

/** Does this key open this file? (A separate short-lived connection; nothing is changed.) */
export function keyOpens(file: string, key: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const db = new sqlcipher.Database(file, sqlcipher.OPEN_READONLY, (err: Error | null) => {
      if (err) return resolve(false);
      db.serialize(() => {
        db.run(`PRAGMA key = "x'${key.toString('hex')}'"`);
        db.get('SELECT count(*) AS n FROM sqlite_master', (e: Error | null) => db.close(() => resolve(!e)));
      });
    });
  });
}

/** True when the error means "wrong key or not a database". */
export function isNotADatabase(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === 'SQLITE_NOTADB' || /file is not a database|SQLITE_NOTADB|SQLITE_CORRUPT|malformed/i.test(e?.message ?? '');
}

export const DB_FILES = (base: string): string[] => [base, `${base}-wal`, `${base}-shm`];

/**
 * Grows this connection's page cache for a bulk write (an import of tens of thousands of rows
 * otherwise spills encrypted pages to the WAL mid-transaction); returns a function that puts it back.
 */
export async function enlargeCache(m: { query: (sql: string) => Promise<unknown> }, mb: number): Promise<() => Promise<void>> {
  const rows = (await m.query('PRAGMA cache_size')) as Record<string, number>[];
  const before = Number(Object.values(rows[0] ?? {})[0] ?? -DEFAULT_CACHE_KIB);
  // Only ever grows the cache: a smaller bulk-write figure must not shrink the default.
  await m.query(`PRAGMA cache_size = ${Math.min(before, -Math.round(mb * 1024))}`);
  return async () => {
    await m.query(`PRAGMA cache_size = ${Number.isFinite(before) ? before : -DEFAULT_CACHE_KIB}`);
  };
}

/**
 * Online copy of the still-encrypted database file for a backup. The caller holds the write queue
 * (no transaction may be open on this connection: SQLite refuses a checkpoint inside one); the
 * TRUNCATE checkpoint moves every committed page into the main file and empties the WAL, so the
 * main file alone is the whole database. Readers may continue: they do not change the file.
 */
export async function copyDatabaseFile(ds: DataSource, dbFile: string, dest: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const [r]: { busy: number; log: number; checkpointed: number }[] = await ds.query('PRAGMA wal_checkpoint(TRUNCATE)');
    if (Number(r?.busy ?? 0) === 0 && Number(r?.log ?? 0) <= 0) break;
    if (attempt >= 50) throw new Error('checkpoint stayed busy; database copy not consistent');
    await new Promise((res) => setTimeout(res, 100));
  }
  copyFileSync(dbFile, dest);
}

export const sqlcipherDialect: EngineDialect = {
  kind: 'sqlcipher',
  appendOnlyTriggers: sqliteAppendOnly,
  // One connection per archive and every write in a transaction behind Database.write: the write
  // transaction itself is the chain's lock (a second connection would wait on busy_timeout).
  lockAuditChain: async () => undefined,
  async nextNumber(m: EntityManager, name: string, first: () => Promise<number>): Promise<number> {
    const [row]: { value: number }[] = await m.query('SELECT value FROM number_counters WHERE name = ?', [name]);
    if (row) {
      await m.query('UPDATE number_counters SET value = value + 1 WHERE name = ?', [name]);
      return Number(row.value) + 1;
    }
    const start = await first();
    await m.query('INSERT INTO number_counters (name, value) VALUES (?, ?)', [name, start]);
    return start;
  },
  checkpoint,
  integrityCheck,
  // ── roster, look-ups, life events (pg-lookups) ──
  placeOrder: () => ['h.place_key'],

  // ── register (residents, households, records; pg-register) ──
  noIndex: (expr) => `+${expr}`,
  // SQLite's LIKE already ignores the case of ASCII letters.
  likeAnyCase: (expr, param) => `${expr} LIKE :${param} ESCAPE '\\'`,
  nameHolds: (alias, fragment, param) => ({
    sql: `${alias}.id IN (${matchRefs('r', param)})`,
    params: { [param]: containsQuery([fragment]) },
  }),
  async nameHitsUpTo(m, fragment, upTo) {
    // The trigram index alone (no row looked up): 29k hits of one character cost ≈ 1 ms at 1M.
    const [row]: { n: number }[] = await m.query(`SELECT count(*) AS n FROM (SELECT 1 FROM ${ftsTable('r')} WHERE ${matchWhere('r')} LIMIT ?)`, [
      containsQuery([fragment]),
      upTo,
    ]);
    return Number(row?.n ?? 0);
  },
  async keptTotal(m, what) {
    const [row]: { n: number }[] = await m.query('SELECT n FROM tally_totals WHERE what = ?', [what]);
    return row ? Number(row.n) : 0;
  },
  // ---- backup / restore across engines (pg-backup) ----
  // One connection: a transaction sees one state of the file (the caller keeps writers out).
  snapshot: (ds, fn) => ds.transaction(fn),
  insertBatch: (columns) => Math.max(1, Math.floor(SQLITE_MAX_PARAMS / Math.max(1, columns))),
  // AUTOINCREMENT follows explicitly inserted keys by itself (sqlite_sequence).
  afterBulkLoad: async () => undefined,
  afterBulkWrite: async () => undefined,
  async isEmpty(ds) {
    const [r]: { n: number }[] = await ds.query("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'");
    return Number(r?.n ?? 0) === 0;
  },
  dropEverything: async () => {
    throw new Error('a SQLCipher restore removes its whole file instead');
  },
  // --- search, dashboard, lists (pg-search) ---
  get search() {
    return sqliteSearch;
  },
  async tallyTotals(m) {
    const rows: { what: string; n: number }[] = await m.query('SELECT what, n FROM tally_totals');
    return new Map(rows.map((t) => [t.what as 'residents', Number(t.n)]));
  },
  async recordTallies(m) {
    const rows: { category: string; cls: string; due_year: number; status: string; n: number }[] = await m.query(
      "SELECT category, cls, due_year, status, n FROM tally_records WHERE status <> 'destroyed' AND n > 0",
    );
    return rows.map((g) => ({ ...g, due_year: Number(g.due_year) < 0 ? null : Number(g.due_year), n: Number(g.n) }));
  },
  async gridTallies(m) {
    const rows: { grid_id: string; n: number }[] = await m.query('SELECT grid_id, n FROM tally_grids');
    return new Map(rows.map((r) => [r.grid_id, Number(r.n)]));
  },
  textOrder: (expr) => expr,
  groupConcat: (expr, sep) => `group_concat(${expr}, '${sep}')`,
  // ── import (pg-import) ──
  async insertRows(m, entity, columns, rows, conflict, step) {
    if (!rows.length) return;
    await inSlices(
      columns.length,
      rows,
      async (slice) => {
        await m.query(
          bulkInsertText(m, entity, columns, slice.length, conflict, () => '?'),
          slice.flat(),
        );
      },
      step,
    );
  },
  enlargeCache: (m, mb) => enlargeCache(m, mb),
  async wholeTable(m, entity, props) {
    const { table, columns } = columnNames(m, entity, props);
    const [{ j }] = (await m.query(`SELECT json_group_array(json_array(${columns.join(', ')})) AS j FROM ${table}`)) as { j: string }[];
    return fromArrays(JSON.parse(j) as unknown[][], props);
  },
};
/** Bound parameters per statement: SQLite's default limit is 32766; leave room. */
const SQLITE_MAX_PARAMS = 30_000;
registerDialect('sqlite', sqlcipherDialect);

// --- search (pg-search): the FTS5 trigram index of search-index.ts, every statement prepared once (Database.read) ---
const RES_COLS = 'r.id, r.name, r.citizen_id, r.phone, r.household_id, h.address';
const RES = `SELECT ${RES_COLS} FROM residents r JOIN households h ON h.id = r.household_id`;
/** Sorts after every character: `x >= s AND x < s + TOP` is "x starts with s" as an index range. */
const TOP = '\u{10ffff}';
const SQLITE_PREFIX: Record<PrefixKey, string> = {
  phone: 'r.phone',
  citizen_id: 'r.citizen_id',
  // The reversed text, as the expression indexes of migration 0012 spell it.
  phone_tail: reversedSql('r.phone', PHONE_MAX),
  citizen_id_tail: reversedSql('r.citizen_id', CITIZEN_ID_MAX),
  name_initials: 'r.name_initials',
  name_pinyin: 'r.name_pinyin',
};

/** The shield's named condition as `?` text (what the prepared statements take). */
const P = (w: SqlFragment) => positionalParams(w);

const sqliteSearch: SearchReads = {
  // `+r.status`: nearly everyone is active, so the status index must never lead (SQLite, with no
  // statistics, preferred it to the phone and pinyin ranges and read every active resident).
  activeResident: "+r.status = 'active'",
  recordsByArchiveNo(db, no, named) {
    const flag = P(named);
    return db.read<RecordHitRow>(`SELECT a.id, a.archive_no, a.title, ${flag.sql} AS shielded FROM archive_records a WHERE a.archive_no = ?`, [
      ...flag.params,
      no,
    ]);
  },
  residentsByCitizenId(db, id, named) {
    const w = P(named);
    return db.read<ResidentHitRow>(`${RES} WHERE ${w.sql} AND r.citizen_id = ?`, [...w.params, id]);
  },
  residentsByPhone(db, phone, named) {
    const w = P(named);
    return db.read<ResidentHitRow>(`${RES} WHERE ${w.sql} AND r.phone = ?`, [...w.params, phone]);
  },
  residentsByPrefix(db, ranges, limit, named) {
    const w = P(named);
    // Reading stops once enough rows came back (twice the limit: a row found by two ranges counts once).
    const one = (expr: string) => `SELECT * FROM (${RES} WHERE ${w.sql} AND ${expr} >= ? AND ${expr} < ? ORDER BY ${expr} LIMIT ?)`;
    return db.read<ResidentHitRow>(`${ranges.map(([k]) => one(SQLITE_PREFIX[k])).join(' UNION ALL ')} LIMIT ?`, [
      ...ranges.flatMap(([, v]) => [...w.params, v, `${v}~`, limit]),
      2 * limit,
    ]);
  },
  residentsByNamePrefix(db, s, limit, named) {
    const w = P(named);
    return db.read<ResidentHitRow>(`${RES} WHERE ${w.sql} AND r.name >= ? AND r.name < ? ORDER BY r.name LIMIT ?`, [...w.params, s, s + TOP, limit]);
  },
  residentsByNameFragment(db, s, limit, named) {
    const w = P(named);
    return db.read<ResidentHitRow>(
      `SELECT ${RES_COLS} FROM ${matchFrom('r', 'r')} JOIN households h ON h.id = r.household_id WHERE ${matchWhere('r')} AND ${w.sql} LIMIT ?`,
      [containsQuery([s]), ...w.params, limit],
    );
  },
  async householdsByAddress(db, fragments, after, chunk, named) {
    const w = P(named);
    const rows = await db.read<{ id: string; address: string; n: number }>(
      `SELECT h.id, h.address, f.rowid AS n FROM ${matchFrom('h', 'h')} WHERE ${matchWhere('h')} AND f.rowid > ? AND ${w.sql} ORDER BY f.rowid LIMIT ?`,
      [containsQuery(fragments), Number(after ?? 0), ...w.params, chunk],
    );
    return rows.map((h) => ({ id: h.id, address: h.address, cursor: String(h.n) }));
  },
  recordsByTitleFragment(db, s, limit, named) {
    const w = P(named);
    return db.read<RecordHitRow>(
      `SELECT archive_records.id, archive_no, title FROM ${matchFrom('a', 'archive_records')} WHERE ${matchWhere('a')} AND ${w.sql} LIMIT ?`,
      [containsQuery([s]), ...w.params, limit],
    );
  },
  recordsByLatinText(db, s, limit, named) {
    const w = P(named);
    const f = `%${likeEscape(s)}%`;
    return db.read<RecordHitRow>(
      `SELECT id, archive_no, title FROM archive_records WHERE ${w.sql} AND (archive_no LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\') LIMIT ?`,
      [...w.params, f, f, limit],
    );
  },
};
