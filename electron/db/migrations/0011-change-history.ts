import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/**
 * 最少披露: the values of a register change (a resident's phone, health note, 低保 status …) live
 * here, read by keepers and administrators; the audit trail keeps only which fields changed and a
 * salted hash binding it to this row, so the auditor sees who changed what, not the values.
 */
export class ChangeHistory1700000000011 implements MigrationInterface {
  name = 'ChangeHistory1700000000011';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'change_history',
        columns: [
          col.id(),
          col.str('subject', 80),
          col.str('action', 40),
          col.str('actor', 32),
          col.str('at', 32),
          col.text('changed'),
          col.text('before_values', true),
          col.text('after_values', true),
          col.str('salt', 32),
        ],
      }),
    );
    await q.createIndex('change_history', new TableIndex({ name: 'idx_change_history_subject', columnNames: ['subject', 'at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('change_history');
  }
}
