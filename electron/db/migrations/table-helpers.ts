import { TableColumn, type TableColumnOptions } from 'typeorm';

/** Terse, portable column builders for migrations (TypeORM maps them per driver). */
export const col = {
  id: (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true }),
  str: (name: string, length: number, nullable = false): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(length),
    isNullable: nullable,
  }),
  text: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable }),
  int: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable }),
  bool: (name: string): TableColumnOptions => ({ name, type: 'boolean', isNullable: false }),
};

export function asColumns(opts: TableColumnOptions[]): TableColumn[] {
  return opts.map((o) => new TableColumn(o));
}
