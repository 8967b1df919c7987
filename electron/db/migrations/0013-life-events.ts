import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/**
 * Residents' life events (迁入, 迁出, 死亡注销, 调户, 分户, 合户): one row per event with its before
 * and after, linked to every resident and household it touched; residents get a roster status
 * (active / moved_out / dead) and households one (active / merged). Departed people stay in the
 * register with their archive; only the active roster leaves them out.
 */
export class LifeEvents1700000000013 implements MigrationInterface {
  name = 'LifeEvents1700000000013';

  async up(q: QueryRunner): Promise<void> {
    // Plain ALTER TABLE: TypeORM's SQLite addColumn rebuilds the table, which drops its triggers
    // (the search index and counters of migration 0012) and breaks those that name it.
    await q.query("ALTER TABLE residents ADD COLUMN status varchar(12) NOT NULL DEFAULT 'active'");
    await q.query('ALTER TABLE residents ADD COLUMN status_on varchar(10)');
    await q.query("ALTER TABLE households ADD COLUMN status varchar(12) NOT NULL DEFAULT 'active'");
    await q.createIndex('residents', new TableIndex({ name: 'idx_residents_status', columnNames: ['status'] }));
    await q.createTable(
      new Table({
        name: 'life_events',
        columns: [
          col.id(),
          col.int('seq'),
          col.str('kind', 16),
          col.str('occurred_on', 10),
          col.str('recorded_at', 32),
          col.str('recorded_by', 32),
          col.text('details'),
          col.text('before_values'),
          col.text('after_values'),
          col.str('counter_of', 36, true),
          col.str('proposed_by', 32, true),
        ],
      }),
    );
    await q.createIndex('life_events', new TableIndex({ name: 'idx_life_events_seq', columnNames: ['seq'], isUnique: true }));
    await q.createTable(
      new Table({
        name: 'life_event_links',
        columns: [
          { ...col.str('event_id', 36), isPrimary: true },
          { ...col.str('subject', 80), isPrimary: true },
        ],
      }),
    );
    await q.createIndex('life_event_links', new TableIndex({ name: 'idx_life_event_links_subject', columnNames: ['subject'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('life_event_links');
    await q.dropTable('life_events');
    await q.dropIndex('residents', 'idx_residents_status');
    for (const [table, column] of [
      ['households', 'status'],
      ['residents', 'status_on'],
      ['residents', 'status'],
    ])
      await q.query(`ALTER TABLE ${table} DROP COLUMN ${column}`);
  }
}
