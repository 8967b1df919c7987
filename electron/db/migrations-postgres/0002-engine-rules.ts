import { randomUUID } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_TAGS } from '../../../shared/domain/tags';
import { postgresDialect } from '../dialect-postgres';

const GENESIS = '0'.repeat(64);

/**
 * What the entities cannot say: the trail and the tombstones refuse UPDATE/DELETE/TRUNCATE, the
 * audit chain's lock row exists, and a new archive starts with the default tag palette (audited
 * through the outbox at the first open, as SQLite's migration 0007 does).
 */
export class PgEngineRules1800000000002 implements MigrationInterface {
  name = 'PgEngineRules1800000000002';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'tombstones']) for (const sql of postgresDialect.appendOnlyTriggers(table)) await q.query(sql);
    await q.query('INSERT INTO audit_chain_head (id, seq, hmac) VALUES (1, 0, $1)', [GENESIS]);
    for (const t of DEFAULT_TAGS) {
      await q.query('INSERT INTO tags (id, name, color, code, discreet, sort_order) VALUES ($1, $2, $3, $4, $5, $6)', [
        randomUUID(),
        t.name,
        t.color,
        t.code,
        t.discreet,
        t.order,
      ]);
    }
    const details = JSON.stringify({ count: DEFAULT_TAGS.length, names: DEFAULT_TAGS.map((t) => t.name) });
    await q.query("INSERT INTO audit_outbox (actor, action, subject, details) VALUES ('system', 'tag.seedDefaults', NULL, $1)", [details]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'tombstones'])
      for (const op of ['update', 'delete', 'truncate']) await q.query(`DROP TRIGGER IF EXISTS ${table}_no_${op} ON ${table}`);
    await q.query('DROP FUNCTION IF EXISTS archive_append_only()');
    await q.query('DELETE FROM audit_chain_head');
  }
}
