import type { MigrationInterface, QueryRunner } from 'typeorm';
import { placeOrderPgDdl, placeOrderPgDrop } from '../place-order';

/**
 * households.place_key on PostgreSQL, as SQLite's migration 0021 keeps it (place-order.ts): the
 * 住户 and 花名册 lists in address order read their page from one index instead of sorting a
 * street's households and residents by eight expressions over four tables for every page.
 */
export class PgPlaceOrder1800000000012 implements MigrationInterface {
  name = 'PgPlaceOrder1800000000012';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of placeOrderPgDdl()) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of placeOrderPgDrop()) await q.query(sql);
  }
}
