import { z } from 'zod';
import { CATEGORY_CODE_RE } from '../domain/record-categories';
import { bi, channel } from './channel';
import { Ok } from './common';
import { ArchiveNoPattern } from './settings.contract';

/** A category code: what records store and {类别} prints in the 档号. */
export const CategoryCode = z
  .string()
  .trim()
  .min(1, bi('请填写分类代码', 'Enter a category code'))
  .max(16, bi('分类代码最多 16 个字符', 'Category codes have at most 16 characters'))
  .regex(CATEGORY_CODE_RE, bi('分类代码只能含文字、数字、- _', 'Category codes use letters, digits, - _ only'));

export const CategoryRow = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  parentCode: z.string().nullable(),
  pattern: z.string().nullable(),
  order: z.number(),
  active: z.boolean(),
  /** Records filed directly under this category; only when the list was asked `withCounts`. */
  records: z.number().optional(),
});
export type CategoryRow = z.infer<typeof CategoryRow>;

export const CategoryInput = z.object({
  /** The code as stored, when editing; a different `code` renames it (refused once records use it). */
  previousCode: z.string().max(16).optional(),
  code: CategoryCode,
  nameZh: z.string().trim().min(1, bi('请填写中文名称', 'Enter the Chinese name')).max(40, bi('最多 40 个字', 'At most 40 characters')),
  nameEn: z.string().trim().max(60, bi('最多 60 个字符', 'At most 60 characters')).default(''),
  parentCode: CategoryCode.nullish().transform((v) => v ?? null),
  /** Empty: the parent's pattern, else the archive-wide one. */
  pattern: z
    .string()
    .trim()
    .nullish()
    .transform((v) => (v ? v : null))
    .pipe(ArchiveNoPattern.nullable()),
  /** Omitted: after its last sibling (new) or where it was (edit). */
  order: z.number().int().min(0).max(9999).optional(),
  active: z.boolean().default(true),
});
export type CategoryInput = z.output<typeof CategoryInput>;

/** 设置 → 档案分类: read by everyone who files or finds records, changed by administrators. */
export const categoriesContract = {
  list: channel({ req: z.object({ withCounts: z.boolean().optional() }), res: z.array(CategoryRow), access: 'register.read' }),
  save: channel({ req: CategoryInput, res: CategoryRow, access: 'settings.manage' }),
  /** The children of one parent (null: the top level) in their new order. */
  reorder: channel({
    req: z.object({ parentCode: z.string().max(16).nullable(), codes: z.array(z.string().max(16)).min(1).max(500) }),
    res: Ok,
    access: 'settings.manage',
  }),
  /** Only a category no record and no sub-category uses; one in use is deactivated instead. */
  remove: channel({ req: z.object({ code: z.string().min(1).max(16) }), res: Ok, access: 'settings.manage' }),
};
