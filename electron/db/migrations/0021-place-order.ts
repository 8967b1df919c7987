import type { MigrationInterface, QueryRunner } from 'typeorm';
import { placeOrderDdl, placeOrderDrop } from '../place-order';

/**
 * households.place_key (place-order.ts): the natural order of places as one indexed column, so the
 * 住户 and 花名册 lists page by keyset from an index at street scale. SQLite only: PostgreSQL sorts by
 * the same expressions (roster-query.ts) until its own index lands.
 */
export class PlaceOrder1700000000021 implements MigrationInterface {
  name = 'PlaceOrder1700000000021';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of placeOrderDdl()) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of placeOrderDrop()) await q.query(sql);
  }
}
