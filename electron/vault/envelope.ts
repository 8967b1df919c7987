import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { z } from 'zod';

/** AES-256-GCM sealed bytes, as stored in JSON (base64 fields). */
export const Sealed = z.object({ iv: z.string(), ct: z.string(), tag: z.string() });
export type Sealed = z.infer<typeof Sealed>;

export function seal(key: Buffer, plaintext: Buffer, aad: string, iv: Buffer): Sealed {
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return { iv: iv.toString('base64'), ct: ct.toString('base64'), tag: c.getAuthTag().toString('base64') };
}

/** Throws when the key is wrong or any byte (or the AAD) was changed. */
export function open(key: Buffer, s: Sealed, aad: string): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(s.iv, 'base64'));
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(Buffer.from(s.tag, 'base64'));
  return Buffer.concat([d.update(Buffer.from(s.ct, 'base64')), d.final()]);
}

/** Sub-keys for separate purposes (audit HMAC, attachment wrapping) from the one vault key. */
export function subKey(vaultKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', vaultKey, Buffer.alloc(0), `archive-room/${purpose}/v1`, 32));
}
