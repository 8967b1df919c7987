import type { QueryRunner } from 'typeorm';
import { DEFAULT_CATEGORIES } from '../../../shared/domain/record-categories';

/**
 * Fills a new record_categories table (SQLite 0020, PostgreSQL 0006): the default tree of
 * domain.md, plus, on an archive upgraded with records under a code the defaults do not have, that
 * code as a top-level category of its own (named by its code, to be renamed in 设置 → 档案分类), so
 * every record keeps a category it can be listed and filtered by. Leaves one entry in audit_outbox,
 * which the audit service writes into the chain after opening (as migration 0007 does for tags).
 */
export async function seedCategories(q: QueryRunner): Promise<void> {
  const p = (i: number) => q.connection.driver.createParameter(`p${i}`, i);
  const insert = (table: string, cols: string[], values: unknown[]) =>
    q.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => p(i)).join(', ')})`, values);
  const yes = q.connection.driver.options.type === 'postgres' ? true : 1;
  const cols = ['code', 'name_zh', 'name_en', 'parent_code', 'pattern', 'sort_order', 'active'];
  for (const c of DEFAULT_CATEGORIES) await insert('record_categories', cols, [c.code, c.nameZh, c.nameEn, c.parentCode, c.pattern, c.order, yes]);
  const known = new Set(DEFAULT_CATEGORIES.map((c) => c.code));
  const used: { code: string }[] = await q.query('SELECT DISTINCT content_category AS code FROM archive_records ORDER BY content_category');
  const extra = used.map((u) => u.code).filter((c) => c && !known.has(c));
  let order = DEFAULT_CATEGORIES.filter((c) => !c.parentCode).length;
  for (const code of extra) await insert('record_categories', cols, [code, code, code, null, null, ++order, yes]);
  const details = JSON.stringify({ codes: [...DEFAULT_CATEGORIES.map((c) => c.code), ...extra], fromRecords: extra });
  await insert('audit_outbox', ['actor', 'action', 'subject', 'details'], ['system', 'category.seedDefaults', null, details]);
}
