import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../../shared/errors';
import { Database } from '../db/database';
import { checkpoint, integrityCheck } from '../db/dialect';
import { ArchiveRecordEntity, AttachmentEntity } from '../db/entities/record.entity';
import { ResidentEntity } from '../db/entities/resident.entity';
import { readRowsFile, RowsFileError } from './rows-file';
import { loadTables } from './table-copy';
import { AuditService } from '../services/audit.service';
import { Signers } from '../core/signers';
import { Keyring } from '../vault/keyring';
import type { UserKeys } from '../vault/user-keys';
import { loadVaultSecrets } from '../vault/vault-secrets';
import { ContainerError, readContainer, type EntrySink } from './container';
import { MANIFEST_NAME, manifestMacOk, parseManifest, SAFE_ENTRY, type Manifest } from './manifest';

export interface BackupStats {
  residents: number;
  records: number;
  destroyedRecords: number;
  attachments: number;
  auditEntries: number;
}

export interface CheckedBackup {
  manifest: Manifest;
  vaultKey: Buffer;
  /** The user whose password opened the backup's keyring (absent when the caller gave the key). */
  userId?: string;
  /** Their keys, to sign the restore entry in the copy. */
  keys?: UserKeys;
  /** The backup's own signers (its founder, system and recovery keys), for its trail. */
  signers: Signers;
  integrity: string;
  stats: BackupStats;
}

/** Builds `archive.db` in the work folder from `archive.rows`: a fresh, migrated copy, then every row. */
async function materialize(workDir: string, vaultKey: Buffer): Promise<void> {
  const file = join(workDir, 'archive.db');
  writeFileSync(file, '', { flag: 'wx', mode: 0o600 });
  const db = await Database.open(file, vaultKey);
  try {
    await loadTables(db.ds, readRowsFile(join(workDir, 'archive.rows'), vaultKey), vaultKey);
    await checkpoint(db.ds);
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (e instanceof RowsFileError) throw damaged('数据表快照无法读出。', `${e.message}.`);
    throw damaged('数据表快照无法载入。', 'the table snapshot does not load.');
  } finally {
    await db.close();
  }
  rmSync(join(workDir, 'archive.rows'), { force: true });
}

export function damaged(zh: string, en: string): AppError {
  return new AppError('DB_DAMAGED', { zh: `备份文件不可用：${zh}`, en: `The backup cannot be used: ${en}` });
}

async function fileSink(path: string): Promise<EntrySink & { fh: FileHandle }> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const fh = await open(path, 'wx', 0o600);
  let pos = 0;
  return {
    fh,
    async data(c) {
      await fh.write(c, 0, c.length, pos);
      pos += c.length;
    },
    async end() {
      await fh.sync();
      await fh.close();
    },
  };
}

/**
 * Reads a backup into `workDir` (the DB and keyring always; attachments when `extractAll`) and
 * proves it sound: every entry's SHA-256 against the manifest, the manifest's HMAC under the vault
 * key, SQLite's integrity_check on the DB copy and the audit chain inside it. The vault key comes
 * from the caller (right after writing) or from the backup's own keyring and a user's password.
 */
export async function checkBackup(
  file: string,
  workDir: string,
  o: { extractAll: boolean; vaultKey?: Buffer; username?: string; password?: string },
): Promise<CheckedBackup> {
  let manifestBytes: Buffer | null = null;
  const open: (EntrySink & { fh: FileHandle })[] = [];
  let hashes: Map<string, { size: number; sha256: string }>;
  try {
    hashes = await readContainer(file, async (name) => {
      if (name === MANIFEST_NAME) {
        const parts: Buffer[] = [];
        return { data: (c) => void parts.push(Buffer.from(c)), end: () => void (manifestBytes = Buffer.concat(parts)) };
      }
      if (!SAFE_ENTRY.test(name)) throw new ContainerError(`unexpected entry ${name}`);
      if (!o.extractAll && name.startsWith('attachments/')) return null;
      const s = await fileSink(join(workDir, name));
      open.push(s);
      return s;
    });
  } catch (e) {
    if (e instanceof ContainerError)
      throw damaged('文件不完整或格式不对（可能在写入时中断）。', `${e.message} (it may have been cut short while being written).`);
    throw e;
  } finally {
    for (const s of open) await s.fh.close().catch(() => undefined);
  }
  const manifest = manifestBytes ? parseManifest(manifestBytes) : null;
  if (!manifest) throw damaged('缺少清单或清单格式不对。', 'the manifest is missing or malformed.');

  let vaultKey = o.vaultKey;
  let userId: string | undefined;
  let keys: UserKeys | undefined;
  let keyring: Keyring;
  try {
    // Real random bytes: an unknown user name still costs one real argon2 run (same timing).
    keyring = Keyring.load(join(workDir, 'keyring.json'), { randomBytes });
  } catch {
    throw damaged('备份中的密钥环损坏或缺失。', "the backup's keyring is damaged or missing.");
  }
  if (keyring.vaultId !== manifest.vaultId) throw damaged('密钥环与清单不属于同一档案库。', 'the keyring and the manifest belong to different archives.');
  if (!vaultKey) {
    const r = await keyring.unlockWithPassword(o.username ?? '', o.password ?? '');
    if (!r)
      throw new AppError('BAD_CREDENTIALS', {
        zh: '用户名或密码错误（按备份中的用户核对）。',
        en: 'Wrong user name or password (checked against the users in the backup).',
      });
    vaultKey = r.vaultKey;
    userId = r.userId;
    keys = r.keys;
  }
  if (!manifestMacOk(vaultKey, manifest))
    throw damaged('清单校验码不符（文件被改动或不属于本档案库）。', 'the manifest HMAC does not match (altered, or from another archive).');
  const listed = new Set(manifest.entries.map((e) => e.name));
  for (const e of manifest.entries) {
    const got = hashes.get(e.name);
    if (!got || got.size !== e.size || got.sha256 !== e.sha256) throw damaged(`“${e.name}”的校验值不符。`, `the hash of "${e.name}" does not match.`);
  }
  for (const name of hashes.keys()) if (name !== MANIFEST_NAME && !listed.has(name)) throw damaged(`多出未登记的条目“${name}”。`, `unlisted entry "${name}".`);
  const data = manifest.version === 1 ? 'archive.db' : 'archive.rows';
  if (!listed.has(data) || !listed.has('keyring.json') || listed.has(data === 'archive.db' ? 'archive.rows' : 'archive.db'))
    throw damaged('缺少数据库或密钥环。', 'the database or keyring is missing.');

  // A logical snapshot (a PostgreSQL archive's backup) becomes a SQLCipher copy here, so it is
  // checked exactly like a file backup, and a restore into either engine starts from that copy.
  if (data === 'archive.rows') await materialize(workDir, vaultKey);
  const db = await Database.open(join(workDir, 'archive.db'), vaultKey).catch((e: unknown) => {
    // A newer app's backup says so by name; anything else is a copy that cannot be opened.
    throw e instanceof AppError && e.code === 'DB_TOO_NEW' ? e : damaged('数据库副本无法打开。', 'the database copy cannot be opened.');
  });
  try {
    const integrity = await integrityCheck(db.ds);
    if (integrity !== 'ok') throw damaged(`数据库完整性检查失败：${integrity}`, `integrity_check failed: ${integrity}`);
    const k = keyring;
    const signers = new Signers(
      () => ({ founderSignPublic: k.founder.signPublic, systemSignPublic: k.systemSignPublic, recoverySignPublic: k.recoverySignPublic }),
      k.systemKeys(vaultKey),
      Date.now,
    );
    const secrets = await loadVaultSecrets(db.manager, randomBytes);
    const chain = await new AuditService(db, secrets.auditHmac, () => new Date().toISOString(), signers).verify();
    if (!chain.ok) throw damaged(`审计链在第 ${chain.firstBadSeq} 条断裂。`, `the audit chain is broken at entry ${chain.firstBadSeq}.`);
    if (chain.lastSeq !== manifest.audit.lastSeq) throw damaged('审计链长度与清单不符。', 'the audit chain length differs from the manifest.');
    const m = db.manager;
    const stats: BackupStats = {
      residents: await m.count(ResidentEntity),
      records: await m.count(ArchiveRecordEntity),
      // The destruction feature marks records; their attachment keys are gone from this copy too.
      destroyedRecords: await m.countBy(ArchiveRecordEntity, { status: 'destroyed' }),
      attachments: await m.count(AttachmentEntity),
      auditEntries: chain.checked,
    };
    return { manifest, vaultKey, userId, keys, signers, integrity, stats };
  } finally {
    await db.close();
  }
}
