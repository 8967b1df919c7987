import { ETHNIC_GROUPS, ETHNIC_SHORT_FORMS } from './ethnic-groups';
import { RESIDENT_TYPE_LABELS, RESIDENT_TYPES } from './resident-types';

/**
 * The vocabularies of the resident's coded fields: the values the register stores (what the
 * resident form offers and the importer writes), and the other ways community offices write them.
 * Only spellings with one meaning belong here: "中学" (初中 or 高中?), "单身" (未婚, 离异 or 丧偶?)
 * and "公租房" are left out so they reach the keeper as unknown values instead of a wrong guess.
 */
export type CodedColumn =
  | 'gender'
  | 'residenceType'
  | 'residentType'
  | 'ethnicity'
  | 'politicalStatus'
  | 'education'
  | 'maritalStatus'
  | 'relationToHead'
  | 'health'
  | 'medicalInsurance'
  | 'socialInsurance'
  | 'subsistence';

export interface CodedOption {
  /** What is stored: a code (gender, residence type, resident type) or the Chinese term. */
  value: string;
  zh: string;
  en: string;
}

export interface Vocabulary {
  options: readonly CodedOption[];
  /** Other spellings → option value. Compared after folding (NFKC, no spaces, lower case). */
  synonyms: Record<string, string>;
  /** Endings dropped when the whole word is unknown: 自有住房 → 自有, 男性 → 男. */
  suffixes?: readonly string[];
  /** An ending tried on when the whole word is unknown: 汉 → 汉族. */
  addSuffix?: string;
  /**
   * Open vocabularies are suggestions over a free-text field (the form accepts anything there):
   * a known spelling is normalised, an unknown one is kept as written. Closed ones refuse it.
   */
  open?: boolean;
  /** What the column accepts, for the "unknown value" message. */
  hint: { zh: string; en: string };
}

const o = (value: string, zh: string, en: string): CodedOption => ({ value, zh, en });
const zh = (value: string, en: string): CodedOption => ({ value, zh: value, en });
const list = (opts: readonly CodedOption[], n = opts.length) =>
  opts
    .slice(0, n)
    .map((x) => x.zh)
    .join(' / ');
const listEn = (opts: readonly CodedOption[], n = opts.length) =>
  opts
    .slice(0, n)
    .map((x) => x.en)
    .join(' / ');
const hintOf = (opts: readonly CodedOption[]) => ({ zh: list(opts), en: listEn(opts) });

/** Yes/no as ticked in 医保 / 社保 / 低保 columns. "X" is absent: some mean ✗ by it, others ☒ (ticked). */
const YES = ['是', '有', '√', '✓', '✔', '☑', 'y', 'yes', 'true', '已参保', '参保', '已参加', '参加', '已办理', '已享受', '享受'];
const NO = ['否', '无', '没有', '×', '✗', '✘', 'n', 'no', 'false', '未参保', '不参保', '未参加', '没参加', '未办理', '不享受', '未享受'];
const yesNo = (yes: string, no: string, extra: Record<string, string> = {}) => ({
  ...Object.fromEntries(YES.map((w) => [w, yes])),
  ...Object.fromEntries(NO.map((w) => [w, no])),
  ...extra,
});

const GENDER = [o('male', '男', 'Male'), o('female', '女', 'Female')];
const RESIDENCE = [o('own', '自有', 'Own'), o('rented', '租住', 'Rented'), o('other', '其他', 'Other')];
const RESIDENT_TYPE = RESIDENT_TYPES.map((v) => o(v, RESIDENT_TYPE_LABELS[v].zh, RESIDENT_TYPE_LABELS[v].en));
const ETHNICITY = ETHNIC_GROUPS.map((g) => zh(g.zh, g.en));
const POLITICAL = [
  zh('中共党员', 'CPC member'),
  zh('中共预备党员', 'CPC probationary member'),
  zh('共青团员', 'CYL member'),
  zh('民革党员', 'RCCK member'),
  zh('民盟盟员', 'CDL member'),
  zh('民建会员', 'CNDCA member'),
  zh('民进会员', 'CAPD member'),
  zh('农工党党员', 'CPWDP member'),
  zh('致公党党员', 'CZGP member'),
  zh('九三学社社员', 'Jiusan Society member'),
  zh('台盟盟员', 'TDSL member'),
  zh('民主党派', 'Democratic party member'),
  zh('无党派人士', 'Non-party personage'),
  zh('群众', 'Masses'),
];
const EDUCATION = [
  zh('小学', 'Primary'),
  zh('初中', 'Junior middle'),
  zh('高中', 'Senior middle'),
  zh('中专', 'Secondary vocational'),
  zh('大专', 'College'),
  zh('本科', 'Bachelor'),
  zh('硕士', 'Master'),
  zh('博士', 'Doctorate'),
  zh('无', 'None'),
];
const MARITAL = [zh('未婚', 'Single'), zh('已婚', 'Married'), zh('离异', 'Divorced'), zh('丧偶', 'Widowed')];
const RELATION = [
  zh('户主', 'Head'),
  zh('配偶', 'Spouse'),
  zh('子', 'Son'),
  zh('女', 'Daughter'),
  zh('父亲', 'Father'),
  zh('母亲', 'Mother'),
  zh('孙子', 'Grandson'),
  zh('孙女', 'Granddaughter'),
  zh('兄弟姐妹', 'Sibling'),
  zh('其他', 'Other'),
];
const HEALTH = [zh('健康', 'Healthy'), zh('一般', 'Fair'), zh('慢性病', 'Chronic illness'), zh('重病', 'Serious illness')];
const MEDICAL = [
  zh('城镇职工医保', 'Employee medical insurance'),
  zh('城乡居民医保', 'Resident medical insurance'),
  zh('已参保', 'Insured (scheme not given)'),
  zh('无', 'None'),
];
const PENSION = [
  zh('城镇职工养老保险', 'Employee pension'),
  zh('城乡居民养老保险', 'Resident pension'),
  zh('已参保', 'Insured (scheme not given)'),
  zh('无', 'None'),
];
const SUBSISTENCE = [zh('否', 'No'), zh('城市低保', 'Urban allowance'), zh('农村低保', 'Rural allowance'), zh('是', 'Yes (kind not given)')];

export const VOCABULARIES: Record<CodedColumn, Vocabulary> = {
  gender: {
    options: GENDER,
    synonyms: { m: 'male', f: 'female', man: 'male', woman: 'female' },
    suffixes: ['性'],
    hint: { zh: '男 / 女', en: 'male / female' },
  },
  residenceType: {
    options: RESIDENCE,
    synonyms: {
      自住: 'own',
      自购: 'own',
      自有产权: 'own',
      owned: 'own',
      租赁: 'rented',
      出租: 'rented',
      租房: 'rented',
      租用: 'rented',
      rent: 'rented',
      rental: 'rented',
      其它: 'other',
    },
    suffixes: ['住房', '房屋', '房', '户'],
    hint: hintOf(RESIDENCE),
  },
  residentType: {
    options: RESIDENT_TYPE,
    synonyms: { 户籍: 'registered', 非户籍: 'unregistered', 流动: 'floating', 'non-registered': 'unregistered' },
    suffixes: ['人口', '人员', '居民', '户'],
    hint: hintOf(RESIDENT_TYPE),
  },
  ethnicity: {
    options: ETHNICITY,
    synonyms: ETHNIC_SHORT_FORMS,
    addSuffix: '族',
    hint: { zh: '56 个民族之一，如 汉族、回族、满族', en: 'one of the 56 ethnic groups, e.g. 汉族, 回族, 满族' },
  },
  politicalStatus: {
    options: POLITICAL,
    synonyms: {
      党员: '中共党员',
      共产党员: '中共党员',
      中国共产党党员: '中共党员',
      中共正式党员: '中共党员',
      正式党员: '中共党员',
      'party member': '中共党员',
      预备党员: '中共预备党员',
      中共预备: '中共预备党员',
      团员: '共青团员',
      共青团: '共青团员',
      中国共产主义青年团团员: '共青团员',
      'league member': '共青团员',
      民革: '民革党员',
      民盟: '民盟盟员',
      民建: '民建会员',
      民进: '民进会员',
      农工党: '农工党党员',
      致公党: '致公党党员',
      九三学社: '九三学社社员',
      台盟: '台盟盟员',
      民主党派人士: '民主党派',
      无党派: '无党派人士',
      普通群众: '群众',
    },
    hint: { zh: list(POLITICAL, 3) + ' / … / 群众', en: listEn(POLITICAL, 3) + ' / … / Masses' },
  },
  education: {
    options: EDUCATION,
    synonyms: {
      初级中学: '初中',
      高级中学: '高中',
      普通高中: '高中',
      'high school': '高中',
      中等专科: '中专',
      中等专业学校: '中专',
      中技: '中专',
      技校: '中专',
      技工学校: '中专',
      职高: '中专',
      职业高中: '中专',
      中职: '中专',
      大学专科: '大专',
      专科: '大专',
      高职: '大专',
      高专: '大专',
      大学本科: '本科',
      学士: '本科',
      硕士研究生: '硕士',
      研究生硕士: '硕士',
      博士研究生: '博士',
      研究生博士: '博士',
      phd: '博士',
      文盲: '无',
      半文盲: '无',
      文盲或半文盲: '无',
      不识字: '无',
      未上学: '无',
      无学历: '无',
    },
    suffixes: ['文化程度', '文化', '毕业', '学历'],
    hint: hintOf(EDUCATION),
  },
  maritalStatus: {
    options: MARITAL,
    synonyms: { 离婚: '离异', 初婚: '已婚', 再婚: '已婚', 复婚: '已婚', 有配偶: '已婚', 未婚未育: '未婚' },
    hint: hintOf(MARITAL),
  },
  relationToHead: {
    options: RELATION,
    synonyms: {
      本人: '户主',
      户主本人: '户主',
      妻: '配偶',
      妻子: '配偶',
      丈夫: '配偶',
      夫: '配偶',
      爱人: '配偶',
      老伴: '配偶',
      儿子: '子',
      女儿: '女',
      父: '父亲',
      爸爸: '父亲',
      母: '母亲',
      妈妈: '母亲',
    },
    open: true,
    hint: hintOf(RELATION),
  },
  health: {
    options: HEALTH,
    synonyms: { 良好: '健康', 健康或良好: '健康', 较弱: '一般', 一般或较弱: '一般', 有慢性病: '慢性病', 患慢性病: '慢性病', 重大疾病: '重病', 大病: '重病' },
    open: true,
    hint: hintOf(HEALTH),
  },
  medicalInsurance: {
    options: MEDICAL,
    synonyms: yesNo('已参保', '无', {
      职工: '城镇职工医保',
      职工医保: '城镇职工医保',
      城镇职工基本医疗保险: '城镇职工医保',
      职工基本医疗保险: '城镇职工医保',
      居民: '城乡居民医保',
      居民医保: '城乡居民医保',
      城乡居民基本医疗保险: '城乡居民医保',
      城镇居民医保: '城乡居民医保',
      城镇居民基本医疗保险: '城乡居民医保',
      新农合: '城乡居民医保',
      新型农村合作医疗: '城乡居民医保',
      农村合作医疗: '城乡居民医保',
    }),
    hint: { zh: `${list(MEDICAL)}（或 是/否、有/无、√/×）`, en: `${listEn(MEDICAL)} (or yes/no, √/×)` },
  },
  socialInsurance: {
    options: PENSION,
    synonyms: yesNo('已参保', '无', {
      职工: '城镇职工养老保险',
      职工养老: '城镇职工养老保险',
      职工养老保险: '城镇职工养老保险',
      城镇职工基本养老保险: '城镇职工养老保险',
      企业职工养老保险: '城镇职工养老保险',
      居民: '城乡居民养老保险',
      居民养老: '城乡居民养老保险',
      居民养老保险: '城乡居民养老保险',
      城乡居民基本养老保险: '城乡居民养老保险',
      新农保: '城乡居民养老保险',
      城居保: '城乡居民养老保险',
    }),
    hint: { zh: `${list(PENSION)}（或 是/否、有/无、√/×）`, en: `${listEn(PENSION)} (or yes/no, √/×)` },
  },
  subsistence: {
    options: SUBSISTENCE,
    synonyms: yesNo('是', '否', {
      低保: '是',
      低保户: '是',
      享受低保: '是',
      非低保: '否',
      不享受低保: '否',
      城镇低保: '城市低保',
      城市居民最低生活保障: '城市低保',
      农村最低生活保障: '农村低保',
    }),
    hint: { zh: `${list(SUBSISTENCE)}（或 有/无、√/×）`, en: `${listEn(SUBSISTENCE)} (or √/×)` },
  },
};
