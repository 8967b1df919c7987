import { writeFileSync } from 'node:fs';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { ArchiveCore } from '../core/archive-core';
import { recoverySheetPdf } from '../print/recovery-sheet.pdf';
import { readPassword } from './prompt';
import { leftoverLines } from '../core/leftovers';
import { CLI_CLIENT, cliCall } from './cli-dispatch';

export interface CliOut {
  log: (s: string) => void;
  err: (s: string) => void;
}

export { CLI_CLIENT };

export async function cmdInit(core: ArchiveCore, o: { admin: string; displayName?: string; community?: string; sheet?: string }, out: CliOut): Promise<number> {
  const password = await readPassword(`新密码 / New password for ${o.admin}: `);
  const r = await core.setup({ communityName: o.community ?? '社区', username: o.admin, displayName: o.displayName ?? o.admin, password }, CLI_CLIENT);
  out.log(`档案库已建立 / Archive created in ${core.paths.dataDir}`);
  out.log(`恢复密钥（只显示一次）/ Recovery key (shown once): ${r.recoveryKey}`);
  if (o.sheet) {
    writeFileSync(
      o.sheet,
      await recoverySheetPdf({
        communityName: r.communityName,
        recoveryKey: r.recoveryKey,
        createdBy: o.displayName ?? o.admin,
        createdAt: core.nowIso(),
        timeZone: await core.services.settings.timeZone(),
      }),
      { mode: 0o600 },
    );
    out.log(`恢复密钥单 / Recovery sheet: ${o.sheet}`);
  }
  await core.signOut(CLI_CLIENT);
  return 0;
}

/** Signs in as `user` for one command; every CLI command but init starts here. Returns the password (passwd needs it). */
export async function signInCli(core: ArchiveCore, user: string | undefined): Promise<string> {
  if (!user) throw new AppError('UNAUTHENTICATED', ERR.cli.userRequired);
  const password = await readPassword(`密码 / Password for ${user}: `);
  await core.signIn(CLI_CLIENT, user, password);
  return password;
}

/** `verify`: through dispatch as `cli.verify` (audit.verify: administrators and auditors). */
export async function cmdVerify(core: ArchiveCore, user: string | undefined, out: CliOut): Promise<number> {
  await signInCli(core, user);
  const r = await cliCall(core, 'cli.verify', {});
  if (r.integrity !== 'ok') {
    out.err(`数据库完整性检查失败 / integrity_check failed: ${r.integrity}`);
    return 2;
  }
  const chain = r.chain;
  if (!chain.ok) {
    out.err(
      `审计链在第 ${chain.firstBadSeq ?? '—'} 条断裂（${chain.problem}）${chain.why?.zh ?? ''} / audit chain broken at entry ${chain.firstBadSeq ?? '—'} (${chain.problem}) ${chain.why?.en ?? ''}`,
    );
    return 3;
  }
  const fixity = r.attachments;
  if (fixity.bad.length) {
    out.err(`${fixity.bad.length} 个附件校验失败 / attachment fixity failed for ${fixity.bad.length}: ${fixity.bad.slice(0, 10).join(', ')}`);
    return 4;
  }
  for (const line of leftoverLines(core.leftovers)) out.log(line);
  out.log(
    `完好 / sound: integrity_check ok, audit chain ok (${chain.checked} entries, last ${chain.lastHash?.slice(0, 16)}…), attachments ok (${fixity.checked})`,
  );
  return 0;
}
