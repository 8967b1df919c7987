/**
 * The columns of the community's basic-information sheet (居民基本信息表), in template order.
 * Headers are matched after trimming and dropping spaces/asterisks, so "公民身份号码*" or
 * "Citizen ID" both find their column; English aliases let an exported English sheet come back.
 */
export type ColumnKey =
  | 'grid' | 'building' | 'unit' | 'room' | 'name' | 'relationToHead' | 'gender' | 'birthDate' | 'citizenId'
  | 'ethnicity' | 'politicalStatus' | 'education' | 'occupation' | 'employer' | 'phone' | 'hukouPlace' | 'moveInDate'
  | 'residenceType' | 'residentType' | 'maritalStatus' | 'health' | 'disability' | 'medicalInsurance' | 'socialInsurance'
  | 'subsistence' | 'familyPlanning' | 'tags' | 'notes';

export interface ColumnDef {
  key: ColumnKey;
  zh: string;
  en: string;
  aliases: string[];
  required?: boolean;
  width: number;
  /** Shown in the template's notes sheet. */
  hint?: { zh: string; en: string };
}

const c = (key: ColumnKey, zh: string, en: string, width: number, extra: Partial<ColumnDef> = {}): ColumnDef => ({ key, zh, en, aliases: [], width, ...extra });

export const COLUMNS: readonly ColumnDef[] = [
  c('grid', '网格', 'Grid', 12, { required: true }),
  c('building', '楼栋', 'Building', 10, { required: true }),
  c('unit', '单元', 'Unit', 8, { required: true }),
  c('room', '房号', 'Room', 8, { required: true }),
  c('name', '姓名', 'Name', 10, { required: true }),
  c('relationToHead', '与户主关系', 'Relation to head', 10, { aliases: ['relation'], hint: { zh: '填“户主”表示该人为户主', en: '"户主" marks the household head' } }),
  c('gender', '性别', 'Gender', 6, { aliases: ['sex'], hint: { zh: '男 / 女', en: 'male / female' } }),
  c('birthDate', '出生日期', 'Birth date', 12, { aliases: ['date of birth'], hint: { zh: 'YYYY-MM-DD；留空则取自身份证号', en: 'YYYY-MM-DD; taken from the ID when empty' } }),
  c('citizenId', '公民身份号码', 'Citizen ID', 22, { aliases: ['身份证号', '身份证号码', 'id number'], hint: { zh: '18 位；请把此列设为“文本”格式，否则 Excel 会改成科学计数法', en: '18 characters; format this column as Text or Excel turns it into scientific notation' } }),
  c('ethnicity', '民族', 'Ethnicity', 8),
  c('politicalStatus', '政治面貌', 'Political status', 10),
  c('education', '文化程度', 'Education', 10),
  c('occupation', '职业', 'Occupation', 10),
  c('employer', '工作单位', 'Employer', 16),
  c('phone', '联系电话', 'Phone', 14, { aliases: ['电话', 'telephone'] }),
  c('hukouPlace', '户籍地', 'Household registration place', 16, { aliases: ['hukou place'] }),
  c('moveInDate', '迁入日期', 'Move-in date', 12),
  c('residenceType', '居住类型', 'Residence type', 10, { hint: { zh: '自有 / 租住 / 其他', en: 'own / rented / other' } }),
  c('residentType', '人员类别', 'Resident type', 10, { hint: { zh: '户籍居民 / 非户籍居民 / 流动人口', en: 'registered / unregistered / floating' } }),
  c('maritalStatus', '婚姻状况', 'Marital status', 10),
  c('health', '健康状况', 'Health', 10),
  c('disability', '残疾情况', 'Disability', 10),
  c('medicalInsurance', '医保', 'Medical insurance', 10),
  c('socialInsurance', '社保', 'Social insurance', 10),
  c('subsistence', '低保', 'Subsistence allowance', 10),
  c('familyPlanning', '计生情况', 'Family planning', 12),
  c('tags', '户标签', 'Household tags', 14, { aliases: ['tags'], hint: { zh: '标签名称，用 、 ; , 分隔；须为已有标签', en: 'Tag names separated by 、 ; or , — must exist' } }),
  c('notes', '备注', 'Notes', 20, { aliases: ['note', 'remarks'] }),
];

export const COLUMN_BY_KEY = new Map(COLUMNS.map((col) => [col.key, col]));

const norm = (s: string) => s.normalize('NFKC').replace(/[\s*＊]/g, '').toLowerCase();

const LOOKUP = new Map<string, ColumnKey>();
for (const col of COLUMNS) for (const h of [col.zh, col.en, col.key, ...col.aliases]) LOOKUP.set(norm(h), col.key);

/** Header cell → column key, or null for a column the importer does not know (ignored). */
export function columnFor(header: string): ColumnKey | null {
  return LOOKUP.get(norm(header)) ?? null;
}

/** "网格 Grid" — how a column is named in reports. */
export function columnLabel(key: ColumnKey): string {
  const col = COLUMN_BY_KEY.get(key)!;
  return col.zh;
}

/** Label tables for coded fields: sheet text → stored code. */
export const GENDERS: Record<string, 'male' | 'female'> = { 男: 'male', 女: 'female', male: 'male', female: 'female', m: 'male', f: 'female' };
export const RESIDENCE: Record<string, 'own' | 'rented' | 'other'> = { 自有: 'own', 自住: 'own', 自购: 'own', own: 'own', 租住: 'rented', 租赁: 'rented', 出租: 'rented', rented: 'rented', 其他: 'other', other: 'other' };
export const RESIDENT_TYPE: Record<string, 'registered' | 'unregistered' | 'floating'> = {
  户籍居民: 'registered', 户籍: 'registered', registered: 'registered',
  非户籍居民: 'unregistered', 非户籍: 'unregistered', unregistered: 'unregistered',
  流动人口: 'floating', 流动: 'floating', floating: 'floating',
};
export const RESIDENCE_LABEL: Record<string, string> = { own: '自有', rented: '租住', other: '其他' };
export const RESIDENT_TYPE_LABEL: Record<string, string> = { registered: '户籍居民', unregistered: '非户籍居民', floating: '流动人口' };
export const GENDER_LABEL: Record<string, string> = { male: '男', female: '女' };
export const HEAD_WORDS = new Set(['户主', 'head']);
