import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { ImportJob, ImportReport } from '../../shared/contract/data.contract';
import { EXPORT_KINDS } from '../../shared/contract/data.contract';
import { stampText } from '../../shared/domain/archive-time';
import { restoreToFolder } from '../backup/restore.service';
import type { ArchiveCore } from '../core/archive-core';
import { isPostgresUrl, redactUrl } from '../db/dialect-postgres';
import { issuesText, sheetsText } from '../import/import.service';
import { parseMapFile } from '../import/map-file';
import { mappingProblem, type MappingEntry } from '../import/mappings';
import { createMissingTags, TAG_NAME_MAX } from '../import/missing-tags';
import { CLI_CLIENT, signInCli, type CliOut } from './commands';
import { cliBackup, cliCall } from './cli-dispatch';
import { readPassword } from './prompt';

function printReport(r: ImportReport, out: CliOut): void {
  const c = r.counts;
  out.log(`文件 file: ${r.format}${r.encoding ? ` (${r.encoding})` : ''}, ${r.rows} 行 rows, sha256 ${r.fileSha256}`);
  out.log(
    `新建 create: ${c.residentsCreated} 居民 residents, ${c.householdsCreated} 户 households, ${c.recordsCreated} 档案 records, ${c.grids}/${c.buildings}/${c.units} 网格/楼栋/单元 grids/buildings/units`,
  );
  out.log(`更新 update: ${c.residentsUpdated} 居民 residents, ${c.householdsUpdated} 户 households`);
  for (const line of sheetsText(r)) out.log(line);
  if (r.appliedMappings.length) {
    out.log('已应用的映射 mappings applied:');
    for (const a of r.appliedMappings) out.log(`  ${a.column} '${a.value}' → ${a.target} × ${a.count} 行 rows${a.saved ? '' : '（仅本次 this run only）'}`);
  }
  if (r.issueCount) out.log(`错误 problems: ${r.issueCount}`);
  if (r.unknownValues.length) {
    out.log(`未识别的值 unknown values (${r.unknownGroupCount}):`);
    for (const g of r.unknownValues) {
      const more = g.count > g.rows.length ? ' …' : '';
      out.log(`  ${g.column} '${g.value}' × ${g.count} 行 rows（第 ${g.rows.join('、')}${more} 行 rows）→ 可映射为 allowed: ${g.allowed.join(' / ') || '—'}`);
    }
    if (r.unknownGroupCount > r.unknownValues.length)
      out.log(`  …… 另有 ${r.unknownGroupCount - r.unknownValues.length} 种 / ${r.unknownGroupCount - r.unknownValues.length} more`);
    const tags = r.unknownValues.some((g) => g.columnKey === 'tags');
    out.log(
      `  用 --map 映射文件.json 说明这些值的含义${tags ? '，或用 --create-missing-tags 新建户标签' : ''} / map them with --map FILE.json${tags ? ', or create the tags with --create-missing-tags' : ''}: {"居住类型": {"公租房": "租住"}}`,
    );
  }
  if (r.rowIssueCount) {
    out.log(`逐行问题 row problems: ${r.rowIssueCount}`);
    out.log(issuesText(r));
    const shown = r.issues.filter((i) => !i.unknown).length;
    if (r.rowIssueCount > shown) out.log(`…… 另有 ${r.rowIssueCount - shown} 处 / ${r.rowIssueCount - shown} more`);
  }
}

/** A bad map file: every problem on stderr, exit 65 (EX_DATAERR), nothing written. */
function mapFileRefused(problems: { zh: string; en: string }[], out: CliOut): number {
  out.err('映射文件有误，未导入任何数据 / the map file has problems; nothing was imported:');
  for (const p of problems) out.err(`  ${p.zh} / ${p.en}`);
  return 65;
}

export interface ImportCliOptions {
  user?: string;
  dryRun?: boolean;
  /** A JSON file { column: { sheet value: known value } }: applied, and saved unless --dry-run. */
  map?: string;
  createMissingTags?: boolean;
  /** Where to write the rejected rows (XLSX with a 问题 column) when the sheet has bad rows. */
  rejected?: string;
  /** Import the rows without problems, leaving the rejected ones out (exit 0). */
  skipRejected?: boolean;
  /** Also create each new person's 基本信息档案 (off by default). */
  basicRecords?: boolean;
}

/**
 * `import FILE [--dry-run] [--map FILE.json] [--create-missing-tags] [--rejected OUT.xlsx] [--skip-rejected]`:
 * exit 2 with the report on stdout when any row is bad; 65 for a bad map file. A dry run saves
 * nothing: the map file's mappings and the missing tags then count for that check only.
 */
export async function cmdImport(core: ArchiveCore, file: string | undefined, o: ImportCliOptions, out: CliOut): Promise<number> {
  if (!file) {
    out.err('import 需要文件 / import needs FILE (.xlsx or .csv)');
    return 64;
  }
  const bytes = readFileSync(file);
  const name = basename(file);
  let entries: MappingEntry[] = [];
  if (o.map) {
    let text: string;
    try {
      text = readFileSync(o.map, 'utf8');
    } catch (e) {
      return mapFileRefused(
        [
          {
            zh: `无法读取映射文件 ${o.map}（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`,
            en: `Cannot read the map file ${o.map} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
          },
        ],
        out,
      );
    }
    const parsed = parseMapFile(text);
    if (!parsed.ok) return mapFileRefused(parsed.problems, out);
    entries = parsed.entries;
  }
  await signInCli(core, o.user);
  // Every check is the app's channel (importer.dryRun: data.import, through dispatch), the first
  // one before the archive's tags are read or anything is written.
  const dataBase64 = bytes.toString('base64');
  const basicRecords = !!o.basicRecords;
  const check = (extra: { mappings?: MappingEntry[]; assumeTags?: string[]; basicRecords?: boolean }) =>
    cliCall(core, 'importer.dryRun', { fileName: name, dataBase64, ...extra });
  let missing: string[] = [];
  let tagNames: string[] = [];
  if (o.map || o.createMissingTags) {
    const first = await check({ mappings: entries });
    // Targets and tags are checked against the archive's tags; listing them also makes sure the
    // default palette is there (a no-op once archives are created with it).
    tagNames = (await core.services.tags.list()).map((t) => t.name);
    if (o.createMissingTags) {
      const wanted = [
        ...first.unknownValues.filter((g) => g.columnKey === 'tags').map((g) => g.value),
        ...entries.filter((e) => e.columnKey === 'tags').map((e) => e.target),
      ];
      missing = [...new Set(wanted)].filter((n) => !tagNames.includes(n));
      for (const n of missing.filter((x) => [...x].length > TAG_NAME_MAX)) {
        out.log(
          `户标签“${n}”超过 ${TAG_NAME_MAX} 个字，不能自动新建，请用 --map 映射到已有标签 / the tag "${n}" is longer than ${TAG_NAME_MAX} characters: map it with --map instead`,
        );
      }
      missing = missing.filter((x) => [...x].length <= TAG_NAME_MAX);
    }
  }
  // Everything is checked before anything is written: a bad map file creates no tag either.
  const problems = entries.map((e) => mappingProblem(e, [...tagNames, ...missing])).filter((p): p is { zh: string; en: string } => !!p);
  if (problems.length) return mapFileRefused(problems, out);
  if (o.dryRun) {
    if (missing.length) out.log(`试运行：将新建户标签（未创建）/ dry run: would create tags (not created): ${missing.join('、')}`);
    if (entries.length)
      out.log(`试运行：${entries.length} 条映射只用于本次检查，未保存 / dry run: ${entries.length} mapping(s) used for this check only, not saved`);
  } else {
    if (missing.length) {
      // Allowed by the data.import checks above; each tag audited as one made under 设置→标签.
      const session = (await core.sessionFor(CLI_CLIENT))!;
      const r = await createMissingTags(core.services.tags, { username: session.username }, missing);
      for (const t of r.created) out.log(`已新建户标签 created tag '${t.name}'：代码 code ${t.code}，颜色 colour ${t.color}`);
    }
    if (entries.length) {
      await cliCall(core, 'importer.saveMappings', { mappings: entries });
      out.log(`已保存 ${entries.length} 条映射，以后导入会自动使用 / saved ${entries.length} mapping(s); later imports use them automatically`);
    }
  }
  // A dry run's mappings and missing tags count for this check only; a real run saved them above.
  const report = await check(o.dryRun ? { mappings: entries, assumeTags: missing, basicRecords } : { basicRecords });
  printReport(report, out);
  if (o.rejected && report.rejectedRows > 0) {
    const rej = await cliCall(core, 'importer.rejectedRows', { fileName: name, dataBase64 });
    writeFileSync(o.rejected, Buffer.from(rej.dataBase64, 'base64'), { mode: 0o600 });
    out.log(`需修改的 ${rej.rows} 行已写入 / ${rej.rows} rejected rows written to ${o.rejected}（改好后可直接再导入 / fix them and import that file）`);
  }
  const skipping = report.issueCount > 0 && !!o.skipRejected && report.validRows > 0;
  if (report.issueCount > 0 && !skipping) {
    out.log('未导入任何数据 / nothing was imported');
    return 2;
  }
  if (o.dryRun) {
    out.log(
      skipping
        ? `试运行，未写入；将导入 ${report.validRows} 行，略过 ${report.rejectedRows} 行 / dry run: nothing written; would import ${report.validRows} rows and leave out ${report.rejectedRows}`
        : '试运行，未写入 / dry run: nothing written',
    );
    return 0;
  }
  if (skipping)
    out.log(
      `略过有问题的 ${report.rejectedRows} 行，只导入其余 ${report.validRows} 行 / leaving out ${report.rejectedRows} rejected rows, importing the other ${report.validRows}`,
    );
  // The commit is the app's channel (importer.start: checked again, then a job this user owns), polled as the window polls it.
  const { jobId } = await cliCall(core, 'importer.start', {
    fileName: name,
    dataBase64,
    skipRejected: skipping,
    basicRecords,
  });
  out.log(`提交中 / committing ${report.rows} rows`);
  let cancelAsked = false;
  const onSigint = () => (cancelAsked = true);
  process.once('SIGINT', onSigint);
  let shown = -1;
  let job: ImportJob;
  try {
    for (;;) {
      if (cancelAsked) {
        cancelAsked = false;
        await cliCall(core, 'importer.cancel', { jobId });
      }
      job = await cliCall(core, 'importer.job', { jobId });
      const p = job.progress;
      const pct = p.total ? Math.floor((100 * p.done) / p.total) : 0;
      if (pct !== shown) out.log(`进度 progress ${p.done}/${p.total} (${(shown = pct)}%)`);
      if (job.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (job.state === 'done') {
    out.log(`已导入 / imported: ${job.report?.counts.residentsCreated ?? 0} 新居民 new, ${job.report?.counts.residentsUpdated ?? 0} 更新 updated`);
    return 0;
  }
  out.err(job.state === 'cancelled' ? '已取消，未写入任何数据 / cancelled, nothing written' : `导入失败 / import failed: ${job.error?.zh} / ${job.error?.en}`);
  return job.state === 'cancelled' ? 130 : 1;
}

/** `export residents|households|records --out FILE.xlsx|.csv [--purpose TEXT]` */
export async function cmdExport(
  core: ArchiveCore,
  kind: string | undefined,
  o: { user?: string; out?: string; purpose?: string },
  out: CliOut,
): Promise<number> {
  const format = extname(o.out ?? '')
    .slice(1)
    .toLowerCase();
  if (!kind || !(EXPORT_KINDS as readonly string[]).includes(kind) || !o.out || (format !== 'csv' && format !== 'xlsx')) {
    out.err('export 需要 residents|households|records --out 文件.xlsx|.csv / export needs residents|households|records --out FILE.xlsx|.csv');
    return 64;
  }
  await signInCli(core, o.user);
  // Scheduled exports have no one to ask; the purpose recorded then says so.
  const purpose = o.purpose?.trim() || '命令行导出 / CLI export';
  // The app's channel: same permission (data.export), same audit entry (via 'cli').
  const f = await cliCall(core, 'exporter.list', { kind: kind as (typeof EXPORT_KINDS)[number], format, purpose, filters: {} });
  writeFileSync(o.out, Buffer.from(f.dataBase64, 'base64'), { mode: 0o600 });
  out.log(`已导出 ${f.rows} 行 / exported ${f.rows} rows → ${o.out}`);
  return 0;
}

/** `search TEXT [--json]`: the app's one search box, with the same shield; audited with counts and the text's fingerprint. */
export async function cmdSearch(core: ArchiveCore, text: string | undefined, o: { user?: string; json?: boolean }, out: CliOut): Promise<number> {
  if (!text?.trim()) {
    out.err('search 需要搜索内容 / search needs TEXT');
    return 64;
  }
  await signInCli(core, o.user);
  // The app's search box channel: same permission, same shield, same audit entry.
  const hits = await cliCall(core, 'search.query', { q: text.trim(), limit: 50 });
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
  await signInCli(core, o.user);
  out.log('正在备份 / writing backup');
  const r = await cliBackup(core, resolve(o.out), (stage) =>
    out.log(stage === 'writing' ? '正在写入备份文件 / writing the backup file' : '正在校验备份 / verifying the backup'),
  );
  out.log(`备份完成并已校验 / backup written and verified: ${r.path}`);
  out.log(`${r.bytes} bytes, ${r.entries} 条目 entries (${r.attachments} 附件 attachments), sha256 ${r.sha256}`);
  out.log(`integrity_check ${r.checks.integrity}, 审计链 audit chain ok (${r.checks.auditEntries})`);
  return 0;
}

/**
 * `restore FILE --data-dir EMPTY_DIR --user NAME`: the password is checked against the backup's
 * keyring, and the user must be an active administrator in the backup. The CLI holds the target
 * folder (its lock) while restoring, so no app or web host can start setting it up meanwhile.
 */
export async function cmdRestore(core: ArchiveCore, file: string | undefined, o: { user?: string }, out: CliOut): Promise<number> {
  if (!file || !o.user) {
    out.err('restore 需要 FILE --data-dir 空文件夹 --user NAME / restore needs FILE --data-dir EMPTY_DIR --user NAME');
    return 64;
  }
  const password = await readPassword(`密码 / Password for ${o.user}: `);
  out.log('正在恢复 / restoring');
  // With ARCHIVE_ROOM_DB=postgres://… (as for init) the tables go into that empty database.
  const database = process.env.ARCHIVE_ROOM_DB;
  const r = await restoreToFolder({ file: resolve(file), target: resolve(core.paths.dataDir), username: o.user, password, now: core.nowIso, database });
  out.log(`已恢复到 / restored into ${r.dataDir}（备份时间 made ${stampText(r.createdAt, r.timeZone)} by ${r.createdBy}）`);
  out.log(`${r.stats.residents} 居民 residents, ${r.stats.records} 档案 records, ${r.stats.attachments} 附件 attachments, 审计 audit ${r.stats.auditEntries}`);
  if (isPostgresUrl(database)) out.log(`数据表已写入 PostgreSQL / tables restored into PostgreSQL: ${redactUrl(database)}`);
  out.log(`恢复已记入审计 / restore recorded in the audit trail by ${r.restoredBy}`);
  out.log(`${r.notice.zh}\n${r.notice.en}`);
  return 0;
}
