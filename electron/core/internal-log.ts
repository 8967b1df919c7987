import { randomBytes } from 'node:crypto';
import { AppError, ERROR_MESSAGES } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';

/**
 * The only way unexpected errors reach a log: a random id, the error's class and its code
 * (SQLITE_CONSTRAINT, ENOSPC …). Never the message, the stack's first line or the SQL and its
 * parameters: those carry residents' names, ID numbers and health notes. The id goes to the user
 * too, so a report can be matched with the log line.
 */
export function logInternalError(where: string, err: unknown, write: (line: string) => void = (l) => process.stderr.write(l)): string {
  const id = randomBytes(4).toString('hex');
  write(`[archive-room] ${where}: internal error ${id} (${errorKind(err)})\n`);
  return id;
}

export function errorKind(err: unknown): string {
  if (err === null || typeof err !== 'object') return typeof err;
  const name = (err as { constructor?: { name?: unknown } }).constructor?.name;
  const code = (err as { code?: unknown }).code;
  const safeName = typeof name === 'string' && /^[A-Za-z0-9_]{1,40}$/.test(name) ? name : 'Error';
  const safeCode = typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? ` ${code}` : '';
  return `${safeName}${safeCode}`;
}

export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'SQLITE_FULL' || /SQLITE_FULL|ENOSPC/.test(String((err as Error | null)?.message ?? ''));
}

/** The user's side of an unexpected error: "nothing changed", with the id of the log line. */
export function internalError(where: string, err: unknown): AppError {
  const id = logInternalError(where, err);
  // A full disk is the one unexpected error the user can mend: say so.
  const base = isDiskFull(err) ? ERROR_MESSAGES.DISK_FULL : ERROR_MESSAGES.INTERNAL;
  return new AppError(isDiskFull(err) ? 'DISK_FULL' : 'INTERNAL', ERR.storage.withErrorId(base, id));
}
