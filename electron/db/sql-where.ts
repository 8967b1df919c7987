/** Builds a parameterised WHERE clause from optional filters (values never go into the SQL text). */
export class SqlWhere {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];

  add(condition: string, ...values: unknown[]): this {
    this.parts.push(condition);
    this.params.push(...values);
    return this;
  }

  /** Adds the condition only when `value` is set. */
  when(value: unknown, condition: string, ...values: unknown[]): this {
    if (value !== undefined && value !== null && value !== '') this.add(condition, ...(values.length ? values : [value]));
    return this;
  }

  /** Adds the condition (with exactly `values` as parameters) only when `test` holds. */
  if(test: boolean, condition: string, ...values: unknown[]): this {
    return test ? this.add(condition, ...values) : this;
  }

  toString(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

/** Escapes % and _ for LIKE … ESCAPE '\'. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A condition for a QueryBuilder: SQL with named parameters (`:name`). */
export type NamedPart = { sql: string; params: Record<string, unknown> };

/**
 * A `?` condition (shield.ts, SqlWhere) in QueryBuilder form: each `?` outside quotes becomes
 * `:prefixN`, its value under that name.
 */
export function namedParams(sql: string, values: unknown[], prefix: string): NamedPart {
  const params: Record<string, unknown> = {};
  let out = '';
  let quote: string | null = null;
  let n = 0;
  for (const c of sql) {
    if (quote) quote = c === quote ? null : quote;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '?') {
      if (n >= values.length) throw new Error('more placeholders than values');
      params[`${prefix}${n}`] = values[n];
      out += `:${prefix}${n++}`;
      continue;
    }
    out += c;
  }
  if (n !== values.length) throw new Error('more values than placeholders');
  return { sql: out, params };
}

/** The other way: named parameters (`:name`, as QueryBuilder takes them) as `?` with their values in order. */
export function positionalParams(part: NamedPart): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const sql = part.sql.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) => {
    if (!(name in part.params)) return whole;
    params.push(part.params[name]);
    return '?';
  });
  return { sql, params };
}
