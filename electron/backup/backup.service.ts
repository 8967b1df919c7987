import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { BackupReport, BackupStatus } from '../../shared/contract/data.contract';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { ArchiveCore } from '../core/archive-core';
import { copyDatabaseFile } from '../db/dialect';
import type { EntityManager } from 'typeorm';
import { AuditEntryEntity } from '../db/entities/audit-entry.entity';
import { AttachmentEntity } from '../db/entities/record.entity';
import { SettingEntity } from '../db/entities/setting.entity';
import { writeRowsFile } from './rows-file';
import { readTables } from './table-copy';
import type { Actor } from '../services/actor';
import { checkBackup } from './check-backup';
import { ContainerWriter } from './container';
import { MANIFEST_NAME, manifestMac, type Manifest } from './manifest';
import { fsyncDir } from './restore';
import { clearBackupPending, markBackupPending } from '../core/leftovers';
import { checkSchedule } from '../../shared/domain/backup-schedule';
import { readSchedule } from './schedule-store';

const LAST_BACKUP_KEY = 'lastBackupAt';

/**
 * A folder a backup can go into now: absolute, there, a folder, and writable — proven by creating
 * and deleting a small probe file (access() says little on Windows or on a write-protected USB stick).
 */
export function checkBackupFolder(folder: string, field = 'folder'): void {
  const says = ERR.backup;
  if (!isAbsolute(folder)) throw new AppError('VALIDATION', says.folderRelative(field));
  if (!existsSync(folder)) throw new AppError('VALIDATION', says.folderMissing(field, folder));
  if (!statSync(folder).isDirectory()) throw new AppError('VALIDATION', says.notAFolder(field, folder));
  const probe = join(folder, `.archive-room-probe-${process.pid}-${Date.now()}`);
  try {
    writeFileSync(probe, 'probe', { flag: 'wx', mode: 0o600 });
  } catch {
    throw new AppError('VALIDATION', says.folderNotWritable(field, folder));
  } finally {
    rmSync(probe, { force: true });
  }
}

/** Only absolute paths ending in .arbak: a relative path would land wherever the app happens to run. */
export function checkBackupPath(path: string): void {
  const says = ERR.backup;
  if (!isAbsolute(path)) throw new AppError('VALIDATION', says.fileRelative);
  if (!path.toLowerCase().endsWith('.arbak')) throw new AppError('VALIDATION', says.fileExtension);
  if (!existsSync(dirname(path)) || !statSync(dirname(path)).isDirectory()) throw new AppError('VALIDATION', says.targetMissing);
  if (existsSync(path)) throw new AppError('VALIDATION', says.fileExists);
  checkBackupFolder(dirname(path), 'path');
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return h.digest('hex');
}

/**
 * What a backup takes of the open archive: its services, its files, the clock and the vault key the
 * manifest and a PostgreSQL snapshot are sealed with (a backup is the core's key work, like a re-key).
 */
export type BackupCore = Pick<ArchiveCore, 'services' | 'paths' | 'keyring' | 'vaultKey' | 'newId' | 'nowIso' | 'now'>;

/**
 * Encrypted backup of one archive to one .arbak file: the DB copied online (writes held only for
 * the checkpoint and the copy) or, on PostgreSQL, its tables from one consistent snapshot, sealed
 * under the vault key (archive.rows); the encrypted attachment store, the keyring, and a manifest with
 * the SHA-256 of every entry under an HMAC keyed from the vault key. Written under a temporary
 * name, renamed when complete, then read back and checked before it is reported as good.
 */
const running = new WeakSet<BackupCore>();

/** Where a backup is: the CLI prints it, so a keeper (and the fault test) sees which step runs. */
export type BackupStage = 'writing' | 'verifying';

export async function createBackup(
  core: BackupCore,
  actor: Actor,
  path: string,
  onStage: (stage: BackupStage) => void = () => {},
  o: { scheduled?: boolean } = {},
): Promise<BackupReport> {
  checkBackupPath(path);
  if (running.has(core)) throw new AppError('CONFLICT', ERR.backup.running);
  running.add(core);
  try {
    return await writeBackup(core, actor, path, onStage, o);
  } finally {
    running.delete(core);
  }
}

async function writeBackup(
  core: BackupCore,
  actor: Actor,
  path: string,
  onStage: (stage: BackupStage) => void,
  o: { scheduled?: boolean },
): Promise<BackupReport> {
  const s = core.services;
  // Debris of a backup or check that was killed: encrypted copies, but no reason to keep them.
  for (const f of readdirSync(core.paths.dataDir)) if (/^\.(backup|verify)-/.test(f)) rmSync(join(core.paths.dataDir, f), { recursive: true, force: true });
  const staging = join(core.paths.dataDir, `.backup-${core.newId()}`);
  const tmp = `${path}.tmp-${process.pid}`;
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  // Named before it exists: if this process dies before the rename, the next start deletes it.
  markBackupPending(core.paths, tmp);
  let writer: ContainerWriter | null = null;
  try {
    const postgres = s.db.dialect.kind === 'postgres';
    const snap = postgres ? await snapshotRows(core, staging) : await copyFile(core, staging);
    writer = await ContainerWriter.create(tmp);
    onStage('writing');
    const entries: Manifest['entries'] = [];
    entries.push({ name: snap.data, ...(await writer.addFile(snap.data, join(staging, snap.data)))! });
    entries.push({ name: 'keyring.json', ...(await writer.addBuffer('keyring.json', snap.keyring)) });
    for (const f of snap.files) {
      const r = await writer.addFile(`attachments/${f}`, join(core.paths.attachments, f));
      if (r) entries.push({ name: `attachments/${f}`, ...r });
    }
    const body: Omit<Manifest, 'hmac'> = {
      format: 'archive-room-backup',
      // A SQLCipher archive's backup stays exactly the version-1 file older apps read.
      ...(postgres ? { version: 2 as const, engine: 'postgres' as const } : { version: 1 as const }),
      vaultId: core.keyring.vaultId,
      createdAt: core.nowIso(),
      createdBy: actor.username,
      entries,
      audit: snap.audit,
    };
    await writer.addBuffer(MANIFEST_NAME, Buffer.from(JSON.stringify({ ...body, hmac: manifestMac(core.vaultKey, body) }), 'utf8'));
    const bytes = await writer.finish();
    writer = null;
    renameSync(tmp, path);
    fsyncDir(dirname(path));
    clearBackupPending(core.paths);
    onStage('verifying');
    return await verifyAndRecord(core, actor, path, bytes, entries.length, body.createdAt, o);
  } catch (e) {
    await writer?.abort();
    rmSync(tmp, { force: true });
    clearBackupPending(core.paths);
    throw e;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

interface Snapshot {
  /** The entry holding the tables: the SQLCipher file, or the PostgreSQL rows (rows-file.ts). */
  data: 'archive.db' | 'archive.rows';
  keyring: Buffer;
  files: string[];
  audit: Manifest['audit'];
}

/** Attachment files a row names: an orphan (a killed upload's ciphertext) has no key in the backup. */
async function namedFiles(core: BackupCore, m: EntityManager): Promise<string[]> {
  const ids = await m.find(AttachmentEntity, { select: { id: true }, order: { id: 'ASC' } });
  return ids.map((r) => `${r.id}.enc`).filter((f) => existsSync(join(core.paths.attachments, f)));
}

async function chainHead(m: EntityManager): Promise<Manifest['audit']> {
  const [last] = await m.find(AuditEntryEntity, { order: { seq: 'DESC' }, take: 1 });
  return { lastSeq: last?.seq ?? 0, lastHash: last?.hmac ?? null };
}

/** SQLCipher: the encrypted file copied online (writes held only for the checkpoint and the copy). */
function copyFile(core: BackupCore, staging: string): Promise<Snapshot> {
  const s = core.services;
  return s.db.exclusive(async () => {
    await copyDatabaseFile(s.db.ds, core.paths.db, join(staging, 'archive.db'));
    return { data: 'archive.db', keyring: readFileSync(core.paths.keyring), files: await namedFiles(core, s.db.manager), audit: await chainHead(s.db.manager) };
  });
}

/**
 * PostgreSQL: every table read in one REPEATABLE READ snapshot (keepers on other PCs go on
 * working; the backup sees one committed state), sealed chunk by chunk under the vault key.
 */
function snapshotRows(core: BackupCore, staging: string): Promise<Snapshot> {
  const { db } = core.services;
  return db.dialect.snapshot(db.ds, async (m) => {
    const audit = await chainHead(m);
    const files = await namedFiles(core, m);
    await writeRowsFile(join(staging, 'archive.rows'), core.vaultKey, readTables(m));
    return { data: 'archive.rows', keyring: readFileSync(core.paths.keyring), files, audit };
  });
}

async function verifyAndRecord(
  core: BackupCore,
  actor: Actor,
  path: string,
  bytes: number,
  entryCount: number,
  createdAt: string,
  o: { scheduled?: boolean },
): Promise<BackupReport> {
  const s = core.services;
  const work = join(core.paths.dataDir, `.verify-${core.newId()}`);
  let checked;
  try {
    checked = await checkBackup(path, work, { extractAll: false, vaultKey: core.vaultKey });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const sha256 = await sha256File(path);
  const report: BackupReport = {
    path,
    bytes,
    sha256,
    entries: entryCount,
    attachments: entryCount - 2,
    createdAt,
    verified: true,
    checks: { manifest: true, hashes: true, integrity: checked.integrity, auditChain: true, auditEntries: checked.stats.auditEntries },
  };
  await s.db.write(async (m) => {
    await m.save(SettingEntity, { key: LAST_BACKUP_KEY, value: JSON.stringify(createdAt) });
    await s.audit.append(m, {
      actor: actor.username,
      action: 'backup.create',
      details: { file: basename(path), sha256, bytes, entries: entryCount, verified: true, ...(o.scheduled ? { scheduled: true } : {}) },
    });
  });
  return report;
}

/** When the last verified backup was made (null: never). */
export async function lastBackupAt(core: BackupCore): Promise<string | null> {
  const row = await core.services.db.manager.findOneBy(SettingEntity, { key: LAST_BACKUP_KEY });
  try {
    return row ? (JSON.parse(row.value) as string) : null;
  } catch {
    return null;
  }
}

/** When the last verified backup was made, and whether the reminder is due (age, or a missed schedule). */
export async function backupStatus(core: BackupCore): Promise<BackupStatus> {
  const s = core.services;
  const { backupReminderDays: reminderDays, timeZone } = await s.settings.get();
  const last = await lastBackupAt(core);
  const ageMs = last ? core.now() - Date.parse(last) : null;
  const daysSince = ageMs === null ? null : Math.floor(ageMs / 86_400_000);
  const saved = await readSchedule(core);
  const sched =
    saved?.enabled === true
      ? { frequency: saved.frequency, ...checkSchedule({ frequency: saved.frequency, lastBackupAt: last, since: saved.savedAt, now: core.now(), timeZone }) }
      : null;
  const old = ageMs === null || ageMs > reminderDays * 86_400_000;
  return {
    lastBackupAt: last,
    daysSince,
    reminderDays,
    due: old || !!sched?.missed,
    schedule: sched ? { frequency: sched.frequency, missed: sched.missed, nextDueDate: sched.nextDueDate } : null,
  };
}
