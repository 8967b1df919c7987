import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * archive_grams() (migration 0007) cuts a text into every character and pair: hundreds of times
 * dearer than the default cost PostgreSQL assumes for a function. With the default, a fragment
 * the statistics think common (国 in titles) was looked for by reading the table in order and
 * cutting every title until 50 matched — and a rare one read the whole table. Priced as what it
 * costs, the planner answers every fragment from the GIN index.
 */
export class PgSearchPlans1800000000009 implements MigrationInterface {
  name = 'PgSearchPlans1800000000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER FUNCTION archive_grams(text) COST 5000');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER FUNCTION archive_grams(text) COST 100');
  }
}
