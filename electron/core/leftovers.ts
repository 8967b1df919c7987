import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileAtomic } from './atomic-file';
import type { VaultPaths } from './paths';

/**
 * What killed uploads, backups and checks leave behind, and what happens to it when a process
 * opens the archive (under the folder lock, before anyone works, so nothing is half-way):
 *
 *  - `attachments/*.part`: an upload that never finished. Its file key was never stored, so the
 *    bytes can never be decrypted: deleted.
 *  - `attachments/*.enc` that no attachment row names: ciphertext whose wrapped key is not in this
 *    database. If it is truly orphaned (killed between rename and insert) it cannot be read by
 *    anyone; but a database put back by hand from an older copy would also leave newer files
 *    without rows, and their keys may live in another copy. So these are moved, not deleted, to
 *    `orphaned/` beside the store, where backups do not copy them and `verify` keeps naming them.
 *  - `.backup-*` / `.verify-*` folders: staging of a killed backup or check (an encrypted DB
 *    copy): deleted.
 *  - `NAME.tmp-PID` files in the data folder: an atomic write that died before its rename; the
 *    real file still holds the previous version: deleted.
 *  - a backup's `FILE.arbak.tmp-PID`, wherever it was being written: named in the marker
 *    `backup-pending.json` before the backup starts; never reported as a backup: deleted.
 */
export interface LeftoverReport {
  partialUploads: string[];
  orphansMoved: string[];
  staging: string[];
  tempFiles: string[];
  unfinishedBackups: string[];
  /** Files waiting in orphaned/ (moved now or earlier). */
  quarantined: string[];
}

export const emptyReport = (): LeftoverReport => ({ partialUploads: [], orphansMoved: [], staging: [], tempFiles: [], unfinishedBackups: [], quarantined: [] });

export function leftoverCount(r: LeftoverReport): number {
  return r.partialUploads.length + r.orphansMoved.length + r.staging.length + r.tempFiles.length + r.unfinishedBackups.length;
}

const ATOMIC_TMP = /^[A-Za-z0-9._-]+\.tmp-\d+$/;
const ARBAK_TMP = /\.arbak\.tmp-\d+$/i;

/** Marks a backup's temporary file, so a kill before its rename cannot leave it behind for good. */
export function markBackupPending(paths: VaultPaths, tmp: string): void {
  writeFileAtomic(paths.backupPending, JSON.stringify({ tmp }));
}

export function clearBackupPending(paths: VaultPaths): void {
  rmSync(paths.backupPending, { force: true });
}

function sweepBackupMarker(paths: VaultPaths, r: LeftoverReport): void {
  if (!existsSync(paths.backupPending)) return;
  try {
    const { tmp } = JSON.parse(readFileSync(paths.backupPending, 'utf8')) as { tmp?: unknown };
    // Only a path this app made: a .arbak.tmp-PID file, never anything else the marker could name.
    if (typeof tmp === 'string' && ARBAK_TMP.test(tmp) && existsSync(tmp) && statSync(tmp).isFile()) {
      rmSync(tmp, { force: true });
      r.unfinishedBackups.push(basename(tmp));
    }
  } catch {
    /* a damaged marker names nothing we may delete */
  }
  clearBackupPending(paths);
}

/** Everything that needs no database: run when the folder is taken. */
export function sweepFiles(paths: VaultPaths, r: LeftoverReport = emptyReport()): LeftoverReport {
  sweepBackupMarker(paths, r);
  for (const name of readdirSync(paths.dataDir)) {
    const p = join(paths.dataDir, name);
    if (/^\.(backup|verify|restore)-/.test(name)) {
      rmSync(p, { recursive: true, force: true });
      r.staging.push(name);
    } else if (ATOMIC_TMP.test(name) && statSync(p).isFile()) {
      rmSync(p, { force: true });
      r.tempFiles.push(name);
    }
  }
  if (existsSync(paths.attachments)) {
    for (const name of readdirSync(paths.attachments)) {
      if (!name.endsWith('.part')) continue;
      rmSync(join(paths.attachments, name), { force: true });
      r.partialUploads.push(name);
    }
  }
  return r;
}

/** Attachment files no row names go to orphaned/ (see above); `referenced` holds attachment ids. */
export function quarantineOrphans(paths: VaultPaths, referenced: ReadonlySet<string>, r: LeftoverReport = emptyReport()): LeftoverReport {
  if (existsSync(paths.attachments)) {
    for (const name of readdirSync(paths.attachments)) {
      if (!name.endsWith('.enc') || referenced.has(name.slice(0, -'.enc'.length))) continue;
      mkdirSync(paths.orphaned, { recursive: true, mode: 0o700 });
      let dest = join(paths.orphaned, name);
      for (let i = 1; existsSync(dest); i++) dest = join(paths.orphaned, `${name}.${i}`);
      renameSync(join(paths.attachments, name), dest);
      r.orphansMoved.push(name);
    }
  }
  r.quarantined = existsSync(paths.orphaned) ? readdirSync(paths.orphaned).sort() : [];
  return r;
}

/** Lines for `verify`: what was cleared at this start and what waits in orphaned/. */
export function leftoverLines(r: LeftoverReport): string[] {
  const lines: string[] = [];
  const list = (xs: string[]) => xs.slice(0, 10).join(', ') + (xs.length > 10 ? ` … (+${xs.length - 10})` : '');
  if (r.partialUploads.length)
    lines.push(`已删除 ${r.partialUploads.length} 个未完成的上传 / deleted ${r.partialUploads.length} unfinished upload(s): ${list(r.partialUploads)}`);
  if (r.unfinishedBackups.length)
    lines.push(
      `已删除 ${r.unfinishedBackups.length} 个未完成的备份 / deleted ${r.unfinishedBackups.length} unfinished backup file(s): ${list(r.unfinishedBackups)}`,
    );
  if (r.staging.length)
    lines.push(`已删除 ${r.staging.length} 个中断的备份/检查暂存 / deleted ${r.staging.length} staging folder(s) of interrupted backups or checks`);
  if (r.tempFiles.length)
    lines.push(
      `已删除 ${r.tempFiles.length} 个中断写入的临时文件 / deleted ${r.tempFiles.length} temporary file(s) of interrupted writes: ${list(r.tempFiles)}`,
    );
  if (r.orphansMoved.length)
    lines.push(
      `已移走 ${r.orphansMoved.length} 个无记录的附件文件到 orphaned/ / moved ${r.orphansMoved.length} attachment file(s) without a record to orphaned/: ${list(r.orphansMoved)}`,
    );
  if (r.quarantined.length) {
    lines.push(
      `orphaned/ 中有 ${r.quarantined.length} 个无记录的加密附件文件（本库无法解密；如无其他副本需要，可删除）/ orphaned/ holds ${r.quarantined.length} encrypted file(s) no record names (this archive cannot decrypt them; delete them if no other copy of the database needs them)`,
    );
  }
  return lines;
}
