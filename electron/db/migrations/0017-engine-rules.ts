import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/**
 * Rules the engine keeps instead of the process (issue 16): `number_counters` gives slip, batch
 * and register numbers in the writing transaction (instead of count + 1); `audit_chain_head` is
 * the row PostgreSQL locks for each audit append (here the write transaction is the lock; the row
 * mirrors the newest entry). Existing archives start their counters from the numbers they used.
 */
export class EngineRules1700000000017 implements MigrationInterface {
  name = 'EngineRules1700000000017';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({ name: 'number_counters', columns: [{ ...col.str('name', 40), isPrimary: true }, col.int('value')] }));
    await q.createTable(new Table({ name: 'audit_chain_head', columns: [{ ...col.int('id'), isPrimary: true }, col.int('seq'), col.str('hmac', 64)] }));
    await q.query(
      `INSERT INTO audit_chain_head (id, seq, hmac)
       SELECT 1, coalesce(max(seq), 0), coalesce((SELECT hmac FROM audit_log ORDER BY seq DESC LIMIT 1), '${'0'.repeat(64)}') FROM audit_log`,
    );
    // A slip's lines in the order they were listed, without SQLite's rowid (earlier loans keep theirs).
    await q.query('ALTER TABLE loans ADD COLUMN slip_line integer');
    await q.query('UPDATE loans SET slip_line = rowid');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE loans DROP COLUMN slip_line');
    await q.dropTable('audit_chain_head');
    await q.dropTable('number_counters');
  }
}
