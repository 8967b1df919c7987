import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** As they were named in the default palette (tag-privacy.ts WELFARE_TAG_NAMES at the time of writing). */
const WELFARE = ['低保户', '特困户', '残疾人家庭', '独居老人', '重点户'];

/**
 * Two changes for #19 (keeper-forms):
 *
 * 1. `archive_records.carrier_by_hand`: 载体 follows the attachments (纸质 becomes 纸质+电子 when a
 *    scan is attached) unless a keeper chose the carrier by hand; this remembers that choice.
 *
 * 2. Archives created before the welfare and health tags became discreet by default had them public:
 * printed by name on covers and shown to clerks. They turn discreet once here; an administrator who
 * wants one public makes it so under 设置 → 标签, after the warning. The audit entry waits in
 * `audit_outbox` (a migration runs before the vault's key is at hand), as with migration 0007.
 */
export class KeeperForms1700000000015 implements MigrationInterface {
  name = 'KeeperForms1700000000015';

  async up(q: QueryRunner): Promise<void> {
    // Plain ALTER TABLE: TypeORM's SQLite addColumn rebuilds the table and would drop its triggers
    // (search index and counters, migration 0012).
    await q.query('ALTER TABLE archive_records ADD COLUMN carrier_by_hand boolean NOT NULL DEFAULT 0');
    await this.discreetWelfareTags(q);
  }

  private async discreetWelfareTags(q: QueryRunner): Promise<void> {
    const p = (i: number) => q.connection.driver.createParameter(`p${i}`, i);
    const names = WELFARE.map((_, i) => p(i)).join(', ');
    // NOT discreet: the column is 0/1 in SQLite and a boolean in PostgreSQL.
    const rows: { id: string; name: string }[] = await q.query(`SELECT id, name FROM tags WHERE NOT discreet AND name IN (${names})`, WELFARE);
    if (!rows.length) return;
    for (const r of rows) await q.query(`UPDATE tags SET discreet = ${p(0)} WHERE id = ${p(1)}`, [true, r.id]);
    const details = JSON.stringify({ names: rows.map((r) => r.name).sort() });
    await q.query(`INSERT INTO audit_outbox (actor, action, subject, details) VALUES (${p(0)}, ${p(1)}, ${p(2)}, ${p(3)})`, [
      'system',
      'tag.discreetDefaults',
      null,
      details,
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE archive_records DROP COLUMN carrier_by_hand');
    // The tags' flags stay: which tags an archive had public before cannot be told from here.
  }
}
