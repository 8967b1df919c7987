import ExcelJS from 'exceljs';
import { checkDigit } from '../../shared/domain/citizen-id';
import { rng } from './community-generator';
import { encodeGb18030 } from './import-sheets';

/**
 * A community's own 居民信息登记表 as offices really keep it: one worksheet per building under a
 * merged title and a "填报单位" line, a header with notes in its cells, a line of notes under it,
 * household columns merged down each household's rows, a hidden column, formatted empty rows and
 * columns after the table, a 填表说明 sheet — and every spelling of every coded value, every date
 * form and every way an ID gets typed. Each value is generated with the value the archive must store,
 * so tests compare the archive with a brute-force count of this data.
 */

/** [as written, as stored] per column. Written independently of the normaliser's own tables. */
const POOLS = {
  gender: { male: ['男', '男性', 'M', ' 男 ', 'male', '男'], female: ['女', '女性', 'F', 'Female', '女'] },
  residenceType: [
    ['自有住房', 'own'],
    ['租赁住房', 'rented'],
    ['自有', 'own'],
    ['租住', 'rented'],
    ['自住', 'own'],
    ['租房', 'rented'],
    ['出租房', 'rented'],
    ['其他', 'other'],
    ['其它', 'other'],
    ['自有房屋', 'own'],
    ['租 赁', 'rented'],
    ['ＯＷＮ', 'own'],
    ['自购', 'own'],
    ['租住户', 'rented'],
  ],
  residentType: [
    ['户籍居民', 'registered'],
    ['户籍', 'registered'],
    ['户籍人口', 'registered'],
    ['非户籍人员', 'unregistered'],
    ['非户籍', 'unregistered'],
    ['流动人口', 'floating'],
    ['流动人员', 'floating'],
    ['流动', 'floating'],
    ['户籍人员', 'registered'],
  ],
  politicalStatus: [
    ['中共党员', '中共党员'],
    ['党员', '中共党员'],
    ['共产党员', '中共党员'],
    ['中国共产党党员', '中共党员'],
    ['预备党员', '中共预备党员'],
    ['团员', '共青团员'],
    ['共青团员', '共青团员'],
    ['群众', '群众'],
    ['普通群众', '群众'],
    ['民盟', '民盟盟员'],
    ['九三学社', '九三学社社员'],
    ['无党派', '无党派人士'],
    ['民主党派', '民主党派'],
  ],
  education: [
    ['小学', '小学'],
    ['小学文化', '小学'],
    ['初中', '初中'],
    ['初中毕业', '初中'],
    ['高中', '高中'],
    ['高中学历', '高中'],
    ['中专', '中专'],
    ['技校', '中专'],
    ['职高', '中专'],
    ['大专', '大专'],
    ['大学专科', '大专'],
    ['本科', '本科'],
    ['大学本科', '本科'],
    ['硕士', '硕士'],
    ['硕士研究生', '硕士'],
    ['博士', '博士'],
    ['文盲', '无'],
    ['无', '无'],
  ],
  maritalStatus: [
    ['未婚', '未婚'],
    ['已婚', '已婚'],
    ['初婚', '已婚'],
    ['再婚', '已婚'],
    ['离婚', '离异'],
    ['离异', '离异'],
    ['丧偶', '丧偶'],
  ],
  medicalInsurance: [
    ['是', '已参保'],
    ['有', '已参保'],
    ['√', '已参保'],
    ['✓', '已参保'],
    ['Y', '已参保'],
    ['已参保', '已参保'],
    ['否', '无'],
    ['无', '无'],
    ['×', '无'],
    ['N', '无'],
    ['未参保', '无'],
    ['职工医保', '城镇职工医保'],
    ['居民医保', '城乡居民医保'],
    ['新农合', '城乡居民医保'],
    ['城镇职工医保', '城镇职工医保'],
  ],
  socialInsurance: [
    ['是', '已参保'],
    ['√', '已参保'],
    ['无', '无'],
    ['否', '无'],
    ['×', '无'],
    ['职工养老', '城镇职工养老保险'],
    ['新农保', '城乡居民养老保险'],
    ['有', '已参保'],
  ],
  subsistence: [
    ['否', '否'],
    ['无', '否'],
    ['×', '否'],
    ['是', '是'],
    ['√', '是'],
    ['有', '是'],
    ['城市低保', '城市低保'],
    ['城镇低保', '城市低保'],
    ['农村低保', '农村低保'],
    ['N', '否'],
  ],
  relationToHead: [
    ['配偶', '配偶'],
    ['妻子', '配偶'],
    ['丈夫', '配偶'],
    ['儿子', '子'],
    ['女儿', '女'],
    ['子女', '子女'],
    ['长子', '长子'],
    ['母亲', '母亲'],
  ],
} as const;

const ETHNIC =
  '汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族'.split(
    ' ',
  );
/** Every group with and without 族, the common short forms, and mostly 汉族 as in a real community. */
const ETHNIC_POOL: [string, string][] = [
  ...ETHNIC.map((g) => [g, g] as [string, string]),
  ...ETHNIC.map((g) => [g.slice(0, -1), g] as [string, string]),
  ['蒙族', '蒙古族'],
  ['维族', '维吾尔族'],
  ['汉', '汉族'],
  ['汉族', '汉族'],
  ['汉 族', '汉族'],
];
const TAG_POOL: [string, string[]][] = [
  ['', []],
  ['', []],
  ['低保户、党员户', ['低保户', '党员户']],
  ['楼长', ['楼长']],
  ['单元长;流动户', ['单元长', '流动户']],
  ['党员户', ['党员户']],
  ['特困户，残疾人家庭', ['特困户', '残疾人家庭']],
  ['', []],
  ['独居老人', ['独居老人']],
  ['重点户 , 低保户', ['重点户', '低保户']],
  ['流动户', ['流动户']],
];

export type DateForm = 'iso' | 'slash' | 'dot' | 'compact' | 'chinese' | 'fullwidth' | 'withTime' | 'serial' | 'serialText' | 'dateCell' | 'numberCompact';
export const DATE_FORMS: DateForm[] = [
  'iso',
  'slash',
  'dot',
  'compact',
  'chinese',
  'fullwidth',
  'withTime',
  'serial',
  'serialText',
  'dateCell',
  'numberCompact',
];
/** CSV has no cell types: the forms text can carry. */
const CSV_DATE_FORMS: DateForm[] = ['iso', 'slash', 'dot', 'compact', 'chinese', 'fullwidth', 'withTime', 'serialText'];

export type IdForm = 'plain' | 'spaced' | 'fullwidth' | 'lowerX';

export interface MessyResident {
  name: string;
  citizenId: string;
  idWritten: string;
  idForm: IdForm;
  gender: 'male' | 'female';
  genderWritten: string;
  birth: string;
  birthWritten: string | number | Date;
  birthForm: DateForm;
  moveIn: string;
  moveInWritten: string | number | Date;
  isHead: boolean;
  relationWritten: string;
  relation: string;
  fields: Record<
    'ethnicity' | 'politicalStatus' | 'education' | 'maritalStatus' | 'medicalInsurance' | 'socialInsurance' | 'subsistence',
    [written: string, stored: string]
  >;
  residentType: [string, string];
  phone: string;
}

export interface MessyHousehold {
  grid: string;
  building: string;
  unit: string;
  room: string;
  residence: [string, string];
  tags: [written: string, names: string[]];
  members: MessyResident[];
}

export interface MessyCommunity {
  households: MessyHousehold[];
  residents: MessyResident[];
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红建国志文斌海燕晓东淑珍凤春梅';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const fw = (s: string) => s.replace(/[0-9A-Za-z-]/g, (c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
const serialOf = (iso: string) => Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000);

export function writeDate(iso: string, form: DateForm): string | number | Date {
  const [y, m, d] = iso.split('-');
  const [mi, di] = [Number(m), Number(d)];
  switch (form) {
    case 'iso':
      return iso;
    case 'slash':
      return `${y}/${mi}/${di}`;
    case 'dot':
      return `${y}.${mi}.${di}`;
    case 'compact':
      return `${y}${m}${d}`;
    case 'chinese':
      return `${y}年${mi}月${di}日`;
    case 'fullwidth':
      return fw(iso);
    case 'withTime':
      return `${y}/${mi}/${di} 0:00`;
    case 'serial':
      return serialOf(iso);
    case 'serialText':
      return String(serialOf(iso));
    case 'dateCell':
      return new Date(`${iso}T00:00:00Z`);
    case 'numberCompact':
      return Number(`${y}${m}${d}`);
  }
}

function writeId(id: string, form: IdForm): string {
  if (form === 'spaced') return `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
  if (form === 'fullwidth') return fw(id);
  if (form === 'lowerX') return id.toLowerCase();
  return id;
}

/**
 * `buildings` buildings of 2 units × 5 households, 1–4 people each; grids of 2 buildings.
 * `idBase` keeps two communities' IDs apart. `csv` keeps to what a GB18030 CSV can carry.
 */
export function messyCommunity(opts: {
  buildings: number;
  seed?: number;
  idBase?: number;
  gridBase?: number;
  csv?: boolean;
  taken?: Set<string>;
}): MessyCommunity {
  const r = rng(opts.seed ?? 12);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const counters = new Map<string, number>();
  /** Cycles through a pool so that every entry is used, whatever the random draws. */
  const cycle = <T>(key: string, xs: readonly T[]): T => {
    const i = counters.get(key) ?? 0;
    counters.set(key, i + 1);
    return xs[i % xs.length];
  };
  const csvSafe = (s: string) => {
    try {
      encodeGb18030(s);
      return true;
    } catch {
      return false;
    }
  };
  const pool = <T extends readonly (readonly [string, string])[]>(xs: T) => (opts.csv ? xs.filter(([w]) => csvSafe(w)) : xs) as T;
  const dateForms = opts.csv ? CSV_DATE_FORMS : DATE_FORMS;
  const households: MessyHousehold[] = [];
  const residents: MessyResident[] = [];
  let seq = opts.idBase ?? 0;
  const taken = opts.taken ?? new Set<string>();
  for (let b = 0; b < opts.buildings; b++) {
    const grid = `第${(opts.gridBase ?? 0) + 1 + Math.floor(b / 2)}网格`;
    for (let u = 0; u < 2; u++) {
      for (let h = 0; h < 5; h++) {
        const size = 1 + Math.floor(r() * 4);
        const tag = cycle('tags', TAG_POOL);
        const hh: MessyHousehold = {
          grid,
          building: `${b + 1}号楼`,
          unit: `${u + 1}单元`,
          room: `${h + 1}0${1 + (h % 2)}`,
          residence: cycle('residence', pool(POOLS.residenceType)) as [string, string],
          tags: [tag[0], tag[1]],
          members: [],
        };
        for (let k = 0; k < size; k++, seq++) {
          const gender = r() < 0.5 ? 'male' : 'female';
          let y: number;
          let birth: string;
          let citizenId: string;
          // Sequence digits 1–2 from the counter, the third carries the gender (odd = male); unique IDs only.
          do {
            y = 1935 + Math.floor(r() * 70);
            birth = `${y}-${pad(1 + Math.floor(r() * 12))}-${pad(1 + Math.floor(r() * 28))}`;
            const first17 = `420602${birth.replace(/-/g, '')}${pad(seq % 100)}${(seq % 5) * 2 + (gender === 'male' ? 1 : 0)}`;
            citizenId = first17 + checkDigit(first17);
          } while (taken.has(citizenId));
          taken.add(citizenId);
          const idForm: IdForm = citizenId.endsWith('X')
            ? opts.csv
              ? 'lowerX'
              : pick(['lowerX', 'plain'] as const)
            : cycle('idForm', ['plain', 'spaced', 'fullwidth', 'plain'] as const);
          const birthForm = cycle('birthForm', dateForms);
          const moveIn = `${Math.max(y + 1, 1990) + Math.floor(r() * 10)}-${pad(1 + Math.floor(r() * 12))}-${pad(1 + Math.floor(r() * 28))}`;
          const rel = k === 0 ? (cycle('head', ['户主', '本人'] as const) as string) : null;
          const relPair = rel ? [rel, '户主'] : cycle('relation', POOLS.relationToHead);
          const res: MessyResident = {
            name: pick([...SURNAMES]) + pick([...GIVEN]) + (r() < 0.6 ? pick([...GIVEN]) : ''),
            citizenId,
            idWritten: writeId(citizenId, idForm),
            idForm,
            gender,
            genderWritten: cycle(
              `g-${gender}`,
              POOLS.gender[gender].filter((w) => !opts.csv || csvSafe(w)),
            ),
            birth,
            birthWritten: writeDate(birth, birthForm),
            birthForm,
            moveIn,
            moveInWritten: writeDate(moveIn, cycle('moveInForm', dateForms)),
            isHead: k === 0,
            relationWritten: relPair[0],
            relation: relPair[1],
            fields: {
              ethnicity: r() < 0.4 ? ['汉族', '汉族'] : cycle('ethnicity', ETHNIC_POOL),
              politicalStatus: cycle('politicalStatus', pool(POOLS.politicalStatus)) as [string, string],
              education: cycle('education', pool(POOLS.education)) as [string, string],
              maritalStatus: cycle('maritalStatus', pool(POOLS.maritalStatus)) as [string, string],
              medicalInsurance: cycle('medicalInsurance', pool(POOLS.medicalInsurance)) as [string, string],
              socialInsurance: cycle('socialInsurance', pool(POOLS.socialInsurance)) as [string, string],
              subsistence: cycle('subsistence', pool(POOLS.subsistence)) as [string, string],
            },
            residentType: cycle('residentType', pool(POOLS.residentType)) as [string, string],
            phone: `138${pad(seq, 8)}`,
          };
          hh.members.push(res);
          residents.push(res);
        }
        households.push(hh);
      }
    }
  }
  return { households, residents };
}

/** The header as offices write it: notes in the cells, an unknown 序号 column, a different order per sheet. */
type Col = { head: string; note: string; get: (h: MessyHousehold, p: MessyResident, i: number) => string | number | Date; household?: boolean };
const COLS: Col[] = [
  { head: '序号', note: '', get: (_h, _p, i) => i + 1 },
  { head: '网格', note: '（必填）', get: (h) => h.grid, household: true },
  { head: '楼栋', note: '（必填）', get: (h) => h.building, household: true },
  { head: '单元', note: '（必填）', get: (h) => h.unit, household: true },
  { head: '房号', note: '（必填）', get: (h) => h.room, household: true },
  { head: '姓名*', note: '（必填）', get: (_h, p) => p.name },
  { head: '与户主关系', note: '户主/配偶/子女', get: (_h, p) => p.relationWritten },
  { head: '性别', note: '男/女', get: (_h, p) => p.genderWritten },
  { head: '出生日期（YYYY-MM-DD）', note: 'YYYY-MM-DD', get: (_h, p) => p.birthWritten },
  { head: '身份证号码', note: '18位，请设为文本格式', get: (_h, p) => p.idWritten },
  { head: '民族', note: '', get: (_h, p) => p.fields.ethnicity[0] },
  { head: '政治面貌', note: '', get: (_h, p) => p.fields.politicalStatus[0] },
  { head: '文化程度', note: '', get: (_h, p) => p.fields.education[0] },
  { head: '联系电话', note: '', get: (_h, p) => p.phone },
  { head: '迁入日期', note: 'YYYY-MM-DD', get: (_h, p) => p.moveInWritten },
  { head: '住房性质', note: '自有/租住/其他', get: (h) => h.residence[0], household: true },
  { head: '人员类别', note: '', get: (_h, p) => p.residentType[0] },
  { head: '婚姻状况', note: '', get: (_h, p) => p.fields.maritalStatus[0] },
  { head: '医保', note: '是/否', get: (_h, p) => p.fields.medicalInsurance[0] },
  { head: '社保', note: '是/否', get: (_h, p) => p.fields.socialInsurance[0] },
  { head: '低保', note: '是/否', get: (_h, p) => p.fields.subsistence[0] },
  { head: '户标签', note: '用、分隔', get: (h) => h.tags[0], household: true },
];

export const MESSY_TITLE = '幸福社区居民信息登记表';

/**
 * One worksheet per building (odd buildings with their columns in another order), a 填表说明 sheet
 * and an empty Sheet3. `layout` tells where each resident's row landed: [sheet, Excel row].
 */
export async function messyXlsx(c: MessyCommunity): Promise<{ bytes: Buffer; layout: Map<MessyResident, [string, number]> }> {
  const wb = new ExcelJS.Workbook();
  const notes = wb.addWorksheet('填表说明');
  notes.getCell('A1').value = '填表说明';
  notes.getCell('A2').value = '1. 每户一行起，同户成员依次向下填写；网格、楼栋、单元、房号可合并单元格。';
  notes.getCell('A3').value = '2. 身份证号码请设置为文本格式。出生日期格式：YYYY-MM-DD。';
  const layout = new Map<MessyResident, [string, number]>();
  const byBuilding = new Map<string, MessyHousehold[]>();
  for (const h of c.households) byBuilding.set(h.building, [...(byBuilding.get(h.building) ?? []), h]);
  let b = 0;
  for (const [building, hhs] of byBuilding) {
    const cols = b++ % 2 === 0 ? COLS : [COLS[0], ...COLS.slice(1).reverse()];
    const ws = wb.addWorksheet(building);
    const last = cols.length;
    ws.getCell(1, 1).value = `${MESSY_TITLE}（${building}）`;
    ws.mergeCells(1, 1, 1, last);
    ws.getCell(2, 1).value = `填报单位：${hhs[0].grid}\u3000\u3000填报日期：2026年1月`;
    ws.mergeCells(2, 1, 2, 8);
    // Row 3 is left blank; the header is row 4, its notes row 5.
    cols.forEach((col, i) => {
      ws.getCell(4, i + 1).value = col.head;
      ws.getCell(5, i + 1).value = col.note || null;
    });
    let row = 6;
    let i = 0;
    for (const h of hhs) {
      const top = row;
      for (const p of h.members) {
        cols.forEach((col, ci) => {
          const cell = ws.getCell(row, ci + 1);
          const v = col.get(h, p, i);
          // Household columns: the value sits in the household's first row, merged down below.
          if (!col.household || row === top) cell.value = v;
          // Some serials carry a date format (exceljs then reads a Date), others do not (a number).
          if (typeof v === 'number' && v < 100_000 && col.head === '迁入日期' && p.idForm === 'plain') cell.numFmt = 'yyyy-mm-dd';
        });
        layout.set(p, [building, row]);
        row++;
        i++;
      }
      if (h.members.length > 1) cols.forEach((col, ci) => col.household && ws.mergeCells(top, ci + 1, row - 1, ci + 1));
    }
    // What Excel leaves behind: bordered empty rows and columns after the table, a hidden column.
    for (let rr = row; rr < row + 5; rr++) for (let cc = 1; cc <= last + 3; cc++) ws.getCell(rr, cc).border = { top: { style: 'thin' } };
    for (let rr = 4; rr < row; rr++)
      for (let cc = last + 1; cc <= last + 3; cc++) ws.getCell(rr, cc).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
    ws.getColumn(cols.findIndex((x) => x.head === '联系电话') + 1).hidden = true;
    ws.getColumn(1).hidden = true;
  }
  wb.addWorksheet('Sheet3');
  return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), layout };
}

/** The same community as a GB18030 CSV: a title line and a blank line above the header, notes under it. */
export function messyCsvGb18030(c: MessyCommunity): { bytes: Buffer; lineOf: Map<MessyResident, number> } {
  const q = (v: string | number | Date) => {
    const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [MESSY_TITLE, '', COLS.map((x) => q(x.head)).join(','), COLS.map((x) => q(x.note)).join(',')];
  const lineOf = new Map<MessyResident, number>();
  let i = 0;
  for (const h of c.households) {
    for (const p of h.members) {
      lines.push(COLS.map((x) => q(x.get(h, p, i))).join(','));
      lineOf.set(p, lines.length);
      i++;
    }
  }
  return { bytes: encodeGb18030(lines.join('\r\n') + '\r\n'), lineOf };
}
