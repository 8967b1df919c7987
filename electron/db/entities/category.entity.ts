import { EntitySchema } from 'typeorm';
import type { CategoryNode } from '../../../shared/domain/record-categories';

/**
 * The category register (设置 → 档案分类; SQLite 0020, PostgreSQL 0006). Records refer to a category
 * by its code (archive_records.content_category); the parent by its code too. No foreign keys: the
 * code of a category nobody uses may change, and the service keeps both references in step.
 */
export const RecordCategoryEntity = new EntitySchema<CategoryNode>({
  name: 'RecordCategory',
  tableName: 'record_categories',
  columns: {
    code: { type: 'varchar', length: 16, primary: true },
    nameZh: { name: 'name_zh', type: 'varchar', length: 40 },
    nameEn: { name: 'name_en', type: 'varchar', length: 60 },
    parentCode: { name: 'parent_code', type: 'varchar', length: 16, nullable: true },
    pattern: { type: 'varchar', length: 80, nullable: true },
    order: { name: 'sort_order', type: 'integer' },
    active: { type: 'boolean' },
  },
  indices: [{ name: 'idx_record_categories_parent', columns: ['parentCode'] }],
});
