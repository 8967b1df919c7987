import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../../shared/errors';
import { ERR, type Text } from '../../shared/error-texts';
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
    if (e instanceof RowsFileError) throw damaged(ERR.backup.snapshotUnreadable(e.message));
    throw damaged(ERR.backup.snapshotUnloadable);
  } finally {
    await db.close();
  }
  rmSync(join(workDir, 'archive.rows'), { force: true });
}

/** The backup file cannot be used: a DB_DAMAGED error with its reason (ERR.backup). */
export function damaged(t: Text): AppError {
  return new AppError('DB_DAMAGED', t);
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
    if (e instanceof ContainerError) throw damaged(ERR.backup.cutShort(e.message));
    throw e;
  } finally {
    for (const s of open) await s.fh.close().catch(() => undefined);
  }
  const manifest = manifestBytes ? parseManifest(manifestBytes) : null;
  if (!manifest) throw damaged(ERR.backup.noManifest);

  let vaultKey = o.vaultKey;
  let userId: string | undefined;
  let keys: UserKeys | undefined;
  let keyring: Keyring;
  try {
    // Real random bytes: an unknown user name still costs one real argon2 run (same timing).
    keyring = Keyring.load(join(workDir, 'keyring.json'), { randomBytes });
  } catch {
    throw damaged(ERR.backup.keyringDamaged);
  }
  if (keyring.vaultId !== manifest.vaultId) throw damaged(ERR.backup.keyringOtherArchive);
  if (!vaultKey) {
    const r = await keyring.unlockWithPassword(o.username ?? '', o.password ?? '');
    if (!r) throw new AppError('BAD_CREDENTIALS', ERR.backup.wrongCredentials);
    vaultKey = r.vaultKey;
    userId = r.userId;
    keys = r.keys;
  }
  if (!manifestMacOk(vaultKey, manifest)) throw damaged(ERR.backup.manifestMac);
  const listed = new Set(manifest.entries.map((e) => e.name));
  for (const e of manifest.entries) {
    const got = hashes.get(e.name);
    if (!got || got.size !== e.size || got.sha256 !== e.sha256) throw damaged(ERR.backup.entryHash(e.name));
  }
  for (const name of hashes.keys()) if (name !== MANIFEST_NAME && !listed.has(name)) throw damaged(ERR.backup.unlistedEntry(name));
  const data = manifest.version === 1 ? 'archive.db' : 'archive.rows';
  if (!listed.has(data) || !listed.has('keyring.json') || listed.has(data === 'archive.db' ? 'archive.rows' : 'archive.db'))
    throw damaged(ERR.backup.partsMissing);

  // A logical snapshot (a PostgreSQL archive's backup) becomes a SQLCipher copy here, so it is
  // checked exactly like a file backup, and a restore into either engine starts from that copy.
  if (data === 'archive.rows') await materialize(workDir, vaultKey);
  const db = await Database.open(join(workDir, 'archive.db'), vaultKey).catch((e: unknown) => {
    // A newer app's backup says so by name; anything else is a copy that cannot be opened.
    throw e instanceof AppError && e.code === 'DB_TOO_NEW' ? e : damaged(ERR.backup.dbCopyUnopenable);
  });
  try {
    const integrity = await integrityCheck(db.ds);
    if (integrity !== 'ok') throw damaged(ERR.backup.integrity(integrity));
    const k = keyring;
    const signers = new Signers(
      () => ({ founderSignPublic: k.founder.signPublic, systemSignPublic: k.systemSignPublic, recoverySignPublic: k.recoverySignPublic }),
      k.systemKeys(vaultKey),
      Date.now,
    );
    const secrets = await loadVaultSecrets(db.manager, randomBytes);
    const chain = await new AuditService(db, secrets.auditHmac, () => new Date().toISOString(), signers).verify();
    if (!chain.ok) throw damaged(ERR.backup.auditChainBroken(chain.firstBadSeq));
    if (chain.lastSeq !== manifest.audit.lastSeq) throw damaged(ERR.backup.auditChainLength);
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
