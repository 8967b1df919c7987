/** 设置 → 档案分类: the record category tree and its 档号 patterns. Same keys in both languages. */
const zh = {
  tab: '档案分类',
  intro:
    '档案按分类归档：分类最多三级，档案只能归入最下一级的启用分类。某分类填写了档号规则时，它及其下级分类的新档案按此规则编号，否则按“常规”中的全库档号规则；{类别} 印出分类代码。已有档案使用的分类不能删除、代码不能再改，可以停用。',
  add: '新建分类',
  addChild: '添加下级',
  edit: '修改分类',
  code: '分类代码',
  codeHint: '字母、数字、- _，最多 16 个字符；写入档号的 {类别}。已有档案使用后不能再改。',
  nameZh: '中文名称',
  nameEn: '英文名称',
  parent: '上级分类',
  parentNone: '（顶级）',
  pattern: '档号规则',
  patternHint: '留空：沿用上级分类的规则，否则用全库规则。可用字段：{全宗号} {年度} {保管期限} {类别} {网格} {楼栋} {单元} {户}，以及一个 {件号:N} 或 {序号:N}',
  patternInherited: '沿用：{{pattern}}',
  active: '启用',
  inactive: '已停用',
  records: '档案数',
  up: '上移',
  down: '下移',
  deactivate: '停用',
  activate: '启用',
  remove: '删除',
  removeConfirm: '删除分类“{{name}}”？',
  pickHint: '只能选最下一级的分类',
};

const en: typeof zh = {
  tab: 'Record categories',
  intro:
    'Records are filed under categories, at most three levels deep, and only under an active category at the lowest level. When a category has an archive-number pattern, new records in it and in its sub-categories are numbered by it; otherwise the archive-wide pattern (General) applies; {类别} prints the category code. A category that records use cannot be deleted and its code cannot change; deactivate it instead.',
  add: 'New category',
  addChild: 'Add sub-category',
  edit: 'Edit category',
  code: 'Code',
  codeHint: 'Letters, digits, - _, at most 16 characters; printed by {类别} in archive numbers. Fixed once records use it.',
  nameZh: 'Chinese name',
  nameEn: 'English name',
  parent: 'Parent',
  parentNone: '(top level)',
  pattern: 'Archive-number pattern',
  patternHint:
    "Empty: the parent's pattern, else the archive-wide one. Fields: {全宗号} {年度} {保管期限} {类别} {网格} {楼栋} {单元} {户}, plus one {件号:N} or {序号:N}",
  patternInherited: 'Inherited: {{pattern}}',
  active: 'Active',
  inactive: 'deactivated',
  records: 'Records',
  up: 'Up',
  down: 'Down',
  deactivate: 'Deactivate',
  activate: 'Activate',
  remove: 'Delete',
  removeConfirm: 'Delete the category "{{name}}"?',
  pickHint: 'Only a category at the lowest level can be chosen',
};

export const categoriesI18n = { zh, en };
