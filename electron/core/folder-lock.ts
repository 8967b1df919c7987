import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import sqlite from '@journeyapps/sqlcipher';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import { writeFileAtomic } from './atomic-file';

/**
 * One process per data folder.
 *
 * The lock is an operating-system file lock, taken through SQLite on an empty, unencrypted file
 * `archive.lock` in the data folder: `BEGIN EXCLUSIVE` in exclusive locking mode, with the
 * transaction left open for as long as the folder is held. SQLite locks with fcntl() on Linux and
 * LockFileEx() on Windows, both of which the kernel drops when the process ends however it ends
 * (kill -9, power cut of the process, crash), so a dead holder never leaves a stale lock and no
 * pid-liveness guessing (pid reuse, clock skew, other hosts) is needed. SQLite also tracks its
 * own locks per file inside one process, so a second holder in the same process is refused too.
 * The lock file is never deleted: deleting a lock file is how two holders end up with two files.
 *
 * Who holds the lock (app, web host or CLI, pid, host, since when) is written beside it to
 * `archive.lock.json` by the holder after it has the lock; it is only ever read to word the
 * message for the next opener, never trusted to decide anything.
 */
export type HolderKind = 'app' | 'web' | 'cli' | 'tool';

export const LOCK_FILE = 'archive.lock';
export const LOCK_INFO_FILE = 'archive.lock.json';
/** Files that belong to the lock, not to an archive (a restore target holding only these is empty). */
export const LOCK_FILES: readonly string[] = [LOCK_FILE, LOCK_INFO_FILE];

const Holder = z.object({
  kind: z.enum(['app', 'web', 'cli', 'tool']),
  detail: z.string().max(80).optional(),
  pid: z.number().int(),
  host: z.string().max(255),
  since: z.string(),
});
export type LockHolder = z.infer<typeof Holder>;

/** "the Archive Room CLI (search): process 123 on PC-1, since …" in both languages. */
export function describeHolder(h: LockHolder | null): { zh: string; en: string } {
  return h ? ERR.storage.folderHolder(h.kind, h.detail, h.pid, h.host, h.since) : ERR.storage.folderHolderUnknown;
}

/** The message the second opener sees: who holds the folder and what to do. */
export function heldMessage(h: LockHolder | null, waitedMs = 0): { zh: string; en: string } {
  return ERR.storage.folderHeld(describeHolder(h), waitedMs > 0 ? Math.round(waitedMs / 1000) : null);
}

export interface AcquireOptions {
  kind: HolderKind;
  detail?: string;
  /** Keep trying this long before giving up (read-only CLI commands: `--wait SECONDS`). */
  waitMs?: number;
  pollMs?: number;
  now?: () => number;
  /** Told once, when the folder is found held and waiting begins (the CLI says who it waits for). */
  onWait?: (holder: LockHolder | null) => void;
}

type Db = InstanceType<typeof sqlite.Database>;

function openDb(file: string): Promise<Db> {
  return new Promise((resolve, reject) => {
    const db: Db = new sqlite.Database(file, sqlite.OPEN_READWRITE | sqlite.OPEN_CREATE, (err) => (err ? reject(err) : resolve(db)));
  });
}

function exec(db: Db, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
}

function closeDb(db: Db): Promise<void> {
  return new Promise((resolve) => db.close(() => resolve()));
}

const isBusy = (e: unknown) => /SQLITE_BUSY|SQLITE_LOCKED|database is locked/i.test(String((e as Error)?.message ?? e));

export function readHolder(dataDir: string): LockHolder | null {
  try {
    const r = Holder.safeParse(JSON.parse(readFileSync(join(dataDir, LOCK_INFO_FILE), 'utf8')));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export class FolderLock {
  private constructor(
    readonly dataDir: string,
    private db: Db | null,
    readonly holder: LockHolder,
  ) {}

  /** Takes the folder or throws FOLDER_IN_USE naming the holder. */
  static async acquire(dataDir: string, o: AcquireOptions): Promise<FolderLock> {
    const now = o.now ?? Date.now;
    const started = now();
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = join(dataDir, LOCK_FILE);
    // Created here with owner-only rights: SQLite would create it with 0644.
    closeSync(openSync(file, 'a', 0o600));
    let told = false;
    for (;;) {
      const db = await openDb(file);
      try {
        db.configure('busyTimeout', 0);
        // No journal: nothing is ever written; the open exclusive transaction is the lock.
        await exec(db, 'PRAGMA journal_mode = OFF; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE');
      } catch (e) {
        await closeDb(db);
        if (!isBusy(e)) throw e;
        const waited = now() - started;
        if (waited < (o.waitMs ?? 0)) {
          if (!told) o.onWait?.(await holderSoon(dataDir));
          told = true;
          await new Promise((r) => setTimeout(r, o.pollMs ?? 250));
          continue;
        }
        const holder = await holderSoon(dataDir);
        throw new AppError('FOLDER_IN_USE', heldMessage(holder, waited));
      }
      const holder: LockHolder = {
        kind: o.kind,
        detail: o.detail?.slice(0, 80),
        pid: process.pid,
        host: hostname().slice(0, 255),
        since: new Date(now()).toISOString(),
      };
      writeFileAtomic(join(dataDir, LOCK_INFO_FILE), JSON.stringify(holder));
      return new FolderLock(dataDir, db, holder);
    }
  }

  get held(): boolean {
    return this.db !== null;
  }

  async release(): Promise<void> {
    const db = this.db;
    if (!db) return;
    this.db = null;
    // Our own description goes first; after the close someone else may write theirs.
    if (readHolder(this.dataDir)?.pid === process.pid) rmSync(join(this.dataDir, LOCK_INFO_FILE), { force: true });
    await closeDb(db);
  }
}

/** The holder writes its description right after taking the lock: give it a moment to appear. */
async function holderSoon(dataDir: string): Promise<LockHolder | null> {
  for (let i = 0; i < 5; i++) {
    const h = readHolder(dataDir);
    if (h) return h;
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}
