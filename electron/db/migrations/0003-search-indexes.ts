import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Prefix searches on pinyin keys become index range scans instead of table scans. */
export class SearchIndexes1700000000003 implements MigrationInterface {
  name = 'SearchIndexes1700000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('residents', new TableIndex({ name: 'idx_residents_initials', columnNames: ['name_initials'] }));
    await q.createIndex('residents', new TableIndex({ name: 'idx_residents_pinyin', columnNames: ['name_pinyin'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('residents', 'idx_residents_pinyin');
    await q.dropIndex('residents', 'idx_residents_initials');
  }
}
