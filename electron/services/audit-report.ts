import { newWorkbook } from '../export/workbook';
import { auditActionBilingual } from '../../shared/domain/audit-actions';
import type { AuditRow, AuditVerifyResult } from '../../shared/contract/audit.contract';
import { Brackets, type WhereExpressionBuilder } from 'typeorm';
import type { Database } from '../db/database';
import { AuditEntryEntity, type AuditEntryRecord } from '../db/entities/audit-entry.entity';
import { auditRows } from './audit-query';
import { toRow, type AuditService } from './audit.service';
import { monthBounds } from './audit-range';

export interface Count {
  key: string;
  count: number;
  /** The key in words, where the key is a code (audit actions). */
  label?: string;
}

export interface MonthlyReportData {
  communityName: string;
  month: string; // YYYY-MM
  fromIso: string;
  toIso: string;
  generatedAt: string;
  generatedBy: string;
  /** The archive's zone: the month's bounds are its midnights, and the PDF prints times in it. */
  timeZone: string;
  total: number;
  byAction: Count[];
  byActor: Count[];
  /** Failed sign-ins and recovery attempts, by the user name that was tried. */
  signInFailures: Count[];
  /** Refused calls, by "person → channel". */
  denied: Count[];
  exportsPrints: AuditRow[];
  chain: AuditVerifyResult;
}

/** Exports and prints are what let personal data leave the room; the report lists each one. */
const exportOrPrint = (): Brackets =>
  new Brackets((w: WhereExpressionBuilder) =>
    w
      .where("a.action LIKE '%export%'")
      .orWhere("a.action LIKE '%print%'")
      .orWhere('a.action IN (:...named)', { named: ['audit.checkpoint', 'audit.monthlyReport'] }),
  );
const EXPORT_PRINT_CAP = 1000;

export async function monthlyReportData(
  db: Database,
  audit: AuditService,
  r: { month: string; communityName: string; generatedAt: string; generatedBy: string; timeZone: string },
): Promise<MonthlyReportData> {
  const { fromIso, toIso } = monthBounds(r.month, r.timeZone);
  const inMonth = () => db.manager.createQueryBuilder(AuditEntryEntity, 'a').where('a.at >= :fromIso AND a.at < :toIso', { fromIso, toIso });
  const countBy = async (field: 'action' | 'actor', extra?: string): Promise<Count[]> => {
    const qb = inMonth().select(`a.${field}`, 'key').addSelect('COUNT(*)', 'n');
    if (extra) qb.andWhere(extra);
    const rows = await qb.groupBy(`a.${field}`).orderBy('n', 'DESC').addOrderBy('key').getRawMany<{ key: string | null; n: number | string }>();
    return rows.map((x) => ({ key: x.key ?? '', count: Number(x.n) }));
  };
  const byAction = (await countBy('action')).map((c) => ({ ...c, label: auditActionBilingual(c.key) }));
  const byActor = await countBy('actor');
  const signInFailures = await countBy('actor', "a.action LIKE 'auth.%.failed'");
  const deniedRows = await inMonth()
    .andWhere("a.action = 'access.denied'")
    .select('a.actor', 'actor')
    .addSelect('a.details', 'details')
    .getRawMany<{ actor: string; details: string }>();
  const denied = new Map<string, number>();
  for (const d of deniedRows) {
    const key = `${d.actor} → ${channelOf(d.details)}`;
    denied.set(key, (denied.get(key) ?? 0) + 1);
  }
  const exportsPrints = (
    await auditRows(db.manager)
      .where('a.at >= :fromIso AND a.at < :toIso', { fromIso, toIso })
      .andWhere(exportOrPrint())
      .orderBy('a.seq')
      .limit(EXPORT_PRINT_CAP)
      .getRawMany<AuditEntryRecord>()
  ).map(toRow);
  return {
    communityName: r.communityName,
    month: r.month,
    fromIso,
    toIso,
    generatedAt: r.generatedAt,
    generatedBy: r.generatedBy,
    timeZone: r.timeZone,
    total: byAction.reduce((a, c) => a + c.count, 0),
    byAction,
    byActor,
    signInFailures,
    denied: [...denied].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
    exportsPrints,
    // The whole chain, not just this month: a break anywhere makes the month's numbers doubtful.
    chain: await audit.verify(),
  };
}

function channelOf(details: string): string {
  try {
    const c = (JSON.parse(details) as { channel?: unknown }).channel;
    return typeof c === 'string' ? c : '?';
  } catch {
    return '?';
  }
}

export function chainLine(c: AuditVerifyResult): string {
  return c.ok
    ? `完好，已校验 ${c.checked} 条 / sound, ${c.checked} entries checked`
    : `断裂：第 ${c.firstBadSeq ?? '—'} 条（${c.problem}）${c.why?.zh ?? ''} / BROKEN at entry ${c.firstBadSeq ?? '—'} (${c.problem}) ${c.why?.en ?? ''}`;
}

export async function monthlyReportXlsx(d: MonthlyReportData): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = 'Archive Room 档案室';
  const sheet = (name: string, headers: string[], rows: (string | number)[][], widths: number[]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(headers).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    ws.columns.forEach((c, i) => (c.width = widths[i] ?? 16));
  };
  sheet(
    '概要 Summary',
    ['项目 Item', '内容 Value'],
    [
      ['社区 Community', d.communityName],
      ['月份 Month', d.month],
      ['起 From (UTC)', d.fromIso],
      ['止 To (UTC, exclusive)', d.toIso],
      ['生成时间 Generated at (UTC)', d.generatedAt],
      ['生成人 Generated by', d.generatedBy],
      ['档案室时区 Archive time zone', d.timeZone],
      ['条目总数 Entries', d.total],
      ['登录失败 Sign-in failures', sum(d.signInFailures)],
      ['拒绝访问 Denied accesses', sum(d.denied)],
      ['导出与打印 Exports & prints', d.exportsPrints.length],
      ['审计链校验 Chain verification', chainLine(d.chain)],
    ],
    [30, 60],
  );
  const pairs = (c: Count[]) => c.map((x) => [x.key, x.count]);
  sheet(
    '按操作 By action',
    ['操作 Action', '次数 Count', '操作说明 In words'],
    d.byAction.map((x) => [x.key, x.count, x.label ?? '']),
    [32, 12, 40],
  );
  sheet('按人员 By person', ['操作人 Person', '次数 Count'], pairs(d.byActor), [24, 12]);
  sheet('登录失败 Sign-in failures', ['用户名 User name', '次数 Count'], pairs(d.signInFailures), [24, 12]);
  sheet('拒绝访问 Denied', ['人员 → 操作 Person → channel', '次数 Count'], pairs(d.denied), [40, 12]);
  sheet(
    '导出与打印 Exports & prints',
    ['序号 Seq', '时间 Time (UTC)', '操作人 Actor', '操作 Action', '对象 Subject', '详情 Details', '操作说明 In words'],
    d.exportsPrints.map((r) => [r.seq, r.at, r.actor, r.action, r.subject ?? '', r.details, auditActionBilingual(r.action)]),
    [8, 26, 14, 24, 28, 48, 40],
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const sum = (c: Count[]): number => c.reduce((a, x) => a + x.count, 0);
