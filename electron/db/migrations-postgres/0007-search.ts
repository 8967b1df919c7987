import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addressKeySql } from '../../../shared/domain/address-key';

/**
 * The search box's indexes on PostgreSQL (what SQLite's migration 0012 built with FTS5 and
 * expression indexes; the look-ups are in dialect-postgres.ts). The server keeps them up to date
 * in every writer's transaction, no triggers:
 * - archive_grams(text): every character and every pair of characters of a text, GIN-indexed over
 *   names, address keys and titles (a fragment of any length, CJK included, whatever the locale);
 * - prefix ranges in code-point order (COLLATE "C") over name, phone, citizen ID and pinyin keys,
 *   and over the reversed phone and citizen ID (their last digits).
 */
const UP = [
  // A 40-character name's pinyin takes up to 6 letters a character (zhuang): 120 refused real names.
  'ALTER TABLE "residents" ALTER COLUMN "name_pinyin" TYPE character varying(240)',
  `CREATE FUNCTION archive_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
     SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
       SELECT substr(t, i, 1) AS g FROM generate_series(1, char_length(t)) AS i
       UNION ALL SELECT substr(t, i, 2) FROM generate_series(1, char_length(t) - 1) AS i) AS x $$`,
  `CREATE FUNCTION archive_address_key(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT ${addressKeySql('t')} $$`,
  'CREATE INDEX idx_search_residents ON residents USING gin (archive_grams(name))',
  'CREATE INDEX idx_search_households ON households USING gin (archive_grams(archive_address_key(address)))',
  'CREATE INDEX idx_search_records ON archive_records USING gin (archive_grams(title))',
  'CREATE INDEX idx_residents_name_c ON residents ((name COLLATE "C"))',
  'CREATE INDEX idx_residents_phone_c ON residents ((phone COLLATE "C"))',
  'CREATE INDEX idx_residents_citizen_id_c ON residents ((citizen_id COLLATE "C"))',
  'CREATE INDEX idx_residents_initials_c ON residents ((name_initials COLLATE "C"))',
  'CREATE INDEX idx_residents_pinyin_c ON residents ((name_pinyin COLLATE "C"))',
  'CREATE INDEX idx_residents_phone_tail ON residents ((reverse(phone) COLLATE "C"))',
  'CREATE INDEX idx_residents_citizen_id_tail ON residents ((reverse(citizen_id) COLLATE "C"))',
];

/** The GIN indexes of the search box (a bulk write's pending entries are merged into them: dialect afterBulkWrite). */
export const PG_GIN_INDEXES = ['idx_search_residents', 'idx_search_households', 'idx_search_records'];

/** Indexes the entities cannot express (collation, expression, GIN): pg-schema.test.ts knows they are the engine's. */
export const PG_SEARCH_INDEXES = [
  ...PG_GIN_INDEXES,
  'idx_residents_name_c',
  'idx_residents_phone_c',
  'idx_residents_citizen_id_c',
  'idx_residents_initials_c',
  'idx_residents_pinyin_c',
  'idx_residents_phone_tail',
  'idx_residents_citizen_id_tail',
];

export class PgSearch1800000000007 implements MigrationInterface {
  name = 'PgSearch1800000000007';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of UP) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const i of PG_SEARCH_INDEXES) await q.query(`DROP INDEX ${i}`);
    await q.query('DROP FUNCTION archive_address_key(text)');
    await q.query('DROP FUNCTION archive_grams(text)');
    await q.query('ALTER TABLE "residents" ALTER COLUMN "name_pinyin" TYPE character varying(120)');
  }
}
