import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/**
 * The keeper's meanings for sheet values the importer does not know ("公租房" → 租住,
 * "楼组长" → 楼长): one row per (column, sheet value), reused by every later import.
 */
export class ImportMappings1700000000008 implements MigrationInterface {
  name = 'ImportMappings1700000000008';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'import_mappings',
        columns: [
          { ...col.str('column_key', 32), isPrimary: true },
          { ...col.str('sheet_value', 200), isPrimary: true },
          col.str('target', 60),
          col.str('created_by', 32),
          col.str('created_at', 32),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('import_mappings');
  }
}
