import { randomUUID } from 'node:crypto';
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { DEFAULT_TAGS } from '../../../shared/domain/tags';
import { col } from './table-helpers';

/**
 * The default tag palette (domain.md) from the moment an archive exists, instead of the first time
 * a screen listed tags: a fresh archive gets it when its database is created, an older archive that
 * has no tags gets it on its next open. Runs once per archive, so tags a keeper deletes stay deleted.
 *
 * A migration runs before the vault's audit key is at hand, so it leaves its audit entry in
 * `audit_outbox`; the audit service writes it into the chain in the first transaction after opening.
 */
export class DefaultTags1700000000007 implements MigrationInterface {
  name = 'DefaultTags1700000000007';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'audit_outbox',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          col.str('actor', 32),
          col.str('action', 64),
          col.str('subject', 80, true),
          col.text('details'),
        ],
      }),
    );
    const [{ n }]: { n: number | string }[] = await q.query('SELECT count(*) AS n FROM tags');
    if (Number(n) > 0) return;
    const rows = DEFAULT_TAGS.map((t) => [randomUUID(), t.name, t.color, t.code, t.discreet, t.order]);
    // Plain statements with the driver's own placeholders: the entities may change, this migration may not.
    const insert = (table: string, cols: string[], values: unknown[]) =>
      q.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => q.connection.driver.createParameter(`p${i}`, i)).join(', ')})`, values);
    for (const r of rows) await insert('tags', ['id', 'name', 'color', 'code', 'discreet', 'sort_order'], r);
    const details = JSON.stringify({ count: rows.length, names: rows.map((r) => r[1]) });
    await insert('audit_outbox', ['actor', 'action', 'subject', 'details'], ['system', 'tag.seedDefaults', null, details]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_outbox');
  }
}
