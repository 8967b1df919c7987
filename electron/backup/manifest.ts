import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../shared/canonical-json';
import { subKey } from '../vault/envelope';

export const MANIFEST_NAME = 'manifest.json';
/** Only these names may come out of a backup: nothing can be written outside the target folder. */
export const SAFE_ENTRY = /^(archive\.db|archive\.rows|keyring\.json|attachments\/[A-Za-z0-9._-]{1,120})$/;

export const Manifest = z.object({
  format: z.literal('archive-room-backup'),
  /**
   * 1: the SQLCipher file itself (archive.db), as every backup before issue 16. 2: the tables as a
   * logical snapshot (archive.rows, see rows-file.ts), written by a PostgreSQL archive.
   */
  version: z.union([z.literal(1), z.literal(2)]),
  /** The engine the backup was taken from (absent in version 1: SQLCipher). */
  engine: z.enum(['sqlcipher', 'postgres']).optional(),
  vaultId: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  entries: z.array(z.object({ name: z.string().regex(SAFE_ENTRY), size: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
  audit: z.object({ lastSeq: z.number(), lastHash: z.string().nullable() }),
  hmac: z.string(),
});
export type Manifest = z.infer<typeof Manifest>;

/** HMAC with a sub-key of the vault key: only someone holding the vault key can forge a manifest. */
export function manifestMac(vaultKey: Buffer, m: Omit<Manifest, 'hmac'>): string {
  const { hmac: _drop, ...body } = m as Manifest;
  return createHmac('sha256', subKey(vaultKey, 'backup-manifest')).update(canonicalJson(body)).digest('hex');
}

export function manifestMacOk(vaultKey: Buffer, m: Manifest): boolean {
  const a = Buffer.from(manifestMac(vaultKey, m), 'hex');
  const b = Buffer.from(m.hmac, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function parseManifest(bytes: Buffer): Manifest | null {
  try {
    const r = Manifest.safeParse(JSON.parse(bytes.toString('utf8')));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
