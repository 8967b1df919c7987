import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/**
 * Signed audit: each entry names its signer's key and carries an Ed25519 signature; an entry that
 * grants keys or roles names the key it grants (indexed: sign-in follows grants back to the founder).
 * `audit_heads` keeps each signer's newest entry, signed, so cutting entries off the end shows.
 * `vault_secrets` keeps the audit HMAC key and the attachment wrapping key inside the encrypted DB,
 * so a re-key (a new vault key) leaves the chain's HMACs valid and re-wraps attachment keys in one step.
 */
export class SignedAudit1700000000010 implements MigrationInterface {
  name = 'SignedAudit1700000000010';

  async up(q: QueryRunner): Promise<void> {
    // Plain ALTER TABLE (valid in SQLite and PostgreSQL): TypeORM's SQLite addColumn rebuilds the
    // table and would drop the append-only triggers.
    await q.query('ALTER TABLE audit_log ADD COLUMN signer varchar(16)');
    await q.query('ALTER TABLE audit_log ADD COLUMN sig text');
    await q.query('ALTER TABLE audit_log ADD COLUMN grant_key varchar(16)');
    await q.query('CREATE INDEX idx_audit_grant_key ON audit_log (grant_key)');
    await q.query('CREATE INDEX idx_audit_signer ON audit_log (signer, seq)');
    await q.createTable(
      new Table({ name: 'audit_heads', columns: [{ ...col.str('signer', 16), isPrimary: true }, col.int('seq'), col.str('hash', 64), col.text('sig')] }),
    );
    await q.createTable(new Table({ name: 'vault_secrets', columns: [{ ...col.str('name', 32), isPrimary: true }, col.text('value')] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('vault_secrets');
    await q.dropTable('audit_heads');
    await q.query('DROP INDEX idx_audit_signer');
    await q.query('DROP INDEX idx_audit_grant_key');
  }
}
