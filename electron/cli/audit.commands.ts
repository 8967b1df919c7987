import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { AppError } from '../../shared/errors';
import { isAllowed } from '../../shared/permissions';
import type { ArchiveCore } from '../core/archive-core';
import { buildAuditExport, type AuditExportFormat } from '../services/audit-export';
import { isDateInput } from '../services/audit-range';
import { CLI_CLIENT, signInCli, type CliOut } from './commands';

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
  const session = (await core.sessionFor(CLI_CLIENT))!;
  const { audit } = core.services;
  // The CLI signs in as a real user, so the same permission table applies as in the app.
  if (!isAllowed(session.role, 'audit.export')) {
    await audit.record({ actor: session.username, action: 'access.denied', details: { channel: 'cli.audit.export' } });
    throw new AppError('FORBIDDEN');
  }
  const f = await buildAuditExport(audit, { from: a.from, to: a.to, format: format as AuditExportFormat }, await core.services.settings.timeZone());
  writeFileSync(a.out, f.buffer, { mode: 0o600 });
  await audit.record({ actor: session.username, action: 'audit.export', details: { from: a.from, to: a.to, format, rows: f.rows, via: 'cli' } });
  out.log(`已导出 ${f.rows} 条审计记录 / exported ${f.rows} audit entries → ${a.out}`);
  return 0;
}
