import type { DataSource } from 'typeorm';

/**
 * Tests only. Test files still write their own raw SQL SQLite's way — `?` placeholders, camelCase
 * aliases, `discreet = 1`, the `+r.status` planner hint — and run it on either engine. On
 * PostgreSQL that text is adapted here: `?` outside quotes becomes `$n`, `AS camelCase` is quoted
 * (PostgreSQL folds unquoted names to lower case), the unary `+` goes and `discreet = 1` says TRUE.
 * The app itself no longer needs it: every area is on QueryBuilder and the search's PostgreSQL
 * reads are written with `$n` (dialect-postgres.ts). test/setup/postgres-env.ts installs it on
 * every archive a test opens in its own process, raw-archive.ts on its bare connections; child
 * processes (the CLI, the web host) run the app's SQL unadapted.
 */
const UNARY_PLUS = /[\s(]\+[a-z_]+\.[a-z_]+/;
/** SQLite's 0/1 for the boolean `discreet` (tags), as not-yet-ported areas still write it. */
const DISCREET_ONE = /^discreet = ([01])\b/;
export function adaptLegacySql(sql: string): string {
  if (!sql.includes('?') && !/\bAS\s+[a-z]+[A-Z]/.test(sql) && !UNARY_PLUS.test(sql) && !/discreet = [01]\b/.test(sql)) return sql;
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
    // SQLite's planner hint `+r.status` (keep an index from leading) is no operator on text here.
    if (c === '+' && /[\s(]/.test(sql[i - 1] ?? ' ') && /^\+[a-z_]+\.[a-z_]+/.test(sql.slice(i, i + 64))) continue;
    const flag = c === 'd' && /[\s.(]/.test(sql[i - 1] ?? ' ') ? DISCREET_ONE.exec(sql.slice(i, i + 16)) : null;
    if (flag) {
      out += `discreet = ${flag[1] === '1' ? 'TRUE' : 'FALSE'}`;
      i += flag[0].length - 1;
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
