import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CITIZEN_ID_MAX, PHONE_MAX, reversedSql, searchIndexDdl, searchIndexDrop, searchIndexFill } from '../search-index';

/**
 * Street scale (#17): the search index (search-index.ts) filled from the rows already there, the
 * name index for exact and prefix hits, and the reversed phone and citizen ID for "its last digits".
 */
export class StreetScale1700000000012 implements MigrationInterface {
  name = 'StreetScale1700000000012';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [...searchIndexDdl(), ...searchIndexFill()]) await q.query(sql);
    await q.query('CREATE INDEX idx_residents_name ON residents (name)');
    await q.query(`CREATE INDEX idx_residents_phone_rev ON residents (${reversedSql('phone', PHONE_MAX)})`);
    await q.query(`CREATE INDEX idx_residents_citizen_id_rev ON residents (${reversedSql('citizen_id', CITIZEN_ID_MAX)})`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const i of ['idx_residents_citizen_id_rev', 'idx_residents_phone_rev', 'idx_residents_name']) await q.query(`DROP INDEX ${i}`);
    for (const sql of searchIndexDrop()) await q.query(sql);
  }
}
