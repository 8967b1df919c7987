import { codedOptions, type CodedColumn } from '../../shared/domain/coded-values';

/**
 * The columns of the community's basic-information sheet (居民基本信息表), in template order.
 * Headers are matched after trimming and dropping spaces/asterisks, so "公民身份号码*" or
 * "Citizen ID" both find their column; English aliases let an exported English sheet come back.
 */
export type ColumnKey =
  | 'grid'
  | 'building'
  | 'unit'
  | 'room'
  | 'name'
  | 'relationToHead'
  | 'gender'
  | 'birthDate'
  | 'citizenId'
  | 'ethnicity'
  | 'politicalStatus'
  | 'education'
  | 'occupation'
  | 'employer'
  | 'phone'
  | 'hukouPlace'
  | 'moveInDate'
  | 'residenceType'
  | 'residentType'
  | 'maritalStatus'
  | 'health'
  | 'disability'
  | 'medicalInsurance'
  | 'socialInsurance'
  | 'subsistence'
  | 'familyPlanning'
  | 'tags'
  | 'notes';

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
  c('grid', '网格', 'Grid', 12, { required: true, aliases: ['所属网格', '网格名称'] }),
  c('building', '楼栋', 'Building', 10, { required: true, aliases: ['楼号', '楼栋号', '幢号'] }),
  c('unit', '单元', 'Unit', 8, { required: true, aliases: ['单元号'] }),
  c('room', '房号', 'Room', 8, { required: true, aliases: ['门牌号', '房间号', '室号'] }),
  c('name', '姓名', 'Name', 10, { required: true }),
  c('relationToHead', '与户主关系', 'Relation to head', 10, {
    aliases: ['relation', '与户主的关系'],
    hint: { zh: '填“户主”表示该人为户主', en: '"户主" marks the household head' },
  }),
  c('gender', '性别', 'Gender', 6, { aliases: ['sex'], hint: { zh: '男 / 女', en: 'male / female' } }),
  c('birthDate', '出生日期', 'Birth date', 12, {
    aliases: ['date of birth', '出生年月日'],
    hint: { zh: 'YYYY-MM-DD；留空则取自身份证号', en: 'YYYY-MM-DD; taken from the ID when empty' },
  }),
  c('citizenId', '公民身份号码', 'Citizen ID', 22, {
    aliases: ['身份证号', '身份证号码', 'id number'],
    hint: {
      zh: '18 位；请把此列设为“文本”格式，否则 Excel 会改成科学计数法',
      en: '18 characters; format this column as Text or Excel turns it into scientific notation',
    },
  }),
  c('ethnicity', '民族', 'Ethnicity', 8),
  c('politicalStatus', '政治面貌', 'Political status', 10),
  c('education', '文化程度', 'Education', 10, { aliases: ['学历'] }),
  c('occupation', '职业', 'Occupation', 10),
  c('employer', '工作单位', 'Employer', 16),
  c('phone', '联系电话', 'Phone', 14, { aliases: ['电话', 'telephone', '手机', '手机号', '手机号码', '联系方式'] }),
  c('hukouPlace', '户籍地', 'Household registration place', 16, { aliases: ['hukou place', '户籍所在地', '户籍地址'] }),
  c('moveInDate', '迁入日期', 'Move-in date', 12, { aliases: ['迁入时间', '入住日期', '入住时间'] }),
  c('residenceType', '居住类型', 'Residence type', 10, {
    aliases: ['住房性质', '居住性质', '房屋性质', '住房类型'],
    hint: { zh: '自有 / 租住 / 其他（“自有住房”“租赁住房”等写法也可）', en: 'own / rented / other (spellings such as 自有住房 / 租赁住房 work too)' },
  }),
  c('residentType', '人员类别', 'Resident type', 10, {
    aliases: ['人员类型', '人口类别', '户籍类别'],
    hint: { zh: '户籍居民 / 非户籍居民 / 流动人口', en: 'registered / unregistered / floating' },
  }),
  c('maritalStatus', '婚姻状况', 'Marital status', 10, { aliases: ['婚姻状态'] }),
  c('health', '健康状况', 'Health', 10),
  c('disability', '残疾情况', 'Disability', 10),
  c('medicalInsurance', '医保', 'Medical insurance', 10, { aliases: ['医疗保险', '医保情况', '是否参加医保'] }),
  c('socialInsurance', '社保', 'Social insurance', 10, { aliases: ['社会保险', '养老保险', '社保情况', '是否参加社保'] }),
  c('subsistence', '低保', 'Subsistence allowance', 10, { aliases: ['低保情况', '是否低保', '是否享受低保'] }),
  c('familyPlanning', '计生情况', 'Family planning', 12),
  c('tags', '户标签', 'Household tags', 14, {
    aliases: ['tags', '标签', '户类别'],
    hint: { zh: '标签名称，用 、 ; , 分隔；须为已有标签', en: 'Tag names separated by 、 ; or , — must exist' },
  }),
  c('notes', '备注', 'Notes', 20, { aliases: ['note', 'remarks'] }),
];

export const COLUMN_BY_KEY = new Map(COLUMNS.map((col) => [col.key, col]));

// Notes written into a header cell ("出生日期（YYYY-MM-DD）", "姓名(必填)") do not change the column.
const norm = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase();

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

/** Stored code → the Chinese label exports write (the importer reads it back through normaliseCoded). */
const labels = (k: CodedColumn): Record<string, string> => Object.fromEntries(codedOptions(k).map((o) => [o.value, o.zh]));
export const GENDER_LABEL = labels('gender');
export const RESIDENCE_LABEL = labels('residenceType');
export const RESIDENT_TYPE_LABEL = labels('residentType');
/** 与户主关系 values that make a row the household head (after normalising: 本人 → 户主). */
export const HEAD_WORDS = new Set(['户主', 'head']);
