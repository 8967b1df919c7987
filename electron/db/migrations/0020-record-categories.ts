import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seedCategories } from './category-seed';

/**
 * The category register (issue #19 item 5): a tree of record categories with per-category 档号
 * patterns, seeded with domain.md's defaults (whose codes are the five records have always had),
 * and an index for filtering records by a category and its descendants. Plain CREATE statements:
 * nothing here rebuilds archive_records (its triggers of migration 0012/0016 stay).
 */
export class RecordCategories1700000000020 implements MigrationInterface {
  name = 'RecordCategories1700000000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE record_categories (code varchar(16) PRIMARY KEY NOT NULL, name_zh varchar(40) NOT NULL, name_en varchar(60) NOT NULL,
        parent_code varchar(16), pattern varchar(80), sort_order integer NOT NULL, active boolean NOT NULL)`,
    );
    await q.query('CREATE INDEX idx_record_categories_parent ON record_categories (parent_code)');
    await q.query('CREATE INDEX idx_records_category ON archive_records (content_category)');
    await seedCategories(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX idx_records_category');
    await q.query('DROP TABLE record_categories');
  }
}
