import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/**
 * Per-user preferences (the roster's columns and saved searches) kept in the archive, so they follow
 * the user to any computer or office client; and indexes for the roster's age and move-in filters.
 */
export class UserPrefs1700000000014 implements MigrationInterface {
  name = 'UserPrefs1700000000014';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'user_prefs',
        columns: [
          { ...col.str('username', 32), isPrimary: true },
          { ...col.str('pref_key', 40), isPrimary: true },
          col.text('value'),
          col.str('updated_at', 32),
        ],
      }),
    );
    await q.createIndex('residents', new TableIndex({ name: 'idx_residents_birth_date', columnNames: ['birth_date'] }));
    await q.createIndex('residents', new TableIndex({ name: 'idx_residents_move_in_date', columnNames: ['move_in_date'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('residents', 'idx_residents_move_in_date');
    await q.dropIndex('residents', 'idx_residents_birth_date');
    await q.dropTable('user_prefs');
  }
}
