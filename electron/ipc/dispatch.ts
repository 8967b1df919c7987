import { getChannel } from '../../shared/contract';
import type { Channel } from '../../shared/contract/channel';
import { AppError, type AppErrorShape, type Result } from '../../shared/errors';
import { isAllowed } from '../../shared/permissions';
import type { ArchiveCore } from '../core/archive-core';
import { internalError } from '../core/internal-log';
import { toFieldIssues } from './field-issues';
import type { Handlers, SignedInCtx } from './handler-types';

export interface CallSource {
  /** Whether the transport vouched for the caller (Electron frame URL, web host token + origin). */
  trusted: boolean;
  clientId: string;
  /** Set by the CLI (its own session, same path): handlers that record where a call came from use it. */
  via?: 'cli';
}

/**
 * The one path every call takes, whatever the transport:
 * sender check → schema → session + permission → handler → response schema → Result.
 * Handlers append their own audit entries (with before/after); refusals are audited here.
 */
export async function dispatch(
  core: ArchiveCore,
  handlers: Handlers,
  src: CallSource,
  name: string,
  payload: unknown,
  // The CLI adds its own commands (verify) as channels of the same kind: see electron/cli/cli-dispatch.ts.
  channelOf: (name: string) => Channel | undefined = getChannel,
): Promise<Result<unknown>> {
  try {
    if (!src.trusted) throw new AppError('BAD_SENDER');
    const ch = channelOf(name);
    if (!ch) throw new AppError('UNKNOWN_CHANNEL');
    const parsed = ch.req.safeParse(payload ?? {});
    if (!parsed.success) throw new AppError('VALIDATION', { fields: toFieldIssues(parsed.error) });

    const session = await core.sessionFor(src.clientId);
    if (ch.access !== 'public') {
      if (!session) throw new AppError('UNAUTHENTICATED');
      if (session.locked) throw new AppError('LOCKED');
      if (session.mustChangePassword && !name.startsWith('auth.')) throw new AppError('MUST_CHANGE_PASSWORD');
      if (ch.access !== 'session' && !isAllowed(session.role, ch.access)) {
        await auditDenied(core, session.username, name);
        throw new AppError('FORBIDDEN');
      }
      if (!ch.passive) core.touch(session);
    }
    const [area, action] = name.split('.') as [keyof Handlers, string];
    const fn = (handlers[area] as unknown as Record<string, (c: SignedInCtx, r: unknown) => Promise<unknown>>)[action];
    const value = await fn({ core, clientId: src.clientId, session: session as SignedInCtx['session'], via: src.via }, parsed.data);
    // Parsing the response strips anything not in the contract: keys and internals never leave.
    return { ok: true, value: ch.res.parse(value) };
  } catch (err) {
    return { ok: false, error: toErrorShape(err) };
  }
}

export function toErrorShape(err: unknown): AppErrorShape {
  if (err instanceof AppError) return err.toShape();
  // Unexpected: the log gets an id and the error's class and code, never its message or SQL
  // parameters (residents' data); the user gets the same id and "nothing changed" (writes are
  // transactional).
  return internalError('dispatch', err).toShape();
}

async function auditDenied(core: ArchiveCore, actor: string, channelName: string): Promise<void> {
  try {
    await core.services.audit.record({ actor, action: 'access.denied', details: { channel: channelName } });
  } catch {
    /* the refusal stands even if the vault closed meanwhile */
  }
}
