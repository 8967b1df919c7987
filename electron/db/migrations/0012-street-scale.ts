import type { MigrationInterface, QueryRunner } from 'typeorm';
import { talliesDdl, talliesDrop, talliesFill } from '../tallies';
import { CITIZEN_ID_MAX, PHONE_MAX, reversedSql, searchIndexDdl, searchIndexDrop, searchIndexFill } from '../search-index';

/**
 * Street scale (#17): the search index (search-index.ts) filled from the rows already there, the
 * name index for exact and prefix hits, the reversed phone and citizen ID for "its last digits", and
 * the dashboard's counters (tallies.ts), all filled from the rows already there.
 */
export class StreetScale1700000000012 implements MigrationInterface {
  name = 'StreetScale1700000000012';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [...searchIndexDdl(), ...searchIndexFill(), ...talliesDdl(), ...talliesFill()]) await q.query(sql);
    await q.query('CREATE INDEX idx_residents_name ON residents (name)');
    // The residents list's order (address, name): its keyset pages start from an index position.
    await q.query('CREATE INDEX idx_households_address ON households (address)');
    await q.query(`CREATE INDEX idx_residents_phone_rev ON residents (${reversedSql('phone', PHONE_MAX)})`);
    await q.query(`CREATE INDEX idx_residents_citizen_id_rev ON residents (${reversedSql('citizen_id', CITIZEN_ID_MAX)})`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const i of ['idx_residents_citizen_id_rev', 'idx_residents_phone_rev', 'idx_households_address', 'idx_residents_name'])
      await q.query(`DROP INDEX ${i}`);
    for (const sql of [...talliesDrop(), ...searchIndexDrop()]) await q.query(sql);
  }
}
