import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { z } from 'zod';

/**
 * Each person's own key pairs: Ed25519 signs their audit entries, X25519 receives the vault key.
 * The private halves live in the keyring sealed by that person's password-derived key only, so
 * a colleague's password (or the vault key) cannot sign as them; the vault key is sealed to the
 * X25519 public halves, so a re-key reaches every remaining person without knowing a password.
 */
export interface UserKeys {
  sign: KeyObject;
  box: KeyObject;
  signPublic: string;
  boxPublic: string;
}

/** A sealed box: ephemeral X25519 → HKDF → AES-256-GCM; only the holder of the private key opens it. */
export const Box = z.object({ epk: z.string(), iv: z.string(), ct: z.string(), tag: z.string() });
export type Box = z.infer<typeof Box>;

// DER prefixes that turn a raw 32-byte seed or public key into PKCS#8 / SPKI for node:crypto.
const PKCS8 = { ed25519: '302e020100300506032b657004220420', x25519: '302e020100300506032b656e04220420' };
const SPKI = { ed25519: '302a300506032b6570032100', x25519: '302a300506032b656e032100' };

export function newUserKeys(): UserKeys {
  return fromKeyObjects(generateKeyPairSync('ed25519').privateKey, generateKeyPairSync('x25519').privateKey);
}

/** The same pairs every time for one 32-byte secret: the recovery key's pairs come from the paper key. */
export function keysFromSeed(seed: Buffer): UserKeys {
  const part = (label: string) => Buffer.from(hkdfSync('sha256', seed, Buffer.alloc(0), `archive-room/${label}/v1`, 32));
  return fromKeyObjects(privateFromRaw('ed25519', part('seed-sign')), privateFromRaw('x25519', part('seed-box')));
}

/** The secret halves as bytes to seal (and back). */
export function exportSecrets(k: UserKeys): Buffer {
  return Buffer.concat([rawPrivate(k.sign), rawPrivate(k.box)]);
}

export function importSecrets(b: Buffer): UserKeys {
  if (b.length !== 64) throw new Error('bad key material');
  return fromKeyObjects(privateFromRaw('ed25519', b.subarray(0, 32)), privateFromRaw('x25519', b.subarray(32)));
}

/** Short, stable name of a signing key: what each audit entry records as its signer. */
export function keyId(signPublic: string): string {
  return createHash('sha256').update(Buffer.from(signPublic, 'base64')).digest('hex').slice(0, 16);
}

export function signingPublicKey(signPublic: string): KeyObject {
  return createPublicKey({ key: Buffer.concat([Buffer.from(SPKI.ed25519, 'hex'), Buffer.from(signPublic, 'base64')]), format: 'der', type: 'spki' });
}

export function signText(key: KeyObject, text: string): string {
  return sign(null, Buffer.from(text, 'utf8'), key).toString('base64');
}

export function verifyText(key: KeyObject, text: string, sig: string): boolean {
  try {
    return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(sig, 'base64'));
  } catch {
    return false;
  }
}

export function sealTo(boxPublic: string, plaintext: Buffer, aad: string, randomBytes: (n: number) => Buffer): Box {
  const eph = generateKeyPairSync('x25519');
  const epk = rawPublic(eph.publicKey);
  const key = boxKey(diffieHellman({ privateKey: eph.privateKey, publicKey: boxPublicKey(boxPublic) }), epk, boxPublic);
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return { epk: epk.toString('base64'), iv: iv.toString('base64'), ct: ct.toString('base64'), tag: c.getAuthTag().toString('base64') };
}

/** Throws when the box was not sealed to this key or any byte (or the AAD) changed. */
export function openBox(k: UserKeys, b: Box, aad: string): Buffer {
  const epk = Buffer.from(b.epk, 'base64');
  const key = boxKey(diffieHellman({ privateKey: k.box, publicKey: boxPublicKey(epk.toString('base64')) }), epk, k.boxPublic);
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(b.iv, 'base64'));
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(Buffer.from(b.tag, 'base64'));
  return Buffer.concat([d.update(Buffer.from(b.ct, 'base64')), d.final()]);
}

function boxKey(shared: Buffer, epk: Buffer, recipient: string): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([epk, Buffer.from(recipient, 'base64')]), 'archive-room/box/v1', 32));
}

function boxPublicKey(raw: string): KeyObject {
  return createPublicKey({ key: Buffer.concat([Buffer.from(SPKI.x25519, 'hex'), Buffer.from(raw, 'base64')]), format: 'der', type: 'spki' });
}

function privateFromRaw(kind: 'ed25519' | 'x25519', raw: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([Buffer.from(PKCS8[kind], 'hex'), raw]), format: 'der', type: 'pkcs8' });
}

function rawPrivate(k: KeyObject): Buffer {
  return (k.export({ format: 'der', type: 'pkcs8' }) as Buffer).subarray(-32);
}

function rawPublic(k: KeyObject): Buffer {
  return (k.export({ format: 'der', type: 'spki' }) as Buffer).subarray(-32);
}

function fromKeyObjects(signKey: KeyObject, boxKeyObj: KeyObject): UserKeys {
  return {
    sign: signKey,
    box: boxKeyObj,
    signPublic: rawPublic(createPublicKey(signKey)).toString('base64'),
    boxPublic: rawPublic(createPublicKey(boxKeyObj)).toString('base64'),
  };
}
