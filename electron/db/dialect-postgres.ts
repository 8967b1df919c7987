/**
 * The PostgreSQL engine's module: connection options, append-only triggers, the audit chain's
 * row lock, counters. Personal data at rest is the server's to protect (disk encryption, TLS, a
 * role for the app only: see README); attachments stay encrypted per file as on SQLCipher.
 */
import type { DataSourceOptions, EntityManager } from 'typeorm';
import type { DataSource } from 'typeorm';
import pg from 'pg';
import { AuditChainHeadEntity } from './entities/audit-support.entity';
import { bulkInsertText, inSlices, registerDialect, type EngineDialect } from './engine';

// count(*) is bigint and sum() numeric: node-pg gives strings; every count here fits a double.
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => (v === null ? null : Number(v));
    return pg.types.getTypeParser(oid, format);
  },
};

export function postgresOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    driver: pg,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    // Several writers per archive (keepers' PCs, the web host): a small pool per process.
    extra: { max: 8, application_name: 'archive-room', types },
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
  async integrityCheck(ds: DataSource): Promise<string> {
    // The server owns its storage; what the archive can check is that every table answers.
    const rows: { n: number }[] = await ds.query('SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema()');
    return Number(rows[0]?.n ?? 0) > 0 ? 'ok' : 'no tables';
  },
  // ── import (pg-import) ──
  async insertRows(m, entity, columns, rows, conflict, step) {
    if (!rows.length) return;
    await inSlices(
      columns.length,
      rows,
      async (slice) => {
        await m.query(
          bulkInsertText(m, entity, columns, slice.length, conflict, (i) => `$${i}`),
          slice.flat(),
        );
      },
      step,
    );
  },
  // The server sizes its own shared buffers; a session cannot usefully grow them.
  enlargeCache: async () => async () => undefined,
};
registerDialect('postgres', postgresDialect);

/**
 * Transitional: areas not yet on QueryBuilder (search, residents, households, records, import,
 * print, export) still send SQLite-style text with `?` placeholders and camelCase aliases. Until
 * they move, their text is adapted here: `?` outside quotes becomes `$n`, and `AS camelCase`
 * is quoted (PostgreSQL folds unquoted names to lower case). QueryBuilder SQL passes unchanged.
 */
export function adaptLegacySql(sql: string): string {
  if (!sql.includes('?') && !/\bAS\s+[a-z]+[A-Z]/.test(sql)) return sql;
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (quote) {
      out += c;
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c === '?') {
      out += `$${++n}`;
      continue;
    }
    const alias = /^AS\s+([a-z]+[A-Z][A-Za-z0-9]*)\b/.exec(sql.slice(i, i + 80));
    if (alias && /\W/.test(sql[i - 1] ?? ' ')) {
      out += `AS "${alias[1]}"`;
      i += alias[0].length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

/** Wraps the data source's query runners so legacy text is adapted (see adaptLegacySql). */
export function installLegacyAdapter(ds: DataSource): void {
  const driver = ds.driver as unknown as { createQueryRunner: (mode: string) => { query: (sql: string, ...rest: unknown[]) => Promise<unknown> } };
  const create = driver.createQueryRunner.bind(driver);
  driver.createQueryRunner = (mode: string) => {
    const qr = create(mode);
    const query = qr.query.bind(qr);
    qr.query = (sql: string, ...rest: unknown[]) => query(adaptLegacySql(sql), ...rest);
    return qr;
  };
}
