import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { describeHolder } from '../core/folder-lock';
import { logInternalError } from '../core/internal-log';
import { resolveDataDir } from '../core/paths';
import type { CliOut } from './commands';
import { fileErrorWords } from './error-words';

export const HELP = `archive-room — 档案室管理命令 / Archive Room admin CLI

用法 Usage: archive-room <command> [--data-dir DIR] [--user NAME]

命令 Commands:
  init --admin NAME [--display-name NAME] [--community NAME] [--sheet FILE.pdf]
        建立档案库和第一位管理员，打印恢复密钥 / create the archive and first administrator
  verify --user NAME [--wait SECONDS]
        打开档案库，检查数据库完整性和审计链；完好时退出码为 0；报告启动时清理的残留文件
        open the vault, run integrity_check, the audit-chain check and attachment fixity; exit 0 when sound;
        reports leftover files swept at start
  audit export --from DATE --to DATE --out FILE.csv|.xlsx --user NAME [--wait SECONDS]
        导出日期范围内（含首尾两天）的审计日志 / export the audit entries between two dates (inclusive)
  import FILE.xlsx|.csv [--dry-run] [--map MAP.json] [--create-missing-tags] [--rejected OUT.xlsx] [--skip-rejected] [--basic-records] --user NAME
        导入居民基本信息表；有错误行时打印报告并以非零退出 / import the basic-information sheet; bad rows: report + non-zero exit
        --map：未识别的值的含义，如 {"居住类型": {"公租房": "租住"}, "户标签": {"楼组长": "楼长"}}，保存后以后导入自动使用
               meanings of unknown values (column in Chinese, English or its key); saved and reused by later imports
        --create-missing-tags：新建表中未知的户标签（自动配色和代码）/ create unknown household tags (palette colour, free code)
        --rejected：把有问题的行连同“问题”列写入 XLSX，改好后可再导入 / write the rejected rows with a 问题 column, to fix and re-import
        --skip-rejected：只导入没有问题的行，其余行留待修改后再导入 / import the clean rows, leave the rejected ones for later
        --basic-records：同时为每位新居民建立“基本信息档案”（各占一个档号）/ also create each new person's basic-information record (one 档号 each)
        --dry-run 时映射和新标签只用于本次检查，不保存 / with --dry-run, mappings and new tags count for that check only
  export residents|households|records --out FILE.xlsx|.csv [--purpose TEXT] --user NAME
        导出名单（记入审计）/ export a list (audited)
  search TEXT [--json] --user NAME [--wait SECONDS]
        一框搜索（姓名、拼音、身份证号、档号、地址）/ one-box search
  backup --out FILE.arbak --user NAME
        加密备份（数据库、附件、密钥环、清单），写完即校验 / encrypted backup, verified right after writing
  restore FILE.arbak --data-dir EMPTY_DIR --user NAME
        校验后恢复到空文件夹；须为备份中的管理员，恢复记入审计 / verify, then restore into an empty folder;
        needs an administrator of the backup; the restore is audited
        设 ARCHIVE_ROOM_DB=postgres://… 时数据表恢复到该空 PostgreSQL 数据库（SQLCipher ⇄ PostgreSQL 迁移即恢复）
        with ARCHIVE_ROOM_DB=postgres://… the tables go into that empty PostgreSQL database (moving engines is a restore)
  passwd --user NAME
        修改自己的密码（新密码取自 ARCHIVE_ROOM_NEW_PASSWORD，否则提示输入）
        change your own password (new one from ARCHIVE_ROOM_NEW_PASSWORD, else a prompt)
  print covers --all|--building ID|--grid ID --out FILE.pdf [--bw] --user NAME
        打印档案封面到一个 PDF（--bw 黑白；任何字体都没有的字印为〓并列出）/ archive covers into one PDF
  serve [--data DIR] [--port N] [--host ADDRESS]
        档案室服务器：同一档案库供办公室各电脑使用（HTTPS，自签名证书，打印其 SHA-256 指纹）；启动时锁定，
        须由管理员在客户端登录解锁；端口默认 8443，地址默认 127.0.0.1（--host 0.0.0.0 对局域网开放）
        office server: one archive for every PC in the office (HTTPS, self-signed certificate, prints its
        SHA-256 fingerprint); starts locked until an administrator signs in from a client; port 8443 and
        address 127.0.0.1 by default (--host 0.0.0.0 for the office network); writes the connection
        sheet (address, fingerprint, QR codes) to server-sheet.pdf in the data folder
  connect URL --fingerprint SHA256 [--name PC-NAME]  或/or  connect --code "连接单二维码文字 / QR text"
        检查办公室服务器：证书指纹不符时不发送任何数据（退出码 3）；报告服务器是否已解锁
        check the office server: nothing is sent unless its certificate has this fingerprint (exit 3);
        says whether the server is unlocked
  --help  显示本帮助 / show this help

密码取自环境变量 ARCHIVE_ROOM_PASSWORD，否则提示输入。
The password comes from ARCHIVE_ROOM_PASSWORD, else a prompt.
一个数据文件夹同一时间只能由一个程序打开；只读命令（verify、audit export、search）可用 --wait 秒数 等待。
One program at a time per data folder; read-only commands (verify, audit export, search) may --wait SECONDS for it.
数据目录 Data folder: --data-dir, else ARCHIVE_ROOM_DATA, else ~/.archive-room`;

export async function runCli(argv: string[], out: CliOut): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        user: { type: 'string' },
        admin: { type: 'string' },
        'display-name': { type: 'string' },
        community: { type: 'string' },
        sheet: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        'dry-run': { type: 'boolean' },
        map: { type: 'string' },
        'create-missing-tags': { type: 'boolean' },
        rejected: { type: 'string' },
        'skip-rejected': { type: 'boolean' },
        'basic-records': { type: 'boolean' },
        json: { type: 'boolean' },
        purpose: { type: 'string' },
        all: { type: 'boolean' },
        building: { type: 'string' },
        grid: { type: 'string' },
        bw: { type: 'boolean' },
        wait: { type: 'string' },
        data: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        fingerprint: { type: 'string' },
        code: { type: 'string' },
        name: { type: 'string' },
      },
    });
  } catch (e) {
    out.err(`参数错误 / bad arguments: ${(e as Error).message}`);
    return 64;
  }
  const { values: v, positionals } = parsed;
  const cmd = positionals[0];
  if (v.help || !cmd) {
    out.log(HELP);
    return cmd || v.help ? 0 : 64;
  }
  if (cmd === 'connect') {
    const { cmdConnect } = await import('./connect.command');
    return await cmdConnect({ url: positionals[1], fingerprint: v.fingerprint, code: v.code, name: v.name }, out);
  }
  if (cmd === 'serve') {
    const { cmdServe } = await import('./serve.command');
    const dataDir = v.data ?? resolveDataDir(argv, process.env, () => join(homedir(), '.archive-room'));
    try {
      return await cmdServe({ dataDir, port: v.port, host: v.host }, out);
    } catch (e) {
      if (e instanceof AppError) {
        out.err(`${e.zh} / ${e.en}`);
        return e.code === 'FOLDER_IN_USE' ? 75 : 1;
      }
      const id = logInternalError('cli serve', e, (line) => out.err(line.trimEnd()));
      out.err(`意外错误（编号 ${id}）/ Unexpected error (id ${id})`);
      return 70;
    }
  }
  const wait = parseWait(cmd, positionals[1], v.wait, out);
  if (wait === null) return 64;
  const detail = [cmd, cmd === 'audit' || cmd === 'print' ? positionals[1] : undefined].filter(Boolean).join(' ').slice(0, 40);
  // The archive's code (database, PDFs, spreadsheets) loads only once a command needs it, so help
  // and argument errors answer at once.
  const [{ ArchiveCore }, { cmdAudit }, { cmdInit, cmdVerify }, { cmdBackup, cmdExport, cmdImport, cmdRestore, cmdSearch }, { cmdPasswd }, { cmdPrint }] =
    await Promise.all([
      import('../core/archive-core'),
      import('./audit.commands'),
      import('./commands'),
      import('./data.commands'),
      import('./passwd.command'),
      import('./print.commands'),
    ]);
  const core = new ArchiveCore({ dataDir: resolveDataDir(argv, process.env, () => join(homedir(), '.archive-room')), holder: { kind: 'cli', detail } });
  try {
    // Before any password is asked: a folder another program holds is refused (or waited for) first.
    if (KNOWN.has(cmd)) {
      await core.claimDataFolder({
        waitMs: wait * 1000,
        onWait: (h) => {
          const d = describeHolder(h);
          out.err(`数据文件夹正由${d.zh}使用，最多等待 ${wait} 秒…… / Waiting up to ${wait} s for the data folder, in use by ${d.en}…`);
        },
      });
    }
    switch (cmd) {
      case 'init':
        if (!v.admin) {
          out.err('init 需要 --admin NAME / init needs --admin NAME');
          return 64;
        }
        return await cmdInit(core, { admin: v.admin, displayName: v['display-name'], community: v.community, sheet: v.sheet }, out);
      case 'verify':
        return await cmdVerify(core, v.user, out);
      case 'audit':
        return await cmdAudit(core, positionals[1], { user: v.user, from: v.from, to: v.to, out: v.out }, out);
      case 'import':
        return await cmdImport(
          core,
          positionals[1],
          {
            user: v.user,
            dryRun: v['dry-run'],
            map: v.map,
            createMissingTags: v['create-missing-tags'],
            rejected: v.rejected,
            skipRejected: v['skip-rejected'],
            basicRecords: v['basic-records'],
          },
          out,
        );
      case 'export':
        return await cmdExport(core, positionals[1], { user: v.user, out: v.out, purpose: v.purpose }, out);
      case 'search':
        return await cmdSearch(core, positionals.slice(1).join(' '), { user: v.user, json: v.json }, out);
      case 'backup':
        return await cmdBackup(core, { user: v.user, out: v.out }, out);
      case 'print':
        return await cmdPrint(core, positionals[1], { user: v.user, out: v.out, all: v.all, building: v.building, grid: v.grid, bw: v.bw }, out);
      case 'restore':
        return await cmdRestore(core, positionals[1], { user: v.user }, out);
      case 'passwd':
        return await cmdPasswd(core, v.user, out);
      default:
        out.err(`未知命令 / unknown command: ${cmd}\n\n${HELP}`);
        return 64;
    }
  } catch (e) {
    if (e instanceof AppError) {
      const fields = e.fields?.map((f) => ` [${f.path}: ${f.zh} / ${f.en}]`).join('') ?? '';
      out.err(`${e.zh} / ${e.en}${fields}`);
      return e.code === 'FOLDER_IN_USE' ? 75 : 1;
    }
    const words = fileErrorWords(e);
    if (words) {
      out.err(`${words.zh} / ${words.en}`);
      return 1;
    }
    // Never the message: an SQL error carries its parameters (residents' data). An id and the kind.
    const id = logInternalError(`cli ${cmd}`, e, (line) => out.err(line.trimEnd()));
    out.err(`意外错误（编号 ${id}），操作未完成。/ Unexpected error (id ${id}); the command did not finish.`);
    return 70;
  } finally {
    await core.close();
  }
}

const KNOWN = new Set(['init', 'verify', 'audit', 'import', 'export', 'search', 'backup', 'print', 'restore', 'passwd']);
/** Commands that only read: they may wait for a folder another program holds. */
const READ_ONLY = new Set(['verify', 'audit export', 'search']);

/** Seconds to wait for the folder (0 = do not wait); null after printing why the option is wrong. */
function parseWait(cmd: string, sub: string | undefined, raw: string | undefined, out: CliOut): number | null {
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (!READ_ONLY.has(cmd === 'audit' ? `audit ${sub}` : cmd)) {
    out.err('--wait 只用于只读命令 verify、audit export、search / --wait is only for the read-only commands verify, audit export, search');
    return null;
  }
  if (!Number.isFinite(n) || n < 0 || n > 86_400) {
    out.err('--wait 需要 0–86400 之间的秒数 / --wait needs a number of seconds between 0 and 86400');
    return null;
  }
  return n;
}

/** Entry for the bin wrapper and for `node out/main/cli.js`. */
export function main(): void {
  void runCli(process.argv.slice(2), { log: (s) => console.log(s), err: (s) => console.error(s) }).then((code) => process.exit(code));
}

if (require.main === module) main();
