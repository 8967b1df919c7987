import { z } from 'zod';
import { getChannel, type Area, type ChannelName, type Contract, type ReqIn, type ResOf } from '../../shared/contract';
import { AuditVerifyResult } from '../../shared/contract/audit.contract';
import { BackupReport } from '../../shared/contract/data.contract';
import { channel, type Channel } from '../../shared/contract/channel';
import { AppError } from '../../shared/errors';
import { createBackup, type BackupStage } from '../backup/backup.service';
import { leftoverCount } from '../core/leftovers';
import type { ArchiveCore } from '../core/archive-core';
import { AttachmentEntity } from '../db/entities';
import { dispatch } from '../ipc/dispatch';
import type { Handlers, SignedInCtx } from '../ipc/handler-types';
import { handlers } from '../ipc/handlers';

/** The CLI's client id: its session is the signed-in user's, like a window's. */
export const CLI_CLIENT = 'cli';

/**
 * The commands the app has no channel for, as channels of the same kind (schema, permission,
 * handler that audits): `cli.verify` checks the engine's storage, the audit chain and every
 * attachment's fixity, and needs audit.verify (administrators and auditors), as the app's
 * 审计链校验 does.
 */
const VerifyReport = z.object({
  integrity: z.string(),
  chain: AuditVerifyResult,
  attachments: z.object({ checked: z.number(), bad: z.array(z.string()) }),
});
export type VerifyReport = z.infer<typeof VerifyReport>;
const cliContract = {
  verify: channel({ req: z.object({}).strict(), res: VerifyReport, access: 'audit.verify' }),
  /** backup.create, telling the CLI its steps as they happen (see cliBackup). */
  backup: channel({ req: z.object({ path: z.string().trim().min(1).max(1000) }).strict(), res: BackupReport, access: 'backup.manage' }),
  /** `print covers --all`: the records to print, in selections print.startCovers takes (print.run, as printing). */
  coverPages: channel({ req: z.object({}).strict(), res: z.object({ pages: z.array(z.array(z.string())) }), access: 'print.run' }),
};

/** The print channel's largest selection (print.contract: Scope records ≤ 5,000). */
const COVER_PAGE = 5000;

/** Who hears a running CLI backup's steps (writing, verifying): one CLI command per core. */
const backupStages = new WeakMap<ArchiveCore, (stage: BackupStage) => void>();

const cliHandlers = {
  coverPages: async (c: SignedInCtx) => ({ pages: await c.core.services.print.coverPages(COVER_PAGE) }),
  backup: (c: SignedInCtx, r: { path: string }) => createBackup(c.core, { username: c.session.username }, r.path, (stage) => backupStages.get(c.core)?.(stage)),
  async verify(c: SignedInCtx): Promise<VerifyReport> {
    const { db, audit, attachments } = c.core.services;
    const integrity = await db.dialect.integrityCheck(db.ds);
    const chain: VerifyReport['chain'] =
      integrity === 'ok' ? await audit.verify() : { ok: false, checked: 0, lastSeq: 0, firstBadSeq: null, problem: null, lastHash: null };
    const fixity = { checked: 0, bad: [] as string[] };
    if (integrity === 'ok' && chain.ok) {
      // Fixity: decrypt and hash every attachment against the SHA-256 kept at ingest.
      const rows = await db.manager.find(AttachmentEntity, { select: { id: true }, order: { id: 'ASC' } });
      for (const { id } of rows) if (!(await attachments.verify(id)).ok) fixity.bad.push(id);
      fixity.checked = rows.length;
    }
    if (integrity === 'ok' && chain.ok && !fixity.bad.length) {
      // The stored name ("admin"), not what was typed ("Admin"): the entry is signed as that person.
      await audit.record({
        actor: c.session.username,
        action: 'cli.verify',
        details: {
          integrity,
          auditEntries: chain.checked,
          attachments: fixity.checked,
          leftoversCleared: leftoverCount(c.core.leftovers),
          orphaned: c.core.leftovers.quarantined.length,
        },
      });
    }
    return { integrity, chain, attachments: fixity };
  },
};

const channelOf = (name: string): Channel | undefined => (name.startsWith('cli.') ? (cliContract as Record<string, Channel>)[name.slice(4)] : getChannel(name));
const allHandlers = { ...handlers, cli: cliHandlers } as unknown as Handlers;

type ChannelOf<N extends string> = N extends `${infer A}.${infer K}`
  ? A extends Area
    ? K extends keyof Contract[A]
      ? Contract[A][K]
      : never
    : never
  : never;
type CliName = ChannelName | `cli.${keyof typeof cliContract}`;
type CliChannel<N extends CliName> = N extends `cli.${infer K extends keyof typeof cliContract}` ? (typeof cliContract)[K] : ChannelOf<N>;

/**
 * A CLI command's call: the same dispatch() as the app's windows and the web host (sender check →
 * schema → session + permission → handler → audit), as the user signed in on the CLI_CLIENT
 * session. A refusal throws the same AppError (and words) the app shows; `access.denied` is
 * audited by dispatch as for any call.
 */
export async function cliCall<N extends CliName>(core: ArchiveCore, name: N, payload: ReqIn<CliChannel<N>>): Promise<ResOf<CliChannel<N>>> {
  const r = await dispatch(core, allHandlers, { trusted: true, clientId: CLI_CLIENT, via: 'cli' }, name, payload, channelOf);
  if (!r.ok) throw new AppError(r.error.code, r.error);
  return r.value as ResOf<CliChannel<N>>;
}

/** `backup`: the app's backup through dispatch (backup.manage, audited by the backup), naming its steps as they happen. */
export async function cliBackup(core: ArchiveCore, path: string, onStage: (stage: BackupStage) => void): Promise<BackupReport> {
  backupStages.set(core, onStage);
  try {
    return await cliCall(core, 'cli.backup', { path });
  } finally {
    backupStages.delete(core);
  }
}
