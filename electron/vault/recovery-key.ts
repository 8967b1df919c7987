import { hkdfSync } from 'node:crypto';

// Crockford base32: no I, L, O, U, so a key copied by hand from paper is unambiguous.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 32 random bytes → "XXXX-XXXX-…" (52 symbols in 13 groups). */
export function formatRecoveryKey(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out.match(/.{1,4}/g)!.join('-');
}

/** Accepts lower case, spaces, and the look-alikes O→0, I/L→1; returns null when malformed. */
export function parseRecoveryKey(text: string): Buffer | null {
  const clean = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (clean.length !== 52) return null;
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(out.slice(0, 32));
}

/** The recovery key is 256 random bits, so HKDF (not argon2) is enough to make its KEK. */
export function recoveryKek(raw: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), 'archive-room/recovery-kek/v1', 32));
}
