/**
 * The PostgreSQL engine's module: connection options, append-only triggers, the audit chain's
 * row lock, counters. Personal data at rest is the server's to protect (disk encryption, TLS, a
 * role for the app only: see README); attachments stay encrypted per file as on SQLCipher.
 */
import type { DataSourceOptions, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { DataSource } from 'typeorm';
import type pg from 'pg';
import { AuditChainHeadEntity } from './entities/audit-support.entity';
import {
  bulkInsertText,
  columnNames,
  columnOf,
  fromArrays,
  type InsertConflict,
  registerDialect,
  type EngineDialect,
  type PrefixKey,
  type RecordHitRow,
  type ResidentHitRow,
  type SearchReads,
  type SqlFragment,
  type HotReader,
  type TallyWhat,
} from './engine';
import { likeEscape } from './sql-where';
import { PG_GIN_INDEXES } from './migrations-postgres/0007-search';
import { PG_TALLY_FUNCTIONS } from './migrations-postgres/0008-tallies';
import { PG_PLACE_FUNCTIONS } from './place-order';

/** Rows per unnest insert: each column's values travel as one array parameter. */
const UNNEST_ROWS = 5000;

/**
 * bulkInsertText's statement with each column's values as one typed array:
 * INSERT … SELECT * FROM unnest($1::text[], $2::integer[], …), and the same ON CONFLICT tail.
 */
function unnestInsertText<T extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<T>,
  columns: (keyof T & string)[],
  conflict: InsertConflict<T> | null,
): string {
  const meta = m.connection.getMetadata(entity);
  const casts = columns.map((p, i) => `$${i + 1}::${m.connection.driver.normalizeType(columnOf(meta, p))}[]`);
  const insert = bulkInsertText(m, entity, columns, 0, conflict, () => '');
  // "INSERT INTO t (cols) VALUES <no tuples><tail>": the tuples replaced by the unnest.
  const [head, tail] = insert.split(' VALUES ');
  return `${head} SELECT * FROM unnest(${casts.join(', ')})${tail}`;
}

// count(*) is bigint and sum() numeric: node-pg gives strings; every count here fits a double.
const INT8 = 20;
const NUMERIC = 1700;
const typesOf = (driver: typeof pg) => ({
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => (v === null ? null : Number(v));
    return driver.types.getTypeParser(oid, format);
  },
});

/** Async: node-pg (≈0.1 s to load) is loaded when an archive on PostgreSQL is opened, not by every SQLCipher start. */
export async function postgresOptions(url: string): Promise<DataSourceOptions> {
  const { default: driver } = await import('pg');
  return {
    type: 'postgres',
    url,
    driver,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    // Several writers per archive (keepers' PCs, the web host): a small pool per process. Two connections
    // stay open while the archive is: node-pg otherwise closes an idle one after 10 s, and a keeper's next
    // click after a pause paid a new connection and its password exchange (≈ 20 ms here, more over a LAN).
    // A worker's start (6–9 ms here) is priced ten times the default: the search box's LIMIT reads on
    // 100k residents were planned with one for 1–2 ms of their own work; only long scans get one now.
    extra: { max: 8, min: 2, application_name: 'archive-room', options: '-c parallel_setup_cost=10000', types: typesOf(driver) },
  } as DataSourceOptions;
}

/** Is this URL a PostgreSQL connection string? */
export function isPostgresUrl(s: string | undefined | null): s is string {
  return !!s && /^postgres(ql)?:\/\//i.test(s);
}

/** The URL without its password, for messages and the data folder's engine file. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/** Errors meaning "no such server / database / role": the archive is not reachable, not damaged. */
export function isUnreachable(err: unknown): boolean {
  const e = err as { code?: string };
  return ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', '3D000', '28P01', '28000', '57P03'].includes(e?.code ?? '');
}

function appendOnly(table: string): string[] {
  return [
    `CREATE OR REPLACE FUNCTION archive_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`,
    `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION archive_append_only()`,
    `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION archive_append_only()`,
    `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION archive_append_only()`,
  ];
}

export const postgresDialect: EngineDialect = {
  kind: 'postgres',
  appendOnlyTriggers: appendOnly,
  async lockAuditChain(m: EntityManager): Promise<void> {
    // Held to commit: appends from every connection and every PC take turns on this one row.
    const head = await m.createQueryBuilder(AuditChainHeadEntity, 'h').setLock('pessimistic_write').where('h.id = 1').getOne();
    if (!head) throw new Error('audit_chain_head row missing (migration not run?)');
  },
  async nextNumber(m: EntityManager, name: string, first: () => Promise<number>): Promise<number> {
    const have: { value: number }[] = await m.query('SELECT value FROM number_counters WHERE name = $1', [name]);
    // Two first-takers both insert: ON CONFLICT makes the second wait for the first and count on from it.
    const start = have.length ? 1 : await first();
    const [row]: { value: number }[] = await m.query(
      'INSERT INTO number_counters (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = number_counters.value + 1 RETURNING value',
      [name, start],
    );
    return Number(row.value);
  },
  checkpoint: async () => undefined,
  // --- search, dashboard, lists (pg-search) ---
  get search() {
    return pgSearch;
  },
  // Counters kept by the triggers of migration 0008 (appended rows, summed here; see pgFold).
  async tallyTotals(m) {
    const rows: { what: TallyWhat; n: number; c: number }[] = await m.query('SELECT what, sum(n) AS n, count(*) AS c FROM tally_totals GROUP BY what');
    await pgFold(m, 'tally_totals', rows);
    return new Map(rows.map((r) => [r.what, Number(r.n)]));
  },
  async recordTallies(m) {
    const rows: { category: string; cls: string; due_year: number; status: string; n: number; c: number }[] = await m.query(
      'SELECT category, cls, due_year, status, sum(n) AS n, count(*) AS c FROM tally_records GROUP BY 1, 2, 3, 4',
    );
    await pgFold(m, 'tally_records', rows);
    return rows
      .filter((g) => g.status !== 'destroyed' && Number(g.n) > 0)
      .map((g) => ({ category: g.category, cls: g.cls, status: g.status, due_year: Number(g.due_year) < 0 ? null : Number(g.due_year), n: Number(g.n) }));
  },
  async gridTallies(m) {
    const rows: { grid_id: string; n: number; c: number }[] = await m.query('SELECT grid_id, sum(n) AS n, count(*) AS c FROM tally_grids GROUP BY grid_id');
    await pgFold(m, 'tally_grids', rows);
    return new Map(rows.map((r) => [r.grid_id, Number(r.n)]));
  },
  textOrder: (expr) => `${expr} COLLATE "C"`,
  groupConcat: (expr, sep) => `string_agg(${expr}, '${sep}')`,
  async integrityCheck(ds: DataSource): Promise<string> {
    // The server owns its storage; what the archive can check is that every table answers.
    const rows: { n: number }[] = await ds.query('SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema()');
    return Number(rows[0]?.n ?? 0) > 0 ? 'ok' : 'no tables';
  },

  // ── roster, look-ups, life events (pg-lookups) ──
  placeOrder: () => ['h.place_key'],
  // ── register (residents, households, records; pg-register) ──
  noIndex: (expr) => expr,
  likeAnyCase: (expr, param) => `${expr} ILIKE :${param} ESCAPE '\\'`,
  // The grams narrow (3+ characters: all its pairs, maybe apart), strpos() decides. It also gives the
  // planner a fair estimate: with ILIKE '%龚%' beside the grams it expected 1 of 1 009 rows and joined
  // the 花名册's places by scanning units for each (100k residents: 267 ms, not 5).
  nameHolds: (alias, fragment, param) => ({
    sql: `archive_grams(${alias}.name) @> CAST(:${param} AS text[]) AND strpos(${alias}.name, :${param}Text) > 0`,
    params: { [param]: gramsOf(fragment), [`${param}Text`]: fragment },
  }),
  async nameHitsUpTo(m, fragment, upTo) {
    const [row]: { n: number }[] = await m.query(
      'SELECT count(*)::int AS n FROM (SELECT 1 FROM residents r WHERE archive_grams(r.name) @> CAST($1 AS text[]) LIMIT $2) x',
      [gramsOf(fragment), upTo],
    );
    return Number(row?.n ?? 0);
  },
  async keptTotal(m, what) {
    const [row]: { n: number | null }[] = await m.query('SELECT sum(n) AS n FROM tally_totals WHERE what = $1', [what]);
    return Number(row?.n ?? 0);
  },
  // ---- backup / restore across engines (pg-backup) ----
  async snapshot(ds, fn) {
    // REPEATABLE READ: every read of the backup sees the same committed state, while keepers on
    // other connections go on writing (they are not held, and cannot be seen half-done).
    const qr = ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction('REPEATABLE READ');
      await qr.query('SET TRANSACTION READ ONLY');
      const r = await fn(qr.manager);
      await qr.commitTransaction();
      return r;
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await qr.release();
    }
  },
  insertBatch: (columns) => Math.max(1, Math.min(1000, Math.floor(PG_MAX_PARAMS / Math.max(1, columns)))),
  async afterBulkLoad(m) {
    const serials: { t: string; c: string }[] = await m.query(
      "SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'",
    );
    for (const { t, c } of serials) {
      await m.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max("${c}") FROM "${t}"), 0) + 1, false)`, [`"${t}"`, c]);
    }
  },
  async afterBulkWrite(m) {
    for (const index of PG_GIN_INDEXES) await m.query('SELECT gin_clean_pending_list($1::regclass)', [index]);
  },
  async isEmpty(ds) {
    const [r]: { n: number }[] = await ds.query('SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema()');
    return Number(r?.n ?? 0) === 0;
  },
  async dropEverything(ds) {
    const tables: { t: string }[] = await ds.query(
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    );
    for (const { t } of tables) await ds.query(`DROP TABLE IF EXISTS "${t}" CASCADE`);
    // The migrations' functions too (a later restore into this database runs them again).
    for (const fn of ['archive_append_only', 'archive_grams', 'archive_address_key', ...PG_TALLY_FUNCTIONS, ...PG_PLACE_FUNCTIONS])
      await ds.query(`DROP FUNCTION IF EXISTS ${fn} CASCADE`);
  },
  // ── import (pg-import) ──
  async insertRows(m, entity, columns, rows, conflict, step) {
    if (!rows.length) return;
    // One array per column (unnest), not one parameter per cell: the server parses and plans a
    // statement of a few dozen parameters instead of 30 000 (50k-row import: see README).
    const sql = unnestInsertText(m, entity, columns, conflict);
    for (let i = 0; i < rows.length; i += UNNEST_ROWS) {
      const slice = rows.slice(i, i + UNNEST_ROWS);
      await m.query(
        sql,
        columns.map((_c, j) => slice.map((r) => r[j])),
      );
      await step(slice.length);
    }
  },
  // The server sizes its own shared buffers; a session cannot usefully grow them.
  enlargeCache: async () => async () => undefined,
  async wholeTable(m, entity, props) {
    const { table, columns } = columnNames(m, entity, props);
    // node-pg parses the json value itself.
    const [{ j }] = (await m.query(`SELECT coalesce(json_agg(json_build_array(${columns.join(', ')})), '[]'::json) AS j FROM ${table}`)) as {
      j: unknown[][];
    }[];
    return fromArrays(j, props);
  },
};
/**
 * Folds a counter table's appended rows into one per key once they pile up (`rows`: its groups, each
 * with c rows), in one statement on a connection of its own (never the caller's transaction, which
 * may be a read-only snapshot). Writers append meanwhile without waiting; rows they have not
 * committed are not seen, so not deleted, and count on top of the sums. Two folds at once: the
 * second waits for the first's rows, finds them gone and adds nothing.
 */
async function pgFold(m: EntityManager, table: 'tally_totals' | 'tally_records' | 'tally_grids', rows: { c: number }[]): Promise<void> {
  const stored = rows.reduce((s, r) => s + Number(r.c), 0);
  if (stored <= 2 * rows.length + 64) return;
  const keys = { tally_totals: 'what', tally_records: 'category, cls, due_year, status', tally_grids: 'grid_id' }[table];
  await m.connection.query(
    `WITH gone AS (DELETE FROM ${table} RETURNING ${keys}, n) INSERT INTO ${table} (${keys}, n) SELECT ${keys}, sum(n) FROM gone GROUP BY ${keys} HAVING sum(n) <> 0`,
  );
}

/** Bound parameters per statement: PostgreSQL's protocol allows 65535. */
const PG_MAX_PARAMS = 60_000;
registerDialect('postgres', postgresDialect);

// --- search (pg-search): the same answers as SQLite's FTS5 index, from PostgreSQL's own indexes (migration 0007) ---
/**
 * Text order is the code points' (SQLite's BINARY): every comparison and sort below says COLLATE "C",
 * and migration 0007 indexes exactly these expressions. Fragments of names, addresses and titles go
 * through archive_grams(): every character and every pair of characters of the text, in a GIN index;
 * a fragment of 1 or 2 characters is one gram, a longer one all its pairs, and strpos() confirms.
 */
const C = (expr: string) => `${expr} COLLATE "C"`;
const RES_COLS = 'r.id, r.name, r.citizen_id, r.phone, r.household_id, h.address';
const RES = `SELECT ${RES_COLS} FROM residents r JOIN households h ON h.id = r.household_id`;
const TOP = '\u{10ffff}';
const PG_PREFIX: Record<PrefixKey, string> = {
  phone: C('r.phone'),
  citizen_id: C('r.citizen_id'),
  phone_tail: C('reverse(r.phone)'),
  citizen_id_tail: C('reverse(r.citizen_id)'),
  name_initials: C('r.name_initials'),
  name_pinyin: C('r.name_pinyin'),
};
/** The address key of migration 0007's index (address-key.ts: addressKeySql), as one function. */
export const PG_ADDRESS_KEY = (col: string) => `archive_address_key(${col})`;

/** The grams a text holding `f` must have (see above). */
export function gramsOf(f: string): string[] {
  const cs = [...f];
  if (cs.length <= 2) return [f];
  return [...new Set(cs.slice(1).map((c, i) => cs[i] + c))];
}

/**
 * Named parameters (`:name`, as the shield's parts and the reads below write them) as PostgreSQL's
 * `$n`, one number per name; `::type` casts and quoted text are left alone.
 */
export function numbered(sql: string, params: Record<string, unknown>): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const index = new Map<string, number>();
  const text = sql.replace(/'(?:[^']|'')*'|(?<!:):([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string | undefined) => {
    if (!name || !(name in params)) return whole;
    let n = index.get(name);
    if (n === undefined) {
      values.push(params[name]);
      n = values.length;
      index.set(name, n);
    }
    return `$${n}`;
  });
  return { sql: text, values };
}

const pgRead = <T>(db: HotReader, sql: string, where: SqlFragment, own: Record<string, unknown>) => {
  const q = numbered(sql, { ...where.params, ...own });
  return db.read<T>(q.sql, q.values);
};

/** "`col` holds every fragment": the GIN index narrows, strpos() decides. */
function holds(col: string, fragments: string[]): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = { fGrams: [...new Set(fragments.flatMap(gramsOf))] };
  fragments.forEach((f, i) => (params[`f${i}`] = f));
  return {
    sql: `archive_grams(${col}) @> :fGrams::text[] AND ${fragments.map((_f, i) => `strpos(${col}, :f${i}) > 0`).join(' AND ')}`,
    params,
  };
}

const pgSearch: SearchReads = {
  activeResident: "r.status = 'active'",
  recordsByArchiveNo: (db, no, flag) =>
    pgRead<RecordHitRow>(db, `SELECT a.id, a.archive_no, a.title, ${flag.sql} AS shielded FROM archive_records a WHERE a.archive_no = :sNo`, flag, { sNo: no }),
  residentsByCitizenId: (db, id, w) => pgRead<ResidentHitRow>(db, `${RES} WHERE ${w.sql} AND r.citizen_id = :sId`, w, { sId: id }),
  residentsByPhone: (db, phone, w) => pgRead<ResidentHitRow>(db, `${RES} WHERE ${w.sql} AND ${C('r.phone')} = :sPhone`, w, { sPhone: phone }),
  residentsByPrefix(db, ranges, limit, w) {
    // Each part sorted by its own key, the parts in the order given (the outer sort keeps both).
    const one = (expr: string, part: number) =>
      `(${RES.replace('SELECT ', `SELECT ${part} AS part, ${expr} AS sk, `)} WHERE ${w.sql} AND ${expr} >= :lo${part} AND ${expr} < :hi${part} ORDER BY ${expr} LIMIT :sLimit)`;
    const own: Record<string, unknown> = { sLimit: limit, sTotal: 2 * limit };
    ranges.forEach(([, v], i) => Object.assign(own, { [`lo${i}`]: v, [`hi${i}`]: `${v}~` }));
    return pgRead<ResidentHitRow>(db, `${ranges.map(([k], i) => one(PG_PREFIX[k], i)).join(' UNION ALL ')} ORDER BY part, sk LIMIT :sTotal`, w, own);
  },
  residentsByNamePrefix: (db, s, limit, w) =>
    pgRead<ResidentHitRow>(db, `${RES} WHERE ${w.sql} AND ${C('r.name')} >= :lo AND ${C('r.name')} < :hi ORDER BY ${C('r.name')} LIMIT :sLimit`, w, {
      lo: s,
      hi: s + TOP,
      sLimit: limit,
    }),
  residentsByNameFragment(db, s, limit, w) {
    const m = holds('r.name', [s]);
    return pgRead<ResidentHitRow>(db, `${RES} WHERE ${m.sql} AND ${w.sql} LIMIT :sLimit`, w, { ...m.params, sLimit: limit });
  },
  async householdsByAddress(db, fragments, after, chunk, w) {
    const m = holds(PG_ADDRESS_KEY('h.address'), fragments);
    return pgRead<{ id: string; address: string; cursor: string }>(
      db,
      `SELECT h.id, h.address, h.id AS cursor FROM households h WHERE ${m.sql} AND h.id > :sAfter AND ${w.sql} ORDER BY h.id LIMIT :sLimit`,
      w,
      { ...m.params, sAfter: after ?? '', sLimit: chunk },
    );
  },
  recordsByTitleFragment(db, s, limit, w) {
    const m = holds('archive_records.title', [s]);
    return pgRead<RecordHitRow>(db, `SELECT archive_records.id, archive_no, title FROM archive_records WHERE ${m.sql} AND ${w.sql} LIMIT :sLimit`, w, {
      ...m.params,
      sLimit: limit,
    });
  },
  recordsByLatinText(db, s, limit, w) {
    // SQLite's LIKE folds ASCII case; lower() on both sides does here (the text is latin).
    return pgRead<RecordHitRow>(
      db,
      `SELECT id, archive_no, title FROM archive_records WHERE ${w.sql} AND (lower(archive_no) LIKE :sText ESCAPE '\\' OR lower(title) LIKE :sText ESCAPE '\\') LIMIT :sLimit`,
      w,
      { sText: `%${likeEscape(s.toLowerCase())}%`, sLimit: limit },
    );
  },
};
