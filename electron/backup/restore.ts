import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import { LOCK_FILES } from '../core/folder-lock';
import { vaultPaths } from '../core/paths';
import { DataSource } from 'typeorm';
import { targetForSetup } from '../core/db-target';
import { Database } from '../db/database';
import { checkpoint, DB_FILES } from '../db/dialect';
import { isPostgresUrl, postgresOptions, redactUrl } from '../db/dialect-postgres';
import { dialectOf } from '../db/engine';
import { ENTITIES } from '../db/entities';
import { countTables, loadTables, readTables } from './table-copy';
import { UserEntity } from '../db/entities/user.entity';
import { AuditService } from '../services/audit.service';
import { SettingsService } from '../services/settings.service';
import { loadVaultSecrets } from '../vault/vault-secrets';
import { checkBackup, damaged, type BackupStats, type CheckedBackup } from './check-backup';

const TEMP_PREFIX = '.restoring-';

export interface RestoreReport {
  dataDir: string;
  vaultId: string;
  createdAt: string;
  createdBy: string;
  stats: BackupStats;
  /** What the restore screen must say about destroyed records (their keys were destroyed). */
  notice: { zh: string; en: string };
  /** The administrator (of the backup) who restored it; the restored archive's audit names them too. */
  restoredBy: string;
  /** The restored archive's time zone, in which its times (createdAt too) are shown. */
  timeZone: string;
  /** Where its tables now are: a SQLCipher file in the folder, or the PostgreSQL database named. */
  engine: 'sqlcipher' | 'postgres';
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
  // The folder lock's own files (the CLI holds the target while restoring) are not an archive.
  const all = readdirSync(dataDir).filter((f) => !LOCK_FILES.includes(f));
  const interrupted = all.some((f) => f.startsWith(TEMP_PREFIX)) && !all.includes('keyring.json');
  const left = interrupted ? [] : all.filter((f) => !f.startsWith(TEMP_PREFIX));
  if (left.length > 0) {
    throw new AppError('CONFLICT', ERR.restore.folderNotEmpty(dataDir));
  }
}

/**
 * Restores a backup into an EMPTY data folder. Everything is first extracted into a temporary
 * folder inside the target and proven sound (manifest HMAC under the vault key unwrapped from the
 * backup's keyring with the user's password, every hash, integrity_check, audit chain).
 *
 * Only an active administrator OF THE BACKUP may restore it: the restored archive is the
 * backup's, with the backup's users, and the target folder holds no archive whose users could be
 * asked. The restore is audited inside the copy (actor, file, when the backup was made) before it
 * becomes an archive, so the archive appears with that entry or not at all.
 *
 * Then the files are renamed into place with keyring.json LAST: a folder without a keyring is not
 * an archive (setup treats leftover DB files as debris), so a crash at any moment leaves no
 * archive or the whole one.
 */
export async function restoreBackup(
  file: string,
  dataDir: string,
  username: string,
  password: string,
  now: () => string = () => new Date().toISOString(),
  /** The name recorded in the copy's audit entry (an uploaded file's own name, not its temporary one). */
  fileName: string = basename(file),
  /** A PostgreSQL URL: the tables go into that (empty) database instead of a SQLCipher file. */
  o: { database?: string } = {},
): Promise<RestoreReport> {
  if (!existsSync(file)) throw new AppError('NOT_FOUND', ERR.restore.fileNotFound(file));
  requireEmpty(dataDir);
  const pg = isPostgresUrl(o.database) ? o.database : null;
  if (pg) await requireEmptyDatabase(pg);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  for (const f of readdirSync(dataDir)) if (!LOCK_FILES.includes(f)) rmSync(join(dataDir, f), { recursive: true, force: true });
  const work = join(dataDir, `${TEMP_PREFIX}${process.pid}-${Date.now()}`);
  mkdirSync(work, { mode: 0o700 });
  try {
    const checked = await checkBackup(file, work, { extractAll: true, username, password });
    let restoredBy: string;
    let timeZone: string;
    try {
      ({ restoredBy, timeZone } = await auditRestore(join(work, 'archive.db'), checked, fileName, now));
      // Into PostgreSQL: the checked copy (restore entry included) is loaded table by table.
      if (pg) await copyIntoPostgres(join(work, 'archive.db'), pg, checked, now);
    } finally {
      checked.vaultKey.fill(0);
    }
    const p = vaultPaths(dataDir);
    mkdirSync(join(work, 'attachments'), { recursive: true, mode: 0o700 });
    fsyncDir(work);
    if (!pg) for (const f of DB_FILES(join(work, 'archive.db'))) if (existsSync(f)) renameSync(f, join(dataDir, f.slice(work.length + 1)));
    renameSync(join(work, 'attachments'), p.attachments);
    // Which database holds the tables (no password in it: see db-target.ts).
    if (pg) targetForSetup(p, pg);
    fsyncDir(dataDir);
    // The keyring last: from this rename on, and only from it, the folder is an archive.
    renameSync(join(work, 'keyring.json'), p.keyring);
    fsyncDir(dataDir);
    const d = checked.stats.destroyedRecords;
    return {
      dataDir,
      vaultId: checked.manifest.vaultId,
      createdAt: checked.manifest.createdAt,
      createdBy: checked.manifest.createdBy,
      stats: checked.stats,
      restoredBy,
      timeZone,
      engine: pg ? 'postgres' : 'sqlcipher',
      notice: {
        zh: `备份中有 ${d} 件档案已销毁。已销毁档案的电子附件无法恢复：其文件密钥在销毁时已被销毁，备份也不会让它们复原。`,
        en: `${d} record(s) in this backup are destroyed. Their electronic attachments cannot come back: their file keys were destroyed, and a backup does not restore them.`,
      },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The target database must hold no table at all: a restore never mixes with what is there. */
async function requireEmptyDatabase(url: string): Promise<void> {
  if (await Database.hasArchive({ engine: 'postgres', url })) throw new AppError('CONFLICT', ERR.restore.databaseHoldsArchive(redactUrl(url)));
  const ds = new DataSource({ ...(await postgresOptions(url)), entities: ENTITIES });
  await ds.initialize();
  try {
    if (!(await dialectOf(ds).isEmpty(ds))) throw new AppError('CONFLICT', ERR.restore.databaseHasTables(redactUrl(url)));
  } finally {
    await ds.destroy();
  }
}

/**
 * Loads the checked SQLCipher copy into the empty PostgreSQL database: migrations, then every table
 * in one transaction, then the same proof as a backup check (every table's count equal, the audit
 * chain sound on PostgreSQL). Anything failing drops what was made, so the database is empty again.
 */
async function copyIntoPostgres(dbFile: string, url: string, checked: CheckedBackup, now: () => string): Promise<void> {
  const source = await Database.open(dbFile, checked.vaultKey);
  let target: Database | null = null;
  try {
    const want = await countTables(source.manager);
    target = await Database.open({ engine: 'postgres', url }, checked.vaultKey);
    await loadTables(target.ds, readTables(source.manager), checked.vaultKey);
    const got = await countTables(target.manager);
    const differs = Object.keys(want).find((t) => want[t] !== got[t]);
    if (differs) throw new Error(`row count of ${differs} differs after loading`);
    const secrets = await target.write((m) => loadVaultSecrets(m, randomBytes, checked.vaultKey));
    const chain = await new AuditService(target, secrets.auditHmac, now, checked.signers).verify();
    if (!chain.ok) throw new Error(`audit chain broken at ${chain.firstBadSeq} after loading`);
  } catch (e) {
    const ds = target?.ds;
    if (ds?.isInitialized)
      await dialectOf(ds)
        .dropEverything(ds)
        .catch(() => undefined);
    else await dropDatabaseTables(url);
    throw e;
  } finally {
    await target?.close();
    await source.close();
  }
}

/** Clears a database a failed restore wrote into (it was empty before). */
async function dropDatabaseTables(url: string): Promise<void> {
  const ds = new DataSource({ ...(await postgresOptions(url)), entities: ENTITIES });
  try {
    await ds.initialize();
    await dialectOf(ds).dropEverything(ds);
  } catch {
    // Unreachable now: nothing more can be done from here; the error that stopped the restore is reported.
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
}

/** Refuses anyone but an active administrator of the backup, then records the restore in the copy. */
async function auditRestore(dbFile: string, checked: CheckedBackup, fileName: string, now: () => string): Promise<{ restoredBy: string; timeZone: string }> {
  const db = await Database.open(dbFile, checked.vaultKey).catch(() => {
    throw damaged(ERR.backup.dbCopyUnopenable);
  });
  try {
    const user = checked.userId ? await db.manager.findOneBy(UserEntity, { id: checked.userId }) : null;
    if (!user || !user.active || user.role !== 'admin') {
      throw new AppError('FORBIDDEN', ERR.restore.adminOnly);
    }
    if (checked.keys) checked.signers.hold(user.username, user.id, checked.keys);
    const secrets = await db.write((m) => loadVaultSecrets(m, randomBytes));
    const audit = new AuditService(db, secrets.auditHmac, now, checked.signers);
    await db.write((m) =>
      audit.append(m, {
        actor: user.username,
        action: 'backup.restore',
        details: {
          file: fileName,
          backupCreatedAt: checked.manifest.createdAt,
          backupCreatedBy: checked.manifest.createdBy,
          backupAuditSeq: checked.manifest.audit.lastSeq,
          vaultId: checked.manifest.vaultId,
        },
      }),
    );
    // Into the main file: the copy moves into place as archive.db alone (plus any WAL, renamed too).
    await checkpoint(db.ds);
    return { restoredBy: user.username, timeZone: await new SettingsService(db).timeZone() };
  } finally {
    await db.close();
  }
}
