import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ROSTER_SORT_INDEXES } from '../roster-sort-indexes';

/** The 花名册's name and age orders from an index, as on SQLite (roster-sort-indexes.ts). */
export class PgRosterSorts1800000000011 implements MigrationInterface {
  name = 'PgRosterSorts1800000000011';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, on] of ROSTER_SORT_INDEXES) await q.query(`CREATE INDEX ${name} ON residents (${on})`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of ROSTER_SORT_INDEXES) await q.query(`DROP INDEX ${name}`);
  }
}
