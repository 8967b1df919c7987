import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { RestoreRequest, RestoreResult } from '../../shared/contract/data.contract';
import { fileStamp } from '../../shared/domain/archive-time';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { ArchiveCore } from '../core/archive-core';
import { FolderLock } from '../core/folder-lock';
import { isDiskFull } from '../core/internal-log';
import type { Actor } from '../services/actor';
import { restoreBackup } from './restore';

/**
 * Restoring a backup, for the CLI (`restore FILE --data-dir EMPTY_DIR`) and the app (backup.restore)
 * alike: both go through restoreToFolder, which checks the backup (its own administrator and
 * password, hashes, integrity, audit chain) and renames the copy into an empty folder.
 */

/** How to start Archive Room on a folder. The app keeps no "current folder" pointer: the folder is named at start. */
export function startCommands(dataDir: string): RestoreResult['startWith'] {
  const q = /[\s"']/.test(dataDir) ? `"${dataDir}"` : dataDir;
  return { app: `--data-dir ${q}`, webHost: `npm run start:web -- --data-dir ${q}`, env: `ARCHIVE_ROOM_DATA=${q}` };
}

export async function restoreToFolder(i: {
  file: string;
  target: string;
  username: string;
  password: string;
  now: () => string;
  fileName?: string;
  /** A PostgreSQL URL: restore the tables into that empty database (moving an archive between engines). */
  database?: string;
}): Promise<RestoreResult> {
  const r = await restoreBackup(i.file, i.target, i.username, i.password, i.now, i.fileName ?? basename(i.file), { database: i.database });
  return {
    dataDir: r.dataDir,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    restoredBy: r.restoredBy,
    timeZone: r.timeZone,
    stats: r.stats,
    notice: r.notice,
    startWith: startCommands(r.dataDir),
  };
}

/** "<data folder>-restored-20261203-1408" beside the data folder in use, made unique with -2, -3 … */
export function newRestoreFolder(dataDir: string, stamp: string): string {
  const stem = join(dirname(dataDir), `${basename(dataDir)}-restored-${stamp}`);
  let p = stem;
  for (let n = 2; existsSync(p); n++) p = `${stem}-${n}`;
  return p;
}

const restoring = new WeakSet<ArchiveCore>();

/**
 * The app's restore: the file (uploaded, or named by its full path on this computer) goes into a NEW
 * folder next to the current data folder, never over the archive in use. The new folder is held
 * (folder lock) while it is written, so nothing can start on it half-made; a refused or failed
 * restore leaves no folder behind. Audited in the archive in use (done or refused, with why) as well
 * as inside the copy (restore.ts).
 */
export async function restoreFromApp(core: ArchiveCore, actor: Actor, req: RestoreRequest): Promise<RestoreResult> {
  if (restoring.has(core)) throw new AppError('CONFLICT', ERR.restore.running);
  restoring.add(core);
  const src = req.source;
  const fileName = basename(src.kind === 'upload' ? src.fileName : src.path);
  const upload = src.kind === 'upload' ? join(core.paths.dataDir, `.restore-upload-${core.newId()}.arbak`) : null;
  let target: string | null = null;
  let result: RestoreResult;
  try {
    let file: string;
    if (src.kind === 'path') {
      if (!isAbsolute(src.path)) throw new AppError('VALIDATION', ERR.restore.pathRelative);
      if (!src.path.toLowerCase().endsWith('.arbak')) throw new AppError('VALIDATION', ERR.restore.pathExtension);
      if (!existsSync(src.path)) throw new AppError('NOT_FOUND', ERR.restore.fileNotFound(src.path));
      file = src.path;
    } else {
      if (!fileName.toLowerCase().endsWith('.arbak')) throw new AppError('VALIDATION', ERR.restore.uploadExtension);
      writeFileSync(upload!, Buffer.from(src.dataBase64, 'base64'), { flag: 'wx', mode: 0o600 });
      file = upload!;
    }
    target = newRestoreFolder(core.paths.dataDir, fileStamp(core.now(), await core.services.settings.timeZone()));
    try {
      mkdirSync(target, { mode: 0o700 });
    } catch (e) {
      target = null;
      if (isDiskFull(e)) throw new AppError('DISK_FULL');
      throw new AppError('VALIDATION', ERR.restore.cannotMakeFolder(dirname(core.paths.dataDir)));
    }
    const lock = await FolderLock.acquire(target, { kind: 'tool', detail: 'restore' });
    try {
      result = await restoreToFolder({ file, target, username: req.username || actor.username, password: req.password, now: core.nowIso, fileName });
    } finally {
      await lock.release();
    }
  } catch (e) {
    // Nothing half-written: without its keyring the new folder is no archive, so it goes entirely.
    if (target && !existsSync(join(target, 'keyring.json'))) rmSync(target, { recursive: true, force: true });
    await core.services.audit
      .record({
        actor: actor.username,
        action: 'backup.restore.refused',
        details: { file: fileName, code: e instanceof AppError ? e.code : 'INTERNAL' },
      })
      .catch(() => undefined);
    throw e;
  } finally {
    if (upload) rmSync(upload, { force: true });
    restoring.delete(core);
  }
  await core.services.audit.record({
    actor: actor.username,
    action: 'backup.restore',
    details: {
      file: fileName,
      into: result.dataDir,
      backupCreatedAt: result.createdAt,
      backupCreatedBy: result.createdBy,
      restoredAs: result.restoredBy,
      ...result.stats,
    },
  });
  return result;
}
