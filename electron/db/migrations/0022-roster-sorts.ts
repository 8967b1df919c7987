import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ROSTER_SORT_INDEXES } from '../roster-sort-indexes';

/** The 花名册's name and age orders from an index (roster-sort-indexes.ts says why). */
export class RosterSorts1700000000022 implements MigrationInterface {
  name = 'RosterSorts1700000000022';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, on] of ROSTER_SORT_INDEXES) await q.query(`CREATE INDEX ${name} ON residents (${on})`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of ROSTER_SORT_INDEXES) await q.query(`DROP INDEX ${name}`);
  }
}
