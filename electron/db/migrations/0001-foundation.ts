import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { appendOnlyTriggers } from '../dialect';
import { col } from './table-helpers';

export class Foundation1700000000001 implements MigrationInterface {
  name = 'Foundation1700000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          col.id(),
          { ...col.str('username', 32), isUnique: true },
          col.str('display_name', 40),
          col.str('role', 16),
          col.bool('active'),
          col.bool('must_change_password'),
          col.str('created_at', 32),
          col.str('updated_at', 32),
        ],
      }),
    );
    await q.createTable(new Table({ name: 'settings', columns: [{ ...col.str('key', 64), isPrimary: true }, col.text('value')] }));
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          { ...col.int('seq'), isPrimary: true },
          col.str('at', 32),
          col.str('actor', 64),
          col.str('action', 64),
          col.str('subject', 128, true),
          col.text('details'),
          col.str('prev_hash', 64),
          col.str('hmac', 64),
        ],
      }),
    );
    await q.createIndex('audit_log', new TableIndex({ name: 'idx_audit_actor', columnNames: ['actor'] }));
    await q.createIndex('audit_log', new TableIndex({ name: 'idx_audit_subject', columnNames: ['subject'] }));
    for (const sql of appendOnlyTriggers(q.connection.options.type, 'audit_log')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_log');
    await q.dropTable('settings');
    await q.dropTable('users');
  }
}
