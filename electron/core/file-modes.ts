import { chmodSync, closeSync, existsSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Owner-only rights on everything in the data folder: the folder and its sub-folders 0700, files
 * 0600. Every office PC user can otherwise copy archive.db and its WAL (SQLite creates them 0644).
 * Applied when a process takes the folder (so existing installations are tightened too) and after
 * the database opens (the WAL and SHM are created then, with the database file's rights).
 *
 * Windows has no POSIX modes (chmod only toggles read-only); there the data folder lives under
 * the user's own %APPDATA%, whose ACL already keeps other users out. Nothing is changed there.
 */
export const OWNER_ONLY = process.platform !== 'win32';

export function tighten(path: string): void {
  if (!OWNER_ONLY) return;
  try {
    const st = statSync(path);
    const want = st.isDirectory() ? 0o700 : 0o600;
    if ((st.mode & 0o777) !== want) chmodSync(path, want);
  } catch {
    // Vanished meanwhile (a temporary file renamed) or not ours to change: nothing to tighten.
  }
}

/** The data folder, its files, and one level of sub-folders (attachments, orphaned, staging). */
export function tightenDataFolder(dataDir: string): void {
  if (!OWNER_ONLY || !existsSync(dataDir)) return;
  tighten(dataDir);
  for (const name of readdirSync(dataDir)) {
    const p = join(dataDir, name);
    tighten(p);
    try {
      if (statSync(p).isDirectory()) for (const inner of readdirSync(p)) tighten(join(p, inner));
    } catch {
      /* vanished meanwhile */
    }
  }
}

/** Creates an empty file with owner-only rights before SQLite opens it (SQLite would use 0644). */
export function createOwnerOnly(path: string): void {
  if (existsSync(path)) return tighten(path);
  closeSync(openSync(path, 'a', 0o600));
}
