import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { vaultPaths } from '../core/paths';
import { DB_FILES } from '../db/dialect';
import { checkBackup, type BackupStats } from './check-backup';

const TEMP_PREFIX = '.restoring-';

export interface RestoreReport {
  dataDir: string;
  vaultId: string;
  createdAt: string;
  createdBy: string;
  stats: BackupStats;
  /** What the restore screen must say about destroyed records (their keys were destroyed). */
  notice: { zh: string; en: string };
}

export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot fsync a folder; renames there are still atomic.
  }
}

/**
 * Empty, or holding only what an interrupted restore left behind: its temporary folder is removed
 * only after the keyring is in place, so "temporary folder present, no keyring" means debris.
 */
function requireEmpty(dataDir: string): void {
  if (!existsSync(dataDir)) return;
  const all = readdirSync(dataDir);
  const interrupted = all.some((f) => f.startsWith(TEMP_PREFIX)) && !all.includes('keyring.json');
  const left = interrupted ? [] : all.filter((f) => !f.startsWith(TEMP_PREFIX));
  if (left.length > 0) {
    throw new AppError('CONFLICT', {
      zh: `恢复只能写入空文件夹，${dataDir} 中已有文件。为免覆盖现有档案库，请另选一个空文件夹。`,
      en: `A restore only goes into an empty folder; ${dataDir} is not empty. Choose an empty folder so no archive is overwritten.`,
    });
  }
}

/**
 * Restores a backup into an EMPTY data folder. Everything is first extracted into a temporary
 * folder inside the target and proven sound (manifest HMAC under the vault key unwrapped from the
 * backup's keyring with the user's password, every hash, integrity_check, audit chain). Then the
 * files are renamed into place with keyring.json LAST: a folder without a keyring is not an archive
 * (setup treats leftover DB files as debris), so a crash at any moment leaves no archive or the whole one.
 */
export async function restoreBackup(file: string, dataDir: string, username: string, password: string): Promise<RestoreReport> {
  if (!existsSync(file)) throw new AppError('NOT_FOUND', { zh: `找不到备份文件 ${file}。`, en: `Backup file ${file} not found.` });
  requireEmpty(dataDir);
  mkdirSync(dataDir, { recursive: true });
  for (const f of readdirSync(dataDir)) rmSync(join(dataDir, f), { recursive: true, force: true });
  const work = join(dataDir, `${TEMP_PREFIX}${process.pid}-${Date.now()}`);
  mkdirSync(work);
  try {
    const checked = await checkBackup(file, work, { extractAll: true, username, password });
    checked.vaultKey.fill(0);
    const p = vaultPaths(dataDir);
    mkdirSync(join(work, 'attachments'), { recursive: true });
    fsyncDir(work);
    for (const f of DB_FILES(join(work, 'archive.db'))) if (existsSync(f)) renameSync(f, join(dataDir, f.slice(work.length + 1)));
    renameSync(join(work, 'attachments'), p.attachments);
    fsyncDir(dataDir);
    // The keyring last: from this rename on, and only from it, the folder is an archive.
    renameSync(join(work, 'keyring.json'), p.keyring);
    fsyncDir(dataDir);
    const d = checked.stats.destroyedRecords;
    return {
      dataDir, vaultId: checked.manifest.vaultId, createdAt: checked.manifest.createdAt, createdBy: checked.manifest.createdBy, stats: checked.stats,
      notice: {
        zh: `备份中有 ${d} 件档案已销毁。已销毁档案的电子附件无法恢复：其文件密钥在销毁时已被销毁，备份也不会让它们复原。`,
        en: `${d} record(s) in this backup are destroyed. Their electronic attachments cannot come back: their file keys were destroyed, and a backup does not restore them.`,
      },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
