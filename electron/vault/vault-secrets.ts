import type { EntityManager } from 'typeorm';

/** Keys kept inside the encrypted DB, so a re-key (new vault key) keeps the audit chain's HMACs valid. */
export interface VaultSecrets {
  auditHmac: Buffer;
  attachmentWrap: Buffer;
}

const NAMES = { auditHmac: 'audit-hmac', attachmentWrap: 'attachment-wrap' } as const;

/** Reads the secrets, creating random ones the first time (a new archive). */
export async function loadVaultSecrets(m: EntityManager, randomBytes: (n: number) => Buffer): Promise<VaultSecrets> {
  const rows: { name: string; value: string }[] = await m.query("SELECT name, value FROM vault_secrets WHERE name IN ('audit-hmac', 'attachment-wrap')");
  const get = async (name: string): Promise<Buffer> => {
    const row = rows.find((r) => r.name === name);
    if (row) return Buffer.from(row.value, 'base64');
    const v = randomBytes(32);
    await m.query('INSERT INTO vault_secrets (name, value) VALUES (?, ?)', [name, v.toString('base64')]);
    return v;
  };
  return { auditHmac: await get(NAMES.auditHmac), attachmentWrap: await get(NAMES.attachmentWrap) };
}

/** A new attachment wrapping key (a re-key rotates it in the same transaction that re-wraps every file key). */
export async function putAttachmentWrap(m: EntityManager, key: Buffer): Promise<void> {
  await m.query('UPDATE vault_secrets SET value = ? WHERE name = ?', [key.toString('base64'), NAMES.attachmentWrap]);
}
