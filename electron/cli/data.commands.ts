import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { ImportReport } from '../../shared/contract/data.contract';
import { EXPORT_KINDS } from '../../shared/contract/data.contract';
import { AppError } from '../../shared/errors';
import { isAllowed, type Permission } from '../../shared/permissions';
import { createBackup } from '../backup/backup.service';
import { restoreBackup } from '../backup/restore';
import type { ArchiveCore } from '../core/archive-core';
import { exportList } from '../export/exporter';
import { importJobs } from '../import/import-jobs';
import { ImportService, issuesText, sheetsText } from '../import/import.service';
import { CLI_CLIENT, signInCli, type CliOut } from './commands';
import { readPassword } from './prompt';

/** The CLI signs in as a real user: the same permission table as the app applies. */
export async function signInAs(core: ArchiveCore, user: string | undefined, permission: Permission, what: string): Promise<{ username: string }> {
  await signInCli(core, user);
  const session = (await core.sessionFor(CLI_CLIENT))!;
  if (!isAllowed(session.role, permission)) {
    await core.services.audit.record({ actor: session.username, action: 'access.denied', details: { channel: `cli.${what}` } });
    throw new AppError('FORBIDDEN');
  }
  return { username: session.username };
}

function printReport(r: ImportReport, out: CliOut): void {
  const c = r.counts;
  out.log(`文件 file: ${r.format}${r.encoding ? ` (${r.encoding})` : ''}, ${r.rows} 行 rows, sha256 ${r.fileSha256}`);
  out.log(`新建 create: ${c.residentsCreated} 居民 residents, ${c.householdsCreated} 户 households, ${c.recordsCreated} 档案 records, ${c.grids}/${c.buildings}/${c.units} 网格/楼栋/单元 grids/buildings/units`);
  out.log(`更新 update: ${c.residentsUpdated} 居民 residents, ${c.householdsUpdated} 户 households`);
  for (const line of sheetsText(r)) out.log(line);
  if (r.issueCount) {
    out.log(`错误 problems: ${r.issueCount}`);
    out.log(issuesText(r));
    if (r.issueCount > r.issues.length) out.log(`…… 另有 ${r.issueCount - r.issues.length} 处 / ${r.issueCount - r.issues.length} more`);
  }
}

/** `import FILE [--dry-run]`: exit 2 with the report on stdout when any row is bad. */
export async function cmdImport(core: ArchiveCore, file: string | undefined, o: { user?: string; dryRun?: boolean }, out: CliOut): Promise<number> {
  if (!file) {
    out.err('import 需要文件 / import needs FILE (.xlsx or .csv)');
    return 64;
  }
  const bytes = readFileSync(file);
  const actor = await signInAs(core, o.user, 'data.import', 'import');
  const report = await new ImportService(core).dryRun(basename(file), bytes);
  printReport(report, out);
  if (report.issueCount > 0) {
    out.log('未导入任何数据 / nothing was imported');
    return 2;
  }
  if (o.dryRun) {
    out.log('试运行，未写入 / dry run: nothing written');
    return 0;
  }
  const jobs = importJobs(core);
  const jobId = jobs.start(actor, basename(file), bytes);
  out.log(`提交中 / committing ${report.rows} rows`);
  const onSigint = () => jobs.cancel(jobId);
  process.once('SIGINT', onSigint);
  let shown = -1;
  const timer = setInterval(() => {
    const p = jobs.get(jobId).progress;
    const pct = p.total ? Math.floor((100 * p.done) / p.total) : 0;
    if (pct !== shown) out.log(`进度 progress ${p.done}/${p.total} (${(shown = pct)}%)`);
  }, 500);
  const job = await jobs.wait(jobId).finally(() => {
    clearInterval(timer);
    process.off('SIGINT', onSigint);
  });
  if (job.state === 'done') {
    out.log(`已导入 / imported: ${job.report?.counts.residentsCreated ?? 0} 新居民 new, ${job.report?.counts.residentsUpdated ?? 0} 更新 updated`);
    return 0;
  }
  out.err(job.state === 'cancelled' ? '已取消，未写入任何数据 / cancelled, nothing written' : `导入失败 / import failed: ${job.error?.zh} / ${job.error?.en}`);
  return job.state === 'cancelled' ? 130 : 1;
}

/** `export residents|households|records --out FILE.xlsx|.csv [--purpose TEXT]` */
export async function cmdExport(core: ArchiveCore, kind: string | undefined, o: { user?: string; out?: string; purpose?: string }, out: CliOut): Promise<number> {
  const format = extname(o.out ?? '').slice(1).toLowerCase();
  if (!kind || !(EXPORT_KINDS as readonly string[]).includes(kind) || !o.out || (format !== 'csv' && format !== 'xlsx')) {
    out.err('export 需要 residents|households|records --out 文件.xlsx|.csv / export needs residents|households|records --out FILE.xlsx|.csv');
    return 64;
  }
  const actor = await signInAs(core, o.user, 'data.export', 'export');
  // Scheduled exports have no one to ask; the purpose recorded then says so.
  const purpose = o.purpose?.trim() || '命令行导出 / CLI export';
  const f = await exportList(core, actor, { kind: kind as (typeof EXPORT_KINDS)[number], format, purpose, filters: {} }, 'cli');
  writeFileSync(o.out, f.buffer, { mode: 0o600 });
  out.log(`已导出 ${f.rows} 行 / exported ${f.rows} rows → ${o.out}`);
  return 0;
}

/** `search TEXT [--json]`: the app's one search box; audited with counts only. */
export async function cmdSearch(core: ArchiveCore, text: string | undefined, o: { user?: string; json?: boolean }, out: CliOut): Promise<number> {
  if (!text?.trim()) {
    out.err('search 需要搜索内容 / search needs TEXT');
    return 64;
  }
  const actor = await signInAs(core, o.user, 'register.read', 'search');
  const hits = await core.services.search.query(text.trim(), 50);
  await core.services.audit.record({ actor: actor.username, action: 'search', details: { hits: hits.length, length: text.trim().length, via: 'cli' } });
  if (o.json) out.log(JSON.stringify(hits, null, 1));
  else for (const h of hits) out.log(`${h.kind}\t${h.title}\t${h.subtitle}${h.exact ? '\t(精确 exact)' : ''}`);
  if (!o.json && hits.length === 0) out.log('无结果 / no results');
  return 0;
}

/** `backup --out FILE.arbak`: a relative path is taken from the current folder. */
export async function cmdBackup(core: ArchiveCore, o: { user?: string; out?: string }, out: CliOut): Promise<number> {
  if (!o.out) {
    out.err('backup 需要 --out 文件.arbak / backup needs --out FILE.arbak');
    return 64;
  }
  const actor = await signInAs(core, o.user, 'backup.manage', 'backup');
  out.log('正在备份 / writing backup');
  const r = await createBackup(core, actor, resolve(o.out));
  out.log(`备份完成并已校验 / backup written and verified: ${r.path}`);
  out.log(`${r.bytes} bytes, ${r.entries} 条目 entries (${r.attachments} 附件 attachments), sha256 ${r.sha256}`);
  out.log(`integrity_check ${r.checks.integrity}, 审计链 audit chain ok (${r.checks.auditEntries})`);
  return 0;
}

/** `restore FILE --data-dir EMPTY_DIR --user NAME`: the password is checked against the backup's keyring. */
export async function cmdRestore(dataDir: string, file: string | undefined, o: { user?: string }, out: CliOut): Promise<number> {
  if (!file || !o.user) {
    out.err('restore 需要 FILE --data-dir 空文件夹 --user NAME / restore needs FILE --data-dir EMPTY_DIR --user NAME');
    return 64;
  }
  const password = await readPassword(`密码 / Password for ${o.user}: `);
  out.log('正在恢复 / restoring');
  const r = await restoreBackup(resolve(file), resolve(dataDir), o.user, password);
  out.log(`已恢复到 / restored into ${r.dataDir}（备份时间 made ${r.createdAt} by ${r.createdBy}）`);
  out.log(`${r.stats.residents} 居民 residents, ${r.stats.records} 档案 records, ${r.stats.attachments} 附件 attachments, 审计 audit ${r.stats.auditEntries}`);
  out.log(`${r.notice.zh}\n${r.notice.en}`);
  return 0;
}

/** Fixity for `verify`: decrypt and hash every attachment against the SHA-256 kept at ingest. */
export async function checkAttachmentFixity(core: ArchiveCore): Promise<{ checked: number; bad: string[] }> {
  const rows: { id: string }[] = await core.services.db.manager.query('SELECT id FROM attachments ORDER BY id');
  const bad: string[] = [];
  for (const { id } of rows) if (!(await core.services.attachments.verify(id)).ok) bad.push(id);
  return { checked: rows.length, bad };
}
