import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { BackupReport, BackupStatus } from '../../shared/contract/data.contract';
import { AppError } from '../../shared/errors';
import type { ArchiveCore } from '../core/archive-core';
import { copyDatabaseFile } from '../db/dialect';
import { SettingEntity } from '../db/entities/setting.entity';
import type { Actor } from '../services/structure.service';
import { checkBackup } from './check-backup';
import { ContainerWriter } from './container';
import { MANIFEST_NAME, manifestMac, type Manifest } from './manifest';
import { fsyncDir } from './restore';
import { clearBackupPending, markBackupPending } from '../core/leftovers';

const LAST_BACKUP_KEY = 'lastBackupAt';

/** Only absolute paths ending in .arbak: a relative path would land wherever the app happens to run. */
export function checkBackupPath(path: string): void {
  const bad = (zh: string, en: string) => new AppError('VALIDATION', { zh, en, fields: [{ path: 'path', zh, en }] });
  if (!isAbsolute(path))
    throw bad('请填写完整路径（如 E:\\备份\\档案室.arbak），不能用相对路径。', 'Give a full path (e.g. E:\\backup\\archive.arbak), not a relative one.');
  if (!path.toLowerCase().endsWith('.arbak')) throw bad('备份文件名须以 .arbak 结尾。', 'Backup file names end in .arbak.');
  if (!existsSync(dirname(path)) || !statSync(dirname(path)).isDirectory())
    throw bad('目标文件夹不存在（U 盘是否已插好？）。', 'The target folder does not exist (is the USB stick plugged in?).');
  if (existsSync(path)) throw bad('该文件已存在，请换一个文件名。', 'That file exists already; choose another name.');
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return h.digest('hex');
}

/**
 * Encrypted backup of one archive to one .arbak file: the DB copied online (writes held only for
 * the checkpoint and the copy), the encrypted attachment store, the keyring, and a manifest with
 * the SHA-256 of every entry under an HMAC keyed from the vault key. Written under a temporary
 * name, renamed when complete, then read back and checked before it is reported as good.
 */
const running = new WeakSet<ArchiveCore>();

/** Where a backup is: the CLI prints it, so a keeper (and the fault test) sees which step runs. */
export type BackupStage = 'writing' | 'verifying';

export async function createBackup(core: ArchiveCore, actor: Actor, path: string, onStage: (stage: BackupStage) => void = () => {}): Promise<BackupReport> {
  checkBackupPath(path);
  if (running.has(core)) throw new AppError('CONFLICT', { zh: '已有备份正在进行。', en: 'A backup is already running.' });
  running.add(core);
  try {
    return await writeBackup(core, actor, path, onStage);
  } finally {
    running.delete(core);
  }
}

async function writeBackup(core: ArchiveCore, actor: Actor, path: string, onStage: (stage: BackupStage) => void): Promise<BackupReport> {
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
    const snap = await s.db.exclusive(async () => {
      await copyDatabaseFile(s.db.ds, core.paths.db, join(staging, 'archive.db'));
      const last = await s.audit.latest();
      // Only files a row names: an orphan (a killed upload's ciphertext) has no key in this copy.
      const ids: { id: string }[] = await s.db.manager.query('SELECT id FROM attachments ORDER BY id');
      const files = ids.map((r) => `${r.id}.enc`).filter((f) => existsSync(join(core.paths.attachments, f)));
      return { keyring: readFileSync(core.paths.keyring), files, audit: { lastSeq: last?.seq ?? 0, lastHash: last?.hmac ?? null } };
    });
    writer = await ContainerWriter.create(tmp);
    onStage('writing');
    const entries: Manifest['entries'] = [];
    entries.push({ name: 'archive.db', ...(await writer.addFile('archive.db', join(staging, 'archive.db')))! });
    entries.push({ name: 'keyring.json', ...(await writer.addBuffer('keyring.json', snap.keyring)) });
    for (const f of snap.files) {
      const r = await writer.addFile(`attachments/${f}`, join(core.paths.attachments, f));
      if (r) entries.push({ name: `attachments/${f}`, ...r });
    }
    const body: Omit<Manifest, 'hmac'> = {
      format: 'archive-room-backup',
      version: 1,
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
    return await verifyAndRecord(core, actor, path, bytes, entries.length, body.createdAt);
  } catch (e) {
    await writer?.abort();
    rmSync(tmp, { force: true });
    clearBackupPending(core.paths);
    throw e;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function verifyAndRecord(core: ArchiveCore, actor: Actor, path: string, bytes: number, entryCount: number, createdAt: string): Promise<BackupReport> {
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
      details: { file: basename(path), sha256, bytes, entries: entryCount, verified: true },
    });
  });
  return report;
}

/** When the last verified backup was made, and whether the reminder is due. */
export async function backupStatus(core: ArchiveCore): Promise<BackupStatus> {
  const s = core.services;
  const reminderDays = (await s.settings.get()).backupReminderDays;
  const row = await s.db.manager.findOneBy(SettingEntity, { key: LAST_BACKUP_KEY });
  let lastBackupAt: string | null;
  try {
    lastBackupAt = row ? (JSON.parse(row.value) as string) : null;
  } catch {
    lastBackupAt = null;
  }
  const ageMs = lastBackupAt ? core.now() - Date.parse(lastBackupAt) : null;
  const daysSince = ageMs === null ? null : Math.floor(ageMs / 86_400_000);
  return { lastBackupAt, daysSince, reminderDays, due: ageMs === null || ageMs > reminderDays * 86_400_000 };
}
