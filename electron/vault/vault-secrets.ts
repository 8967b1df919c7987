import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { dialectOf } from '../db/engine';
import { VaultSecretEntity } from '../db/entities/audit-support.entity';
import { open, seal, Sealed, subKey } from './envelope';

/** Keys kept with the data, so a re-key (new vault key) keeps the audit chain's HMACs valid. */
export interface VaultSecrets {
  auditHmac: Buffer;
  attachmentWrap: Buffer;
}

const NAMES = { auditHmac: 'audit-hmac', attachmentWrap: 'attachment-wrap' } as const;

/**
 * SQLCipher encrypts the whole file under the vault key, secrets included. A PostgreSQL server is
 * readable by its administrators, so there each secret is sealed under a sub-key of the vault key:
 * the keyring stays what opens the archive, on either engine.
 */
function sealedHere(m: EntityManager): boolean {
  return dialectOf(m).kind === 'postgres';
}

const aad = (name: string) => `vault-secret:${name}`;

export function sealSecret(vaultKey: Buffer, name: string, value: Buffer, iv: Buffer): string {
  return JSON.stringify(seal(subKey(vaultKey, 'vault-secrets'), value, aad(name), iv));
}

/** Throws when `vaultKey` is not the key the secret was sealed under. */
export function openSecret(vaultKey: Buffer, name: string, stored: string): Buffer {
  return open(subKey(vaultKey, 'vault-secrets'), Sealed.parse(JSON.parse(stored)), aad(name));
}

/** Reads the secrets, creating random ones the first time (a new archive). */
export async function loadVaultSecrets(m: EntityManager, randomBytes: (n: number) => Buffer, vaultKey?: Buffer): Promise<VaultSecrets> {
  const repo = m.getRepository(VaultSecretEntity);
  const rows = await repo.findBy({ name: In([NAMES.auditHmac, NAMES.attachmentWrap]) });
  const sealed = sealedHere(m);
  if (sealed && !vaultKey) throw new Error('vault secrets on this engine need the vault key');
  const get = async (name: string): Promise<Buffer> => {
    const row = rows.find((r) => r.name === name);
    if (row) return sealed ? openSecret(vaultKey!, name, row.value) : Buffer.from(row.value, 'base64');
    const v = randomBytes(32);
    await repo.insert({ name, value: sealed ? sealSecret(vaultKey!, name, v, randomBytes(12)) : v.toString('base64') });
    return v;
  };
  return { auditHmac: await get(NAMES.auditHmac), attachmentWrap: await get(NAMES.attachmentWrap) };
}

/** A new attachment wrapping key (a re-key rotates it in the same transaction that re-wraps every file key). */
export async function putAttachmentWrap(m: EntityManager, key: Buffer, vaultKey?: Buffer, randomBytes?: (n: number) => Buffer): Promise<void> {
  const value = sealedHere(m) ? sealSecret(vaultKey!, NAMES.attachmentWrap, key, randomBytes!(12)) : key.toString('base64');
  await m.getRepository(VaultSecretEntity).update({ name: NAMES.attachmentWrap }, { value });
}

/** Seals every secret again under a new vault key (PostgreSQL's re-key: SQLCipher re-encrypts its file instead). */
export async function resealVaultSecrets(m: EntityManager, s: VaultSecrets, newKey: Buffer, randomBytes: (n: number) => Buffer): Promise<void> {
  const repo = m.getRepository(VaultSecretEntity);
  await repo.update({ name: NAMES.auditHmac }, { value: sealSecret(newKey, NAMES.auditHmac, s.auditHmac, randomBytes(12)) });
  await repo.update({ name: NAMES.attachmentWrap }, { value: sealSecret(newKey, NAMES.attachmentWrap, s.attachmentWrap, randomBytes(12)) });
}

/** Does `vaultKey` open this archive's secrets? (PostgreSQL's counterpart of SQLCipher's keyOpens.) */
export async function secretsOpenWith(m: EntityManager, vaultKey: Buffer): Promise<boolean> {
  const row = await m.getRepository(VaultSecretEntity).findOneBy({ name: NAMES.auditHmac });
  if (!row) return false;
  try {
    openSecret(vaultKey, NAMES.auditHmac, row.value);
    return true;
  } catch {
    return false;
  }
}

/**
 * After a restore moved the rows to another engine (pg-backup): each secret in the form this engine
 * keeps it — sealed under the vault key on PostgreSQL, plain inside the encrypted file on SQLCipher.
 */
export async function reformVaultSecrets(m: EntityManager, vaultKey: Buffer, randomBytes: (n: number) => Buffer): Promise<void> {
  const repo = m.getRepository(VaultSecretEntity);
  const sealed = sealedHere(m);
  for (const row of await repo.find()) {
    const isSealed = row.value.startsWith('{');
    if (isSealed === sealed) continue;
    const value = sealed
      ? sealSecret(vaultKey, row.name, Buffer.from(row.value, 'base64'), randomBytes(12))
      : openSecret(vaultKey, row.name, row.value).toString('base64');
    await repo.update({ name: row.name }, { value });
  }
}
