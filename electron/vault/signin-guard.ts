import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../core/atomic-file';

const GuardFile = z.object({
  failures: z.record(z.string(), z.object({ count: z.number().int(), lastAt: z.number() })),
  /** Failed sign-ins happen while the DB is locked; they wait here for the audit trail. */
  pending: z.array(z.object({ at: z.string(), action: z.string(), username: z.string() })),
});
type GuardFile = z.infer<typeof GuardFile>;

/** Free attempts before the delay starts, then 2 s, 4 s, 8 s … capped at 5 minutes. */
export function delayAfter(failures: number): number {
  const free = 3;
  if (failures < free) return 0;
  return Math.min(2000 * 2 ** (failures - free), 5 * 60_000);
}

/**
 * Growing delay after failed sign-ins, kept in a small file so that restarting the app
 * does not reset it. It holds user names and counters only.
 */
export class SignInGuard {
  private data: GuardFile;

  constructor(private readonly path: string) {
    this.data = { failures: {}, pending: [] };
    if (existsSync(path)) {
      try {
        this.data = GuardFile.parse(JSON.parse(readFileSync(path, 'utf8')));
      } catch {
        // A damaged guard file must not lock everyone out; start counting again.
      }
    }
  }

  /** Milliseconds the user must still wait before trying again (0 = may try now). */
  waitMs(username: string, nowMs: number): number {
    const f = this.data.failures[username];
    if (!f) return 0;
    return Math.max(0, f.lastAt + delayAfter(f.count) - nowMs);
  }

  recordFailure(username: string, nowMs: number, iso: string, action = 'auth.signIn.failed'): void {
    const f = this.data.failures[username] ?? { count: 0, lastAt: 0 };
    this.data.failures[username] = { count: f.count + 1, lastAt: nowMs };
    this.data.pending.push({ at: iso, action, username });
    this.save();
  }

  recordSuccess(username: string): void {
    if (this.data.failures[username]) {
      delete this.data.failures[username];
      this.save();
    }
  }

  takePending(): GuardFile['pending'] {
    const p = this.data.pending;
    if (p.length === 0) return p;
    this.data.pending = [];
    this.save();
    return p;
  }

  private save(): void {
    writeFileAtomic(this.path, JSON.stringify(this.data));
  }
}
