import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 档号 in code point order, as SQLite's binary index holds them: a bulk import asks for the numbers
 * under each prefix it issues from as one range (import/plan.ts numbersUnder), instead of reading
 * every number of the archive. The unique index on archive_no follows the database's collation,
 * in which "starts with" is no range; this one is COLLATE "C".
 */
export const PG_ARCHIVE_NO_INDEX = 'idx_records_archive_no_c';

export class PgArchiveNoOrder1800000000013 implements MigrationInterface {
  name = 'PgArchiveNoOrder1800000000013';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ${PG_ARCHIVE_NO_INDEX} ON archive_records ((archive_no COLLATE "C"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ${PG_ARCHIVE_NO_INDEX}`);
  }
}
