import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { ArchiveCore } from '../core/archive-core';
import type { AuditExportFormat } from '../services/audit-export';
import { isDateInput } from '../services/audit-range';
import { cliCall } from './cli-dispatch';
import { signInCli, type CliOut } from './commands';

export interface AuditExportArgs {
  user?: string;
  from?: string;
  to?: string;
  out?: string;
}

/** `archive-room audit export --from DATE --to DATE --out FILE.csv|.xlsx --user NAME` */
export async function cmdAudit(core: ArchiveCore, sub: string | undefined, a: AuditExportArgs, out: CliOut): Promise<number> {
  if (sub !== 'export') {
    out.err(`未知的 audit 子命令 / unknown audit subcommand: ${sub ?? '(none)'} — try: audit export`);
    return 64;
  }
  const format = extname(a.out ?? '')
    .slice(1)
    .toLowerCase();
  if (!a.from || !a.to || !a.out || !isDateInput(a.from) || !isDateInput(a.to) || (format !== 'csv' && format !== 'xlsx')) {
    out.err('audit export 需要 --from YYYY-MM-DD --to YYYY-MM-DD --out 文件.csv|.xlsx / needs --from DATE --to DATE --out FILE.csv|.xlsx');
    return 64;
  }
  await signInCli(core, a.user);
  // The app's channel through the same dispatch: permission audit.export, the same audit entry (via 'cli').
  const f = await cliCall(core, 'audit.export', { from: a.from, to: a.to, format: format as AuditExportFormat });
  writeFileSync(a.out, Buffer.from(f.base64, 'base64'), { mode: 0o600 });
  out.log(`已导出 ${f.rows} 条审计记录 / exported ${f.rows} audit entries → ${a.out}`);
  return 0;
}
