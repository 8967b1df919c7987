import type { MigrationInterface, QueryRunner } from 'typeorm';
import { activeTalliesDdl, activeTalliesDrop } from '../tallies';

/**
 * The dashboard's resident and household counters (migration 0012) count the active roster now that
 * life events (migration 0013) mark residents moved out or dead and households merged or gone.
 */
export class ActiveTallies1700000000016 implements MigrationInterface {
  name = 'ActiveTallies1700000000016';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of activeTalliesDdl()) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of activeTalliesDrop()) await q.query(sql);
  }
}
