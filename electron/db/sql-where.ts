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

/** Named parameters (`:name`, as QueryBuilder takes them) as `?` with their values in order (SQLite's prepared reads). */
export function positionalParams(part: NamedPart): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const sql = part.sql.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) => {
    if (!(name in part.params)) return whole;
    params.push(part.params[name]);
    return '?';
  });
  return { sql, params };
}
