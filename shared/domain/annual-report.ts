/**
 * 年度统计报表 for the 街道: the figures of one year and the tables they are printed in. Pure, so
 * the PDF, the XLSX and the tests read the same tables. A year is the archive's year: instants
 * (created, executed, destroyed, audit times) are cut at midnight 1 January in the archive's time
 * zone; calendar dates (check-out, return, decision dates) are already the archive's dates.
 */
import { zonedDayStart } from './archive-time';
import { APPRAISAL_DECISION_KINDS, APPRAISAL_DECISION_LABELS } from './retention';
import { CONTENT_CATEGORIES, CONTENT_LABELS, RETENTION_CLASSES, RETENTION_LABELS } from './archive-types';
import { USE_KINDS, USE_KIND_LABELS } from './lending';

export const REPORT_YEAR_MIN = 1949;
export const REPORT_YEAR_MAX = 2200;

/** [fromIso, toIso) of the archive's year as UTC ISO strings (stored instants compare as text). */
export function yearBounds(year: number, tz: string): { fromIso: string; toIso: string; fromDate: string; toDate: string } {
  const d = (y: number) => `${String(y).padStart(4, '0')}-01-01`;
  return {
    fromIso: new Date(zonedDayStart(d(year), tz)).toISOString(),
    toIso: new Date(zonedDayStart(d(year + 1), tz)).toISOString(),
    fromDate: d(year),
    toDate: d(year + 1),
  };
}

/** Age bands as the 街道 counts them: children, school age, working age, older, very old (高龄). */
export const AGE_BANDS = [
  { from: 0, to: 6, zh: '0–6岁', en: '0–6' },
  { from: 7, to: 17, zh: '7–17岁', en: '7–17' },
  { from: 18, to: 59, zh: '18–59岁', en: '18–59' },
  { from: 60, to: 79, zh: '60–79岁', en: '60–79' },
  { from: 80, to: Infinity, zh: '80岁及以上', en: '80 and over' },
] as const;

/** Age on 31 December of `year` (everyone born that year has had a birthday); null when unknown. */
export function ageAtYearEnd(birthDate: string | null | undefined, year: number): number | null {
  const m = /^(\d{4})-\d{2}-\d{2}$/.exec(birthDate ?? '');
  if (!m) return null;
  const age = year - Number(m[1]);
  return age >= 0 ? age : null;
}

/** Index into AGE_BANDS, or AGE_BANDS.length for an unknown age. */
export function ageBand(age: number | null): number {
  if (age === null) return AGE_BANDS.length;
  const i = AGE_BANDS.findIndex((b) => age >= b.from && age <= b.to);
  return i < 0 ? AGE_BANDS.length : i;
}

export interface GridResidents {
  grid: string;
  male: number;
  female: number;
  /** Gender not recorded or other. */
  otherGender: number;
  /** AGE_BANDS order, then unknown age. */
  bands: number[];
}

export interface AnnualReportData {
  communityName: string;
  year: number;
  timeZone: string;
  printedAt: string;
  /** Life events in the year (迁入, 迁出, 死亡注销), each not since undone (撤销). */
  residents: { byGrid: GridResidents[]; registeredInYear: number; movedIn: number; movedOut: number; deaths: number };
  households: { total: number; registeredInYear: number; byTag: { name: string; code: string; discreet: boolean; households: number }[]; untagged: number };
  /** Holdings at the year's end: category code → retention class code → records. */
  records: {
    holdings: Record<string, Record<string, number>>;
    addedInYear: Record<string, number>;
    pagesHeld: number;
    /**
     * The rows of the records table: the category register in tree order (设置 → 档案分类), its active
     * leaves and any category holding records; absent, the five default content classes.
     */
    categories?: { code: string; zh: string }[];
  };
  loans: { byKind: Record<string, number>; external: number; pagesOut: number; returned: number; openAtYearEnd: number; overdueAtYearEnd: number };
  lookups: { requests: Record<string, number>; residentViews: number; attachmentViews: number };
  appraisal: { batches: number; decisions: Record<string, number> };
  destruction: { batches: number; records: number; pages: number };
}

export type Cell = string | number;
export interface ReportTable {
  id: string;
  title: { zh: string; en: string };
  head: string[];
  rows: Cell[][];
  /** A last row of sums, printed bold. */
  total?: Cell[];
  note?: string;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const columnSums = (rows: number[][]) => (rows.length ? rows[0].map((_, i) => sum(rows.map((r) => r[i]))) : []);
const known = <K extends string>(codes: readonly K[], seen: Record<string, unknown>) => [
  ...codes,
  ...Object.keys(seen)
    .filter((k) => !(codes as readonly string[]).includes(k))
    .sort(),
];

const REQUEST_STATUS: Record<string, string> = { pending: '待批', approved: '批准', denied: '驳回', expired: '已过期' };

/** The report's tables in print order; the PDF and the XLSX both show exactly these. */
export function annualTables(d: AnnualReportData): ReportTable[] {
  const grids = d.residents.byGrid;
  const resRows = grids.map((g) => [g.male, g.female, g.otherGender]);
  const bandRows = grids.map((g) => g.bands);
  const resTotal = columnSums(resRows);
  const bandTotal = columnSums(bandRows);
  const registered = d.records.categories ?? CONTENT_CATEGORIES.map((c) => ({ code: c, zh: CONTENT_LABELS[c].zh }));
  // The register's rows in its order; a code it lacks (a record of a category since deleted) comes last.
  const categories = known(
    registered.map((c) => c.code),
    { ...d.records.holdings, ...d.records.addedInYear },
  );
  const classes = known(RETENTION_CLASSES, Object.assign({}, ...Object.values(d.records.holdings)));
  const recRows = categories.map((c) => classes.map((k) => d.records.holdings[c]?.[k] ?? 0));
  const catLabel = (c: string) => registered.find((r) => r.code === c)?.zh ?? c;
  const clsLabel = (k: string) => (RETENTION_LABELS as Record<string, { zh: string }>)[k]?.zh ?? k;
  const kinds = known(USE_KINDS, d.loans.byKind);
  const statuses = known(['pending', 'approved', 'denied'], d.lookups.requests);
  const decisions = known(APPRAISAL_DECISION_KINDS, d.appraisal.decisions);
  const loanTotal = sum(Object.values(d.loans.byKind));
  return [
    {
      id: 'residents',
      title: { zh: '一、居民（年末在册，按网格、性别）', en: 'Residents at the year end, by grid and gender' },
      head: ['网格', '男', '女', '未填', '合计'],
      rows: grids.map((g, i) => [g.grid, ...resRows[i], sum(resRows[i])]),
      total: ['合计', ...resTotal, sum(resTotal)],
      note:
        `本年新登记居民 ${d.residents.registeredInYear} 人；迁入 ${d.residents.movedIn} 人，迁出 ${d.residents.movedOut} 人，死亡注销 ${d.residents.deaths} 人。` +
        `年末在册：审核通过、登记于 ${d.year} 年 12 月 31 日之前、当日未迁出或死亡的居民。`,
    },
    {
      id: 'ages',
      title: { zh: '二、居民年龄段（按 12 月 31 日计算年龄）', en: 'Residents by age band on 31 December' },
      head: ['网格', ...AGE_BANDS.map((b) => b.zh), '未填', '合计'],
      rows: grids.map((g, i) => [g.grid, ...bandRows[i], sum(bandRows[i])]),
      total: ['合计', ...bandTotal, sum(bandTotal)],
    },
    {
      id: 'households',
      title: { zh: '三、住户（年末在册，按标记）', en: 'Households at the year end, by tag' },
      head: ['标记', '代码', '户数'],
      rows: [...d.households.byTag.map((t) => [t.name, t.code, t.households]), ['无标记', '—', d.households.untagged]],
      total: ['住户合计', '', d.households.total],
      note: `本年新登记住户 ${d.households.registeredInYear} 户。已合户的住户自合户之日起不计。一户可有多个标记，各标记户数之和可大于合计。`,
    },
    {
      id: 'records',
      title: { zh: '四、档案（年末馆藏，按类别、保管期限，单位：件）', en: 'Records held at the year end, by category and retention' },
      head: ['类别', ...classes.map(clsLabel), '合计', '本年新增'],
      rows: categories.map((c, i) => [catLabel(c), ...recRows[i], sum(recRows[i]), d.records.addedInYear[c] ?? 0]),
      total: ['合计', ...columnSums(recRows), sum(recRows.flat()), sum(Object.values(d.records.addedInYear))],
      note: `年末馆藏共 ${d.records.pagesHeld} 页；已销毁的档案不计入馆藏。`,
    },
    {
      id: 'loans',
      title: { zh: '五、借阅利用（按出借日期）', en: 'Loans and use, by check-out date' },
      head: ['项目', '数量'],
      rows: [
        ...kinds.map((k) => [`${(USE_KIND_LABELS as Record<string, { zh: string }>)[k]?.zh ?? k}（人次）`, d.loans.byKind[k] ?? 0]),
        ['借阅合计（人次）', loanTotal],
        ['其中外单位借阅', d.loans.external],
        ['出借页数', d.loans.pagesOut],
        ['本年归还', d.loans.returned],
        ['年末未还', d.loans.openAtYearEnd],
        ['年末逾期未还', d.loans.overdueAtYearEnd],
      ],
    },
    {
      id: 'lookups',
      title: { zh: '六、查阅', en: 'Look-ups' },
      head: ['项目', '数量'],
      rows: [
        ...statuses.map((s) => [`查阅申请：${REQUEST_STATUS[s] ?? s}`, d.lookups.requests[s] ?? 0]),
        ['查阅申请合计', sum(Object.values(d.lookups.requests))],
        ['查看居民详情（次）', d.lookups.residentViews],
        ['查看附件（次）', d.lookups.attachmentViews],
      ],
    },
    {
      id: 'appraisal',
      title: { zh: '七、鉴定与销毁', en: 'Appraisal and destruction' },
      head: ['项目', '数量'],
      rows: [
        ['本年新建鉴定批次', d.appraisal.batches],
        ...decisions.map((k) => [
          `鉴定意见：${(APPRAISAL_DECISION_LABELS as Record<string, { zh: string }>)[k]?.zh ?? k}（件）`,
          d.appraisal.decisions[k] ?? 0,
        ]),
        ['鉴定合计（件）', sum(Object.values(d.appraisal.decisions))],
        ['执行销毁批次', d.destruction.batches],
        ['销毁档案（件）', d.destruction.records],
        ['销毁档案（页）', d.destruction.pages],
      ],
    },
  ];
}
