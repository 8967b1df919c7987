import { AppError } from '../../shared/errors';
import type { AuditService } from './audit.service';

export interface RefusalEntry {
  actor: string;
  /** A literal "<area>.<step>.refused" code, so the words table and its scan can see it. */
  action: `${string}.refused`;
  /** Read when the refusal happens: the step may learn what it is about on the way. */
  subject: () => string | null;
  details?: () => Record<string, unknown>;
}

/**
 * Runs one step of a procedure; when the step refuses (an AppError), the refusal is written to
 * the audit trail — actor, what was refused and why — in its own entry, after the step's own
 * transaction has rolled back, and the refusal goes on to the caller unchanged.
 */
export async function auditRefusals<T>(audit: AuditService, e: RefusalEntry, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof AppError) {
      try {
        await audit.record({
          actor: e.actor,
          action: e.action,
          subject: e.subject(),
          details: { ...e.details?.(), code: err.code, reason: err.zh, reasonEn: err.en },
        });
      } catch {
        /* the refusal stands even if the vault closed meanwhile */
      }
    }
    throw err;
  }
}
