import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Optimistic versions on archive records (issue 16): an edit names the version it was made from,
 * and a stale one is refused. Plain ALTER TABLE: TypeORM's SQLite addColumn rebuilds the table and
 * drops the triggers of migration 0012. (0018 is another branch's.)
 */
export class RecordVersion1700000000019 implements MigrationInterface {
  name = 'RecordVersion1700000000019';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE archive_records ADD COLUMN version integer NOT NULL DEFAULT 1');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE archive_records DROP COLUMN version');
  }
}
